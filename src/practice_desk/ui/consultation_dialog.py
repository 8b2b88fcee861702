"""Record the outcome of the first 50-minute consultation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QRadioButton, QVBoxLayout, QWidget

from practice_desk.domain.clients import Client, ConsultationOutcome, ConsultationRecord
from practice_desk.domain.fields import FieldInvalid, parse_date
from practice_desk.services.clients import ClientBook
from practice_desk.ui.form_dialog import FormDialog, line, text_box
from practice_desk.ui.style import muted


class ConsultationDialog(FormDialog):
    saved = Signal(object)  # Client

    def __init__(self, book: ClientBook, client: Client, today_iso: str, parent: QWidget | None):
        super().__init__("Consultation outcome", parent)
        self.setObjectName("consultation_dialog")
        self._book = book
        self._client_id = client.id
        current = client.consultation
        self.outcomes = QButtonGroup(self)
        choices = QWidget(objectName="consultation_choices")
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        for outcome in ConsultationOutcome:
            button = QRadioButton(outcome.label, objectName=f"outcome_{outcome.value}")
            button.setProperty("outcome", outcome.value)
            self.outcomes.addButton(button)
            column.addWidget(button)
            if current and current.outcome is outcome:
                button.setChecked(True)
        self.held_on = line("held_on", "Year-month-day", 10)
        self.held_on.setText(current.held_on.isoformat() if current else today_iso)
        self.note = text_box("consultation_note", 110, "Context, boundaries and fit, in brief")
        if current:
            self.note.setPlainText(current.note)
        form = QFormLayout()
        form.addRow("Outcome", choices)
        form.addRow("Held on", self.held_on)
        form.addRow("Note", self.note)
        self.body.addWidget(
            muted(
                "The first meeting clarifies context, boundaries and fit. It is not yet a contract."
            )
        )
        self.body.addLayout(form)
        self.fields = {"held_on": self.held_on, "note": self.note, "outcome": choices}
        self.resize(560, 420)

    def record(self) -> ConsultationRecord:
        chosen = self.outcomes.checkedButton()
        if chosen is None:
            raise FieldInvalid("outcome", "Please choose the outcome of the consultation.")
        held = parse_date("held_on", "Held on", self.held_on.text())
        if held is None:
            raise FieldInvalid("held_on", "Please enter the date of the consultation.")
        return ConsultationRecord(
            ConsultationOutcome(chosen.property("outcome")), held, self.note.toPlainText()
        )

    def save(self) -> None:
        saved = self.attempt(lambda: self._book.record_consultation(self._client_id, self.record()))
        if saved is not None:
            self.saved.emit(saved)
            self.accept()
