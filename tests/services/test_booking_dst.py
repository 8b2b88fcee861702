"""The change of clocks: a weekly 10:00 stays at 10:00, the skipped hour can't be booked, the
repeated hour means its first pass, and days are 23 or 25 hours long."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.practice_time import TimeDoesNotExist
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.domain.working_hours import DayHours, WorkingHours
from practice_desk.services.bookings import Scope
from tests.services.calendar_support import (
    BLOCKED,
    THERAPY_SESSION,
    book,
    book_one,
    client_in,
    local_starts,
    local_times,
    wall,
)
from tests.services.conftest import row_counts

SPRING_FORWARD = date(2026, 3, 29)  # Berlin: 02:00 becomes 03:00
FALL_BACK = date(2026, 10, 25)  # Berlin: 03:00 becomes 02:00 again
WEEK = timedelta(weeks=1)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def anna(practice):
    client_id, _ = client_in(practice, ContractKind.THERAPY)
    return client_id


def weekly(practice, client_id, first, count):
    return book(practice, THERAPY_SESSION, first, client_id, series=SeriesPlan(count=count))


def test_a_weekly_series_stays_at_ten_across_the_spring_change(practice, anna):
    booked = weekly(practice, anna, wall(date(2026, 3, 16), 10), 4)
    assert local_starts(practice, booked) == [
        wall(date(2026, 3, 16) + n * WEEK, 10) for n in range(4)
    ]
    assert [item.starts_at.hour for item in booked] == [9, 9, 8, 8]  # UTC+1, then UTC+2
    assert {item.minutes for item in booked} == {50}


def test_a_weekly_series_stays_at_ten_across_the_autumn_change(practice, anna):
    booked = weekly(practice, anna, wall(date(2026, 10, 19), 10), 3)
    assert local_starts(practice, booked) == [
        wall(date(2026, 10, 19) + n * WEEK, 10) for n in range(3)
    ]
    assert [item.starts_at.hour for item in booked] == [8, 9, 9]


def test_moving_the_rest_across_the_change_keeps_the_new_wall_clock_time(practice, anna):
    booked = weekly(practice, anna, wall(date(2026, 3, 16), 10), 4)
    moved = practice.bookings.move(booked[0].id, wall(date(2026, 3, 17), 11), 50, scope=Scope.REST)
    assert local_starts(practice, moved) == [
        wall(date(2026, 3, 17) + n * WEEK, 11) for n in range(4)
    ]
    assert [item.starts_at.hour for item in moved] == [10, 10, 9, 9]


@pytest.mark.parametrize("minute", [0, 30, 59])
def test_a_time_in_the_skipped_hour_cant_be_booked(practice, minute):
    before = row_counts(practice)
    with pytest.raises(TimeDoesNotExist) as caught:
        book(practice, BLOCKED, wall(SPRING_FORWARD, 2, minute), minutes=30, confirmed=True)
    assert "clocks go forward" in str(caught.value)
    assert row_counts(practice) == before


def test_an_appointment_cant_be_moved_into_the_skipped_hour(practice):
    block = book_one(practice, BLOCKED, wall(SPRING_FORWARD, 5), minutes=30)
    with pytest.raises(TimeDoesNotExist):
        practice.bookings.move(block.id, wall(SPRING_FORWARD, 2, 30), 30, confirmed=True)
    assert practice.bookings.get(block.id) == block


def test_a_series_that_would_meet_the_skipped_hour_is_refused_whole(practice):
    before = row_counts(practice)
    with pytest.raises(TimeDoesNotExist):
        book(
            practice,
            BLOCKED,
            wall(SPRING_FORWARD - WEEK, 2, 30),
            minutes=30,
            series=SeriesPlan(count=3),
            confirmed=True,
        )
    assert row_counts(practice) == before


def test_the_hours_either_side_of_the_skipped_one_are_back_to_back(practice):
    before = book_one(practice, BLOCKED, wall(SPRING_FORWARD, 1), minutes=60)
    after = book_one(practice, BLOCKED, wall(SPRING_FORWARD, 3), minutes=60, confirmed=True)
    assert after.starts_at - before.ends_at == timedelta()
    assert [a.id for a in practice.bookings.on_days(SPRING_FORWARD, 1)] == [before.id, after.id]


def test_a_time_in_the_repeated_hour_means_its_first_pass(practice):
    first = book_one(practice, BLOCKED, wall(FALL_BACK, 2, 30), minutes=20)
    assert first.starts_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # still summer time
    # the second pass of 02:30 is an hour later and is free
    second_pass_free = practice.bookings.between(
        first.starts_at + timedelta(hours=1), first.starts_at + timedelta(hours=1, minutes=20)
    )
    assert second_pass_free == []


def test_an_appointment_over_the_repeated_hour_lasts_its_real_length(practice):
    night = book_one(practice, BLOCKED, wall(FALL_BACK, 1, 30), minutes=120)
    assert night.ends_at - night.starts_at == timedelta(hours=2)
    assert practice.bookings.local(night.ends_at) == wall(FALL_BACK, 2, 30)  # after the change


@pytest.mark.parametrize(("day", "hours"), [(SPRING_FORWARD, 23), (FALL_BACK, 25)])
def test_a_calendar_day_holds_everything_of_its_23_or_25_hours(practice, day, hours):
    whole_day = book_one(practice, BLOCKED, wall(day, 0), minutes=hours * 60)
    assert practice.bookings.local(whole_day.ends_at) == wall(day + timedelta(days=1), 0)
    next_day = book_one(
        practice, BLOCKED, wall(day + timedelta(days=1), 0), minutes=30, confirmed=True
    )
    assert [a.id for a in practice.bookings.on_days(day, 1)] == [whole_day.id]
    assert [a.id for a in practice.bookings.on_days(day + timedelta(days=1), 1)] == [next_day.id]


@pytest.mark.parametrize(
    ("day", "utc_hours"), [(SPRING_FORWARD, [7, 8, 9]), (FALL_BACK, [8, 9, 10])]
)
def test_free_slots_on_the_day_of_the_change_are_at_the_right_local_times(practice, day, utc_hours):
    sundays = WorkingHours((None,) * 6 + (DayHours(time(9), time(12)),))
    practice.bookings.settings.set_working_hours(sundays)
    after = datetime(day.year, day.month, day.day - 1, 12, 0, tzinfo=UTC)
    slots = practice.bookings.next_free_slots(50, after=after, count=3)
    assert local_times(practice, slots) == [wall(day, 9), wall(day, 10), wall(day, 11)]
    assert [slot.hour for slot in slots] == utc_hours
    # ...and each one offered can be booked as offered
    client_id, _ = client_in(practice, ContractKind.THERAPY)
    booked = book_one(practice, THERAPY_SESSION, wall(day, 10), client_id)
    assert booked.starts_at == slots[1]


# --- another zone ---------------------------------------------------------------------------


@pytest.fixture
def new_york(practice):
    practice.bookings.settings.set_time_zone("America/New_York")
    return practice


def test_new_york_keeps_its_evening_series_across_its_own_change(new_york, anna):
    booked = weekly(new_york, anna, wall(date(2026, 10, 28), 17), 2)  # Wednesdays
    assert local_starts(new_york, booked) == [
        wall(date(2026, 10, 28), 17),
        wall(date(2026, 11, 4), 17),
    ]
    assert [item.starts_at.hour for item in booked] == [21, 22]  # UTC-4, then UTC-5
    assert {item.time_zone for item in booked} == {"America/New_York"}


def test_new_york_skips_its_own_hour_not_berlins(new_york):
    with pytest.raises(TimeDoesNotExist):
        book(new_york, BLOCKED, wall(date(2026, 3, 8), 2, 30), minutes=30)
    berlins_gap = book_one(new_york, BLOCKED, wall(SPRING_FORWARD, 2, 30), minutes=30)
    assert berlins_gap.starts_at == datetime(2026, 3, 29, 6, 30, tzinfo=UTC)


def test_new_yorks_days_are_its_own(new_york):
    late = book_one(new_york, BLOCKED, wall(date(2026, 1, 12), 22), minutes=60)
    assert late.starts_at.date() == date(2026, 1, 13)  # already Tuesday in UTC
    assert [a.id for a in new_york.bookings.on_days(date(2026, 1, 12), 1)] == [late.id]
    assert new_york.bookings.on_days(date(2026, 1, 13), 1) == []
