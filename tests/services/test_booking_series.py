"""Weekly series: booked whole or not at all, every collision named, skipped dates left out;
moving or deleting one appointment or the rest of the series."""

from datetime import date, timedelta

import pytest

from practice_desk.domain.appointments import AppointmentStatus, CancelledBy
from practice_desk.domain.booking_rules import (
    BookingWarning,
    Caution,
    NeedsConfirmation,
    OverlapRefused,
)
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.services.bookings import Scope, SeriesConflicts
from tests.services.calendar_support import (
    BLOCKED,
    MONDAY,
    THERAPY_SESSION,
    book,
    book_one,
    client_in,
    local_starts,
    wall,
)
from tests.services.conftest import audit_entries, row_counts

WEEK = timedelta(weeks=1)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def anna(practice):
    client_id, _ = client_in(practice, ContractKind.THERAPY)
    return client_id


def mondays(count, hour=10, minute=0, every=1):
    return [wall(MONDAY + every * week * WEEK, hour, minute) for week in range(count)]


def weekly(practice, client_id, count=5, **options):
    return book(
        practice,
        THERAPY_SESSION,
        wall(MONDAY, 10),
        client_id,
        series=SeriesPlan(count=count),
        **options,
    )


def test_a_counted_series_is_booked_at_the_same_time_every_week(practice, anna):
    booked = weekly(practice, anna, count=6)
    assert local_starts(practice, booked) == mondays(6)
    series_ids = {item.series_id for item in booked}
    assert len(series_ids) == 1 and None not in series_ids
    assert practice.conn.execute("SELECT interval_weeks FROM appointment_series").fetchall() == [
        (1,)
    ]
    booked_entries = [e for e in audit_entries(practice) if e.action == "appointment_booked"]
    assert [e.object_id for e in booked_entries] == [item.id for item in booked]
    assert practice.bookings.for_client(anna) == booked


def test_a_series_until_a_date_includes_that_date(practice, anna):
    plan = SeriesPlan(until=MONDAY + 3 * WEEK)
    booked = book(practice, THERAPY_SESSION, wall(MONDAY, 10), anna, series=plan)
    assert local_starts(practice, booked) == mondays(4)


def test_a_series_every_second_week(practice, anna):
    plan = SeriesPlan(interval_weeks=2, count=4)
    booked = book(practice, THERAPY_SESSION, wall(MONDAY, 10), anna, series=plan)
    assert local_starts(practice, booked) == mondays(4, every=2)
    assert practice.conn.execute("SELECT interval_weeks FROM appointment_series").fetchall() == [
        (2,)
    ]
    # the weeks in between stay free
    other, _ = client_in(practice, ContractKind.THERAPY)
    book_one(practice, THERAPY_SESSION, wall(MONDAY + WEEK, 10), other)


def test_every_collision_of_a_series_is_named_and_nothing_is_booked(practice, anna):
    second = book_one(practice, BLOCKED, wall(MONDAY + WEEK, 10, 30), minutes=60)
    fourth = book_one(practice, BLOCKED, wall(MONDAY + 3 * WEEK, 9), minutes=61)
    before = row_counts(practice)
    with pytest.raises(SeriesConflicts) as caught:
        weekly(practice, anna, count=5, confirmed=True)
    assert caught.value.conflicts == [
        (wall(MONDAY + WEEK, 10), second),
        (wall(MONDAY + 3 * WEEK, 10), fourth),
    ]
    assert "skip those dates" in str(caught.value)
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail, last.client_id) == ("refused", "booking_overlap", anna)

    skipped = {MONDAY + WEEK, MONDAY + 3 * WEEK}
    booked = weekly(practice, anna, count=5, skip=skipped)
    assert local_starts(practice, booked) == [wall(MONDAY + n * WEEK, 10) for n in (0, 2, 4)]
    assert len({item.series_id for item in booked}) == 1


def test_a_series_past_cancelled_appointments_is_fine(practice, anna):
    in_the_way = book_one(practice, BLOCKED, wall(MONDAY + WEEK, 10), minutes=50)
    practice.bookings.delete(in_the_way.id)
    other, _ = client_in(practice, ContractKind.THERAPY)
    cancelled = book_one(practice, THERAPY_SESSION, wall(MONDAY + 2 * WEEK, 10), other)
    practice.bookings.set_status(cancelled.id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT)
    assert len(weekly(practice, anna, count=4)) == 4


def test_skipping_every_date_books_nothing(practice, anna):
    before = row_counts(practice)
    with pytest.raises(PracticeDeskError) as caught:
        weekly(practice, anna, count=2, skip={MONDAY, MONDAY + WEEK})
    assert "Every date of this series was skipped" in str(caught.value)
    assert row_counts(practice) == before


