"""The sample calendar as a plan, and the grid of hours it is planned on. Nothing is stored.

sample_own_time plans the practitioner's holidays, supervision and training days on the grid;
sample_caseload the clients, week by week; sample_calendar stores the plan through the use
cases.

Every appointment starts on a whole hour within working hours, so one bit per hour and day is
enough to keep appointments apart with the gap between them: an appointment of m minutes at
hour h takes the hours h .. h + ceil((m + gap) / 60) - 1 of its day.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from practice_desk.domain.appointments import AppointmentStatus, BlockReason, CancelledBy
from practice_desk.domain.clients import ClientDetails, ConsultationRecord
from practice_desk.domain.contracts import ContractKind, ContractTerms
from practice_desk.domain.practice_time import TimeDoesNotExist, to_utc
from practice_desk.domain.recurrence import MAX_OCCURRENCES
from practice_desk.domain.working_hours import WorkingHours

WHOLE_DAY = (1 << 24) - 1
_CHOICES = 3  # free regular times looked at before taking the one on the quietest day


@dataclass(frozen=True)
class Visit:
    """One appointment: its wall-clock start and length, and what became of it."""

    start: datetime  # naive: the practice's wall-clock time
    minutes: int
    status: AppointmentStatus = AppointmentStatus.BOOKED
    by: CancelledBy | None = None


@dataclass(frozen=True)
class Run:
    """Appointments booked in one go: a series at one time every `interval_weeks` from the
    first visit, `count` dates long, without the dates in `skip`; or a single appointment."""

    visits: tuple[Visit, ...]
    interval_weeks: int = 1
    count: int = 1
    skip: tuple[date, ...] = ()


@dataclass(frozen=True)
class BlockPlan:
    reason: BlockReason
    note: str
    runs: tuple[Run, ...]


@dataclass
class WorkPlan:
    """One contract: its terms in their final state, its sessions, and the day it ended on
    (None: still running). `contract_id` names a contract the practice already had."""

    kind: ContractKind
    terms: ContractTerms | None
    runs: list[Run]
    ends_on: date | None
    contract_id: int | None = None


@dataclass
class CasePlan:
    """One client's course, in the order the practitioner would enter it."""

    first_day: date
    details: ClientDetails | None  # None: a client the practice already had
    client_id: int | None = None
    consultation: Visit | None = None
    record: ConsultationRecord | None = None
    referral: tuple[str, str] | None = None  # (addressed to, body)
    close_after_consultation: bool = False
    work: list[WorkPlan] = field(default_factory=list)


@dataclass
class SchedulePlan:
    first_day: date
    last_day: date
    blocks: list[BlockPlan]
    cases: list[CasePlan]

    def visits(self) -> Iterator[Visit]:
        for block in self.blocks:
            for run in block.runs:
                yield from run.visits
        for case in self.cases:
            if case.consultation:
                yield case.consultation
            for work in case.work:
                for run in work.runs:
                    yield from run.visits


