"""Random sequences of booking, moving, cancelling, reinstating and deleting never leave two
appointments that keep their time overlapping, never trip the database's own guard (the app
explains every refusal first), and a refusal changes nothing but the audit trail.

One practice is opened per test (with one client in therapy); every example starts from an
empty calendar, in the weeks around the spring change of clocks."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from practice_desk.domain.appointments import AppointmentStatus, CancelledBy
from practice_desk.domain.booking_rules import OverlapRefused, StatusChangeRefused
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.practice_time import TimeDoesNotExist
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.services.bookings import Scope, SeriesConflicts
from tests.services.calendar_support import (
    BLOCKED,
    THERAPY_SESSION,
    client_in,
    overlapping_pairs,
    request,
    wall,
)
from tests.services.conftest import audit_entries, row_counts

FIRST_WEEK = date(2026, 3, 16)  # the clocks go forward on Sunday 29 March

PICK = st.integers(0, 50)
DAY = st.sampled_from([0, 1, 7, 13, 14])  # Mondays a week apart, a Tuesday, a Sunday
START = st.tuples(st.sampled_from([2, 10, 11]), st.sampled_from([0, 30, 55]))
LENGTH = st.sampled_from([10, 30, 50, 90, 240])
OPERATIONS = st.one_of(
    st.tuples(st.just("book"), st.booleans(), DAY, START, LENGTH, st.sampled_from([None, 2, 3])),
    st.tuples(st.just("move"), PICK, DAY, START, LENGTH, st.sampled_from(list(Scope))),
    st.tuples(st.just("cancel"), PICK, st.sampled_from(list(CancelledBy))),
    st.tuples(st.just("reinstate"), PICK),
    st.tuples(st.just("delete"), PICK, st.sampled_from(list(Scope))),
)
RULE_REFUSALS = (OverlapRefused, SeriesConflicts, StatusChangeRefused)


class Run:
    def __init__(self, practice, client_id):
        self.practice = practice
        self.bookings = practice.bookings
        self.client_id = client_id
        self.ids = []
        practice.conn.execute("DELETE FROM appointments")
        practice.conn.execute("DELETE FROM appointment_series")

    def at(self, day, start):
        return wall(FIRST_WEEK + timedelta(days=day), *start)

    def pick(self, number):
        return self.ids[number % len(self.ids)] if self.ids else None

    def attempt(self, action, *args, **kwargs):
        """Run `action`; a refusal must be one the app explains, and change nothing else."""
        before = row_counts(self.practice)
        try:
            result = action(*args, **kwargs)
        except RULE_REFUSALS as refusal:
            event(f"refused: {type(refusal).__name__}")
            assert row_counts(self.practice) == {**before, "audit_log": before["audit_log"] + 1}
            assert audit_entries(self.practice)[-1].action == "refused"
            return None
        except TimeDoesNotExist:
            event("refused: the skipped hour")
            assert row_counts(self.practice) == before
            return None
        event(f"done: {action.__name__}")
        return result

    def book(self, is_session, day, start, minutes, count):
        kind, client = (THERAPY_SESSION, self.client_id) if is_session else (BLOCKED, None)
        series = SeriesPlan(count=count) if count else None
        booked = self.attempt(
            self.bookings.book,
            request(kind, self.at(day, start), client, minutes),
            series=series,
            confirmed=True,
        )
        self.ids += [item.id for item in booked or ()]

    def move(self, pick, day, start, minutes, scope):
        appointment_id = self.pick(pick)
        if appointment_id is not None:
            self.attempt(
                self.bookings.move,
                appointment_id,
                self.at(day, start),
                minutes,
                scope=scope,
                confirmed=True,
            )

    def cancel(self, pick, by):
        appointment_id = self.pick(pick)
        if appointment_id is not None:
            self.attempt(
                self.bookings.set_status, appointment_id, AppointmentStatus.CANCELLED, by=by
            )

    def reinstate(self, pick):
        appointment_id = self.pick(pick)
        if appointment_id is not None:
            self.attempt(self.bookings.set_status, appointment_id, AppointmentStatus.BOOKED)

    def delete(self, pick, scope):
        appointment_id = self.pick(pick)
        if appointment_id is not None:
            deleted = self.attempt(self.bookings.delete, appointment_id, scope=scope)
            self.ids = [item for item in self.ids if item not in (deleted or ())]

    def check_invariants(self):
        assert overlapping_pairs(self.practice) == []
        for appointment_id in self.ids:
            item = self.bookings.get(appointment_id)
            assert item.ends_at > item.starts_at
            assert (item.cancelled_by is None) is (not item.status.is_cancellation)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def therapy_client(practice):
    client_id, _ = client_in(practice, ContractKind.THERAPY)
    return client_id


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, min_size=3, max_size=25))
def test_random_bookings_never_overlap(practice, therapy_client, operations):
    run = Run(practice, therapy_client)
    for name, *arguments in operations:
        getattr(run, name)(*arguments)
        run.check_invariants()
    assert practice.audit.verify().intact


def test_the_overlap_check_would_see_an_overlap(practice):
    """The invariant's SQL finds what the triggers would never let in."""
    practice.conn.execute("DROP TRIGGER appointments_no_overlap_insert")
    for uid in ("a" * 32, "b" * 32):
        practice.conn.execute(
            "INSERT INTO appointments (uid, kind, block_reason, starts_at, ends_at, time_zone, "
            "created_at, updated_at) VALUES (?, 'blocked', 'other', '2026-03-16T09:00:00Z', "
            "'2026-03-16T09:50:00Z', 'UTC', 'now', 'now')",
            (uid,),
        )
    assert len(overlapping_pairs(practice)) == 1
