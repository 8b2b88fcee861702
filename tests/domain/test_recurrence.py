from datetime import date, datetime, timedelta

import pytest

from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.recurrence import MAX_OCCURRENCES, SeriesPlan, occurrence_dates

FIRST = datetime(2026, 1, 12, 10, 0)  # a Monday


def test_a_counted_series_has_exactly_that_many_at_the_same_time():
    starts = SeriesPlan(count=4).validated(FIRST.date()).starts(FIRST)
    assert starts == [FIRST + timedelta(weeks=week) for week in range(4)]


def test_a_series_until_a_date_includes_that_date():
    plan = SeriesPlan(until=date(2026, 2, 2)).validated(FIRST.date())
    assert [start.date() for start in plan.starts(FIRST)] == [
        date(2026, 1, 12),
        date(2026, 1, 19),
        date(2026, 1, 26),
        date(2026, 2, 2),
    ]
    assert len(SeriesPlan(until=date(2026, 2, 1)).starts(FIRST)) == 3


def test_every_second_week():
    starts = SeriesPlan(interval_weeks=2, count=3).validated(FIRST.date()).starts(FIRST)
    assert [start.date() for start in starts] == [
        date(2026, 1, 12),
        date(2026, 1, 26),
        date(2026, 2, 9),
    ]
    assert {start.time() for start in starts} == {FIRST.time()}


def test_the_wall_clock_time_is_kept_across_the_change_of_clocks():
    first = datetime(2026, 3, 23, 10, 0)
    starts = SeriesPlan(count=3).starts(first)
    assert [start.hour for start in starts] == [10, 10, 10]


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        (SeriesPlan(interval_weeks=0, count=3), "interval"),
        (SeriesPlan(interval_weeks=5, count=3), "interval"),
        (SeriesPlan(), "repeat_end"),
        (SeriesPlan(count=3, until=date(2026, 3, 1)), "repeat_end"),
        (SeriesPlan(count=1), "count"),
        (SeriesPlan(count=MAX_OCCURRENCES + 1), "count"),
        (SeriesPlan(until=FIRST.date()), "until"),
        (SeriesPlan(until=FIRST.date() - timedelta(days=7)), "until"),
        (SeriesPlan(until=FIRST.date() + timedelta(weeks=MAX_OCCURRENCES)), "until"),
        (SeriesPlan(interval_weeks=4, until=date(2036, 1, 1)), "until"),
    ],
)
def test_series_limits_are_refused_naming_the_field(plan, field):
    with pytest.raises(FieldInvalid) as caught:
        plan.validated(FIRST.date())
    assert caught.value.field == field


@pytest.mark.parametrize(
    "plan",
    [
        SeriesPlan(count=2),
        SeriesPlan(count=MAX_OCCURRENCES),
        SeriesPlan(interval_weeks=4, count=3),
        SeriesPlan(until=FIRST.date() + timedelta(days=1)),
        SeriesPlan(until=FIRST.date() + timedelta(weeks=MAX_OCCURRENCES - 1)),
    ],
)
def test_series_at_the_limits_are_allowed(plan):
    assert plan.validated(FIRST.date()) == plan


def test_the_longest_series_runs_two_years():
    days = occurrence_dates(FIRST.date(), 1, MAX_OCCURRENCES, None)
    assert len(days) == MAX_OCCURRENCES == 104
    assert days[-1] == date(2028, 1, 3)
