"""Rotation keeps the newest backup of each recent day, week and month, and never the wrong one."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice_desk.domain.backup_rotation import KeepPolicy, is_due, is_stale, to_keep

START = datetime(2026, 1, 1, 9, 0)


def test_a_year_of_daily_backups_keeps_seven_days_four_weeks_and_twelve_months():
    moments = [START + timedelta(days=n) for n in range(365)]
    kept = sorted(to_keep(moments, KeepPolicy()), reverse=True)

    last = moments[-1]
    assert kept[:7] == [last - timedelta(days=n) for n in range(7)]
    months = {(m.year, m.month) for m in kept}
    assert len(months) == 12
    # 7 days; the newest of 4 weeks (1 already among the days); 12 months (1 already kept)
    assert len(kept) <= 7 + 4 + 12
    assert START not in kept  # the oldest month is beyond the twelfth


def test_a_holiday_without_backups_does_not_cost_the_last_good_ones():
    before = [START + timedelta(days=n) for n in range(10)]
    after_holiday = before[-1] + timedelta(days=30)
    kept = to_keep([*before, after_holiday], KeepPolicy(daily=7, weekly=0, monthly=0))
    assert kept == {after_holiday, *before[-6:]}


def test_several_backups_on_one_day_keep_only_that_days_newest():
    same_day = [START + timedelta(hours=n) for n in range(5)]
    assert to_keep(same_day, KeepPolicy(daily=7, weekly=4, monthly=12)) == {same_day[-1]}


def test_the_newest_backup_is_kept_even_when_every_count_is_zero():
    moments = [START, START + timedelta(days=1)]
    assert to_keep(moments, KeepPolicy(0, 0, 0)) == {moments[-1]}
    assert to_keep([], KeepPolicy()) == set()


@given(
    st.lists(
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
        min_size=1,
        max_size=60,
    ),
    st.integers(0, 10),
    st.integers(0, 6),
    st.integers(0, 14),
)
def test_rotation_never_keeps_more_than_the_policy_allows_and_always_the_newest(
    moments, daily, weekly, monthly
):
    kept = to_keep(moments, KeepPolicy(daily, weekly, monthly))
    assert max(moments) in kept
    assert kept <= set(moments)
    assert len(kept) <= 1 + daily + weekly + monthly
    days = {m.date() for m in kept}
    assert len(days) == len(kept)  # one per day at most


@pytest.mark.parametrize("policy", [KeepPolicy(-1, 4, 12), KeepPolicy(7, 53, 12)])
def test_counts_out_of_range_are_refused(policy):
    with pytest.raises(ValueError, match="Keep between"):
        policy.validated()


def test_stale_after_two_days_and_due_after_one():
    assert is_stale(None, START) and is_due(None, START)
    assert not is_due(START, START + timedelta(hours=23))
    assert is_due(START, START + timedelta(hours=24))
    assert not is_stale(START, START + timedelta(days=2))
    assert is_stale(START, START + timedelta(days=2, minutes=1))
