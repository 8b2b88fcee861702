"""Marking appointments: attended, cancelled (by whom, when), cancelled late, did not attend;
the corrections allowed, and what stays part of the record."""

from datetime import timedelta

import pytest

from practice_desk.domain.appointments import AppointmentStatus, CancelledBy
from practice_desk.domain.booking_rules import StatusChangeRefused
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.fields import FieldInvalid
from practice_desk.services.bookings import Scope
from tests.services.calendar_support import (
    BLOCKED,
    MONDAY,
    THERAPY_SESSION,
    book_one,
    client_in,
    wall,
)
from tests.services.conftest import audit_entries, row_counts

BOOKED, ATTENDED, CANCELLED, LATE, NO_SHOW = AppointmentStatus
CLIENT, PRACTITIONER = CancelledBy
ALLOWED = {
    (BOOKED, ATTENDED),
    (BOOKED, CANCELLED),
    (BOOKED, LATE),
    (BOOKED, NO_SHOW),
    (ATTENDED, BOOKED),
    (CANCELLED, BOOKED),
    (LATE, BOOKED),
    (LATE, CANCELLED),
    (NO_SHOW, BOOKED),
    (NO_SHOW, ATTENDED),
}
MINUTES_TO_MONDAY_TEN = 7 * 24 * 60  # the clock starts on Monday 5 January at 10:00 Berlin


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def session(practice):
    """A therapy session on Monday 12 January, 10:00 to 10:50 in Berlin."""
    client_id, _ = client_in(practice, ContractKind.THERAPY)
    return book_one(practice, THERAPY_SESSION, wall(MONDAY, 10), client_id)


@pytest.fixture
def started(clock, session):
    """The session, five minutes after it began."""
    clock.advance(minutes=MINUTES_TO_MONDAY_TEN + 5)
    return session


def mark(practice, appointment, status):
    by = CLIENT if status.is_cancellation else None
    return practice.bookings.set_status(appointment.id, status, by=by)


PAIRS = [(old, new) for old in AppointmentStatus for new in AppointmentStatus if old is not new]


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=lambda status: status.value)
def test_the_status_matrix(practice, started, old, new):
    current = mark(practice, started, old) if old is not BOOKED else started
    before = row_counts(practice)
    if (old, new) in ALLOWED:
        changed = mark(practice, current, new)
        assert changed.status is new
        assert practice.bookings.get(started.id) == changed
        last = audit_entries(practice)[-1]
        assert (last.action, last.object_id, last.detail) == (
            "appointment_status",
            started.id,
            f"{old.value}->{new.value}",
        )
    else:
        with pytest.raises(StatusChangeRefused) as caught:
            mark(practice, current, new)
        assert f"“{old.label}” can't become “{new.label}”" in str(caught.value)
        assert practice.bookings.get(started.id) == current
        last = audit_entries(practice)[-1]
        assert (last.action, last.detail, last.object_id) == (
            "refused",
            "booking_status",
            started.id,
        )
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}


def test_marking_the_same_status_again_changes_nothing(practice, started):
    attended = mark(practice, started, ATTENDED)
    before = row_counts(practice)
    assert mark(practice, attended, ATTENDED) == attended
    assert row_counts(practice) == before


@pytest.mark.parametrize("status", [ATTENDED, NO_SHOW])
def test_attendance_is_recorded_only_once_the_appointment_has_begun(
    practice, clock, session, status
):
    clock.advance(minutes=MINUTES_TO_MONDAY_TEN - 1)  # 09:59
    assert not practice.bookings.has_begun(session)
    before = row_counts(practice)
    with pytest.raises(StatusChangeRefused) as caught:
        mark(practice, session, status)
    assert "once the appointment has begun" in str(caught.value)
    assert practice.bookings.get(session.id).status is BOOKED
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    clock.advance(minutes=1)  # 10:00
    assert practice.bookings.has_begun(session)
    assert mark(practice, session, status).status is status


