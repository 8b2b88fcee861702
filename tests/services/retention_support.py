"""Helpers for the retention tests: whole records written years ago with a planted word in
every field a client's record has, and ways to look for that word afterwards: in every column
of every table, and in every page of the database file and its WAL, decrypted with the raw key.

The retention tests start the clock on Monday 2016-01-04 at 09:00 UTC (10:00 in Berlin), write
the old records, then move the clock on by years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from practice_desk.domain.appointments import AppointmentStatus, CancelledBy
from practice_desk.domain.clients import (
    ClientDetails,
    ConsultationOutcome,
    ConsultationRecord,
)
from practice_desk.domain.contracts import (
    CoacheeProfile,
    CoachingTerms,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    GoalStatus,
    Payer,
    ReportItem,
    TherapyTerms,
)
from practice_desk.domain.invoices import BillTo
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.domain.session_notes import NoteField
from practice_desk.services.clients import DifferentPerson, PossibleDuplicate
from tests.services.calendar_support import COACHING_SESSION, THERAPY_SESSION, book, wall
from tests.services.session_support import move_clock_to

START = datetime(2016, 1, 4, 9, 0, tzinfo=UTC)  # a Monday
FIRST_MONDAY = date(2016, 1, 11)
YEARS_LATER = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday, 8 years on
BIRTH_DATE = date(1979, 5, 17)


@dataclass(frozen=True)
class OldRecord:
    client_id: int
    name: str
    first_on: date
    last_on: date


def therapy_record(
    practice,
    clock,
    marker: str,
    name: str,
    *,
    day: date = FIRST_MONDAY,
    phone: str = "+49 151 7394 2861",
):
    """A therapy client with a coaching edge, the planted word in every field: details,
    consultation, contract (goal, payer, screening), a weekly series whose second date was
    cancelled, one signed session with markers, process note, addendum and a disclosure, a paid
    invoice to the payer, a referral note, and a look-alike confirmed as a different person."""
    today = practice.today
    client = practice.clients.create(
        ClientDetails(
            name,
            legal_name=f"{marker} legal",
            date_of_birth=BIRTH_DATE,
            pronouns="she/her",
            email=f"{marker}@example.org",
            phone=phone,
            address=f"{marker} street 1",
            emergency_contact=f"{marker} emergency",
            referral_source=f"{marker} referral source",
            notes=f"{marker} client notes",
        )
    )
    practice.clients.record_consultation(
        client.id,
        ConsultationRecord(ConsultationOutcome.OFFER_THERAPY, today, f"{marker} consultation"),
    )
    terms = ContractTerms(
        ContractKind.THERAPY,
        ContractStatus.ACTIVE,
        starts_on=today,
        fee_minor=90_00,
        goals=(Goal(f"{marker} goal", GoalStatus.PROGRESSING, f"{marker} assessed"),),
        payer=Payer(True, f"{marker} payer", f"{marker} payer street"),
        therapy=TherapyTerms(coaching_edge=True, screening_reason=f"{marker} screening"),
    )
    contract = practice.contracts.create(client.id, terms)
    first, second = book(
        practice,
        THERAPY_SESSION,
        wall(day, 10),
        client.id,
        series=SeriesPlan(count=2),
        note=f"{marker} appointment note",
    )
    session = _signed_session(practice, clock, contract, first, marker)
    practice.sessions.disclose(session.id, f"{marker} disclosure reason")
    invoice = practice.invoices.issue(client.id, [first.id], bill_to=BillTo.PAYER)
    practice.invoices.mark_paid(invoice.id)
    practice.bookings.set_status(second.id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT)
    practice.clients.write_referral_note(client.id, f"{marker} colleague", f"{marker} referral")
    practice.contracts.end(contract.id)
    _look_alike(practice, name, marker)
    second_day = practice.bookings.local(second.starts_at).date()
    return OldRecord(client.id, name, today, second_day)


def coaching_record(practice, clock, marker: str, name: str, *, day: date = FIRST_MONDAY):
    """A coaching client with a sponsor, recipients, the coachee profile, one signed session
    and an approved sponsor report, the planted word everywhere."""
    today = practice.today
    client = practice.clients.create(ClientDetails(name, notes=f"{marker} client notes"))
    profile = CoacheeProfile(*(f"{marker} profile {n}" for n in range(8)))
    coaching = CoachingTerms(
        sponsor_organisation=f"{marker} sponsor",
        sponsor_contact=f"{marker} sponsor contact",
        three_way_agreed_on=today,
        reporting_scope=f"{marker} scope",
        reporting_frequency=f"{marker} monthly",
        report_recipients=(f"{marker} recipient",),
        profile=profile,
        report_items=frozenset(ReportItem),
    )
    terms = ContractTerms(
        ContractKind.COACHING,
        ContractStatus.ACTIVE,
        starts_on=today,
        goals=(Goal(f"{marker} work goal", GoalStatus.ACHIEVED, f"{marker} assessed"),),
        coaching=coaching,
    )
    contract = practice.contracts.create(client.id, terms)
    (appointment,) = book(practice, COACHING_SESSION, wall(day, 14), client.id)
    _signed_session(practice, clock, contract, appointment, marker)
    report = practice.sponsor_reports.write(contract.id, day, day, f"{marker} summary")
    practice.sponsor_reports.approve(report.id, f"{marker} approved in session")
    practice.contracts.end(contract.id)
    return OldRecord(client.id, name, today, day)


def _signed_session(practice, clock, contract, appointment, marker):
    move_clock_to(clock, appointment.starts_at)
    sessions = practice.sessions
    session = sessions.start(appointment_id=appointment.id)
    for which in NoteField:
        if session.structured or which is NoteField.WORKING_NOTES:
            sessions.save_text(session.id, which, f"{marker} {which.value}")
    sessions.link_goals(session.id, [contract.terms.goals[0].id])
    clock.advance(minutes=4)
    sessions.add_marker(session.id, MarkerKind.INSIGHT, text=f"{marker} insight")
    sessions.add_marker(
        session.id,
        MarkerKind.GOAL_PROGRESS,
        text=f"{marker} goal",
        goal_id=contract.terms.goals[0].id,
    )
    if contract.kind is ContractKind.THERAPY:
        sessions.save_process_note(session.id, f"{marker} process note")
    clock.advance(minutes=8)
    if session.structured:
        sessions.advance(session.id)
    clock.advance(minutes=30)
    sessions.add_marker(
        session.id, MarkerKind.TAKEAWAY, voice=Voice.CLIENT, text=f"{marker} takeaway"
    )
    if session.structured:
        sessions.advance(session.id)
    clock.advance(minutes=9)
    sessions.sign(session.id)
    sessions.add_addendum(session.id, f"{marker} addendum")
    clock.advance(minutes=10)
    return sessions.get(session.id)


def _look_alike(practice, name: str, marker: str) -> None:
    """Someone with the same name and birth date, confirmed a different person, with the
    planted word in the reason (the confirmation row points at the old record)."""
    details = ClientDetails(name, date_of_birth=BIRTH_DATE)
    try:
        practice.clients.create(details)
    except PossibleDuplicate:
        practice.clients.create(details, DifferentPerson(f"{marker} older sister"))
    else:
        raise AssertionError("the look-alike should have met the duplicate guard")


def jump_years_later(clock) -> None:
    move_clock_to(clock, YEARS_LATER)


def later(clock, **delta) -> None:
    clock.advance((timedelta(**delta)).total_seconds())


# --- looking for the planted word --------------------------------------------------------------


def every_row(conn, *, skip=("audit_log",)) -> dict[str, list[tuple]]:
    """Every stored row of every table, in a stable order."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        if name not in skip
    ]
    return {
        table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
        for table in tables
    }