@dataclass(frozen=True)
class CalendarFrame:
    """Where the plan happens: the practice's settings and the span of days."""

    today: date
    first_day: date  # a Monday
    last_day: date
    past_until: datetime  # wall-clock: appointments that end by then have an outcome
    tz: ZoneInfo
    hours: WorkingHours
    gap_minutes: int
    weekly_load: int

    @property
    def weeks(self) -> int:
        return (self.last_day - self.first_day).days // 7 + 1

    def week_of(self, day: date) -> int:
        return (day - self.first_day).days // 7

    def monday(self, week: int) -> date:
        return self.first_day + timedelta(weeks=week)

    def is_past(self, start: datetime, minutes: int) -> bool:
        return start + timedelta(minutes=minutes) <= self.past_until

    def existing(self, local: datetime) -> datetime:
        """`local`, or an hour later where the clocks skip it (midnight in a few zones)."""
        try:
            to_utc(local, self.tz)
            return local
        except TimeDoesNotExist:
            return local + timedelta(hours=1)

    def minutes_between(self, start: datetime, end: datetime) -> int:
        return int((to_utc(end, self.tz) - to_utc(start, self.tz)).total_seconds() // 60)


class HourGrid:
    """Which whole hours of which days are taken, with the practitioner's days away."""

    def __init__(self, frame: CalendarFrame, rng: random.Random) -> None:
        self.frame = frame
        self.rng = rng
        self.holidays: set[date] = set()
        self.holiday_weeks: set[int] = set()
        self.days_off: set[date] = set()  # holidays and training days: no sessions at all
        self.sick_days: set[date] = set()
        self._busy: dict[date, int] = {}
        self._starts: dict[tuple[int, int], list[int]] = {}

    def hours_for(self, day: date, minutes: int) -> list[int]:
        """The whole hours at which an appointment of `minutes` fits that day's hours."""
        key = (day.weekday(), minutes)
        if key not in self._starts:
            hours = self.frame.hours.on(day)
            starts = []
            if hours is not None:
                first = hours.start.hour + (1 if hours.start.minute else 0)
                close = hours.end.hour * 60 + hours.end.minute
                starts = [hour for hour in range(first, 24) if hour * 60 + minutes <= close]
            self._starts[key] = starts
        return list(self._starts[key])

    def is_free(self, day: date, hour: int, minutes: int) -> bool:
        return not self._busy.get(day, 0) & self._mask(hour, minutes)

    def is_untouched(self, day: date) -> bool:
        return not self._busy.get(day, 0)

    def take(self, day: date, hour: int, minutes: int) -> None:
        self._busy[day] = self._busy.get(day, 0) | self._mask(hour, minutes)

    def take_day(self, day: date, *, holiday: bool = False) -> None:
        self._busy[day] = WHOLE_DAY
        self.days_off.add(day)
        if holiday:
            self.holidays.add(day)
            self.holiday_weeks.add(self.frame.week_of(day))

    def free_slot(
        self, earliest: date, latest: date, minutes: int, *, take: bool = True
    ) -> datetime | None:
        """Take the first free hour on the first day that has one (not a sick day)."""
        day = earliest
        while day <= min(latest, self.frame.last_day):
            if day not in self.sick_days:
                hours = self.hours_for(day, minutes)
                self.rng.shuffle(hours)
                for hour in hours:
                    if self.is_free(day, hour, minutes):
                        if take:
                            self.take(day, hour, minutes)
                        return at(day, hour)
            day += timedelta(days=1)
        return None

    def regular_slot(
        self, earliest: date, last: date, interval: int, minutes: int
    ) -> tuple[list[date], int] | None:
        """The dates from `earliest` to `last` and the hour of a regular time (every
        `interval` weeks) that is free on all, or nearly all, of its dates (days off aside)."""
        options = []
        for offset in range(7):
            first = earliest + timedelta(days=offset)
            dates = []
            day = first
            while day <= last:
                dates.append(day)
                day += timedelta(weeks=interval)
            working = [day for day in dates if day not in self.days_off]
            if working:
                options.extend((dates, working, hour) for hour in self.hours_for(first, minutes))
        self.rng.shuffle(options)
        free: list[tuple[list[date], int]] = []
        best, fewest = None, 0
        for dates, working, hour in options:
            limit = len(working) if best is None else max(fewest, 1)
            clashes = 0
            for day in working:
                if not self.is_free(day, hour, minutes):
                    clashes += 1
                    if clashes >= limit:
                        break
            if clashes == 0:
                free.append((dates, hour))
                if len(free) == _CHOICES:
                    break
            elif best is None or clashes < fewest:
                best, fewest = (dates, hour), clashes
        if free:  # the one on the quieter day, as a practitioner spreads the week
            return min(free, key=lambda option: self._taken(option[0][0]))
        if best is None or fewest > len(best[0]) // 5:
            return None
        return best

    def regular_time(self, minutes: int, *, afternoon: bool = False) -> tuple[int, int]:
        """A weekday (Monday 0) and hour for something that comes back every week or two."""
        options = [
            (weekday, hour)
            for weekday in range(7)
            for hour in self.hours_for(self.frame.first_day + timedelta(days=weekday), minutes)
            if not afternoon or hour >= 12
        ]
        return self.rng.choice(options or [(0, 9)])

    def _taken(self, day: date) -> int:
        return self._busy.get(day, 0).bit_count()

    def _mask(self, hour: int, minutes: int) -> int:
        cells = -(-(minutes + self.frame.gap_minutes) // 60)
        return ((1 << cells) - 1) << hour


def runs_of(
    rng: random.Random,
    dates: list[date],
    visits: dict[date, Visit],
    interval: int,
    chunk: tuple[int, int],
) -> list[Run]:
    """Book a regular time's dates a few at a time, as a practitioner books the weeks ahead;
    the dates without a visit are skipped."""
    runs = []
    index = 0
    while index < len(dates):
        size = min(rng.randint(*chunk), MAX_OCCURRENCES)
        part = dates[index : index + size]
        index += size
        booked = [day for day in part if day in visits]
        if not booked:
            continue
        part = part[part.index(booked[0]) : part.index(booked[-1]) + 1]
        skip = tuple(day for day in part if day not in visits)
        runs.append(Run(tuple(visits[day] for day in booked), interval, len(part), skip))
    return runs


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))
