"""Contracts for the sample practice: one kind of work per client, one contract after another.

Dates follow a plausible course: a contract starts a few weeks after the consultation, runs
for months (therapy) or a few months (coaching), and a later one starts after a gap. Only a
draft may start in the future; a coaching contract may name its planned end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from practice_desk.domain.contracts import (
    CoacheeProfile,
    CoachingTerms,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    GoalStatus,
    Payer,
    TherapyTerms,
)
from practice_desk.services import sample_texts as texts
from practice_desk.services.sample_contacts import ContactRegistry, any_number, office_address
from practice_desk.services.sample_names import ascii_letters, make_name

CURRENCIES = ("EUR", "GBP", "USD")
_CURRENCY_WEIGHTS = (45, 35, 20)
_GOAL_COUNT_WEIGHTS = (25, 35, 25, 15)  # 1 to 4 goals
_GOAL_WEIGHTS = {
    ContractStatus.DRAFT: (100, 0, 0, 0),  # open, progressing, achieved, dropped
    ContractStatus.ACTIVE: (35, 45, 15, 5),
    ContractStatus.PAUSED: (45, 45, 5, 5),
    ContractStatus.ENDED: (0, 25, 50, 25),
}
_SPONSOR_COUNT = 40


@dataclass(frozen=True)
class Sponsor:
    name: str
    contact_name: str
    contact: str
    address: str
    switchboard: str  # the office number; "" once the fictional ranges ran dry


class SponsorDirectory:
    """The organisations that sponsor coaching; a few of them send many coachees."""

    def __init__(self, rng: random.Random, contacts: ContactRegistry) -> None:
        self._rng = rng
        self._contacts = contacts
        pairs = [(stem, kind) for stem in texts.SPONSOR_STEMS for kind in texts.SPONSOR_KINDS]
        self._names = [f"{stem} {kind}" for stem, kind in rng.sample(pairs, _SPONSOR_COUNT)]
        self._weights = [1 / (rank + 1) for rank in range(_SPONSOR_COUNT)]
        self._known: dict[str, Sponsor] = {}

    def pick(self) -> Sponsor:
        name = self._rng.choices(self._names, self._weights)[0]
        if name not in self._known:
            self._known[name] = self._new(name)
        return self._known[name]

    def _new(self, name: str) -> Sponsor:
        rng = self._rng
        person = make_name(rng)
        domain = "-".join(ascii_letters(word) for word in name.split()[:2]) + ".example"
        contact = (
            f"{person.display}, {rng.choice(texts.SPONSOR_ROLES)}\n"
            f"{person.given}.{person.family}@{domain}\n{any_number(rng, 'uk')}"
        )
        return Sponsor(
            name, person.display, contact, office_address(rng), self._contacts.phone(rng, "uk")
        )


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max((last - first).days, 0) + 1))


def plan_periods(
    rng: random.Random, kind: ContractKind, consulted_on: date, today: date, *, draft: bool
) -> list[tuple[ContractStatus, date | None, date | None]]:
    """(status, starts_on, ends_on) of each contract, oldest first."""
    start = consulted_on + timedelta(days=rng.randint(5, 28))
    if draft:
        return [(ContractStatus.DRAFT, start if rng.random() < 0.7 else None, None)]
    count = rng.choices((1, 2, 3), (78, 17, 5))[0]
    periods: list[tuple[ContractStatus, date | None, date | None]] = []
    for index in range(count):
        if start > today:
            periods.append((ContractStatus.DRAFT, start, None))
            break
        if kind is ContractKind.THERAPY:
            months = round(rng.triangular(3, 36, 8))
        else:
            months = rng.randint(3, 12)
        end = start + timedelta(days=months * 30)
        # Some therapy runs on past its first horizon; coaching ends when its term is over.
        runs_on = kind is ContractKind.THERAPY and index == count - 1 and rng.random() < 0.15
        if end <= today and not runs_on:
            periods.append((ContractStatus.ENDED, start, end))
            start = end + timedelta(days=rng.randint(60, 600))
            if start > today:
                break
            continue
        status = ContractStatus.PAUSED if rng.random() < 0.12 else ContractStatus.ACTIVE
        planned_end = end if kind is ContractKind.COACHING and rng.random() < 0.6 else None
        if planned_end is not None and planned_end <= today:
            planned_end = None
        periods.append((status, start, planned_end))
        break
    return periods


def _goals(rng: random.Random, kind: ContractKind, status: ContractStatus) -> tuple[Goal, ...]:
    pool = texts.THERAPY_GOALS if kind is ContractKind.THERAPY else texts.COACHING_GOALS
    count = rng.choices((1, 2, 3, 4), _GOAL_COUNT_WEIGHTS)[0]
    goals = []
    for text in rng.sample(pool, count):
        goal_status = rng.choices(tuple(GoalStatus), _GOAL_WEIGHTS[status])[0]
        assessments = texts.ASSESSMENTS.get((kind.value, goal_status.value), ())
        assessment = rng.choice(assessments) if assessments and rng.random() < 0.6 else ""
        goals.append(Goal(text, goal_status, assessment))
    return tuple(goals)


def _therapy(rng: random.Random) -> tuple[TherapyTerms, Payer]:
    roll = rng.random()
    if roll < 0.25:
        terms = TherapyTerms(True, rng.choice(texts.EDGE_REASONS))
    elif roll < 0.35:
        terms = TherapyTerms(False, rng.choice(texts.NO_EDGE_REASONS))
    else:
        terms = TherapyTerms()
    if rng.random() < 0.15:  # an employer or insurer pays; it receives invoices only
        name, address = rng.choice(texts.THIRD_PARTY_PAYERS)
        return terms, Payer(True, name, address)
    return terms, Payer()


def _profile(rng: random.Random) -> CoacheeProfile:
    chosen = set(rng.sample(list(texts.PROFILE), rng.randint(3, len(texts.PROFILE))))
    role, reports = rng.choice(texts.ROLES), rng.randint(3, 14)
    return CoacheeProfile(
        **{
            name: rng.choice(options).format(role=role, reports=reports) if name in chosen else ""
            for name, options in texts.PROFILE.items()
        }
    )


def _coaching(
    rng: random.Random, sponsor: Sponsor | None, start: date | None, today: date
) -> tuple[CoachingTerms, Payer]:
    profile = _profile(rng)
    if sponsor is None:
        return CoachingTerms(profile=profile), Payer()
    agreed = None
    if start is not None and start <= today:
        agreed = min(_day_between(rng, start - timedelta(days=14), start), today)
    manager = make_name(rng).display
    recipients = (f"{sponsor.contact_name} (sponsor contact)", f"{manager} (line manager)")
    terms = CoachingTerms(
        sponsor.name,
        sponsor.contact,
        agreed,
        rng.choice(texts.REPORTING_SCOPES),
        rng.choice(texts.REPORTING_FREQUENCIES),
        recipients[: rng.randint(1, 2)],
        profile,
    )
    payer = Payer(True, sponsor.name, sponsor.address) if rng.random() < 0.9 else Payer()
    return terms, payer


@dataclass(frozen=True)
class WorkTerms:
    """What stays the same across one client's contracts: the money and the session length."""

    fee: int  # in whole units; a later contract may cost a little more
    currency: str
    session_minutes: int


