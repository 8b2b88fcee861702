"""A sample calendar: years of made-up practice history ending today, and the weeks ahead booked.

The plan comes from sample_own_time and sample_caseload (who comes when and what became of it,
on the hour grid of sample_schedule); here it goes in through the ordinary use cases, as the
sample practice does. Clients are created and their consultations recorded by
practice.clients, contracts created and ended by practice.contracts, and every appointment is
booked by practice.bookings.book (a series for a run of sessions at one regular time) and
marked attended, cancelled or missed by practice.bookings.set_status. The role rules, the
booking rules, the database triggers and the audit trail all see it, as they see typed data.
Bookings are confirmed: most are in the past, which would otherwise ask first.

Determinism: one random.Random drives every choice, and dates count back from `today`, so the
same seed, day, practice settings and practice contents give the same calendar. Only what the
clock supplies differs: the stored and audited times, and when a cancellation was recorded.
Appointments before `today` have their outcome; today's and later ones are booked.

Active contracts already in the practice (the sample practice's, say) are given sessions too,
up to half the weekly load, and a few clients waiting for their consultation are booked one.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from practice_desk.domain.appointments import (
    AppointmentKind,
    AppointmentRequest,
    AppointmentStatus,
    BlockReason,
)
from practice_desk.domain.client_search import ClientSummary
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import ContractStatus
from practice_desk.domain.practice_time import day_bounds, to_local, week_start
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.services.clients import PossibleDuplicate
from practice_desk.services.sample_caseload import CaseloadPlanner, ExistingWork
from practice_desk.services.sample_contacts import ContactRegistry
from practice_desk.services.sample_contracts import SponsorDirectory
from practice_desk.services.sample_own_time import plan_own_time
from practice_desk.services.sample_practice import SamplePeople
from practice_desk.services.sample_schedule import (
    CalendarFrame,
    CasePlan,
    HourGrid,
    Run,
    SchedulePlan,
    WorkPlan,
)
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice

WAITING_CONSULTATIONS = 3  # clients of the practice waiting for a consultation who get one
_FAR_PAST = datetime(1900, 1, 1, tzinfo=UTC)
_FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CalendarFillReport:
    first_day: date  # the Monday the history begins on
    last_day: date  # the last day booked ahead
    clients: int = 0  # new clients the calendar brought in
    therapy_contracts: int = 0
    coaching_contracts: int = 0
    existing_contracts: int = 0  # contracts of the practice that were given sessions
    consultations: int = 0
    sessions: int = 0
    blocked: int = 0
    attended: int = 0
    cancelled: int = 0
    late_cancelled: int = 0
    no_show: int = 0
    booked: int = 0  # consultations and sessions still ahead (blocked time is not counted)

    @property
    def appointments(self) -> int:
        return self.consultations + self.sessions + self.blocked

    @property
    def contracts(self) -> int:
        return self.therapy_contracts + self.coaching_contracts


def fill_sample_calendar(
    practice: Practice,
    *,
    years: float,
    seed: int,
    today: date,
    weekly_load: int = 25,
    weeks_ahead: int = 6,
    batch_size: int = 40,
    progress: Callable[[int], None] | None = None,
) -> CalendarFillReport:
    """Give a practice without appointments `years` of history up to `today` (a fraction is
    fine: 0.25 is a quarter) and the next `weeks_ahead` weeks booked, with about `weekly_load`
    sessions a week. `today` must not be after the practice's own today. Commits every
    `batch_size` clients; `progress` hears the count of appointments stored so far."""
    if today > practice.today:
        raise ValueError("the sample's today is after the practice's today")
    if years < 0 or weekly_load < 1 or weeks_ahead < 1:
        raise ValueError("years can't be negative; the load and the weeks ahead are at least 1")
    bookings = practice.bookings
    if bookings.between(_FAR_PAST, _FAR_FUTURE):
        raise ValueError("the sample calendar goes into a practice without appointments")
    plan = plan_sample_calendar(
        practice,
        years=years,
        seed=seed,
        today=today,
        weekly_load=weekly_load,
        weeks_ahead=weeks_ahead,
    )
    store = _Store(practice)
    with transaction(practice.conn):
        for block in plan.blocks:
            for run in block.runs:
                store.book(AppointmentKind.BLOCKED, None, run, block.reason, block.note)
    for start in range(0, len(plan.cases), batch_size):
        with transaction(practice.conn):
            for case in plan.cases[start : start + batch_size]:
                store.case(case)
        if progress is not None:
            progress(store.tally["appointments"])
    tally = store.tally
    del tally["appointments"]
    return CalendarFillReport(plan.first_day, plan.last_day, **tally)


def plan_sample_calendar(
    practice: Practice,
    *,
    years: float,
    seed: int,
    today: date,
    weekly_load: int = 25,
    weeks_ahead: int = 6,
) -> SchedulePlan:
    """The calendar fill_sample_calendar would store in this practice; nothing is stored."""
    settings = practice.bookings.settings
    tz = settings.tz
    start_of_today, _ = day_bounds(today, tz)
    past_until = to_local(min(start_of_today, practice.clock.now()), tz)
    frame = CalendarFrame(
        today=today,
        first_day=week_start(today - timedelta(days=round(years * 365.25))),
        last_day=today + timedelta(weeks=weeks_ahead),
        past_until=past_until,
        tz=tz,
        hours=settings.working_hours,
        gap_minutes=settings.gap_minutes,
        weekly_load=weekly_load,
    )
    rng = random.Random(f"sample calendar {seed}")
    contacts = ContactRegistry()
    summaries = sorted(practice.clients.summaries(), key=lambda row: row.id)
    for summary in summaries:
        contacts.hold(summary.email, summary.phone)
    existing = _existing_work(practice, summaries, today, limit=weekly_load // 2)
    waiting = _waiting_for_consultation(practice, summaries, limit=WAITING_CONSULTATIONS)
    grid = HourGrid(frame, rng)
    blocks = plan_own_time(rng, frame, grid)
    people, sponsors = SamplePeople(rng, contacts), SponsorDirectory(rng, contacts)
    return CaseloadPlanner(rng, frame, grid, people, sponsors).plan(blocks, existing, waiting)


def _existing_work(
    practice: Practice, summaries: list[ClientSummary], today: date, *, limit: int
) -> list[ExistingWork]:
    """The practice's first `limit` active contracts that have begun, oldest client first."""
    found: list[ExistingWork] = []
    for summary in summaries:
        if len(found) >= limit:
            break
        if summary.status is not ClientStatus.ACTIVE:
            continue
        for contract in practice.contracts.for_client(summary.id):
            starts_on = contract.terms.starts_on
            if contract.status is ContractStatus.ACTIVE and starts_on and starts_on <= today:
                minutes = contract.terms.session_minutes
                found.append(
                    ExistingWork(summary.id, contract.id, contract.kind, starts_on, minutes)
                )
    return found