@pytest.mark.parametrize(
    ("status", "by"), [(CANCELLED, CLIENT), (CANCELLED, PRACTITIONER), (LATE, CLIENT)]
)
def test_a_cancellation_records_who_cancelled_and_when(practice, clock, session, status, by):
    clock.advance(minutes=90)
    cancelled = practice.bookings.set_status(session.id, status, by=by)
    assert (cancelled.status, cancelled.cancelled_by, cancelled.cancelled_at) == (
        status,
        by,
        clock.now(),
    )
    assert practice.bookings.get(session.id) == cancelled
    back = practice.bookings.set_status(session.id, BOOKED)
    assert (back.cancelled_by, back.cancelled_at) == (None, None)


def test_a_late_cancellation_is_only_ever_the_clients(practice, session):
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        practice.bookings.set_status(session.id, LATE, by=PRACTITIONER)
    assert caught.value.field == "cancelled_by"
    assert "when you cancel, it's in time" in str(caught.value)
    assert practice.bookings.get(session.id) == session
    assert row_counts(practice) == before


@pytest.mark.parametrize("status", [CANCELLED, LATE])
def test_a_cancellation_needs_to_say_who_cancelled(practice, session, status):
    with pytest.raises(FieldInvalid) as caught:
        practice.bookings.set_status(session.id, status)
    assert caught.value.field == "cancelled_by"
    assert practice.bookings.get(session.id).status is BOOKED


def test_correcting_a_late_cancellation_keeps_when_the_client_cancelled(practice, clock, session):
    clock.advance(minutes=60)
    late = practice.bookings.set_status(session.id, LATE, by=CLIENT)
    clock.advance(minutes=3 * 24 * 60)  # the slip is noticed three days later
    corrected = practice.bookings.set_status(session.id, CANCELLED, by=CLIENT)
    assert (corrected.status, corrected.cancelled_by) == (CANCELLED, CLIENT)
    assert corrected.cancelled_at == late.cancelled_at


@pytest.mark.parametrize("status", list(AppointmentStatus), ids=lambda s: s.value)
def test_blocked_time_has_no_statuses(practice, clock, status):
    block = book_one(practice, BLOCKED, wall(MONDAY, 12), minutes=60)
    clock.advance(minutes=MINUTES_TO_MONDAY_TEN + 180)
    before = row_counts(practice)
    with pytest.raises(StatusChangeRefused) as caught:
        practice.bookings.set_status(block.id, status, by=PRACTITIONER)
    assert "Blocked time has no attendance" in str(caught.value)
    assert practice.bookings.get(block.id) == block
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail, last.object_type, last.object_id, last.client_id) == (
        "refused",
        "booking_status",
        "appointment",
        block.id,
        None,
    )
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}


@pytest.mark.parametrize("status", [ATTENDED, CANCELLED, LATE, NO_SHOW], ids=lambda s: s.value)
def test_only_a_booked_appointment_can_be_deleted_or_moved(practice, started, status):
    marked = mark(practice, started, status)
    before = row_counts(practice)
    with pytest.raises(StatusChangeRefused) as caught:
        practice.bookings.delete(started.id)
    assert "part of the record" in str(caught.value)
    with pytest.raises(StatusChangeRefused) as caught:
        practice.bookings.delete(started.id, scope=Scope.REST)
    with pytest.raises(StatusChangeRefused) as caught:
        practice.bookings.move(started.id, wall(MONDAY, 15), 50, confirmed=True)
    assert "stays where it was" in str(caught.value)
    assert practice.bookings.get(started.id) == marked
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 3}
    assert {e.detail for e in audit_entries(practice)[-3:]} == {"booking_status"}


def test_a_booked_appointment_is_deleted_and_its_time_freed(practice, session):
    assert practice.bookings.delete(session.id) == [session.id]
    assert practice.bookings.on_days(MONDAY, 1) == []
    last = audit_entries(practice)[-1]
    assert (last.action, last.object_id, last.detail) == ("appointment_deleted", session.id, "one")
    slots = practice.bookings.next_free_slots(50, after=session.starts_at - timedelta(minutes=1))
    assert slots[0] == session.starts_at