def columns_holding(conn, needle: str) -> list[str]:
    """`table.column` for every column of every table (the schema text included) in which
    `needle` occurs in any row."""
    found = []
    tables = [
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    for table in [*tables, "sqlite_master"]:
        for column in [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]:
            (count,) = conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE instr(CAST("{column}" AS BLOB), ?) > 0',
                (needle.encode("utf-8"),),
            ).fetchone()
            if count:
                found.append(f"{table}.{column}")
    return found


def _decrypt_page(raw_key: bytes, page: bytes, reserve: int, *, first: bool) -> bytes:
    """SQLCipher 4 with a raw key: AES-256-CBC with the key itself, the IV at the start of the
    reserved bytes at the end of each page, and page 1's first 16 bytes holding the salt."""
    body = page[16 if first else 0 : len(page) - reserve]
    iv = page[len(page) - reserve : len(page) - reserve + 16]
    decryptor = Cipher(algorithms.AES(raw_key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_database(path: Path, raw_key: bytes) -> bytes:
    """Every page of the file decrypted, free and unused pages included."""
    data = path.read_bytes()
    page_size = 4096
    header = _decrypt_page(raw_key, data[:page_size], 80, first=True)
    # The plaintext of page 1 starts at byte 16 of the SQLite header: the page size is at
    # 16-17, the reserved bytes per page at 20.
    assert int.from_bytes(header[0:2], "big") == page_size, "the key did not decrypt page 1"
    reserve = header[4]
    assert reserve == 80
    assert len(data) % page_size == 0
    return b"".join(
        _decrypt_page(raw_key, data[at : at + page_size], reserve, first=at == 0)
        for at in range(0, len(data), page_size)
    )


def decrypted_wal(path: Path, raw_key: bytes) -> bytes:
    """Every frame's page in the WAL, decrypted (whether or not it was checkpointed)."""
    if not path.exists() or path.stat().st_size == 0:
        return b""
    data = path.read_bytes()
    page_size = int.from_bytes(data[8:12], "big")
    frames = []
    at = 32
    while at + 24 + page_size <= len(data):
        number = int.from_bytes(data[at : at + 4], "big")
        page = data[at + 24 : at + 24 + page_size]
        frames.append(_decrypt_page(raw_key, page, 80, first=number == 1))
        at += 24 + page_size
    return b"".join(frames)


def encodings(needle: str) -> list[bytes]:
    return [needle.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")]