def _waiting_for_consultation(
    practice: Practice, summaries: list[ClientSummary], *, limit: int
) -> list[int]:
    """Clients at the consultation stage whose consultation hasn't been held."""
    found: list[int] = []
    for summary in summaries:
        if len(found) >= limit:
            break
        if (
            summary.status is ClientStatus.CONSULTATION
            and summary.kind is None
            and practice.clients.get(summary.id).consultation is None
        ):
            found.append(summary.id)
    return found


class _Store:
    """Puts a plan in through the use cases, counting what it stored."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice
        self.tally: Counter[str] = Counter()

    def case(self, case: CasePlan) -> None:
        practice = self.practice
        client_id = case.client_id
        if client_id is None:
            assert case.details is not None
            client_id = self._create_client(case)
        if case.consultation is not None:
            run = Run((case.consultation,))
            self.book(AppointmentKind.CONSULTATION, client_id, run)
        if case.record is not None:
            practice.clients.record_consultation(client_id, case.record)
        if case.referral is not None:
            practice.clients.write_referral_note(client_id, *case.referral)
        if case.close_after_consultation:
            self._set_client_status(client_id, ClientStatus.CLOSED)
        for work in case.work:
            self._work(client_id, work)

    def _create_client(self, case: CasePlan) -> int:
        details = case.details
        assert details is not None
        try:
            client = self.practice.clients.create(details)
        except PossibleDuplicate:
            # Someone of the practice shares this name and birth date: leave the date out.
            client = self.practice.clients.create(replace(details, date_of_birth=None))
        self.tally["clients"] += 1
        return client.id

    def _work(self, client_id: int, work: WorkPlan) -> None:
        practice = self.practice
        contract_id = work.contract_id
        if contract_id is None:
            assert work.terms is not None
            if practice.clients.get(client_id).details.status is ClientStatus.CLOSED:
                self._set_client_status(client_id, ClientStatus.ACTIVE)  # back for more work
            terms = replace(work.terms, status=ContractStatus.ACTIVE, ends_on=None)
            contract_id = practice.contracts.create(client_id, terms).id
            self.tally[f"{work.kind.value}_contracts"] += 1
        else:
            self.tally["existing_contracts"] += 1
        kind = AppointmentKind.session_for(work.kind)
        for run in work.runs:
            self.book(kind, client_id, run)
        if work.ends_on is not None:
            practice.contracts.end(contract_id, on=work.ends_on)
            self._set_client_status(client_id, ClientStatus.CLOSED)

    def book(
        self,
        kind: AppointmentKind,
        client_id: int | None,
        run: Run,
        reason: BlockReason | None = None,
        note: str = "",
    ) -> None:
        bookings = self.practice.bookings
        first = run.visits[0]
        request = AppointmentRequest(kind, first.start, first.minutes, client_id, reason, note)
        series = SeriesPlan(run.interval_weeks, count=run.count) if run.count > 1 else None
        booked = bookings.book(request, series=series, skip=run.skip, confirmed=True)
        for appointment, visit in zip(booked, run.visits, strict=True):
            if visit.status is not AppointmentStatus.BOOKED:
                bookings.set_status(appointment.id, visit.status, by=visit.by)
            if kind.has_client:
                self.tally[visit.status.value] += 1
        group = "blocked" if kind is AppointmentKind.BLOCKED else "sessions"
        if kind is AppointmentKind.CONSULTATION:
            group = "consultations"
        self.tally[group] += len(booked)
        self.tally["appointments"] += len(booked)

    def _set_client_status(self, client_id: int, status: ClientStatus) -> None:
        clients = self.practice.clients
        client = clients.get(client_id)
        if client.details.status is not status:
            clients.update(client_id, replace(client.details, status=status))
