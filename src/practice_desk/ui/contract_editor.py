"""New contract and Edit contract. The form follows the kind of work: a therapy contract shows
no sponsor, reporting or coachee fields at all; a coaching contract shows them. Choosing a kind
the client may not have is answered at once with the refusal and the offer of a referral."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import (
    DEFAULT_SESSION_MINUTES,
    NEXT_STATUSES,
    CoacheeProfile,
    CoachingTerms,
    Contract,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Payer,
    ReportItem,
    TherapyTerms,
)
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid, parse_date
from practice_desk.domain.money import format_fee, parse_fee
from practice_desk.domain.role_rules import RuleRefusal
from practice_desk.domain.session_notes import uses_prompts
from practice_desk.domain.session_phases import (
    DEFAULT_BEGINNING_MINUTES,
    DEFAULT_END_MINUTES,
    MAX_PHASE_EDGE_MINUTES,
    PhasePlan,
)
from practice_desk.services.contracts import ContractBook
from practice_desk.services.session_settings import SessionSettings
from practice_desk.ui.form_dialog import FormDialog, line, text_box
from practice_desk.ui.goals_editor import GoalsEditor
from practice_desk.ui.phase_plan_text import PLAIN_TIMER, fits, plan_text, too_little_middle
from practice_desk.ui.style import error_label, muted

PROFILE_LABELS = {
    "personality": "Personality",
    "life_story": "Life story",
    "competences": "Competences, skills and talents",
    "aspirations": "Aspirations, career stage and prospects",
    "work_environment": "Current work environment",
    "organisational_role": "Current role in the organisation",
    "pro": "PRO — person, role, organisation",
    "organisation_in_mind": "Organisation-in-the-mind",
}

REPORT_ITEMS_HINT = (
    "Tick only what the client, the sponsor and you agreed in the three-way agreement. A "
    "sponsor report can hold nothing else."
)

# The app's stylesheet outlines line edits only; the session shape's spin boxes get the same.
_SHAPE_STYLE = """
QSpinBox[invalid="true"], QSpinBox[invalid="true"]:focus {
    border: 1px solid #9b2c2c; background: #fdf6f6;
}
"""


class ContractEditorDialog(FormDialog):
    saved = Signal(object)  # Contract
    refused = Signal(object)  # RuleRefusal: the page shows the refusal dialog

    def __init__(
        self,
        book: ContractBook,
        client_id: int,
        contract: Contract | None,
        parent: QWidget | None,
        *,
        suggested_kind: ContractKind | None = None,
        default_currency: str = "EUR",
        session_settings: SessionSettings | None = None,
    ) -> None:
        super().__init__("Edit contract" if contract else "New contract", parent)
        self.setObjectName("contract_editor")
        self._book = book
        self._session_settings = session_settings
        self._client_id = client_id
        self._contract = contract
        held = book.kind_of_work(client_id)
        kind = contract.kind if contract else held or suggested_kind or ContractKind.THERAPY
        terms = contract.terms if contract else ContractTerms(kind, currency=default_currency)
        self._build(terms, editing=contract is not None)
        self._show_kind(kind)
        self.resize(820, 720)

    # --- building -----------------------------------------------------------------------------

    def _build(self, terms: ContractTerms, *, editing: bool) -> None:
        self.kind_therapy = QRadioButton("Therapy", objectName="kind_therapy")
        self.kind_coaching = QRadioButton("Coaching", objectName="kind_coaching")
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.kind_therapy)
        self.kinds.addButton(self.kind_coaching)
        (
            self.kind_therapy if terms.kind is ContractKind.THERAPY else self.kind_coaching
        ).setChecked(True)
        self.kinds.buttonToggled.connect(self._kind_toggled)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_therapy)
        kind_row.addWidget(self.kind_coaching)
        kind_row.addStretch(1)
        if editing:
            self.kind_therapy.setEnabled(False)
            self.kind_coaching.setEnabled(False)
            fixed = muted("· the kind of a contract never changes", "kind_fixed")
            fixed.setWordWrap(False)
            kind_row.insertWidget(2, fixed)

        self.status = QComboBox(objectName="contract_status")
        allowed = (
            {terms.status} | set(NEXT_STATUSES[terms.status]) if editing else set(ContractStatus)
        )
        for status in ContractStatus:
            if status in allowed:
                self.status.addItem(status.label, status)
        self.status.setCurrentIndex(self.status.findData(terms.status))
        self.starts_on = line("starts_on", "Year-month-day", 10)
        self.ends_on = line("ends_on", "Year-month-day, if agreed", 10)
        self.starts_on.setText(terms.starts_on.isoformat() if terms.starts_on else "")
        self.ends_on.setText(terms.ends_on.isoformat() if terms.ends_on else "")
        self.fee = line("fee", "e.g. 95.00", 14)
        self.fee.setText(format_fee(terms.fee_minor) if terms.fee_minor else "")
        self.currency = line("currency", "EUR", 3)
        self.currency.setText(terms.currency)
        self.currency.setFixedWidth(70)
        self.session_minutes = QSpinBox(objectName="session_minutes")
        self.session_minutes.setRange(10, 240)
        self.session_minutes.setSingleStep(5)
        self.session_minutes.setSuffix(" minutes")
        self.session_minutes.setValue(terms.session_minutes or DEFAULT_SESSION_MINUTES)
        for narrow in (self.starts_on, self.ends_on, self.fee):
            narrow.setMaximumWidth(220)
        self.status.setMaximumWidth(220)
        self.session_minutes.setMaximumWidth(160)
        fee_row = QHBoxLayout()
        fee_row.addWidget(self.fee)
        fee_row.addWidget(self.currency)
        fee_row.addStretch(1)

        frame = QFormLayout()
        frame.addRow("Kind of work", kind_row)
        frame.addRow("Status", self.status)
        frame.addRow("Starts on", self.starts_on)
        frame.addRow("Ends on", self.ends_on)
        frame.addRow("Fee per session", fee_row)
        frame.addRow("Session length", self.session_minutes)
        frame.addRow("Session shape", self._shape_part(terms))

        content = QWidget(objectName="contract_form")
        column = QVBoxLayout(content)
        column.setSpacing(14)
        column.addLayout(frame)
        column.addWidget(self._payer_box(terms.payer))
        column.addWidget(self._therapy_box(terms.therapy or TherapyTerms()))
        column.addWidget(self._coaching_box(terms.coaching or CoachingTerms()))
        goals = QGroupBox("Agreed goals", objectName="goals_box")
        self.goals = GoalsEditor(terms.goals)
        QVBoxLayout(goals).addWidget(self.goals)
        column.addWidget(goals)
        column.addStretch(1)
        scroll = QScrollArea(objectName="contract_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.body.addWidget(scroll)
        self._scroll = scroll
        self.session_minutes.valueChanged.connect(self._shape_edited)
        self.coaching_edge.toggled.connect(self._shape_edited)
        self.fields = {
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "fee": self.fee,
            "currency": self.currency,
            "session_minutes": self.session_minutes,
            "phase_plan": self.phase_beginning,
            "status": self.status,
            "payer_name": self.payer_name,
            "payer_address": self.payer_address,
            "screening_reason": self.screening_reason,
            "sponsor_organisation": self.sponsor_organisation,
            "sponsor_contact": self.sponsor_contact,
            "three_way_agreed_on": self.three_way_agreed_on,
            "reporting_scope": self.reporting_scope,
            "reporting_frequency": self.reporting_frequency,
            "report_recipients": self.report_recipients,
            **self.profile_fields,
        }

    def _shape_part(self, terms: ContractTerms) -> QWidget:
        """The beginning and end of each session: the practice's usual ones, or the contract's
        own, with the plan they make spelled out as they change."""
        self.shape_part = QWidget(objectName="session_shape")
        self.shape_part.setStyleSheet(_SHAPE_STYLE)
        own = terms.phase_beginning is not None or terms.phase_end is not None
        self.usual_shape = QCheckBox("Use the practice's usual beginning and end")
        self.usual_shape.setObjectName("usual_shape")
        self.usual_shape.setChecked(not own)
        first, last = self._usual_edges(terms.kind)
        self.phase_beginning = self._edge_box(
            "phase_beginning", first if terms.phase_beginning is None else terms.phase_beginning
        )
        self.phase_end = self._edge_box(
            "phase_end", last if terms.phase_end is None else terms.phase_end
        )
        self.phase_edges = QWidget(objectName="phase_edges")
        row = QHBoxLayout(self.phase_edges)
        row.setContentsMargins(0, 0, 0, 0)
        for text, box in (("Beginning", self.phase_beginning), ("End", self.phase_end)):
            label = QLabel(text)
            label.setBuddy(box)
            row.addWidget(label)
            row.addWidget(box)
            row.addSpacing(14)
        row.addStretch(1)
        self.phase_edges.setVisible(own)
        self.shape_line = muted("", "shape_line")
        self.phase_error = error_label("phase_plan_error")
        self.phase_error.hide()
        column = QVBoxLayout(self.shape_part)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.usual_shape)
        column.addWidget(self.phase_edges)
        column.addWidget(self.shape_line)
        column.addWidget(self.phase_error)
        self.usual_shape.toggled.connect(self._shape_edited)
        return self.shape_part

    def _edge_box(self, name: str, minutes: int) -> QSpinBox:
        box = QSpinBox(objectName=name)
        box.setRange(0, MAX_PHASE_EDGE_MINUTES)
        box.setSuffix(" minutes")
        box.setFixedWidth(130)
        box.setValue(minutes)
        box.valueChanged.connect(self._shape_edited)
        return box

    def _usual_edges(self, kind: ContractKind) -> tuple[int, int]:
        if self._session_settings is None:
            return DEFAULT_BEGINNING_MINUTES, DEFAULT_END_MINUTES
        try:
            return self._session_settings.edges(kind)
        except PracticeDeskError:
            return DEFAULT_BEGINNING_MINUTES, DEFAULT_END_MINUTES

    def _shape_edited(self) -> None:
        if not self.phase_error.isHidden():
            self.clear_error()  # the problem shown was the shape's: it is being worked on
        self._refresh_shape()

    def _refresh_shape(self) -> None:
        kind = self.kind()
        minutes = self.session_minutes.value()
        usual = self.usual_shape.isChecked()
        self.phase_edges.setVisible(not usual)
        if usual:  # unticking starts from the practice's usual values
            first, last = self._usual_edges(kind)
            with QSignalBlocker(self.phase_beginning), QSignalBlocker(self.phase_end):
                self.phase_beginning.setValue(first)
                self.phase_end.setValue(last)
        first, last = self.phase_beginning.value(), self.phase_end.value()
        edge = kind is ContractKind.THERAPY and self.coaching_edge.isChecked()
        if not uses_prompts(kind, edge):
            text = (
                f"{PLAIN_TIMER} The beginning and end set here apply once the contract works "
                "with a coaching edge."
            )
        elif usual and self._session_settings is None:
            text = "The practice's usual beginning and end, as set in Settings → Sessions."
        elif not usual and not fits(minutes, first, last):
            text = too_little_middle(minutes, first, last)
        else:
            text = plan_text(PhasePlan.for_session(minutes, first, last))
            if usual:
                text += " (as in Settings → Sessions)"
        self.shape_line.setText(text)

    def _payer_box(self, payer: Payer) -> QGroupBox:
        box = QGroupBox("Who pays", objectName="payer_box")
        self.third_party = QCheckBox("Someone else pays (an employer, insurer or relative)")
        self.third_party.setObjectName("third_party_payer")
        self.third_party.setChecked(payer.third_party)
        self.payer_name = line("payer_name", "Name of the payer", 200)
        self.payer_name.setText(payer.name)
        self.payer_address = text_box("payer_address", 56, "Invoice address")
        self.payer_address.setPlainText(payer.address)
        note = muted(
            "A payer receives invoices and receipts with dates, the service and fees — never "
            "notes, goals or anything said in the work.",
            "payer_note",
        )
        details = QWidget(objectName="payer_details")
        form = QFormLayout(details)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Payer", self.payer_name)
        form.addRow("Address", self.payer_address)
        form.addRow(note)
        details.setVisible(payer.third_party)
        self.third_party.toggled.connect(details.setVisible)
        layout = QVBoxLayout(box)
        layout.addWidget(self.third_party)
        layout.addWidget(details)
        return box

    def _therapy_box(self, therapy: TherapyTerms) -> QGroupBox:
        self.therapy_box = QGroupBox("Therapy", objectName="therapy_box")
        self.coaching_edge = QCheckBox("Work with a coaching edge (structured, action-oriented)")
        self.coaching_edge.setObjectName("coaching_edge")
        self.coaching_edge.setChecked(therapy.coaching_edge)
        self.screening_reason = text_box(
            "screening_reason",
            70,
            "Why this client can (or can't) use a directive, short-term style",
        )
        self.screening_reason.setPlainText(therapy.screening_reason)
        form = QFormLayout(self.therapy_box)
        form.addRow(self.coaching_edge)
        form.addRow("Screening", self.screening_reason)
        form.addRow(
            muted(
                "Therapy answers to the client alone: no sponsor, no reports, even when a "
                "company pays.",
                "therapy_note",
            )
        )
        return self.therapy_box

    def _coaching_box(self, coaching: CoachingTerms) -> QWidget:
        self.coaching_box = QTabWidget(objectName="coaching_box")
        sponsor = QWidget(objectName="sponsor_tab")
        self.sponsor_organisation = line("sponsor_organisation", "The organisation", 200)
        self.sponsor_organisation.setText(coaching.sponsor_organisation)
        self.sponsor_contact = text_box("sponsor_contact", 56, "Name, role, e-mail")
        self.sponsor_contact.setPlainText(coaching.sponsor_contact)
        self.three_way_agreed_on = line("three_way_agreed_on", "Year-month-day", 10)
        if coaching.three_way_agreed_on:
            self.three_way_agreed_on.setText(coaching.three_way_agreed_on.isoformat())
        self.reporting_scope = text_box(
            "reporting_scope", 70, "The agreed reporting terms in words, if you keep them"
        )
        self.reporting_scope.setPlainText(coaching.reporting_scope)
        self.reporting_frequency = line("reporting_frequency", "e.g. after sessions 3 and 6", 200)
        self.reporting_frequency.setText(coaching.reporting_frequency)
        self.report_recipients = text_box("report_recipients", 56, "One name per line")
        self.report_recipients.setPlainText("\n".join(coaching.report_recipients))
        form = QFormLayout(sponsor)
        form.addRow("Sponsor", self.sponsor_organisation)
        form.addRow("Contact", self.sponsor_contact)
        form.addRow("Three-way agreement", self.three_way_agreed_on)
        form.addRow("May be reported", self._report_items_part(coaching))
        form.addRow("Terms in words", self.reporting_scope)
        form.addRow("How often", self.reporting_frequency)
        form.addRow("Reports go to", self.report_recipients)
        self.coaching_box.addTab(sponsor, "Sponsor and reporting")

        profile = QWidget(objectName="profile_tab")
        profile_form = QFormLayout(profile)
        self.profile_fields: dict[str, QWidget] = {}
        for name, label in PROFILE_LABELS.items():
            box = text_box(name, 52)
            box.setPlainText(getattr(coaching.profile, name))
            self.profile_fields[name] = box
            profile_form.addRow(label, box)
        self.coaching_box.addTab(profile, "Coachee profile")
        return self.coaching_box

    def _report_items_part(self, coaching: CoachingTerms) -> QWidget:
        part = QWidget(objectName="report_items")
        column = QVBoxLayout(part)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.report_items: dict[ReportItem, QCheckBox] = {}
        for item in ReportItem:
            box = QCheckBox(item.label, objectName=f"report_item_{item.value}")
            box.setChecked(item in coaching.report_items)
            self.report_items[item] = box
            column.addWidget(box)
        column.addWidget(muted(REPORT_ITEMS_HINT, "report_items_hint"))
        return part

    # --- the kind of work ---------------------------------------------------------------------

    def kind(self) -> ContractKind:
        return ContractKind.THERAPY if self.kind_therapy.isChecked() else ContractKind.COACHING

    def _show_kind(self, kind: ContractKind) -> None:
        self.therapy_box.setVisible(kind is ContractKind.THERAPY)
        self.coaching_box.setVisible(kind is ContractKind.COACHING)
        self._refresh_shape()

    def _kind_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        wanted = self.kind()
        try:
            self._book.check_kind(self._client_id, wanted)
        except RuleRefusal as refusal:
            other = self.kind_coaching if wanted is ContractKind.THERAPY else self.kind_therapy
            with QSignalBlocker(self.kinds):
                other.setChecked(True)
            self._show_kind(self.kind())
            self.refused.emit(refusal)
            return
        self._show_kind(wanted)

    # --- saving -------------------------------------------------------------------------------

    def terms(self) -> ContractTerms:
        kind = self.kind()
        usual = self.usual_shape.isChecked()
        therapy = coaching = None
        if kind is ContractKind.THERAPY:
            therapy = TherapyTerms(
                self.coaching_edge.isChecked(), self.screening_reason.toPlainText()
            )
        else:
            coaching = CoachingTerms(
                sponsor_organisation=self.sponsor_organisation.text(),
                sponsor_contact=self.sponsor_contact.toPlainText(),
                three_way_agreed_on=parse_date(
                    "three_way_agreed_on", "Three-way agreement", self.three_way_agreed_on.text()
                ),
                reporting_scope=self.reporting_scope.toPlainText(),
                reporting_frequency=self.reporting_frequency.text(),
                report_items=frozenset(
                    i for i, box in self.report_items.items() if box.isChecked()
                ),
                report_recipients=tuple(self.report_recipients.toPlainText().splitlines()),
                profile=CoacheeProfile(
                    **{
                        f.name: self.profile_fields[f.name].toPlainText()  # type: ignore[attr-defined]
                        for f in fields(CoacheeProfile)
                    }
                ),
            )
        return ContractTerms(
            kind=kind,
            status=self.status.currentData(),
            starts_on=parse_date("starts_on", "Starts on", self.starts_on.text()),
            ends_on=parse_date("ends_on", "Ends on", self.ends_on.text()),
            fee_minor=parse_fee("fee", self.fee.text()),
            currency=self.currency.text(),
            session_minutes=self.session_minutes.value(),
            phase_beginning=None if usual else self.phase_beginning.value(),
            phase_end=None if usual else self.phase_end.value(),
            goals=self.goals.goals(),
            payer=Payer(
                self.third_party.isChecked(),
                self.payer_name.text(),
                self.payer_address.toPlainText(),
            ),
            therapy=therapy,
            coaching=coaching,
        )

    def show_error(self, problem: PracticeDeskError) -> None:
        super().show_error(problem)
        if isinstance(problem, FieldInvalid) and problem.field == "phase_plan":
            # Said next to the beginning and end; the line by Save points there.
            self.phase_error.setText(problem.message)
            self.phase_error.show()
            self.shape_line.hide()  # it would say the same, more quietly
            self.error.setText("Please look at the session shape, near the top of the form.")
            self.phase_end.setProperty("invalid", True)
            self.phase_end.style().unpolish(self.phase_end)
            self.phase_end.style().polish(self.phase_end)
            self._scroll.ensureWidgetVisible(self.shape_part)

    def clear_error(self) -> None:
        super().clear_error()
        self.phase_error.hide()
        self.phase_error.clear()
        self.shape_line.show()
        if self.phase_end.property("invalid"):
            self.phase_end.setProperty("invalid", False)
            self.phase_end.style().unpolish(self.phase_end)
            self.phase_end.style().polish(self.phase_end)

    def save(self) -> None:
        def work() -> Contract:
            terms = self.terms()
            if self._contract is None:
                return self._book.create(self._client_id, terms)
            return self._book.update(self._contract.id, terms)

        try:
            saved = self.attempt(work, passthrough=(RuleRefusal,))
        except RuleRefusal as refusal:
            self.refused.emit(refusal)
            return
        if saved is not None:
            self.saved.emit(saved)
            self.accept()
