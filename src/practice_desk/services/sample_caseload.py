"""The clients of the sample calendar, planned week by week on the hour grid.

On the first day a caseload is already running (their consultations were before the calendar
began). Then, each week, enquiries come in when the weeks ahead would fall below the weekly
load; each gets a consultation within a couple of weeks, and most an offer of therapy or
coaching (never both for one client) with weekly or fortnightly sessions at one regular time.
Contracts end after some months, and now and then a client comes back for more. Active
contracts the practice already had are given their sessions from their start, and clients
waiting for a consultation are booked one.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from practice_desk.domain.appointments import (
    CONSULTATION_MINUTES,
    AppointmentStatus,
    CancelledBy,
)
from practice_desk.domain.clients import ConsultationOutcome, ConsultationRecord
from practice_desk.domain.contracts import ContractKind, ContractStatus
from practice_desk.domain.practice_time import week_start
from practice_desk.services import sample_texts as texts
from practice_desk.services.sample_contracts import (
    SponsorDirectory,
    WorkTerms,
    contract_terms,
    raised_fee,
    work_terms,
)
from practice_desk.services.sample_practice import SamplePeople
from practice_desk.services.sample_schedule import (
    BlockPlan,
    CalendarFrame,
    CasePlan,
    HourGrid,
    SchedulePlan,
    Visit,
    WorkPlan,
    at,
    runs_of,
)

MAX_INTAKE = 3  # enquiries in one week
AHEAD = range(3, 7)  # the weeks ahead whose load decides the intake
RETURNING = 0.1  # the share of clients who come back after the end
STATUS_WEIGHTS = (  # what became of a past appointment
    ((AppointmentStatus.ATTENDED, None), 885),
    ((AppointmentStatus.CANCELLED, CancelledBy.CLIENT), 50),
    ((AppointmentStatus.LATE_CANCELLED, CancelledBy.CLIENT), 30),
    ((AppointmentStatus.NO_SHOW, None), 15),
    ((AppointmentStatus.CANCELLED, CancelledBy.PRACTITIONER), 20),
)


@dataclass(frozen=True)
class ExistingWork:
    """An active contract the practice already had, which the calendar gives its sessions."""

    client_id: int
    contract_id: int
    kind: ContractKind
    starts_on: date
    minutes: int


@dataclass(frozen=True)
class _Arrival:
    """Someone due to start work in `week`: a client coming back, or an existing contract."""

    week: int
    case: CasePlan
    kind: ContractKind
    work: WorkTerms
    existing: ExistingWork | None = None
    patience: int = 8  # weeks a returning client waits for room


class CaseloadPlanner:
    def __init__(
        self,
        rng: random.Random,
        frame: CalendarFrame,
        grid: HourGrid,
        people: SamplePeople,
        sponsors: SponsorDirectory,
    ) -> None:
        self.rng = rng
        self.frame = frame
        self.grid = grid
        self.people = people
        self.sponsors = sponsors
        self._load = [0] * frame.weeks  # sessions booked in each week
        self._waiting = 0  # consultations still ahead, whose clients may start soon
        self._arrivals: list[_Arrival] = []
        self.cases: list[CasePlan] = []

    def plan(
        self,
        blocks: list[BlockPlan],
        existing: Sequence[ExistingWork] = (),
        waiting: Sequence[int] = (),
    ) -> SchedulePlan:
        frame = self.frame
        for work in existing:
            case = CasePlan(max(work.starts_on, frame.first_day), None, work.client_id)
            week = max(frame.week_of(work.starts_on), 0)
            terms = WorkTerms(0, "", work.minutes)
            self._arrivals.append(_Arrival(week, case, work.kind, terms, work))
        for client_id in waiting:
            self._booked_consultation(client_id)
        for week in range(frame.weeks):
            self._arrive(week)
            if week == 0:
                self._running_caseload()
            self._intake(week)
        self._consultation_this_week()
        self.cases.sort(key=lambda case: case.first_day)
        return SchedulePlan(frame.first_day, frame.last_day, blocks, self.cases)

    # --- who comes ---------------------------------------------------------------------------

    def _running_caseload(self) -> None:
        """The clients already in work on the first day; their consultations were before."""
        frame, rng = self.frame, self.rng
        for _ in range(frame.weekly_load * 2):
            if self._load_ahead(0, range(4)) >= frame.weekly_load - 1:
                return
            kind = _kind(rng)
            started = frame.first_day - timedelta(days=rng.randint(7, 400))
            held = started - timedelta(days=rng.randint(7, 21))
            if kind is ContractKind.THERAPY:
                months = round(rng.triangular(1, 30, 6))
            else:
                months = rng.randint(1, 9)
            case = self._new_case(held - timedelta(days=rng.randint(0, 21)), kind)
            first = frame.first_day + timedelta(days=rng.randrange(5))
            work = self._work(kind, work_terms(rng, kind), first, months, starts_on=started)
            if work is None:
                return
            case.record = self._record(_offer(kind), held)
            case.work.append(work)
            self.cases.append(case)
            self._maybe_return(case, work)

    def _intake(self, week: int) -> None:
        frame, rng = self.frame, self.rng
        monday = frame.monday(week)
        if monday > frame.last_day - timedelta(days=10):
            return
        deficit = frame.weekly_load - self._load_ahead(week, AHEAD) - 0.8 * self._waiting
        if deficit > 0:
            count = min(MAX_INTAKE, int(deficit / 2 + rng.random()))
        else:
            count = 1 if rng.random() < 0.15 else 0  # and there will be no room for them
        for _ in range(count):
            self._enquiry(monday + timedelta(days=rng.randrange(5)), room=deficit > 0)

    def _load_ahead(self, week: int, ahead: range) -> float:
        """Sessions a week in the coming weeks, on average; holiday weeks don't count."""
        weeks = [
            week + n
            for n in ahead
            if week + n < self.frame.weeks and week + n not in self.grid.holiday_weeks
        ]
        if not weeks:
            return float(self.frame.weekly_load)
        return sum(self._load[w] for w in weeks) / len(weeks)

    def _consultation_this_week(self) -> None:
        """A practice's week usually has a consultation in it; today's week does."""
        monday = week_start(self.frame.today)
        for case in self.cases:
            if case.consultation and week_start(case.consultation.start.date()) == monday:
                return
        sunday = monday + timedelta(days=6)
        for earliest in (max(self.frame.today, monday), monday):  # ahead if there's room
            if self.grid.free_slot(earliest, sunday, CONSULTATION_MINUTES, take=False):
                self._enquiry(monday, room=True, earliest=earliest, latest=sunday)
                return

    def _enquiry(
        self,
        contact: date,
        *,
        room: bool,
        earliest: date | None = None,
        latest: date | None = None,
    ) -> None:
        """Someone gets in touch; a consultation follows within a couple of weeks."""
        frame, rng = self.frame, self.rng
        kind = _kind(rng)
        earliest = earliest or contact + timedelta(days=rng.randint(2, 6))
        latest = latest or earliest + timedelta(days=12)
        slot = self.grid.free_slot(earliest, latest, CONSULTATION_MINUTES)
        if slot is None:
            return
        case = self._new_case(min(contact, slot.date()), kind)
        status, by = self._outcome(slot, CONSULTATION_MINUTES)
        case.consultation = Visit(slot, CONSULTATION_MINUTES, status, by)
        self.cases.append(case)
        held = slot.date()
        closing = held < frame.today - timedelta(days=14)
        if status is AppointmentStatus.BOOKED:
            self._waiting += 1
            return
        if status is not AppointmentStatus.ATTENDED:
            case.close_after_consultation = closing
            return
        work = None
        if room and rng.random() < 0.8:
            if kind is ContractKind.THERAPY:
                months = round(rng.triangular(3, 36, 8))
            else:
                months = rng.randint(3, 12)
            first = held + timedelta(days=rng.randint(5, 18))
            work = self._work(kind, work_terms(rng, kind), first, months)
        if work is None:
            outcome = rng.choice((ConsultationOutcome.REFER_ELSEWHERE, ConsultationOutcome.NO_FIT))
            case.record = self._record(outcome, held)
            if outcome is ConsultationOutcome.REFER_ELSEWHERE and rng.random() < 0.6:
                body = texts.REFERRAL_BODY.format(day=held.strftime("%d %B %Y"))
                case.referral = (rng.choice(texts.REFERRAL_TARGETS), body)
            case.close_after_consultation = closing
            return
        case.record = self._record(_offer(kind), held)
        case.work.append(work)
        self._maybe_return(case, work)

    def _booked_consultation(self, client_id: int) -> None:
        """A client of the practice waiting for their consultation gets one soon."""
        today = self.frame.today
        slot = self.grid.free_slot(today, today + timedelta(days=14), CONSULTATION_MINUTES)
        if slot is not None:
            visit = Visit(slot, CONSULTATION_MINUTES)
            self.cases.append(CasePlan(today, None, client_id, consultation=visit))

    def _maybe_return(self, case: CasePlan, work: WorkPlan) -> None:
        """Some clients come back for more work months after the end."""
        if work.ends_on is None or work.terms is None or self.rng.random() >= RETURNING:
            return
        back = work.ends_on + timedelta(days=self.rng.randint(60, 540))
        if back < self.frame.today:
            terms = work.terms
            then = WorkTerms(terms.fee_minor // 100, terms.currency, terms.session_minutes)
            week = self.frame.week_of(back)
            self._arrivals.append(_Arrival(week, case, work.kind, raised_fee(self.rng, then)))

    def _arrive(self, week: int) -> None:
        due = [arrival for arrival in self._arrivals if arrival.week == week]
        for arrival in due:
            self._arrivals.remove(arrival)
            monday = self.frame.monday(week)
            existing = arrival.existing
            if existing is not None:
                earliest = max(existing.starts_on, monday)
                work = self._work(arrival.kind, arrival.work, earliest, None, existing=existing)
                if work is not None:
                    arrival.case.work.append(work)
                    self.cases.append(arrival.case)
                continue
            work = None
            if self._load_ahead(week, range(3)) < self.frame.weekly_load:
                first = monday + timedelta(days=self.rng.randrange(5))
                months = self.rng.randint(2, 9)
                work = self._work(arrival.kind, arrival.work, first, months)
            if work is not None:
                arrival.case.work.append(work)
                self._maybe_return(arrival.case, work)
            elif arrival.patience > 0 and week + 1 < self.frame.weeks:
                later = replace(arrival, week=week + 1, patience=arrival.patience - 1)
                self._arrivals.append(later)

    def _new_case(self, contact: date, kind: ContractKind) -> CasePlan:
        sources = (
            texts.REFERRAL_SOURCES
            if kind is ContractKind.THERAPY
            else texts.COACHING_REFERRAL_SOURCES
        )
        return CasePlan(contact, self.people.details(contact, full=True, sources=sources))

    def _record(self, outcome: ConsultationOutcome, held: date) -> ConsultationRecord:
        notes = texts.CONSULTATION_NOTES[outcome.value]
        note = self.rng.choice(notes) if self.rng.random() < 0.5 else ""
        return ConsultationRecord(outcome, held, note)

    # --- the work ----------------------------------------------------------------------------

    def _work(
        self,
        kind: ContractKind,
        work: WorkTerms,
        earliest: date,
        months: int | None,
        *,
        starts_on: date | None = None,
        existing: ExistingWork | None = None,
    ) -> WorkPlan | None:
        """A contract whose sessions run at one regular time from `earliest` for `months`
        (None: on past the last day); None when no regular time is free often enough."""
        frame, grid, rng = self.frame, self.grid, self.rng
        minutes = work.session_minutes
        weekly = rng.random() < (0.85 if kind is ContractKind.THERAPY else 0.35)
        interval = 1 if weekly else 2
        last = frame.last_day
        if months is not None:
            last = min(last, earliest + timedelta(days=months * 30))
        if earliest > last:
            return None
        chosen = grid.regular_slot(earliest, last, interval, minutes)
        if chosen is None:
            return None
        dates, hour = chosen
        visits: dict[date, Visit] = {}
        for day in dates:
            if day in grid.days_off or not grid.is_free(day, hour, minutes):
                continue  # a day off, or another appointment at that time this once
            grid.take(day, hour, minutes)
            self._load[frame.week_of(day)] += 1
            status, by = self._outcome(at(day, hour), minutes)
            visits[day] = Visit(at(day, hour), minutes, status, by)
        if not visits:
            return None
        runs = runs_of(rng, dates, visits, interval, chunk=(8, 20))
        if existing is not None:
            return WorkPlan(kind, None, runs, None, existing.contract_id)
        booked = sorted(visits)
        ended = months is not None and last < frame.today
        starts = starts_on or min(booked[0], frame.today)
        ends = booked[-1] if ended else None
        status = ContractStatus.ENDED if ended else ContractStatus.ACTIVE
        sponsor = None
        if kind is ContractKind.COACHING and rng.random() < 0.8:
            sponsor = self.sponsors.pick()
        terms = contract_terms(rng, kind, work, status, starts, ends, frame.today, sponsor=sponsor)
        return WorkPlan(kind, terms, runs, ends)

    def _outcome(
        self, start: datetime, minutes: int
    ) -> tuple[AppointmentStatus, CancelledBy | None]:
        """What became of an appointment: past ones were kept, cancelled or missed; a few in
        the coming fortnight are cancelled already."""
        if self.frame.is_past(start, minutes):
            if start.date() in self.grid.sick_days:
                return AppointmentStatus.CANCELLED, CancelledBy.PRACTITIONER
            outcomes = [outcome for outcome, _ in STATUS_WEIGHTS]
            weights = [weight for _, weight in STATUS_WEIGHTS]
            return self.rng.choices(outcomes, weights)[0]
        soon = start.date() < self.frame.today + timedelta(days=14)
        if soon and self.rng.random() < 0.03:
            return AppointmentStatus.CANCELLED, CancelledBy.CLIENT
        return AppointmentStatus.BOOKED, None


def _kind(rng: random.Random) -> ContractKind:
    return ContractKind.THERAPY if rng.random() < 0.6 else ContractKind.COACHING


def _offer(kind: ContractKind) -> ConsultationOutcome:
    if kind is ContractKind.THERAPY:
        return ConsultationOutcome.OFFER_THERAPY
    return ConsultationOutcome.OFFER_COACHING
