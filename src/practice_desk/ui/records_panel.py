"""One client's documents: the client record, the consultation summary, invoices and, in
coaching, sponsor reports. Every document is built by the services' one guard and leaves
through document_output, so the password question, the warnings and the audit trail are the
same as everywhere else.

A refusal is told in one plain message and changes nothing. Window titles never name the
client: they show in task switchers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import Contract, ContractKind
from practice_desk.domain.disclosure import Recipient
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.invoices import Invoice
from practice_desk.domain.money import format_fee
from practice_desk.domain.sponsor_reports import SponsorReport
from practice_desk.services.documents import Document
from practice_desk.services.practice import Practice
from practice_desk.ui import document_output
from practice_desk.ui.client_access_dialog import ClientAccessDialog
from practice_desk.ui.client_view import long_date
from practice_desk.ui.invoice_dialog import (
    MarkPaidDialog,
    NewInvoiceDialog,
    date_edit,
    fit_rows,
    record_list,
)
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.qt_dates import pydate
from practice_desk.ui.sponsor_report_dialog import ApprovalDialog, WriteReportDialog, preview_text
from practice_desk.ui.style import muted, primary, subheading

ID_ROLE = Qt.ItemDataRole.UserRole
THERAPY_LINE = "Therapy answers to the client alone: there are no sponsor reports."
APPROVAL_REMINDER = "The client must approve a report before it can be released to the sponsor."
NO_TERMS = (
    "The contract's reporting terms don't allow anything to be reported. Agree with the "
    "client and sponsor what may be reported, and tick it in the contract."
)
RECEIPT_HINT = "A paid invoice prints and saves as a receipt."


def _row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _section(title: str, name: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title, objectName=name)
    layout = QVBoxLayout(box)
    layout.setSpacing(8)
    return box, layout


def period_text(first: date, last: date) -> str:
    return f"{long_date(first)} – {long_date(last)}"


class RecordsPanel(QWidget):
    changed = Signal()  # an invoice or report was added or changed

    def __init__(self, practice: Practice, client_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("records_panel")
        self._practice = practice
        self.client = practice.clients.get(client_id)
        self.contracts: list[Contract] = practice.contracts.for_client(client_id)
        self.dialog: QDialog | None = None  # the one dialog open at a time, for tests
        self._invoices: dict[int, Invoice] = {}
        self._reports: dict[int, SponsorReport] = {}

        content = QWidget(objectName="records_content")
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 8, 0)
        body.setSpacing(6)
        kind = f"{self.client.kind.label} client" if self.client.kind else "No contract yet"
        body.addWidget(subheading(self.client.details.display_name, "records_client"))
        body.addWidget(muted(kind, "records_kind"))
        body.addWidget(self._record_section())
        body.addWidget(self._copy_section())
        if self.client.consultation is not None:
            body.addWidget(self._consultation_section())
        body.addWidget(self._invoice_section())
        if self.client.kind is not None:
            body.addWidget(self._report_section())
        body.addStretch(1)
        scroll = QScrollArea(objectName="records_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.load_invoices()
        if self.client.kind is ContractKind.COACHING:
            self.load_reports()

    # --- the client record and the consultation ---------------------------------------------

    def _record_section(self) -> QGroupBox:
        box, layout = _section("Client record", "record_box")
        today = self._practice.today
        self.record_from = date_edit("record_from", self._first_day(today))
        self.record_to = date_edit("record_to", today)
        self.record_for = QComboBox(objectName="record_for")
        for recipient in (Recipient.PRACTICE, Recipient.CLIENT):
            self.record_for.addItem(recipient.label, recipient)
        choices = QHBoxLayout()
        choices.setSpacing(8)
        for label, widget in (("From", self.record_from), ("To", self.record_to)):
            choices.addWidget(QLabel(label))
            choices.addWidget(widget)
        choices.addSpacing(12)
        choices.addWidget(QLabel("For"))
        choices.addWidget(self.record_for)
        choices.addStretch(1)
        layout.addWidget(
            muted(
                "The sessions in the period with their signed notes and addenda, the goals and "
                "a summary of the progress markers. Process notes are never included.",
                "record_about",
            )
        )
        layout.addLayout(choices)
        self.record_print, self.record_save = self._output_buttons("record", self.client_record)
        layout.addLayout(_row(self.record_print, self.record_save))
        return box

    def _copy_section(self) -> QGroupBox:
        box, layout = _section("Copy for the client", "client_copy_box")
        layout.addWidget(
            muted(
                "When the client asks for their record: everything you hold about them that "
                "they may receive, as a PDF and as a data file.",
                "client_copy_about",
            )
        )
        self.copy_button = QPushButton(
            "Copy of the record for the client…", objectName="client_copy"
        )
        self.copy_button.clicked.connect(self.client_copy)
        layout.addLayout(_row(self.copy_button))
        return box

    def client_copy(self) -> None:
        self._open_dialog(ClientAccessDialog(self._practice, self.client.id, self))

    def _first_day(self, today: date) -> date:
        """The first session's day, or else the earliest contract start, or else today."""
        local = self._practice.bookings.local
        sessions = self._practice.sessions.for_client(self.client.id)
        days = [local(session.started_at).date() for session in sessions]
        if not days:
            days = [c.terms.starts_on for c in self.contracts if c.terms.starts_on is not None]
        return min([*days, today])

    def client_record(self) -> Document:
        return self._practice.documents.client_record(
            self.client.id,
            pydate(self.record_from.date()),
            pydate(self.record_to.date()),
            recipient=self.record_for.currentData(),
        )

    def _consultation_section(self) -> QGroupBox:
        box, layout = _section("Consultation summary", "consultation_box")
        record = self.client.consultation
        assert record is not None
        layout.addWidget(
            muted(
                f"{record.outcome.label}, {long_date(record.held_on)}: the outcome of the "
                "first consultation and its note, for your own file.",
                "consultation_about",
            )
        )
        self.consultation_print, self.consultation_save = self._output_buttons(
            "consultation",
            lambda: self._practice.documents.consultation_summary(self.client.id),
        )
        layout.addLayout(_row(self.consultation_print, self.consultation_save))
        return box

    # --- invoices -----------------------------------------------------------------------------

    def _invoice_section(self) -> QGroupBox:
        box, layout = _section("Invoices", "invoices_box")
        self.invoices = record_list(
            "invoice_list", ["Number", "Date", "To", "Total", "Paid"], (90, 110, 190, 110)
        )
        self.invoices.itemSelectionChanged.connect(self._invoice_chosen)
        self.invoices_empty = muted("No invoices yet.", "invoices_empty")
        self.new_invoice_button = primary(QPushButton("New invoice…", objectName="new_invoice"))
        self.new_invoice_button.clicked.connect(self.new_invoice)
        self.mark_paid_button = QPushButton("Mark paid…", objectName="mark_paid")
        self.mark_paid_button.clicked.connect(self.mark_paid)
        self.invoice_print, self.invoice_save = self._output_buttons("invoice", self._invoice_doc)
        layout.addWidget(self.invoices)
        layout.addWidget(self.invoices_empty)
        layout.addLayout(
            _row(
                self.new_invoice_button,
                self.mark_paid_button,
                self.invoice_print,
                self.invoice_save,
            )
        )
        layout.addWidget(muted(RECEIPT_HINT, "receipt_hint"))
        return box

    def load_invoices(self, select: int | None = None) -> None:
        chosen = select if select is not None else self.selected_invoice_id()
        self.invoices.clear()
        self._invoices = {}
        for invoice in self._practice.invoices.for_client(self.client.id):
            self._invoices[invoice.id] = invoice
            paid = f"Paid {long_date(invoice.paid_on)}" if invoice.paid_on else "Unpaid"
            row = QTreeWidgetItem(
                [
                    invoice.number,
                    long_date(invoice.issued_on),
                    invoice.bill_to_name,
                    format_fee(invoice.total_minor, invoice.currency),
                    paid,
                ]
            )
            row.setData(0, ID_ROLE, invoice.id)
            row.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.invoices.addTopLevelItem(row)
            if invoice.id == chosen:
                row.setSelected(True)
        has_any = bool(self._invoices)
        self.invoices.setVisible(has_any)
        self.invoices_empty.setVisible(not has_any)
        if has_any and not self.invoices.selectedItems():
            self.invoices.topLevelItem(0).setSelected(True)  # the newest
        fit_rows(self.invoices)
        self._invoice_chosen()

    def selected_invoice_id(self) -> int | None:
        rows = self.invoices.selectedItems()
        return rows[0].data(0, ID_ROLE) if rows else None

    def _selected_invoice(self) -> Invoice | None:
        chosen = self.selected_invoice_id()
        return self._invoices.get(chosen) if chosen is not None else None

    def _invoice_chosen(self) -> None:
        invoice = self._selected_invoice()
        self.mark_paid_button.setEnabled(invoice is not None and not invoice.is_paid)
        for button in (self.invoice_print, self.invoice_save):
            button.setEnabled(invoice is not None)
        if invoice is None:
            tip = "Choose an invoice in the list first."
        elif invoice.is_paid:
            tip = f"Invoice {invoice.number} is paid: it goes out as a receipt."
        else:
            tip = f"Invoice {invoice.number}: it goes out as an invoice."
        self.invoice_print.setToolTip(tip)
        self.invoice_save.setToolTip(tip)

    def _invoice_doc(self) -> Document:
        invoice = self._selected_invoice()
        assert invoice is not None  # the buttons are enabled only with a selection
        return self._practice.documents.invoice(invoice.id)

    def new_invoice(self) -> None:
        try:
            billable = self._practice.invoices.billable(self.client.id)
        except PracticeDeskError as problem:
            PROMPTS.tell_error(self, problem)
            return
        if not billable:
            PROMPTS.tell(
                self,
                "Nothing to invoice",
                "There are no attended sessions, late cancellations or missed appointments "
                "waiting for an invoice.",
            )
            return
        dialog = NewInvoiceDialog(self._practice, self.client.id, billable, self)
        dialog.issued.connect(lambda invoice: self._changed(lambda: self.load_invoices(invoice.id)))
        self._open_dialog(dialog)

    def mark_paid(self) -> None:
        invoice = self._selected_invoice()
        if invoice is None or invoice.is_paid:
            return
        dialog = MarkPaidDialog(self._practice, invoice, self)
        dialog.paid.connect(lambda paid: self._changed(lambda: self.load_invoices(paid.id)))
        self._open_dialog(dialog)

    # --- sponsor reports ----------------------------------------------------------------------

    def _report_section(self) -> QGroupBox:
        box, layout = _section("Sponsor reports", "reports_box")
        if self.client.kind is not ContractKind.COACHING:
            layout.addWidget(muted(THERAPY_LINE, "reports_therapy"))
            return box
        self._reporting = [
            contract
            for contract in self.contracts
            if contract.kind is ContractKind.COACHING
            and self._practice.sponsor_reports.allowed_items(contract)
        ]
        self.reports = record_list("report_list", ["Period", "Status"], (240,))
        self.reports.itemSelectionChanged.connect(self._report_chosen)
        self.reports_empty = muted("No sponsor reports yet.", "reports_empty")
        self.preview_caption = muted(
            "What the sponsor will read, to go through with the client:", "report_preview_label"
        )
        self.report_preview = QPlainTextEdit(objectName="report_preview")
        self.report_preview.setReadOnly(True)
        self.report_preview.setFixedHeight(120)
        self.write_button = primary(QPushButton("Write report…", objectName="write_report"))
        self.write_button.clicked.connect(self.write_report)
        self.write_button.setVisible(bool(self._reporting))
        self.approve_button = QPushButton("Record approval…", objectName="record_approval")
        self.approve_button.clicked.connect(self.record_approval)
        self.discard_button = QPushButton("Discard draft", objectName="discard_report")
        self.discard_button.clicked.connect(self.discard_report)
        self.report_print, self.report_save = self._output_buttons("report", self._report_doc)
        layout.addWidget(self.reports)
        layout.addWidget(self.reports_empty)
        layout.addWidget(self.preview_caption)
        layout.addWidget(self.report_preview)
        if not self._reporting:
            layout.addWidget(muted(NO_TERMS, "reports_no_terms"))
        layout.addLayout(
            _row(
                self.write_button,
                self.approve_button,
                self.discard_button,
                self.report_print,
                self.report_save,
            )
        )
        layout.addWidget(muted(APPROVAL_REMINDER, "approval_reminder"))
        return box

    def load_reports(self, select: int | None = None) -> None:
        chosen = select if select is not None else self.selected_report_id()
        self.reports.clear()
        self._reports = {}
        for report in self._practice.sponsor_reports.for_client(self.client.id):
            self._reports[report.id] = report
            row = QTreeWidgetItem(
                [period_text(report.period_from, report.period_to), self._status(report)]
            )
            row.setData(0, ID_ROLE, report.id)
            self.reports.addTopLevelItem(row)
            if report.id == chosen:
                row.setSelected(True)
        has_any = bool(self._reports)
        self.reports.setVisible(has_any)
        self.report_preview.setVisible(has_any)
        self.preview_caption.setVisible(has_any)
        self.reports_empty.setVisible(not has_any)
        if has_any and not self.reports.selectedItems():
            self.reports.topLevelItem(0).setSelected(True)
        fit_rows(self.reports)
        self._report_chosen()

    def _status(self, report: SponsorReport) -> str:
        if report.approved_at is None:
            return "Draft: waiting for the client's approval"
        day = self._practice.bookings.local(report.approved_at).date()
        return f"Approved on {long_date(day)}"

    def selected_report_id(self) -> int | None:
        rows = self.reports.selectedItems()
        return rows[0].data(0, ID_ROLE) if rows else None

    def _selected_report(self) -> SponsorReport | None:
        chosen = self.selected_report_id()
        return self._reports.get(chosen) if chosen is not None else None

    def _report_chosen(self) -> None:
        report = self._selected_report()
        draft = report is not None and not report.is_approved
        approved = report is not None and report.is_approved
        self.approve_button.setEnabled(draft)
        self.discard_button.setEnabled(draft)
        tip = (
            "Record the client's approval first: a draft can't be released."
            if draft
            else "For the sponsor, as the client approved it."
        )
        for button in (self.report_print, self.report_save):
            button.setEnabled(approved)
            button.setToolTip(tip)
        self.report_preview.setPlainText(preview_text(report) if report else "")

    def _report_doc(self) -> Document:
        report = self._selected_report()
        assert report is not None
        return self._practice.documents.sponsor_report(report.id)

    def write_report(self) -> None:
        if not self._reporting:
            return
        reports = self._practice.sponsor_reports.for_client(self.client.id)
        newest = self._reporting[-1]
        if reports:
            start = reports[0].period_to + timedelta(days=1)  # the list is newest first
        else:
            start = newest.terms.starts_on or self._practice.today
        dialog = WriteReportDialog(self._practice, self._reporting, start, self)
        dialog.written.connect(lambda report: self._changed(lambda: self.load_reports(report.id)))
        self._open_dialog(dialog)

    def record_approval(self) -> None:
        report = self._selected_report()
        if report is None or report.is_approved:
            return
        dialog = ApprovalDialog(self._practice, report, self)
        dialog.approved.connect(lambda done: self._changed(lambda: self.load_reports(done.id)))
        self._open_dialog(dialog)

    def discard_report(self) -> None:
        report = self._selected_report()
        if report is None or report.is_approved:
            return
        if not PROMPTS.confirm(
            self,
            "Discard this draft?",
            "The draft report is deleted. Nothing has gone to the sponsor.",
            "Discard the draft",
        ):
            return
        try:
            self._practice.sponsor_reports.discard(report.id)
        except PracticeDeskError as problem:
            PROMPTS.tell_error(self, problem)
            return
        self._changed(self.load_reports)

    # --- output and dialogs -------------------------------------------------------------------

    def _output_buttons(
        self, prefix: str, make: Callable[[], Document]
    ) -> tuple[QPushButton, QPushButton]:
        printing = QPushButton("Print…", objectName=f"{prefix}_print")
        saving = QPushButton("Save as PDF…", objectName=f"{prefix}_save")
        # Looked up at each click, not bound here: one module holds the output for every screen.
        printing.clicked.connect(lambda: self._send(make, document_output.print_document))
        saving.clicked.connect(lambda: self._send(make, document_output.save_document))
        return printing, saving

    def _send(self, make: Callable[[], Document], out: Callable[..., object]) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            document = make()
        except PracticeDeskError as problem:
            QApplication.restoreOverrideCursor()
            PROMPTS.tell_error(self, problem)
            return
        QApplication.restoreOverrideCursor()
        out(self, self._practice, document)

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _changed(self, reload: Callable[[], None]) -> None:
        reload()
        self.changed.emit()


class RecordsDialog(QDialog):
    """The panel opened from a client's page."""

    def __init__(self, practice: Practice, client_id: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("records_dialog")
        self.setWindowTitle("Records")  # never the client's name
        self.setModal(True)
        self.panel = RecordsPanel(practice, client_id, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(780, 760)
