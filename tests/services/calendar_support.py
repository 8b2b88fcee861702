"""Helpers for the calendar tests: clients with contracts, and bookings in wall-clock time.

The test clock starts on Monday 2026-01-05 at 09:00 UTC, which is 10:00 in Berlin."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from practice_desk.domain.appointments import AppointmentKind, AppointmentRequest
from practice_desk.domain.clients import ClientDetails, ClientStatus
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms

CONSULTATION, THERAPY_SESSION, COACHING_SESSION, BLOCKED = AppointmentKind
BERLIN = "Europe/Berlin"
CONTRACT_START = date(2026, 1, 5)
MONDAY = date(2026, 1, 12)  # a week after the clock's start: nothing is in the past yet

# Distinct names, so the duplicate guard never stops a test (64 before they come round again).
_NAMES = itertools.cycle(
    f"{first} {last}"
    for first, last in itertools.product(
        ["Anna", "Bea", "Carl", "Dora", "Emil", "Frida", "Gustav", "Hanna"],
        ["Berg", "Lund", "Holm", "Ek", "Strand", "Dahl", "Nyberg", "Sund"],
    )
)


def wall(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in the practice's zone."""
    return datetime(day.year, day.month, day.day, hour, minute)


def new_client(practice, *, name=None, status=ClientStatus.ENQUIRY):
    return practice.clients.create(ClientDetails(name or next(_NAMES), status=status))


def contract_with_status(practice, client_id, kind, status, **terms):
    """A contract taken through the usual steps to `status`."""
    contract = practice.contracts.create(
        client_id, ContractTerms(kind, starts_on=CONTRACT_START, **terms)
    )
    steps = {
        ContractStatus.DRAFT: [],
        ContractStatus.ACTIVE: [ContractStatus.ACTIVE],
        ContractStatus.PAUSED: [ContractStatus.ACTIVE, ContractStatus.PAUSED],
        ContractStatus.ENDED: [ContractStatus.ACTIVE, ContractStatus.ENDED],
    }[status]
    for step in steps:
        if step is ContractStatus.ENDED:
            contract = practice.contracts.end(contract.id)
        else:
            contract = practice.contracts.update(
                contract.id, ContractTerms(kind, step, starts_on=CONTRACT_START, **terms)
            )
    assert contract.status is status
    return contract


def client_in(practice, kind=ContractKind.THERAPY, status=ContractStatus.ACTIVE, **terms):
    """A client with a contract of `kind` in `status`; returns (client id, contract)."""
    client = new_client(practice)
    return client.id, contract_with_status(practice, client.id, kind, status, **terms)


def request(kind, starts_at, client_id=None, minutes=50, **fields):
    return AppointmentRequest(kind, starts_at, minutes, client_id, **fields)


def book(practice, kind, starts_at, client_id=None, minutes=50, **options):
    """Book one appointment (or a series with series=...); returns what was booked."""
    fields = {key: options.pop(key) for key in ("block_reason", "note") if key in options}
    return practice.bookings.book(request(kind, starts_at, client_id, minutes, **fields), **options)


def book_one(practice, kind, starts_at, client_id=None, minutes=50, **options):
    (booked,) = book(practice, kind, starts_at, client_id, minutes, **options)
    return booked


def local_starts(practice, appointments):
    return [practice.bookings.local(item.starts_at) for item in appointments]


def local_times(practice, instants):
    """UTC instants (free slots) as the practitioner sees them."""
    return [practice.bookings.local(instant) for instant in instants]


OVERLAPPING_PAIRS_SQL = """
    SELECT a.id, b.id FROM appointments a JOIN appointments b ON a.id < b.id
    WHERE a.status IN ('booked', 'attended') AND b.status IN ('booked', 'attended')
      AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
"""


def overlapping_pairs(practice):
    """Every pair of appointments that both keep their time and overlap, straight from SQL."""
    return practice.conn.execute(OVERLAPPING_PAIRS_SQL).fetchall()
