"""Weekly series: the same wall-clock time every one to four weeks, up to a date or a count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from practice_desk.domain.fields import FieldInvalid

MAX_OCCURRENCES = 104  # two years of weekly sessions; a longer series is booked again later
MAX_INTERVAL_WEEKS = 4


@dataclass(frozen=True)
class SeriesPlan:
    interval_weeks: int = 1
    count: int | None = None
    until: date | None = None

    def validated(self, first: date) -> SeriesPlan:
        if not 1 <= self.interval_weeks <= MAX_INTERVAL_WEEKS:
            raise FieldInvalid(
                "interval", f"A series repeats every 1 to {MAX_INTERVAL_WEEKS} weeks."
            )
        if (self.count is None) == (self.until is None):
            raise FieldInvalid("repeat_end", "Please give either an end date or a number of times.")
        if self.count is not None and not 2 <= self.count <= MAX_OCCURRENCES:
            raise FieldInvalid(
                "count", f"A series has between 2 and {MAX_OCCURRENCES} appointments."
            )
        if self.until is not None:
            if self.until <= first:
                raise FieldInvalid("until", "The series has to end after its first appointment.")
            if (
                len(occurrence_dates(first, self.interval_weeks, None, self.until))
                > MAX_OCCURRENCES
            ):
                raise FieldInvalid(
                    "until",
                    f"A series has at most {MAX_OCCURRENCES} appointments; please choose an "
                    "earlier end date.",
                )
        return self

    def starts(self, first: datetime) -> list[datetime]:
        """The wall-clock starts of every appointment in the series, the first included."""
        days = occurrence_dates(first.date(), self.interval_weeks, self.count, self.until)
        return [datetime.combine(day, first.time()) for day in days]


def occurrence_dates(
    first: date, interval_weeks: int, count: int | None, until: date | None
) -> list[date]:
    step = timedelta(weeks=interval_weeks)
    days: list[date] = []
    day = first
    while len(days) <= MAX_OCCURRENCES:
        if (count is not None and len(days) >= count) or (until is not None and day > until):
            break
        days.append(day)
        day += step
    return days
