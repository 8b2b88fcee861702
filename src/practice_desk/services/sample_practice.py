"""A synthetic practice: made-up but realistic clients and contracts, the same for the same seed.

Everything goes in through the ordinary use cases (practice.clients, practice.contracts), so the
rules, the duplicate guard and the audit trail see sample data exactly as they see typed data.
The demo practice and the benchmarks both start from here.

Determinism: one random.Random(seed) drives every choice and dates count back from `today`, so
the same seed and day give the same clients and contracts. Only the stored created_at/updated_at
stamps and the audit times come from the practice's clock.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from practice_desk.domain.clients import (
    ClientDetails,
    ClientStatus,
    ConsultationOutcome,
    ConsultationRecord,
)
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from practice_desk.domain.duplicates import name_key
from practice_desk.services import sample_texts as texts
from practice_desk.services.clients import DifferentPerson
from practice_desk.services.sample_contacts import (
    ContactRegistry,
    address,
    emergency_contact,
    pick_country,
)
from practice_desk.services.sample_contracts import Sponsor, SponsorDirectory, plan_contracts
from practice_desk.services.sample_names import PersonName, make_name
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice

STORY_WEIGHTS = (("enquiry", 10), ("consultation", 10), ("therapy", 48), ("coaching", 32))
EARLIEST_BIRTH = date(1950, 1, 1)
LATEST_BIRTH = date(2005, 12, 31)
EARLIEST_TODAY = date(2010, 1, 1)  # adults born by 2005, with years of practice behind them
PRACTICE_DAYS = 7 * 365
LOOK_ALIKE_REASON = (
    "Works at the same organisation as another client: the shared number is the office switchboard."
)


@dataclass(frozen=True)
class SampleSummary:
    clients: int = 0
    therapy_contracts: int = 0
    coaching_contracts: int = 0
    goals: int = 0
    consultations: int = 0
    referral_notes: int = 0
    look_alikes_confirmed: int = 0

    @property
    def contracts(self) -> int:
        return self.therapy_contracts + self.coaching_contracts


@dataclass(frozen=True)
class ClientPlan:
    """One client as the practitioner would enter them, in order: details, the consultation
    outcome, a referral note, then each contract in its final state (oldest first)."""

    details: ClientDetails
    consultation: ConsultationRecord | None = None
    referral: tuple[str, str] | None = None  # (addressed to, body)
    contracts: tuple[ContractTerms, ...] = ()
    different_person: DifferentPerson | None = None


def story_mix(count: int, rng: random.Random) -> list[str]:
    """`count` stories in the proportions of STORY_WEIGHTS (largest remainder), shuffled:
    even a dozen clients get every story."""
    total = sum(weight for _, weight in STORY_WEIGHTS)
    shares = [(story, count * weight / total) for story, weight in STORY_WEIGHTS]
    counts = {story: int(share) for story, share in shares}
    by_remainder = sorted(shares, key=lambda item: item[1] - int(item[1]), reverse=True)
    for story, _ in by_remainder[: count - sum(counts.values())]:
        counts[story] += 1
    stories = [story for story, n in counts.items() for _ in range(n)]
    rng.shuffle(stories)
    return stories


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange(max((last - first).days, 0) + 1))


class _Planner:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.contacts = ContactRegistry()
        self.sponsors = SponsorDirectory(self.rng, self.contacts)
        self.people = SamplePeople(self.rng, self.contacts)
        self._switchboards: set[str] = set()

    def plan(self, story: str) -> ClientPlan:
        if story == "enquiry":
            return self._enquiry()
        if story == "consultation":
            return self._consultation()
        return self._work(ContractKind(story))

    def _enquiry(self) -> ClientPlan:
        first_contact = self.today - timedelta(days=self.rng.randint(0, 45))
        return ClientPlan(self.people.details(first_contact, full=False))

    def _consultation(self) -> ClientPlan:
        """Booked but not yet held, or held and ended in a referral or no fit."""
        rng, today = self.rng, self.today
        if rng.random() < 0.4:
            details = self.people.details(today - timedelta(days=rng.randint(0, 30)), full=False)
            return ClientPlan(replace(details, status=ClientStatus.CONSULTATION))
        held = today - timedelta(days=rng.randint(0, 5 * 365))
        outcome = rng.choice((ConsultationOutcome.REFER_ELSEWHERE, ConsultationOutcome.NO_FIT))
        details = self.people.details(held - timedelta(days=rng.randint(0, 21)), full=True)
        if held < today - timedelta(days=60):
            details = replace(details, status=ClientStatus.CLOSED)
        referral = None
        if outcome is ConsultationOutcome.REFER_ELSEWHERE and rng.random() < 0.7:
            body = texts.REFERRAL_BODY.format(day=held.strftime("%d %B %Y"))
            referral = (rng.choice(texts.REFERRAL_TARGETS), body)
        return ClientPlan(details, self._record(outcome, held), referral)

    def _work(self, kind: ContractKind) -> ClientPlan:
        rng, today = self.rng, self.today
        draft = rng.random() < 0.06
        back = rng.randint(0, 20) if draft else round(rng.triangular(10, PRACTICE_DAYS, 10))
        consulted = today - timedelta(days=back)
        sponsor = None
        if kind is ContractKind.COACHING and rng.random() < 0.8:
            sponsor = self.sponsors.pick()
        contracts = plan_contracts(rng, kind, consulted, today, sponsor=sponsor, draft=draft)
        phone, different = self._office_phone(sponsor)
        sources = (
            texts.REFERRAL_SOURCES
            if kind is ContractKind.THERAPY
            else texts.COACHING_REFERRAL_SOURCES
        )
        details = self.people.details(
            consulted - timedelta(days=rng.randint(0, 21)),
            full=True,
            phone=phone,
            sources=sources,
        )
        if sponsor is not None and rng.random() < 0.6:
            details = replace(details, referral_source=f"{sponsor.name} (sponsor)")
        if all(terms.status is ContractStatus.ENDED for terms in contracts):
            details = replace(details, status=ClientStatus.CLOSED)
        record = None
        if draft or rng.random() < 0.9:
            outcome = (
                ConsultationOutcome.OFFER_THERAPY
                if kind is ContractKind.THERAPY
                else ConsultationOutcome.OFFER_COACHING
            )
            record = self._record(outcome, consulted)
        return ClientPlan(details, record, None, contracts, different)

    def _office_phone(self, sponsor: Sponsor | None) -> tuple[str | None, DifferentPerson | None]:
        """Now and then a coachee gives the sponsor's switchboard: a deliberate look-alike."""
        if sponsor is None or not sponsor.switchboard or self.rng.random() >= 0.05:
            return None, None
        if sponsor.switchboard in self._switchboards:
            return sponsor.switchboard, DifferentPerson(LOOK_ALIKE_REASON)
        self._switchboards.add(sponsor.switchboard)
        return sponsor.switchboard, None

    def _record(self, outcome: ConsultationOutcome, held: date) -> ConsultationRecord:
        notes = texts.CONSULTATION_NOTES[outcome.value]
        return ConsultationRecord(
            outcome, held, self.rng.choice(notes) if self.rng.random() < 0.5 else ""
        )