def test_a_short_gap_anywhere_in_the_series_asks_first(practice, anna):
    neighbour = book_one(practice, BLOCKED, wall(MONDAY + 2 * WEEK, 10, 55), minutes=30)
    before = row_counts(practice)
    with pytest.raises(NeedsConfirmation) as caught:
        weekly(practice, anna, count=4)
    assert caught.value.warnings == [BookingWarning(Caution.SHORT_GAP, neighbour)]
    assert row_counts(practice) == before
    assert len(weekly(practice, anna, count=4, confirmed=True)) == 4


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        (SeriesPlan(count=105), "count"),
        (SeriesPlan(count=1), "count"),
        (SeriesPlan(until=MONDAY + 104 * WEEK), "until"),
        (SeriesPlan(until=MONDAY), "until"),
        (SeriesPlan(interval_weeks=5, count=3), "interval"),
        (SeriesPlan(count=3, until=date(2026, 3, 1)), "repeat_end"),
    ],
)
def test_series_limits_are_refused_and_nothing_is_written(practice, anna, plan, field):
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        book(practice, THERAPY_SESSION, wall(MONDAY, 10), anna, series=plan)
    assert caught.value.field == field
    assert row_counts(practice) == before


def test_the_longest_allowed_series_is_booked(practice, anna):
    booked = weekly(practice, anna, count=104, confirmed=True)
    assert len(booked) == 104
    assert practice.bookings.local(booked[-1].starts_at) == wall(MONDAY + 103 * WEEK, 10)


def test_repeating_blocked_time_has_to_end_before_it_repeats(practice):
    plan = SeriesPlan(count=3)
    with pytest.raises(FieldInvalid) as caught:
        book(practice, BLOCKED, wall(MONDAY, 0), minutes=7 * 24 * 60, series=plan)
    assert caught.value.field == "minutes"
    booked = book(practice, BLOCKED, wall(MONDAY, 0), minutes=24 * 60, series=plan)
    assert len(booked) == 3


# --- moving ---------------------------------------------------------------------------------


def test_moving_one_appointment_leaves_the_rest_of_the_series(practice, anna):
    series = weekly(practice, anna, count=4)
    (moved,) = practice.bookings.move(series[1].id, wall(MONDAY + WEEK + timedelta(days=1), 14), 50)
    assert practice.bookings.local(moved.starts_at) == wall(MONDAY + WEEK + timedelta(days=1), 14)
    assert (moved.uid, moved.series_id) == (series[1].uid, series[1].series_id)
    after = practice.bookings.for_client(anna)
    assert local_starts(practice, after) == [
        wall(MONDAY, 10),
        wall(MONDAY + WEEK + timedelta(days=1), 14),
        wall(MONDAY + 2 * WEEK, 10),
        wall(MONDAY + 3 * WEEK, 10),
    ]
    last = audit_entries(practice)[-1]
    assert (last.action, last.object_id, last.detail) == ("appointment_moved", moved.id, "one")


def test_moving_the_rest_moves_only_the_later_booked_ones(practice, anna):
    series = weekly(practice, anna, count=5)
    practice.bookings.set_status(series[3].id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT)
    wednesday = MONDAY + WEEK + timedelta(days=2)
    moved = practice.bookings.move(series[1].id, wall(wednesday, 14), 60, scope=Scope.REST)
    assert [item.id for item in moved] == [series[n].id for n in (1, 2, 4)]
    assert {item.minutes for item in moved} == {60}
    assert local_starts(practice, practice.bookings.for_client(anna)) == [
        wall(MONDAY, 10),  # earlier: stays
        wall(wednesday, 14),
        wall(wednesday + WEEK, 14),
        wall(MONDAY + 3 * WEEK, 10),  # cancelled: stays where it was
        wall(wednesday + 3 * WEEK, 14),
    ]
    moves = [e for e in audit_entries(practice) if e.action == "appointment_moved"]
    assert sorted(e.object_id for e in moves) == sorted(item.id for item in moved)
    assert {e.detail for e in moves} == {"rest"}


def test_attended_appointments_stay_when_the_rest_moves(practice, clock, anna):
    series = weekly(practice, anna, count=4)
    clock.advance(minutes=(7 + 7) * 24 * 60 + 5)  # Monday 19 January, 10:05
    practice.bookings.set_status(series[1].id, AppointmentStatus.ATTENDED)
    with pytest.raises(NeedsConfirmation) as caught:
        practice.bookings.move(series[0].id, wall(MONDAY, 11), 50, scope=Scope.REST)
    assert caught.value.warnings == [BookingWarning(Caution.IN_THE_PAST)]
    moved = practice.bookings.move(
        series[0].id, wall(MONDAY, 11), 50, scope=Scope.REST, confirmed=True
    )
    assert [item.id for item in moved] == [series[n].id for n in (0, 2, 3)]
    assert local_starts(practice, practice.bookings.for_client(anna)) == [
        wall(MONDAY, 11),
        wall(MONDAY + WEEK, 10),
        wall(MONDAY + 2 * WEEK, 11),
        wall(MONDAY + 3 * WEEK, 11),
    ]