def work_terms(rng: random.Random, kind: ContractKind) -> WorkTerms:
    currency = rng.choices(CURRENCIES, _CURRENCY_WEIGHTS)[0]
    if kind is ContractKind.THERAPY:
        fee = rng.randrange(70, 145, 5)
        minutes = 60 if rng.random() < 0.07 else 50
    else:
        fee = rng.randrange(110, 185, 5)
        minutes = rng.choices((50, 60, 90), (55, 30, 15))[0]
    return WorkTerms(fee, currency, minutes)


def contract_terms(
    rng: random.Random,
    kind: ContractKind,
    work: WorkTerms,
    status: ContractStatus,
    starts_on: date | None,
    ends_on: date | None,
    today: date,
    *,
    sponsor: Sponsor | None = None,
) -> ContractTerms:
    """One contract in its final state: goals fit the status, coaching names the sponsor."""
    if kind is ContractKind.THERAPY:
        therapy, payer = _therapy(rng)
        coaching = None
    else:
        therapy = None
        coaching, payer = _coaching(rng, sponsor, starts_on, today)
    return ContractTerms(
        kind=kind,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        fee_minor=work.fee * 100,
        currency=work.currency,
        session_minutes=work.session_minutes,
        goals=_goals(rng, kind, status),
        payer=payer,
        therapy=therapy,
        coaching=coaching,
    )


def raised_fee(rng: random.Random, work: WorkTerms) -> WorkTerms:
    """The terms of the client's next contract."""
    return replace(work, fee=min(work.fee + rng.choice((0, 5, 10)), 180))


def plan_contracts(
    rng: random.Random,
    kind: ContractKind,
    consulted_on: date,
    today: date,
    *,
    sponsor: Sponsor | None = None,
    draft: bool = False,
) -> tuple[ContractTerms, ...]:
    """Every contract of one client, oldest first, each in its final state."""
    work = work_terms(rng, kind)
    contracts = []
    for status, starts_on, ends_on in plan_periods(rng, kind, consulted_on, today, draft=draft):
        contracts.append(
            contract_terms(rng, kind, work, status, starts_on, ends_on, today, sponsor=sponsor)
        )
        work = raised_fee(rng, work)
    return tuple(contracts)
