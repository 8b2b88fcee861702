"""Finding the next free times of a given length within working hours, keeping the gap."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from practice_desk.domain.appointments import MAX_BLOCK_DAYS
from practice_desk.domain.practice_time import round_up, to_local
from practice_desk.domain.working_hours import WorkingHours

SEARCH_DAYS = 56
STEP_MINUTES = 15  # sessions start on the quarter hour, as practitioners book them
_LONGEST = timedelta(days=MAX_BLOCK_DAYS)


def next_free_slots(
    *,
    after: datetime,
    minutes: int,
    hours: WorkingHours,
    tz: ZoneInfo,
    busy: Sequence[tuple[datetime, datetime]],
    gap_minutes: int,
    count: int = 6,
    per_day: int = 3,
    search_days: int = SEARCH_DAYS,
) -> list[datetime]:
    """Start instants (UTC) of the next free slots, earliest first.

    `busy` holds the (start, end) of appointments that take time, sorted by start, covering
    at least [after - longest appointment, after + search_days]. Within a day, slots follow
    each other at length + gap, so a free morning offers 9:00, 10:00, 11:00 for 50 minutes;
    every one starts on a whole step (for 60 minutes: 9:00, 10:15, 11:30).
    """
    length = timedelta(minutes=minutes)
    gap = timedelta(minutes=gap_minutes)
    starts = [start for start, _ in busy]
    found: list[datetime] = []
    first_day = to_local(after, tz).date()
    for offset in range(search_days):
        day = first_day + timedelta(days=offset)
        found.extend(
            _slots_on(
                day, after, length, gap, hours, tz, busy, starts, min(per_day, count - len(found))
            )
        )
        if len(found) >= count:
            break
    return found


def _slots_on(
    day: date,
    after: datetime,
    length: timedelta,
    gap: timedelta,
    hours: WorkingHours,
    tz: ZoneInfo,
    busy: Sequence[tuple[datetime, datetime]],
    starts: list[datetime],
    wanted: int,
) -> list[datetime]:
    span = hours.span(day, tz)
    if span is None or wanted <= 0:
        return []
    open_at, close_at = span
    candidate = round_up(max(open_at, after), STEP_MINUTES)
    slots: list[datetime] = []
    while candidate + length <= close_at and len(slots) < wanted:
        blocker = _blocker(candidate, candidate + length, gap, busy, starts)
        if blocker is None:
            slots.append(candidate)
            candidate = round_up(candidate + length + gap, STEP_MINUTES)
        else:
            candidate = round_up(blocker + gap, STEP_MINUTES)
    return slots


def _blocker(
    start: datetime,
    end: datetime,
    gap: timedelta,
    busy: Sequence[tuple[datetime, datetime]],
    starts: list[datetime],
) -> datetime | None:
    """The latest end among busy spans that come within `gap` of [start, end), if any."""
    first = bisect.bisect_left(starts, start - gap - _LONGEST)
    last = bisect.bisect_left(starts, end + gap)
    ends = [
        b_end for b_start, b_end in busy[first:last] if b_end + gap > start and b_start < end + gap
    ]
    return max(ends) if ends else None