def test_moving_the_rest_by_exactly_a_week_does_not_collide_with_itself(practice, anna):
    series = weekly(practice, anna, count=4)
    moved = practice.bookings.move(series[0].id, wall(MONDAY + WEEK, 10), 50, scope=Scope.REST)
    assert local_starts(practice, moved) == [wall(MONDAY + n * WEEK, 10) for n in (1, 2, 3, 4)]
    assert [item.id for item in moved] == [item.id for item in series]
    back = practice.bookings.move(series[0].id, wall(MONDAY, 10), 50, scope=Scope.REST)
    assert local_starts(practice, back) == mondays(4)


def test_moving_the_rest_onto_an_earlier_appointment_of_the_series_is_refused(practice, anna):
    series = weekly(practice, anna, count=4)
    before = row_counts(practice)
    with pytest.raises(OverlapRefused) as caught:
        practice.bookings.move(series[1].id, wall(MONDAY, 10), 50)
    assert caught.value.conflict == series[0]
    with pytest.raises(SeriesConflicts) as caught:
        practice.bookings.move(series[1].id, wall(MONDAY, 10), 50, scope=Scope.REST)
    assert caught.value.conflicts == [(wall(MONDAY, 10), series[0])]
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 2}
    assert practice.bookings.for_client(anna) == series


def test_moving_the_rest_names_each_date_that_is_taken(practice, anna):
    series = weekly(practice, anna, count=3)
    taken = book_one(practice, BLOCKED, wall(MONDAY + 3 * WEEK, 9), minutes=120)
    with pytest.raises(SeriesConflicts) as caught:
        practice.bookings.move(series[0].id, wall(MONDAY + WEEK, 10), 50, scope=Scope.REST)
    assert caught.value.conflicts == [(wall(MONDAY + 3 * WEEK, 10), taken)]
    assert practice.bookings.for_client(anna) == series


def test_moving_the_rest_cant_land_two_of_them_on_each_other(practice, anna):
    series = weekly(practice, anna, count=3)
    # the second was moved on its own to the afternoon of the first one's day
    practice.bookings.move(series[1].id, wall(MONDAY, 15), 50)
    before = row_counts(practice)
    with pytest.raises(SeriesConflicts) as caught:
        practice.bookings.move(series[0].id, wall(MONDAY, 12), 50, scope=Scope.REST)
    assert caught.value.conflicts == [(wall(MONDAY, 12), series[0])]  # where it would land
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    assert audit_entries(practice)[-1].detail == "booking_overlap"
    assert local_starts(practice, practice.bookings.for_client(anna)) == [
        wall(MONDAY, 10),
        wall(MONDAY, 15),
        wall(MONDAY + 2 * WEEK, 10),
    ]


def test_a_new_note_goes_to_the_appointment_moved_not_the_rest(practice, anna):
    series = weekly(practice, anna, count=3, note="Weekly")
    moved = practice.bookings.move(
        series[1].id, wall(MONDAY + WEEK, 11), 50, note="Room 3 this time", scope=Scope.REST
    )
    assert [item.note for item in moved] == ["Room 3 this time", "Weekly"]
    assert practice.bookings.get(series[0].id).note == "Weekly"
    (kept,) = practice.bookings.move(series[0].id, wall(MONDAY, 9), 50)
    assert kept.note == "Weekly"


def test_a_moved_appointment_that_lands_close_to_another_asks_first(practice, anna):
    series = weekly(practice, anna, count=2)
    neighbour = book_one(practice, BLOCKED, wall(MONDAY + 2 * WEEK, 12), minutes=30)
    with pytest.raises(NeedsConfirmation) as caught:
        practice.bookings.move(series[1].id, wall(MONDAY + 2 * WEEK, 11, 5), 50)
    assert caught.value.warnings == [BookingWarning(Caution.SHORT_GAP, neighbour)]
    assert practice.bookings.get(series[1].id) == series[1]


# --- deleting -------------------------------------------------------------------------------


def test_deleting_the_rest_keeps_the_earlier_and_the_marked_ones(practice, anna):
    series = weekly(practice, anna, count=5)
    practice.bookings.set_status(series[3].id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT)
    deleted = practice.bookings.delete(series[2].id, scope=Scope.REST)
    assert deleted == [series[2].id, series[4].id]
    remaining = practice.bookings.for_client(anna)
    assert [item.id for item in remaining] == [series[n].id for n in (0, 1, 3)]
    deletions = [e for e in audit_entries(practice) if e.action == "appointment_deleted"]
    assert [(e.object_id, e.detail, e.client_id) for e in deletions] == [
        (series[2].id, "rest", anna),
        (series[4].id, "rest", anna),
    ]


def test_deleting_one_appointment_of_a_series_keeps_the_others(practice, anna):
    series = weekly(practice, anna, count=3)
    assert practice.bookings.delete(series[1].id) == [series[1].id]
    assert practice.bookings.for_client(anna) == [series[0], series[2]]
    # its time is free again
    other, _ = client_in(practice, ContractKind.THERAPY)
    book_one(practice, THERAPY_SESSION, wall(MONDAY + WEEK, 10), other)
