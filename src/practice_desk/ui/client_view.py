"""One client's page: details, consultation outcome, contracts with their goals, referral
notes. Read-only here; every change goes through an editor dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.clients import Client, ClientStatus
from practice_desk.domain.contracts import Contract, ContractKind, ContractStatus
from practice_desk.domain.money import format_fee
from practice_desk.services.clients import ReferralNote
from practice_desk.ui.style import heading, muted, primary, subheading


def value_label(text: str, name: str = "") -> QLabel:
    label = QLabel(text or "—")
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def card(title: str, name: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(objectName="card")
    frame.setProperty("section", name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 16)
    layout.setSpacing(8)
    layout.addWidget(subheading(title, f"{name}_heading"))
    return frame, layout


def long_date(day: date | None) -> str:
    return f"{day.day} {day.strftime('%b %Y')}" if day else ""


def _span(starts: date | None, ends: date | None) -> str:
    if starts and ends:
        return f"{long_date(starts)} – {long_date(ends)}"
    if starts:
        return f"from {long_date(starts)}"
    return f"until {long_date(ends)}" if ends else ""


class ClientView(QWidget):
    back_requested = Signal()
    edit_requested = Signal()
    consultation_requested = Signal()
    new_contract_requested = Signal()
    edit_contract_requested = Signal(int)
    end_contract_requested = Signal(int)
    book_requested = Signal()
    session_requested = Signal()
    progress_requested = Signal()
    records_requested = Signal()

    def __init__(
        self,
        client: Client,
        contracts: list[Contract],
        referral_notes: list[ReferralNote],
        appointments: tuple[list[str], int] = ([], 0),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("client_view")
        self.client = client
        back = QPushButton("← All clients", objectName="back_to_list")
        back.setToolTip("Esc")
        back.setFlat(True)
        back.clicked.connect(self.back_requested)
        self.edit_button = QPushButton("Edit details…", objectName="edit_client")
        self.edit_button.setToolTip("Ctrl+E")
        self.edit_button.clicked.connect(self.edit_requested)
        self.consultation_button = QPushButton(
            "Record consultation…", objectName="record_consultation"
        )
        self.consultation_button.clicked.connect(self.consultation_requested)
        self.contract_button = primary(QPushButton("New contract…", objectName="new_contract"))
        self.contract_button.setToolTip("Ctrl+Shift+N")
        self.contract_button.clicked.connect(self.new_contract_requested)

        self.book_button = QPushButton("Book…", objectName="book_for_client")
        self.book_button.clicked.connect(self.book_requested)
        self.book_button.setVisible(client.details.status is not ClientStatus.CLOSED)

        self.session_button = QPushButton("Start session", objectName="start_client_session")
        self.session_button.setToolTip("Open the session room now, without an appointment")
        self.session_button.clicked.connect(self.session_requested)
        self.session_button.setVisible(
            any(contract.status is ContractStatus.ACTIVE for contract in contracts)
        )
        self.progress_button = QPushButton("Progress", objectName="client_progress")
        self.progress_button.setToolTip("Sessions, markers and goals over time")
        self.progress_button.clicked.connect(self.progress_requested)
        self.progress_button.setVisible(bool(contracts))
        self.records_button = QPushButton("Records…", objectName="client_records")
        self.records_button.setToolTip("Print or save records, invoices and reports")
        self.records_button.clicked.connect(self.records_requested)

        details = client.details
        top = QHBoxLayout()
        top.addWidget(back)
        top.addStretch(1)
        top.addWidget(self.progress_button)
        top.addWidget(self.records_button)
        top.addWidget(self.session_button)
        top.addWidget(self.book_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.consultation_button)
        top.addWidget(self.contract_button)

        kind = f"{client.kind.label} client" if client.kind else "No contract yet"
        summary = " · ".join(
            part for part in (details.status.label, kind, details.pronouns) if part
        )
        content = QWidget(objectName="client_content")
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 8, 8, 0)
        body.setSpacing(14)
        title = QHBoxLayout()
        title.setSpacing(14)
        title.addWidget(heading(details.display_name, "client_name"), 1)
        # The number the command line's export-client takes; small, for the rare time it's asked.
        number = muted(f"Client no. {client.id}", "client_number")
        number.setWordWrap(False)
        number.setStyleSheet("font-size: 9pt;")
        number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title.addWidget(number, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        body.addLayout(title)
        body.addWidget(muted(summary, "client_summary"))
        columns = QHBoxLayout()
        columns.setSpacing(14)
        left = QVBoxLayout()
        left.addWidget(self._details_card(client))
        left.addWidget(self._consultation_card(client))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._contracts_card(contracts))
        right.addWidget(self._appointments_card(*appointments))
        if referral_notes:
            right.addWidget(self._referrals_card(referral_notes))
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body.addLayout(columns)
        body.addStretch(1)
        scroll = QScrollArea(objectName="client_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def _details_card(self, client: Client) -> QFrame:
        frame, layout = card("Details", "details")
        details = client.details
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        birth = long_date(details.date_of_birth)
        rows = (
            ("Legal name", details.legal_name, "detail_legal_name"),
            ("Date of birth", birth, "detail_birth"),
            ("E-mail", details.email, "detail_email"),
            ("Phone", details.phone, "detail_phone"),
            ("Address", details.address, "detail_address"),
            ("Emergency contact", details.emergency_contact, "detail_emergency"),
            ("Referred by", details.referral_source, "detail_referral"),
            ("Notes", details.notes, "detail_notes"),
        )
        for label, value, name in rows:
            form.addRow(muted(label), value_label(value, name))
        layout.addLayout(form)
        return frame

    def _consultation_card(self, client: Client) -> QFrame:
        frame, layout = card("Consultation", "consultation")
        record = client.consultation
        if record is None:
            layout.addWidget(
                muted(
                    "No outcome recorded yet. After the first 50-minute consultation, record "
                    "whether you offered therapy or coaching, referred elsewhere, or found no fit.",
                    "consultation_empty",
                )
            )
            return frame
        layout.addWidget(
            value_label(
                f"{record.outcome.label} — {long_date(record.held_on)}", "consultation_outcome"
            )
        )
        if record.note:
            layout.addWidget(value_label(record.note, "consultation_note"))
        return frame

    def _contracts_card(self, contracts: list[Contract]) -> QFrame:
        frame, layout = card("Contracts", "contracts")
        if not contracts:
            layout.addWidget(
                muted(
                    "No contract yet. A client works with you in therapy or in coaching; "
                    "the first contract decides which, for good.",
                    "contracts_empty",
                )
            )
        for contract in reversed(contracts):  # the newest first
            layout.addWidget(self._contract_block(contract))
        return frame

    def _contract_block(self, contract: Contract) -> QWidget:
        terms = contract.terms
        block = QFrame(objectName=f"contract_{contract.id}")
        block.setProperty("role", "contract")
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 8, 0, 8)
        head = QHBoxLayout()
        head.addWidget(subheading(f"{terms.kind.label} · {terms.status.label}", "contract_title"))
        head.addStretch(1)
        edit = QPushButton("Edit…", objectName="edit_contract")
        edit.clicked.connect(lambda: self.edit_contract_requested.emit(contract.id))
        head.addWidget(edit)
        if terms.status is not ContractStatus.ENDED:
            end = QPushButton("End…", objectName="end_contract")
            end.clicked.connect(lambda: self.end_contract_requested.emit(contract.id))
            head.addWidget(end)
        layout.addLayout(head)
        facts = [
            _span(terms.starts_on, terms.ends_on),
            f"{terms.session_minutes}-minute sessions",
            f"{format_fee(terms.fee_minor, terms.currency)} per session",
        ]
        if terms.payer.third_party:
            facts.append(f"paid by {terms.payer.name} (money documents only)")
        layout.addWidget(muted(" · ".join(fact for fact in facts if fact), "contract_facts"))
        if terms.kind is ContractKind.THERAPY and terms.therapy and terms.therapy.coaching_edge:
            layout.addWidget(
                value_label(
                    f"With a coaching edge — screening: {terms.therapy.screening_reason}",
                    "contract_coaching_edge",
                )
            )
        if terms.coaching is not None and terms.coaching.names_a_sponsor_or_reports:
            coaching = terms.coaching
            sponsor = " · ".join(
                part
                for part in (
                    coaching.sponsor_organisation,
                    f"three-way agreement {long_date(coaching.three_way_agreed_on)}"
                    if coaching.three_way_agreed_on
                    else "",
                    f"reports {coaching.reporting_frequency}"
                    if coaching.reporting_frequency
                    else "",
                )
                if part
            )
            layout.addWidget(value_label(f"Sponsor: {sponsor}", "contract_sponsor"))
        for goal in terms.goals:
            text = f"{goal.status.label}: {goal.text}"
            if goal.assessment:
                text += f" — {goal.assessment}"
            layout.addWidget(value_label(f"• {text}", "contract_goal"))
        return block

    def _appointments_card(self, upcoming: list[str], attended: int) -> QFrame:
        frame, layout = card("Appointments", "appointments")
        for line in upcoming:
            layout.addWidget(value_label(line))
        if not upcoming:
            layout.addWidget(muted("Nothing booked ahead.", "appointments_none"))
        if attended:
            plural = "" if attended == 1 else "s"
            layout.addWidget(muted(f"{attended} attended appointment{plural} so far."))
        return frame

    def _referrals_card(self, notes: list[ReferralNote]) -> QFrame:
        frame, layout = card("Referral notes", "referrals")
        for note in notes:
            to = f" to {note.addressed_to}" if note.addressed_to else ""
            layout.addWidget(muted(f"Written {note.written_at[:10]}{to}", "referral_meta"))
            layout.addWidget(value_label(note.body, "referral_body"))
        return frame
