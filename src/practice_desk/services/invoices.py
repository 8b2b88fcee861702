"""Invoices: billing attended sessions (and late cancellations) once each, numbered without
gaps, addressed to the client or to the contract's third-party payer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import past_or_today
from practice_desk.domain.invoices import (
    BILLABLE,
    BillTo,
    Invoice,
    InvoiceLine,
    InvoiceRefused,
    invoice_number,
)
from practice_desk.domain.practice_time import stamp, to_local
from practice_desk.storage import invoice_store
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.domain.appointments import Appointment
    from practice_desk.services.practice import Practice


class InvoiceNotFound(PracticeDeskError):
    title = "Invoice not found"

    def __init__(self) -> None:
        super().__init__("That invoice is no longer in the practice.")


@dataclass(frozen=True)
class Billable:
    """An appointment that can go on an invoice: its day in practice time and its fee."""

    appointment: Appointment
    line: InvoiceLine


class Invoices:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    def get(self, invoice_id: int) -> Invoice:
        invoice = invoice_store.read_invoice(self._practice.conn, invoice_id)
        if invoice is None:
            raise InvoiceNotFound()
        return invoice

    def for_client(self, client_id: int) -> list[Invoice]:
        return invoice_store.for_client(self._practice.conn, client_id)

    def billable(self, client_id: int) -> list[Billable]:
        """Attended sessions, late cancellations and missed appointments under a contract that
        are on no invoice yet, oldest first, each at its contract's fee."""
        done = invoice_store.invoiced_appointments(self._practice.conn, client_id)
        tz = self._practice.bookings.settings.tz
        fees = {
            contract.id: contract.terms.fee_minor
            for contract in self._practice.contracts.for_client(client_id)
        }
        found = []
        for appointment in self._practice.bookings.for_client(client_id):
            service = BILLABLE.get(appointment.status)
            if service is None or appointment.id in done or appointment.contract_id not in fees:
                continue
            day = to_local(appointment.starts_at, tz).date()
            line = InvoiceLine(appointment.id, day, service, fees[appointment.contract_id])
            found.append(Billable(appointment, line))
        found.sort(key=lambda item: (item.appointment.starts_at, item.appointment.id))
        return found

    def issue(
        self,
        client_id: int,
        appointment_ids: Iterable[int],
        *,
        bill_to: BillTo = BillTo.CLIENT,
        issued_on: date | None = None,
    ) -> Invoice:
        """Issue one invoice for the chosen appointments, all under one contract."""
        today = self._practice.today
        issued = past_or_today("issued_on", "The invoice date", issued_on or today, today)
        assert issued is not None
        wanted = set(appointment_ids)
        chosen = [item for item in self.billable(client_id) if item.appointment.id in wanted]
        if not wanted or len(chosen) != len(wanted):
            raise InvoiceRefused(
                "Some of these appointments can't be invoiced.",
                "Only attended sessions, late cancellations and missed appointments that are "
                "on no other invoice can be.",
            )
        contract_ids = {item.appointment.contract_id for item in chosen}
        if len(contract_ids) != 1:
            raise InvoiceRefused(
                "An invoice covers one contract.", "Make one invoice for each contract."
            )
        contract = self._practice.contracts.get(contract_ids.pop())
        client = self._practice.clients.get(client_id)
        if bill_to is BillTo.PAYER:
            payer = contract.terms.payer
            if not payer.third_party:
                raise InvoiceRefused(
                    "This contract names no third-party payer.",
                    "Add the payer to the contract first, or address the invoice to the client.",
                )
            name, address = payer.name, payer.address
        else:
            name = client.details.legal_name or client.details.display_name
            address = client.details.address
        conn = self._practice.conn
        with transaction(conn):
            number = invoice_number(issued.year, invoice_store.next_sequence(conn, issued.year))
            draft = Invoice(
                id=0,
                number=number,
                client_id=client_id,
                contract_id=contract.id,
                bill_to=bill_to,
                bill_to_name=name,
                bill_to_address=address,
                issued_on=issued,
                currency=contract.terms.currency,
                lines=tuple(item.line for item in chosen),
            )
            invoice_id = invoice_store.insert_invoice(conn, draft, self._now())
            self._audit(AuditAction.INVOICE_ISSUED, invoice_id, client_id, bill_to.value)
        return self.get(invoice_id)

    def mark_paid(self, invoice_id: int, paid_on: date | None = None) -> Invoice:
        invoice = self.get(invoice_id)
        today = self._practice.today
        paid = past_or_today("paid_on", "The day it was paid", paid_on or today, today)
        assert paid is not None
        if invoice.is_paid:
            raise InvoiceRefused("This invoice is already marked as paid.")
        if paid < invoice.issued_on:
            raise InvoiceRefused(
                "An invoice can't be paid before the day it was issued.",
                "Please check the date.",
            )
        with transaction(self._practice.conn):
            invoice_store.mark_paid(self._practice.conn, invoice_id, paid)
            self._audit(AuditAction.INVOICE_PAID, invoice_id, invoice.client_id, "")
        return self.get(invoice_id)

    def _audit(self, action: AuditAction, invoice_id: int, client_id: int, detail: str) -> None:
        self._practice.audit.record(
            action, object_type="invoice", object_id=invoice_id, client_id=client_id, detail=detail
        )

    def _now(self) -> str:
        return stamp(self._practice.clock.now())
