"""New client and Edit client: one form, checked as a whole on Save, with the duplicate-person
guard shown in place when the new details look like someone already in the practice."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.clients import Client, ClientDetails, ClientStatus
from practice_desk.domain.fields import parse_date
from practice_desk.services.clients import ClientBook, DifferentPerson, PossibleDuplicate
from practice_desk.ui.form_dialog import FormDialog, line, text_box
from practice_desk.ui.style import muted


class ClientEditorDialog(FormDialog):
    saved = Signal(object)  # Client
    open_existing = Signal(int)

    def __init__(self, book: ClientBook, client: Client | None, parent: QWidget | None) -> None:
        super().__init__("Edit client" if client else "New client", parent)
        self.setObjectName("client_editor")
        self._book = book
        self._client = client
        self._build()
        if client is not None:
            self._fill(client.details)
        self.display_name.setFocus()
        self.resize(760, 640)

    def _build(self) -> None:
        self.display_name = line("display_name", "How you address them, e.g. Anna Kowalska", 120)
        self.legal_name = line("legal_name", "If different, for invoices and records", 200)
        self.date_of_birth = line("date_of_birth", "Year-month-day, e.g. 1984-03-27", 10)
        self.pronouns = line("pronouns", "e.g. she/her", 40)
        self.email = line("email", "name@example.org", 254)
        self.phone = line("phone", "+44 20 7946 0958", 40)
        self.address = text_box("address", 70)
        self.emergency_contact = text_box("emergency_contact", 56, "Name, relation, phone")
        self.referral_source = line("referral_source", "GP, colleague, website…", 200)
        self.status = QComboBox(objectName="status")
        for status in ClientStatus:
            self.status.addItem(status.label, status)
        self.notes = text_box("notes", 90, "Practical notes. Session notes belong to sessions.")

        left = QFormLayout()
        left.addRow("Name", self.display_name)
        left.addRow("Legal name", self.legal_name)
        left.addRow("Date of birth", self.date_of_birth)
        left.addRow("Pronouns", self.pronouns)
        left.addRow("E-mail", self.email)
        left.addRow("Phone", self.phone)
        right = QFormLayout()
        right.addRow("Address", self.address)
        right.addRow("Emergency contact", self.emergency_contact)
        right.addRow("Referred by", self.referral_source)
        right.addRow("Status", self.status)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.body.addLayout(columns)
        notes = QFormLayout()
        notes.addRow("Notes", self.notes)
        self.body.addLayout(notes)
        self.body.addWidget(self._duplicate_panel())
        self.fields = {
            f.name: getattr(self, f.name) for f in fields(ClientDetails) if f.name != "status"
        }
        self.fields["different_person_reason"] = self.different_person_reason

    def _duplicate_panel(self) -> QFrame:
        self.duplicate_panel = QFrame(objectName="duplicate_panel")
        self.duplicate_panel.setProperty("role", "notice")
        layout = QVBoxLayout(self.duplicate_panel)
        self.duplicate_text = QLabel(objectName="duplicate_text")
        self.duplicate_text.setWordWrap(True)
        self.duplicate_matches = muted("", "duplicate_matches")
        self.different_person_reason = line(
            "different_person_reason",
            "How do you know this is someone else? e.g. different parent, confirmed by phone",
            500,
        )
        self.open_existing_button = QPushButton(
            "Open the existing client", objectName="open_existing"
        )
        self.open_existing_button.clicked.connect(self._open_existing)
        row = QHBoxLayout()
        row.addWidget(self.different_person_reason, 1)
        row.addWidget(self.open_existing_button)
        layout.addWidget(self.duplicate_text)
        layout.addWidget(self.duplicate_matches)
        layout.addLayout(row)
        self.duplicate_panel.hide()
        self._matches: list[int] = []
        return self.duplicate_panel

    def _fill(self, details: ClientDetails) -> None:
        self.display_name.setText(details.display_name)
        self.legal_name.setText(details.legal_name)
        self.date_of_birth.setText(
            details.date_of_birth.isoformat() if details.date_of_birth else ""
        )
        self.pronouns.setText(details.pronouns)
        self.email.setText(details.email)
        self.phone.setText(details.phone)
        self.address.setPlainText(details.address)
        self.emergency_contact.setPlainText(details.emergency_contact)
        self.referral_source.setText(details.referral_source)
        self.status.setCurrentIndex(list(ClientStatus).index(details.status))
        self.notes.setPlainText(details.notes)

    def details(self) -> ClientDetails:
        return ClientDetails(
            display_name=self.display_name.text(),
            legal_name=self.legal_name.text(),
            date_of_birth=parse_date("date_of_birth", "Date of birth", self.date_of_birth.text()),
            pronouns=self.pronouns.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            address=self.address.toPlainText(),
            emergency_contact=self.emergency_contact.toPlainText(),
            referral_source=self.referral_source.text(),
            status=self.status.currentData(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        confirmation = (
            DifferentPerson(self.different_person_reason.text())
            if self.duplicate_panel.isVisible()
            else None
        )

        def work() -> Client:
            details = self.details()
            if self._client is None:
                return self._book.create(details, confirmation)
            return self._book.update(self._client.id, details, confirmation)

        try:
            saved = self.attempt(work, passthrough=(PossibleDuplicate,))
        except PossibleDuplicate as duplicate:
            self._show_duplicates(duplicate)
            return
        if saved is not None:
            self.saved.emit(saved)
            self.accept()

    def _show_duplicates(self, duplicate: PossibleDuplicate) -> None:
        self._matches = [match.client_id for match in duplicate.matches]
        self.duplicate_text.setText(f"{duplicate.message} {duplicate.advice}")
        self.duplicate_matches.setText(
            "\n".join(
                f"• {match.display_name} — {', '.join(r.label for r in match.reasons)}"
                for match in duplicate.matches
            )
        )
        self.duplicate_panel.show()
        self.save_button.setText("Save as a different person")
        self.different_person_reason.setFocus()

    def _open_existing(self) -> None:
        if self._matches:
            self.open_existing.emit(self._matches[0])
        self.reject()
