"""Invoices and receipts: what was charged, to whom, and when it was paid.

An issued invoice is final: its number, lines and fees never change. Paying it adds the day
it was paid, which turns the same document into a receipt.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from practice_desk.domain.appointments import AppointmentStatus
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError


class BillTo(enum.Enum):
    CLIENT = "client"
    PAYER = "payer"

    @property
    def label(self) -> str:
        return "The client" if self is BillTo.CLIENT else "The payer"


class LineService(enum.Enum):
    SESSION = "session"
    LATE_CANCELLATION = "late_cancellation"
    NO_SHOW = "no_show"

    def label(self, kind: ContractKind | None) -> str:
        """`kind` None asks for the neutral wording a payer of therapy receives."""
        if self is LineService.SESSION:
            return {
                ContractKind.THERAPY: "Psychotherapy session",
                ContractKind.COACHING: "Coaching session",
                None: "Professional services",
            }[kind]
        if kind is None:
            return "Professional services (reserved time)"
        return (
            "Late cancellation" if self is LineService.LATE_CANCELLATION else "Missed appointment"
        )


BILLABLE = {
    AppointmentStatus.ATTENDED: LineService.SESSION,
    AppointmentStatus.LATE_CANCELLED: LineService.LATE_CANCELLATION,
    AppointmentStatus.NO_SHOW: LineService.NO_SHOW,
}


@dataclass(frozen=True)
class InvoiceLine:
    appointment_id: int
    service_on: date
    service: LineService
    fee_minor: int


@dataclass(frozen=True)
class Invoice:
    id: int
    number: str
    client_id: int
    contract_id: int
    bill_to: BillTo
    bill_to_name: str
    bill_to_address: str
    issued_on: date
    currency: str
    lines: tuple[InvoiceLine, ...]
    paid_on: date | None = None

    @property
    def total_minor(self) -> int:
        return sum(line.fee_minor for line in self.lines)

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


def invoice_number(year: int, sequence: int) -> str:
    """'2026-0007': numbered without gaps within each year, as tax offices expect."""
    return f"{year}-{sequence:04d}"


class InvoiceRefused(PracticeDeskError):
    title = "The invoice can't be made"
