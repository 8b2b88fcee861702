from datetime import UTC, date, datetime, time

import pytest

from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.practice_time import zone
from practice_desk.domain.working_hours import (
    DEFAULT_GAP_MINUTES,
    DayHours,
    WorkingHours,
    check_gap,
)

BERLIN = zone("Europe/Berlin")
MONDAY = date(2026, 1, 12)
SATURDAY = date(2026, 1, 17)


def hours(*days):
    return WorkingHours(tuple(days))


def test_the_default_is_nine_to_six_on_weekdays_and_the_weekend_off():
    default = WorkingHours.default()
    assert default.on(MONDAY) == DayHours(time(9), time(18))
    assert default.on(date(2026, 1, 16)) == DayHours(time(9), time(18))
    assert default.on(SATURDAY) is None
    assert default.on(date(2026, 1, 18)) is None
    assert (default.earliest, default.latest) == (time(9), time(18))
    assert DEFAULT_GAP_MINUTES == 10


@pytest.mark.parametrize(
    ("start", "end", "covered"),
    [
        (datetime(2026, 1, 12, 9, 0), datetime(2026, 1, 12, 9, 50), True),
        (datetime(2026, 1, 12, 17, 10), datetime(2026, 1, 12, 18, 0), True),
        (datetime(2026, 1, 12, 8, 55), datetime(2026, 1, 12, 9, 45), False),
        (datetime(2026, 1, 12, 17, 30), datetime(2026, 1, 12, 18, 20), False),
        (datetime(2026, 1, 12, 23, 30), datetime(2026, 1, 13, 0, 20), False),
        (datetime(2026, 1, 17, 10, 0), datetime(2026, 1, 17, 10, 50), False),  # a Saturday
    ],
)
def test_covers_tells_whether_an_appointment_is_within_the_days_hours(start, end, covered):
    assert WorkingHours.default().covers(start, end) is covered


def test_span_gives_the_days_hours_in_utc_with_the_seasons_offset():
    default = WorkingHours.default()
    assert default.span(MONDAY, BERLIN) == (
        datetime(2026, 1, 12, 8, 0, tzinfo=UTC),
        datetime(2026, 1, 12, 17, 0, tzinfo=UTC),
    )
    assert default.span(date(2026, 7, 13), BERLIN) == (
        datetime(2026, 7, 13, 7, 0, tzinfo=UTC),
        datetime(2026, 7, 13, 16, 0, tzinfo=UTC),
    )
    assert default.span(SATURDAY, BERLIN) is None


def test_a_span_beginning_in_the_skipped_hour_begins_after_it():
    night = DayHours(time(2, 30), time(6))
    sunday_night = hours(None, None, None, None, None, None, night)
    start, end = sunday_night.span(date(2026, 3, 29), BERLIN)
    assert start == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 summer time
    assert end == datetime(2026, 3, 29, 4, 0, tzinfo=UTC)


def test_working_hours_survive_a_round_trip_through_json():
    custom = hours(
        DayHours(time(8, 30), time(12)),
        None,
        DayHours(time(13), time(20, 15)),
        DayHours(time(9), time(17)),
        DayHours(time(9), time(13)),
        DayHours(time(10), time(14)),
        None,
    ).validated()
    assert WorkingHours.from_json(custom.to_json()) == custom
    assert (custom.earliest, custom.latest) == (time(8, 30), time(20, 15))


@pytest.mark.parametrize(
    "text",
    [None, "", "not json", "[1, 2]", '[["09:00"]]', '[["25:00", "26:00"]]', '{"a": 1}'],
)
def test_unreadable_stored_hours_fall_back_to_the_default(text):
    assert WorkingHours.from_json(text) == WorkingHours.default()


def test_stored_hours_that_end_before_they_begin_fall_back_to_the_default():
    broken = '[["18:00", "09:00"], null, null, null, null, null, null]'
    assert WorkingHours.from_json(broken) == WorkingHours.default()


def test_a_day_that_ends_before_it_begins_is_refused_naming_the_day():
    wednesday = DayHours(time(14), time(14))
    with pytest.raises(FieldInvalid) as caught:
        hours(None, None, wednesday, None, None, None, None).validated()
    assert caught.value.field == "hours_wednesday"
    assert "On Wednesday" in str(caught.value)


def test_a_week_without_seven_days_is_a_programming_error():
    with pytest.raises(ValueError):
        hours(None, None).validated()


def test_a_week_off_has_no_earliest_or_latest_time():
    off = hours(*(None,) * 7).validated()
    assert (off.earliest, off.latest) == (None, None)
    assert off.span(MONDAY, BERLIN) is None


@pytest.mark.parametrize("minutes", [0, 10, 60])
def test_the_gap_may_be_zero_to_sixty_minutes(minutes):
    assert check_gap(minutes) == minutes


@pytest.mark.parametrize("minutes", [-1, 61, 240])
def test_a_gap_outside_zero_to_sixty_is_refused(minutes):
    with pytest.raises(FieldInvalid) as caught:
        check_gap(minutes)
    assert caught.value.field == "gap"