class SamplePeople:
    """Made-up people as a practitioner would enter them: no two share an e-mail address, a
    phone number, or a name with a birth date. Another generator (the calendar's) makes its
    own with a registry that already holds the practice's addresses and numbers."""

    def __init__(self, rng: random.Random, contacts: ContactRegistry) -> None:
        self.rng = rng
        self.contacts = contacts
        self._born: set[tuple[str, date]] = set()  # (name key, birth date) already given out

    def details(
        self,
        first_contact: date,
        *,
        full: bool,
        phone: str | None = None,
        sources: tuple[tuple[str, int], ...] = texts.REFERRAL_SOURCES,
    ) -> ClientDetails:
        """`full`: everything a client gives by the consultation; else an enquiry's few lines."""
        rng = self.rng
        name = make_name(rng)
        country = pick_country(rng)
        legal = name.legal if full or rng.random() < 0.5 else ""
        born = self._birth_date(name, legal, first_contact) if full or rng.random() < 0.3 else None
        email = ""
        if rng.random() < (0.95 if full else 0.85):
            year = born.year if born else rng.randint(1950, 2005)
            email = self.contacts.email(rng, name.given, name.family, year)
        if phone is None:
            phone = (
                self.contacts.phone(rng, country) if rng.random() < (0.88 if full else 0.6) else ""
            )
        pronouns = ""
        if name.gender == "x" or rng.random() < 0.3:
            pronouns = rng.choice(texts.PRONOUNS[name.gender])
        return ClientDetails(
            display_name=name.display,
            legal_name=legal,
            date_of_birth=born,
            pronouns=pronouns,
            email=email,
            phone=phone,
            address=address(rng, country) if full and rng.random() < 0.6 else "",
            emergency_contact=(
                emergency_contact(rng, make_name(rng), country)
                if full and rng.random() < 0.3
                else ""
            ),
            referral_source=_weighted(rng, sources) if rng.random() < 0.9 else "",
            notes=rng.choice(texts.CLIENT_NOTES) if rng.random() < 0.15 else "",
        )

    def _birth_date(self, name: PersonName, legal: str, first_contact: date) -> date:
        """An adult's birth date that no sample client of the same name has."""
        latest = min(LATEST_BIRTH, first_contact - timedelta(days=18 * 366))
        born = _day_between(self.rng, EARLIEST_BIRTH, latest)
        keys = [key for key in (name_key(name.display), name_key(legal)) if key]
        while any((key, born) in self._born for key in keys):
            born += timedelta(days=1)
        self._born.update((key, born) for key in keys)
        return born


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([text for text, _ in options], [weight for _, weight in options])[0]


