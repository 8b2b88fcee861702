"""The practitioner's own time in the sample calendar: holidays, fortnightly supervision,
training days, and the odd day off sick (when every session of the day was cancelled).

Today's week is left an ordinary working week, with supervision in it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from practice_desk.domain.appointments import BlockReason
from practice_desk.domain.practice_time import week_start
from practice_desk.services.sample_schedule import (
    BlockPlan,
    CalendarFrame,
    HourGrid,
    Run,
    Visit,
    at,
    runs_of,
)

SUPERVISION_MINUTES = 90
SICK_DAYS_A_YEAR = 2


def plan_own_time(rng: random.Random, frame: CalendarFrame, grid: HourGrid) -> list[BlockPlan]:
    """Blocks for the practitioner's time, taken from the grid before any client's."""
    blocks = [
        _holidays(rng, frame, grid),
        _supervision(rng, frame, grid),
        _training_days(rng, frame, grid),
    ]
    _sick_days(rng, frame, grid)
    return blocks


def _in_this_week(frame: CalendarFrame, day: date) -> bool:
    return week_start(day) == week_start(frame.today)


def _holidays(rng: random.Random, frame: CalendarFrame, grid: HourGrid) -> BlockPlan:
    """Two or three weeks in summer, a week or two over Christmas, sometimes one in spring;
    each a block of whole weeks, Monday to Monday."""
    visits = []
    for year in range(frame.first_day.year, frame.last_day.year + 1):
        wanted = [
            (week_start(date(year, 7, 10) + timedelta(days=rng.randrange(32))), rng.choice((2, 3))),
            (week_start(date(year, 12, 24)), rng.choice((1, 2))),
        ]
        if rng.random() < 0.4:
            wanted.append((week_start(date(year, 4, 1) + timedelta(days=rng.randrange(25))), 1))
        for monday, weeks in wanted:
            end = monday + timedelta(weeks=weeks)
            days = [monday + timedelta(days=n) for n in range(weeks * 7)]
            if monday < frame.first_day or end > frame.last_day:
                continue
            if any(_in_this_week(frame, day) for day in days):
                continue
            start = frame.existing(datetime.combine(monday, time()))
            minutes = frame.minutes_between(start, frame.existing(datetime.combine(end, time())))
            visits.append(Visit(start, minutes))
            for day in days:
                grid.take_day(day, holiday=True)
    visits.sort(key=lambda visit: visit.start)
    return BlockPlan(BlockReason.HOLIDAY, "", tuple(Run((visit,)) for visit in visits))


def _supervision(rng: random.Random, frame: CalendarFrame, grid: HourGrid) -> BlockPlan:
    """Fortnightly, in the weeks of today's parity; a new supervisor, and a new time, every
    three to five years."""
    parity = frame.week_of(week_start(frame.today)) % 2
    week = 0
    runs: list[Run] = []
    while week < frame.weeks:
        era = rng.randint(150, 260)
        weekday, hour = grid.regular_time(SUPERVISION_MINUTES, afternoon=True)
        dates = [
            frame.monday(w) + timedelta(days=weekday)
            for w in range(week, min(week + era, frame.weeks))
            if w % 2 == parity and frame.monday(w) + timedelta(days=weekday) <= frame.last_day
        ]
        visits = {}
        for day in dates:
            if grid.is_free(day, hour, SUPERVISION_MINUTES):
                grid.take(day, hour, SUPERVISION_MINUTES)
                visits[day] = Visit(at(day, hour), SUPERVISION_MINUTES)
        runs.extend(runs_of(rng, dates, visits, 2, chunk=(20, 26)))
        week += era
    return BlockPlan(BlockReason.SUPERVISION, "", tuple(runs))


def _training_days(rng: random.Random, frame: CalendarFrame, grid: HourGrid) -> BlockPlan:
    """A working day or two a year away at a course or a conference."""
    visits = []
    for year in range(frame.first_day.year, frame.last_day.year + 1):
        for _ in range(rng.choice((1, 2, 2))):
            day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            hours = frame.hours.on(day)
            if (
                hours is None
                or not frame.first_day <= day <= frame.last_day
                or not grid.is_untouched(day)
                or _in_this_week(frame, day)
            ):
                continue
            start = datetime.combine(day, hours.start)
            minutes = frame.minutes_between(start, datetime.combine(day, hours.end))
            visits.append(Visit(start, minutes))
            grid.take_day(day)
    visits.sort(key=lambda visit: visit.start)
    return BlockPlan(BlockReason.OTHER, "Training day", tuple(Run((visit,)) for visit in visits))


def _sick_days(rng: random.Random, frame: CalendarFrame, grid: HourGrid) -> None:
    span = (frame.today - frame.first_day).days
    for _ in range(span * SICK_DAYS_A_YEAR // 365):
        day = frame.first_day + timedelta(days=rng.randrange(max(span, 1)))
        if frame.hours.on(day) and day not in grid.holidays and not _in_this_week(frame, day):
            grid.sick_days.add(day)
