"""Issuing an invoice and marking it paid, from a client's records.

An invoice covers attended sessions, late cancellations and missed appointments under one
contract. It goes to the client, or to the payer the contract names; a payer reads dates and
fees only, so the dialog says what they will see before the invoice is issued.

The small pieces every records screen shares (the lists, date fields, forms that tell their
problems) live here too, below the records panel so that nothing imports in a circle.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import Contract, ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.invoices import BillTo, Invoice
from practice_desk.domain.money import format_fee
from practice_desk.services.invoices import Billable
from practice_desk.services.practice import Practice
from practice_desk.ui.client_view import long_date
from practice_desk.ui.form_dialog import FormDialog
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.qt_dates import pydate, qdate
from practice_desk.ui.style import muted

APPOINTMENT_ROLE = Qt.ItemDataRole.UserRole
# The app's stylesheet dresses QTableViews; these lists are tree widgets, so they get the same
# look here.
LIST_STYLE = """
QTreeWidget {
    background: white; alternate-background-color: #f7f9f8; border: 1px solid #e4e7eb;
    border-radius: 8px; selection-background-color: #d8e8e7; selection-color: #1f2933;
}
QTreeWidget::item { padding: 3px 2px; }
"""

SHOWN_ROWS = 5  # longer lists scroll: the other sections stay in sight


def record_list(name: str, headers: list[str], widths: tuple[int, ...]) -> QTreeWidget:
    """A read-only list with columns, one row chosen at a time, as in the records panel."""
    table = QTreeWidget(objectName=name)
    table.setHeaderLabels(headers)
    table.setRootIsDecorated(False)
    table.setUniformRowHeights(True)
    table.setAlternatingRowColors(True)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setStyleSheet(LIST_STYLE)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def fit_rows(table: QTreeWidget, shown: int = SHOWN_ROWS) -> None:
    """As tall as its rows, up to `shown`, so two invoices don't sit in a tall empty box."""
    count = table.topLevelItemCount()
    if not count:
        return
    row = table.visualItemRect(table.topLevelItem(0)).height() or table.fontMetrics().height() + 8
    header = table.header().sizeHint().height()
    table.setFixedHeight(header + row * min(count, shown) + 2 * table.frameWidth() + 4)


def day_text(day: date) -> str:
    return f"{day.strftime('%a')} {long_date(day)}"


def date_edit(name: str, day: date, *, latest: date | None = None) -> QDateEdit:
    edit = QDateEdit(objectName=name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    if latest is not None:
        edit.setMaximumDate(qdate(latest))
    edit.setDate(qdate(day))
    return edit


class TellingFormDialog(FormDialog):
    """A form whose problems are told in a message, as everywhere in the records: the
    practitioner reads one plain sentence, and the field at fault is outlined behind it."""

    def show_error(self, problem: PracticeDeskError) -> None:
        super().show_error(problem)
        self.error.hide()
        PROMPTS.tell_error(self, problem)

    def fit_width(self, width: int) -> None:
        """Take `width` and as much height as the wrapped texts need at that width: a plain
        resize(width, 0) lets the wrapped paragraphs overlap the fields below them."""
        self.setMinimumWidth(width)
        layout = self.layout()
        layout.activate()
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, max(height, layout.sizeHint().height()))


