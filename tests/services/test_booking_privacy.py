"""Client names and appointment notes never reach the audit trail, an error message (which
may end up in a log), or the disk in readable form."""

from dataclasses import replace
from datetime import timedelta

import pytest

from practice_desk.domain.appointments import AppointmentStatus, CancelledBy
from practice_desk.domain.clients import ClientDetails, ClientStatus
from practice_desk.domain.contracts import ContractKind, ContractStatus
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.services.bookings import Scope
from tests.services.calendar_support import (
    BLOCKED,
    COACHING_SESSION,
    CONSULTATION,
    MONDAY,
    THERAPY_SESSION,
    book,
    book_one,
    contract_with_status,
    wall,
)
from tests.services.test_privacy import MARKER, leaks

WEEK = timedelta(weeks=1)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


def marked_client(practice, name, status=ClientStatus.ENQUIRY):
    details = ClientDetails(f"{name} {MARKER}", notes=f"Private {MARKER}", status=status)
    return practice.clients.create(details).id


class Refusals:
    """Runs what must be refused and keeps every exception for inspection."""

    def __init__(self):
        self.caught = []

    def expect(self, action, *args, **kwargs):
        with pytest.raises(Exception) as caught:
            action(*args, **kwargs)
        self.caught.append(caught.value)
        return caught.value


def test_names_and_notes_stay_out_of_the_trail_and_the_messages(practice, clock):
    refusals = Refusals()
    note = f"Talked about {MARKER}\nsecond line {MARKER}"
    newcomer = marked_client(practice, "Anna")
    anna = marked_client(practice, "Bea")
    contract_with_status(practice, anna, ContractKind.THERAPY, ContractStatus.ACTIVE)
    closed = marked_client(practice, "Carl", ClientStatus.CLOSED)
    paused = marked_client(practice, "Dora")
    contract_with_status(practice, paused, ContractKind.COACHING, ContractStatus.PAUSED)

    consultation = book_one(practice, CONSULTATION, wall(MONDAY, 9), newcomer, note=note)
    series = book(
        practice, THERAPY_SESSION, wall(MONDAY, 11), anna, note=note, series=SeriesPlan(count=4)
    )
    assert MARKER in consultation.client_name and consultation.note == note

    # every kind of refusal, each with marked names and notes in play
    overlap = refusals.expect(book, practice, THERAPY_SESSION, wall(MONDAY, 9, 30), anna, note=note)
    assert overlap.conflict.id == consultation.id
    refusals.expect(
        book, practice, BLOCKED, wall(MONDAY, 11), minutes=30, note=note, series=SeriesPlan(count=3)
    )
    refusals.expect(book, practice, CONSULTATION, wall(MONDAY, 14), anna, note=note)
    refusals.expect(book, practice, COACHING_SESSION, wall(MONDAY, 14), anna, note=note)
    refusals.expect(book, practice, COACHING_SESSION, wall(MONDAY, 14), paused, note=note)
    refusals.expect(book, practice, CONSULTATION, wall(MONDAY, 14), closed, note=note)
    refusals.expect(book, practice, THERAPY_SESSION, wall(MONDAY, 11, 55), anna, note=note)
    refusals.expect(book, practice, THERAPY_SESSION, wall(MONDAY, 14), anna, note=note * 200)
    refusals.expect(practice.bookings.move, series[1].id, wall(MONDAY, 9, 10), 50, note=note)
    refusals.expect(practice.bookings.set_status, consultation.id, AppointmentStatus.ATTENDED)
    refusals.expect(
        practice.bookings.set_status,
        consultation.id,
        AppointmentStatus.LATE_CANCELLED,
        by=CancelledBy.PRACTITIONER,
    )

    # and the everyday changes
    practice.bookings.move(series[1].id, wall(MONDAY + WEEK, 12), 50, note=note, scope=Scope.REST)
    practice.bookings.set_status(
        consultation.id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT
    )
    refusals.expect(practice.bookings.delete, consultation.id)
    practice.bookings.delete(series[3].id)
    clock.advance(minutes=8 * 24 * 60)
    practice.bookings.set_status(series[0].id, AppointmentStatus.ATTENDED)
    refusals.expect(
        practice.bookings.set_status,
        series[0].id,
        AppointmentStatus.CANCELLED,
        by=CancelledBy.CLIENT,
    )
    details = practice.clients.get(anna).details
    practice.clients.update(anna, replace(details, status=ClientStatus.CLOSED))
    refusals.expect(practice.bookings.move, series[2].id, wall(MONDAY + 2 * WEEK, 9), 50)

    assert [type(error).__name__ for error in refusals.caught] == [
        "OverlapRefused",
        "SeriesConflicts",
        "ConsultationAfterContractRefused",
        "SessionNeedsContractRefused",
        "SessionNeedsContractRefused",
        "ClientClosedRefused",
        "NeedsConfirmation",
        "FieldInvalid",
        "OverlapRefused",
        "StatusChangeRefused",
        "FieldInvalid",
        "StatusChangeRefused",
        "StatusChangeRefused",
        "ClientClosedRefused",
    ]
    for error in refusals.caught:
        texts = [str(error), *map(str, error.args)]
        if isinstance(error, PracticeDeskError):
            texts += [error.message, error.advice]
        for text in texts:
            assert MARKER.casefold() not in text.casefold(), type(error).__name__

    rows = practice.conn.execute("SELECT * FROM audit_log").fetchall()
    assert len(rows) > 20
    for row in rows:
        for value in row:
            assert MARKER.casefold() not in str(value).casefold()
    refused = [e for e in practice.audit.find() if e.action == "refused"]
    assert len(refused) == 11  # all but the two field errors and the question
    assert practice.audit.verify().intact


def test_appointment_notes_are_not_readable_on_disk(practice, files):
    client = marked_client(practice, "Anna")
    book(practice, CONSULTATION, wall(MONDAY, 9), client, note=f"Notes {MARKER}")
    assert leaks(files.home) == []
    practice.close()
    assert leaks(files.home) == []
