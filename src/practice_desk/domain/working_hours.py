"""The practitioner's working hours per weekday, and the gap kept between appointments.

Booking outside the hours is allowed (with a warning): the hours guide, they don't forbid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.practice_time import shifted_to_existing

DEFAULT_GAP_MINUTES = 10
MAX_GAP_MINUTES = 60
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DayHours:
    start: time
    end: time


@dataclass(frozen=True)
class WorkingHours:
    """One span per weekday (Monday first), or None for a day off."""

    days: tuple[DayHours | None, ...]

    @classmethod
    def default(cls) -> WorkingHours:
        weekday = DayHours(time(9), time(18))
        return cls((weekday,) * 5 + (None, None))

    def validated(self) -> WorkingHours:
        if len(self.days) != 7:
            raise ValueError("working hours need seven days")
        for name, hours in zip(WEEKDAYS, self.days, strict=True):
            if hours is not None and hours.end <= hours.start:
                raise FieldInvalid(
                    f"hours_{name.lower()}", f"On {name}, work has to end after it begins."
                )
        return self

    def on(self, day: date) -> DayHours | None:
        return self.days[day.weekday()]

    def span(self, day: date, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
        """The day's working span as UTC instants, or None on a day off."""
        hours = self.on(day)
        if hours is None:
            return None
        return (
            shifted_to_existing(datetime.combine(day, hours.start), tz),
            shifted_to_existing(datetime.combine(day, hours.end), tz),
        )

    def covers(self, local_start: datetime, local_end: datetime) -> bool:
        """Whether an appointment (wall-clock times) lies within one day's working hours."""
        hours = self.on(local_start.date())
        if hours is None:
            return False
        day_end = datetime.combine(local_start.date(), hours.end)
        return hours.start <= local_start.time() and local_end <= day_end

    @property
    def earliest(self) -> time | None:
        starts = [hours.start for hours in self.days if hours]
        return min(starts) if starts else None

    @property
    def latest(self) -> time | None:
        ends = [hours.end for hours in self.days if hours]
        return max(ends) if ends else None

    def to_json(self) -> str:
        return json.dumps(
            [[h.start.strftime("%H:%M"), h.end.strftime("%H:%M")] if h else None for h in self.days]
        )

    @classmethod
    def from_json(cls, text: str | None) -> WorkingHours:
        """Stored hours, or the default when there are none or they can't be read."""
        if not text:
            return cls.default()
        try:
            raw = json.loads(text)
            days = tuple(
                DayHours(time.fromisoformat(item[0]), time.fromisoformat(item[1])) if item else None
                for item in raw
            )
            return cls(days).validated()
        except (ValueError, TypeError, IndexError, FieldInvalid):
            return cls.default()


def check_gap(minutes: int) -> int:
    if not 0 <= minutes <= MAX_GAP_MINUTES:
        raise FieldInvalid(
            "gap", f"The gap between appointments is 0 to {MAX_GAP_MINUTES} minutes."
        )
    return minutes