class NewInvoiceDialog(TellingFormDialog):
    issued = Signal(object)  # Invoice

    def __init__(
        self,
        practice: Practice,
        client_id: int,
        billable: list[Billable],
        parent: QWidget | None,
    ) -> None:
        super().__init__("New invoice", parent, save_label="Issue invoice")
        self.setObjectName("new_invoice_dialog")
        self._practice = practice
        self._client_id = client_id
        self._contracts: dict[int, Contract] = {
            contract.id: contract for contract in practice.contracts.for_client(client_id)
        }
        self._billable = {item.appointment.id: item for item in billable}

        self.lines = QTreeWidget(objectName="billable_list")
        self.lines.setHeaderLabels(["Date", "Service", "Fee"])
        self.lines.setRootIsDecorated(False)
        self.lines.setAlternatingRowColors(True)
        self.lines.setStyleSheet(LIST_STYLE)
        self._fill(billable)
        self.lines.itemChanged.connect(lambda *_: self._update())

        self.total = muted("", "invoice_total")
        self.bill_to_box = QWidget(objectName="bill_to_box")
        self.to_client = QRadioButton(BillTo.CLIENT.label, objectName="bill_to_client")
        self.to_payer = QRadioButton(BillTo.PAYER.label, objectName="bill_to_payer")
        self.to_client.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.to_client)
        group.addButton(self.to_payer)
        self.payer_note = muted("", "payer_note")
        column = QVBoxLayout(self.bill_to_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.to_client)
        column.addWidget(self.to_payer)
        column.addWidget(self.payer_note)
        self.issued_on = date_edit("invoice_date", practice.today, latest=practice.today)

        form = QFormLayout()
        form.addRow("Invoice date", self.issued_on)
        form.addRow("Bill to", self.bill_to_box)
        self._bill_to_row = form
        self.body.addWidget(
            muted(
                "Tick what this invoice covers. One invoice covers one contract; each "
                "appointment can be invoiced once.",
                "invoice_intro",
            )
        )
        self.body.addWidget(self.lines, 1)
        self.body.addWidget(self.total)
        self.body.addLayout(form)
        self.fields = {"billable": self.lines, "issued_on": self.issued_on}
        self.resize(600, 480)
        self._update()

    def _fill(self, billable: list[Billable]) -> None:
        newest = max((item.appointment.contract_id for item in billable), default=None)
        for item in billable:
            contract = self._contracts[item.appointment.contract_id]
            row = QTreeWidgetItem(
                [
                    day_text(item.line.service_on),
                    item.line.service.label(contract.kind),
                    format_fee(item.line.fee_minor, contract.terms.currency),
                ]
            )
            row.setData(0, APPOINTMENT_ROLE, item.appointment.id)
            row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            # The newest contract's appointments are the ones usually billed next.
            checked = item.appointment.contract_id == newest
            row.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.lines.addTopLevelItem(row)
        for column, width in enumerate((170, 230)):
            self.lines.setColumnWidth(column, width)

    # --- what is ticked -----------------------------------------------------------------------

    def checked_ids(self) -> list[int]:
        return [
            self.lines.topLevelItem(index).data(0, APPOINTMENT_ROLE)
            for index in range(self.lines.topLevelItemCount())
            if self.lines.topLevelItem(index).checkState(0) == Qt.CheckState.Checked
        ]

    def set_checked(self, appointment_ids: list[int]) -> None:
        wanted = set(appointment_ids)
        for index in range(self.lines.topLevelItemCount()):
            row = self.lines.topLevelItem(index)
            state = row.data(0, APPOINTMENT_ROLE) in wanted
            row.setCheckState(0, Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def _chosen_contract(self) -> Contract | None:
        ids = {self._billable[i].appointment.contract_id for i in self.checked_ids()}
        return self._contracts[ids.pop()] if len(ids) == 1 else None

    def _update(self) -> None:
        chosen = [self._billable[i] for i in self.checked_ids()]
        contract = self._chosen_contract()
        if not chosen:
            self.total.setText("Nothing ticked yet.")
        elif contract is None:
            self.total.setText("These appointments belong to different contracts.")
        else:
            total = sum(item.line.fee_minor for item in chosen)
            count = f"{len(chosen)} appointment{'' if len(chosen) == 1 else 's'}"
            self.total.setText(f"{count} · total {format_fee(total, contract.terms.currency)}")
        payer = contract.terms.payer if contract is not None else None
        offered = payer is not None and payer.third_party
        self.bill_to_box.setVisible(offered)
        self._bill_to_row.labelForField(self.bill_to_box).setVisible(offered)
        if not offered:
            self.to_client.setChecked(True)
            return
        assert contract is not None and payer is not None
        self.to_payer.setText(f"{BillTo.PAYER.label}: {payer.name}")
        neutral = contract.kind is ContractKind.THERAPY
        self.payer_note.setText(
            "The payer reads dates and fees only; the service is named “Professional services”."
            if neutral
            else "The payer reads dates, the service and fees only."
        )

    @property
    def bill_to(self) -> BillTo:
        return BillTo.PAYER if self.to_payer.isChecked() else BillTo.CLIENT

    def save(self) -> None:
        ids = self.checked_ids()
        if not ids:
            self.show_error(
                FieldInvalid("billable", "Please tick at least one appointment to invoice.")
            )
            return
        invoice = self.attempt(
            lambda: self._practice.invoices.issue(
                self._client_id,
                ids,
                bill_to=self.bill_to,
                issued_on=pydate(self.issued_on.date()),
            )
        )
        if invoice is not None:
            self.issued.emit(invoice)
            self.accept()


class MarkPaidDialog(TellingFormDialog):
    paid = Signal(object)  # Invoice

    def __init__(self, practice: Practice, invoice: Invoice, parent: QWidget | None) -> None:
        super().__init__("Mark as paid", parent, save_label="Mark paid")
        self.setObjectName("mark_paid_dialog")
        self._practice = practice
        self._invoice = invoice
        self.paid_on = date_edit("paid_on", practice.today, latest=practice.today)
        form = QFormLayout()
        form.addRow("Paid on", self.paid_on)
        total = format_fee(invoice.total_minor, invoice.currency)
        self.body.addWidget(
            muted(
                f"Invoice {invoice.number} of {long_date(invoice.issued_on)}, {total}. Once "
                "it is marked paid, it prints and saves as a receipt.",
                "mark_paid_intro",
            )
        )
        self.body.addLayout(form)
        self.fields = {"paid_on": self.paid_on}
        self.fit_width(460)

    def save(self) -> None:
        invoice = self.attempt(
            lambda: self._practice.invoices.mark_paid(self._invoice.id, pydate(self.paid_on.date()))
        )
        if invoice is not None:
            self.paid.emit(invoice)
            self.accept()