def plan_clients(count: int, *, seed: int, today: date) -> Iterator[ClientPlan]:
    """The sample practice as a plan, one client at a time; nothing is stored."""
    if today < EARLIEST_TODAY:
        raise ValueError(f"the sample practice needs a today on or after {EARLIEST_TODAY}")
    planner = _Planner(seed, today)
    for story in story_mix(count, planner.rng):
        yield planner.plan(story)


def fill_sample_practice(
    practice: Practice,
    *,
    clients: int,
    seed: int,
    today: date,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
) -> SampleSummary:
    """Add `clients` sample clients to a practice that has none yet, committing every
    `batch_size` clients. `today` must not be after the practice's own today."""
    if today > practice.today:
        raise ValueError("the sample's today is after the practice's today")
    if practice.clients.summaries():
        raise ValueError("the sample practice goes into a practice without clients")
    tally: Counter[str] = Counter()
    plans = plan_clients(clients, seed=seed, today=today)
    while batch := list(islice(plans, batch_size)):
        with transaction(practice.conn):
            for plan in batch:
                _store(practice, plan, tally)
        if progress is not None:
            progress(tally["clients"])
    return SampleSummary(**tally)


def _store(practice: Practice, plan: ClientPlan, tally: Counter[str]) -> None:
    client = practice.clients.create(plan.details, plan.different_person)
    tally["clients"] += 1
    tally["look_alikes_confirmed"] += plan.different_person is not None
    if plan.consultation is not None:
        practice.clients.record_consultation(client.id, plan.consultation)
        tally["consultations"] += 1
    if plan.referral is not None:
        practice.clients.write_referral_note(client.id, *plan.referral)
        tally["referral_notes"] += 1
    for terms in plan.contracts:
        _store_contract(practice, client.id, terms)
        tally[f"{terms.kind.value}_contracts"] += 1
        tally["goals"] += len(terms.goals)


def _store_contract(practice: Practice, client_id: int, terms: ContractTerms) -> None:
    """Paused and ended contracts go through their course: created active, then changed."""
    contracts = practice.contracts
    if terms.status is ContractStatus.ENDED:
        started = contracts.create(
            client_id, replace(terms, status=ContractStatus.ACTIVE, ends_on=None)
        )
        contracts.end(started.id, on=terms.ends_on)
    elif terms.status is ContractStatus.PAUSED:
        started = contracts.create(client_id, replace(terms, status=ContractStatus.ACTIVE))
        contracts.update(started.id, replace(started.terms, status=ContractStatus.PAUSED))
    else:
        contracts.create(client_id, terms)
