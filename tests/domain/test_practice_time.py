"""Wall-clock time in the practice's zone and the UTC instants it is stored as, across the
change of clocks: the skipped hour doesn't exist, the repeated hour means its first pass."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from practice_desk.domain.practice_time import (
    TimeDoesNotExist,
    UnknownTimeZone,
    day_bounds,
    parse_stamp,
    round_up,
    shifted_to_existing,
    stamp,
    to_local,
    to_utc,
    week_start,
    zone,
)

BERLIN = zone("Europe/Berlin")
NEW_YORK = zone("America/New_York")


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local", "tz", "instant"),
    [
        (datetime(2026, 1, 12, 10, 0), BERLIN, utc(2026, 1, 12, 9, 0)),  # winter, UTC+1
        (datetime(2026, 7, 13, 10, 0), BERLIN, utc(2026, 7, 13, 8, 0)),  # summer, UTC+2
        (datetime(2026, 1, 12, 10, 0), NEW_YORK, utc(2026, 1, 12, 15, 0)),  # UTC-5
        (datetime(2026, 7, 13, 10, 0), NEW_YORK, utc(2026, 7, 13, 14, 0)),  # UTC-4
    ],
)
def test_wall_clock_time_becomes_the_right_instant_and_back(local, tz, instant):
    assert to_utc(local, tz) == instant
    assert to_local(instant, tz) == local
    assert to_local(instant, tz).tzinfo is None


@pytest.mark.parametrize(
    ("local", "tz"),
    [
        (datetime(2026, 3, 29, 2, 0), BERLIN),
        (datetime(2026, 3, 29, 2, 30), BERLIN),
        (datetime(2026, 3, 29, 2, 59), BERLIN),
        (datetime(2026, 3, 8, 2, 30), NEW_YORK),
    ],
)
def test_a_time_in_the_skipped_hour_does_not_exist(local, tz):
    with pytest.raises(TimeDoesNotExist) as caught:
        to_utc(local, tz)
    assert "clocks go forward" in str(caught.value)


@pytest.mark.parametrize(
    ("local", "tz", "instant"),
    [
        (datetime(2026, 3, 29, 1, 59), BERLIN, utc(2026, 3, 29, 0, 59)),
        (datetime(2026, 3, 29, 3, 0), BERLIN, utc(2026, 3, 29, 1, 0)),
        (datetime(2026, 3, 8, 3, 0), NEW_YORK, utc(2026, 3, 8, 7, 0)),
    ],
)
def test_the_minutes_either_side_of_the_skipped_hour_exist(local, tz, instant):
    assert to_utc(local, tz) == instant


@pytest.mark.parametrize(
    ("local", "tz", "first"),
    [
        (datetime(2026, 10, 25, 2, 30), BERLIN, utc(2026, 10, 25, 0, 30)),  # still UTC+2
        (datetime(2026, 11, 1, 1, 30), NEW_YORK, utc(2026, 11, 1, 5, 30)),  # still UTC-4
    ],
)
def test_a_time_in_the_repeated_hour_means_the_first_of_the_two(local, tz, first):
    assert to_utc(local, tz) == first
    assert to_utc(local.replace(fold=1), tz) == first
    # ...and the second pass an hour later reads as the same wall-clock time
    assert to_local(first + timedelta(hours=1), tz) == local


def test_a_time_with_a_zone_attached_is_not_taken_for_wall_clock_time():
    with pytest.raises(ValueError):
        to_utc(datetime(2026, 1, 12, 10, 0, tzinfo=UTC), BERLIN)


def test_shifted_to_existing_moves_a_skipped_time_past_the_gap():
    assert shifted_to_existing(datetime(2026, 3, 29, 2, 30), BERLIN) == utc(2026, 3, 29, 1, 30)
    assert to_local(utc(2026, 3, 29, 1, 30), BERLIN) == datetime(2026, 3, 29, 3, 30)
    assert shifted_to_existing(datetime(2026, 3, 29, 9, 0), BERLIN) == utc(2026, 3, 29, 7, 0)


@pytest.mark.parametrize(
    ("day", "tz", "hours"),
    [
        (date(2026, 3, 28), BERLIN, 24),
        (date(2026, 3, 29), BERLIN, 23),
        (date(2026, 10, 25), BERLIN, 25),
        (date(2026, 10, 26), BERLIN, 24),
        (date(2026, 3, 8), NEW_YORK, 23),
        (date(2026, 11, 1), NEW_YORK, 25),
    ],
)
def test_a_local_day_lasts_23_or_25_hours_when_the_clocks_change(day, tz, hours):
    start, end = day_bounds(day, tz)
    assert end - start == timedelta(hours=hours)
    assert to_local(start, tz) == datetime(day.year, day.month, day.day)
    assert to_local(end, tz) == datetime.combine(day + timedelta(days=1), datetime.min.time())


def test_day_bounds_of_a_day_that_begins_with_the_skipped_hour():
    # Chile moves its clocks at midnight: on 2026-09-06 the day begins at 01:00.
    santiago = zone("America/Santiago")
    start, end = day_bounds(date(2026, 9, 6), santiago)
    assert to_local(start, santiago) == datetime(2026, 9, 6, 1, 0)
    assert end - start == timedelta(hours=23)


def test_the_week_starts_on_monday():
    assert week_start(date(2026, 1, 5)) == date(2026, 1, 5)
    assert week_start(date(2026, 1, 11)) == date(2026, 1, 5)
    assert week_start(date(2026, 1, 12)) == date(2026, 1, 12)


def test_stamps_are_utc_text_that_sorts_like_time():
    moments = [
        datetime(2026, 1, 12, 10, 0, tzinfo=timezone(timedelta(hours=1))),  # 09:00Z
        utc(2026, 1, 12, 9, 30),
        utc(2026, 1, 12, 10, 0),
        utc(2026, 11, 2, 0, 0),
    ]
    stamps = [stamp(moment) for moment in moments]
    assert stamps[0] == "2026-01-12T09:00:00Z"
    assert stamps == sorted(stamps)
    assert [parse_stamp(text) for text in stamps] == moments
    assert parse_stamp(stamps[0]).tzinfo is UTC


def test_a_naive_time_is_never_stamped():
    with pytest.raises(ValueError):
        stamp(datetime(2026, 1, 12, 9, 0))


@pytest.mark.parametrize(
    ("instant", "minutes", "rounded"),
    [
        (utc(2026, 1, 12, 9, 0), 5, utc(2026, 1, 12, 9, 0)),
        (utc(2026, 1, 12, 9, 1), 5, utc(2026, 1, 12, 9, 5)),
        (utc(2026, 1, 12, 9, 4, 59), 5, utc(2026, 1, 12, 9, 5)),
        (utc(2026, 1, 12, 9, 5, 0, 1), 5, utc(2026, 1, 12, 9, 10)),
        (utc(2026, 1, 12, 9, 10), 5, utc(2026, 1, 12, 9, 10)),
        (utc(2026, 1, 12, 23, 58), 5, utc(2026, 1, 13, 0, 0)),
        (utc(2026, 1, 12, 9, 20), 15, utc(2026, 1, 12, 9, 30)),
    ],
)
def test_round_up_finds_the_next_whole_step(instant, minutes, rounded):
    assert round_up(instant, minutes) == rounded


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../etc/passwd", "Europe/"])
def test_an_unknown_zone_is_refused_in_plain_words(name):
    with pytest.raises(UnknownTimeZone) as caught:
        zone(name)
    assert "isn't known" in str(caught.value)
