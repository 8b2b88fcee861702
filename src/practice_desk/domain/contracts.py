"""Contracts: the agreed frame of therapy or coaching for one client.

A therapy contract carries therapy terms only; a coaching contract may add the sponsor, the
three-way agreement, reporting terms and the coachee profile. Which combinations are allowed at
all is decided in role_rules.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields, replace
from datetime import date

from practice_desk.domain.fields import FieldInvalid, multi_line, past_or_today, single_line
from practice_desk.domain.money import MAX_FEE_MINOR, check_currency
from practice_desk.domain.session_phases import PhaseRefused, check_phase_edges

DEFAULT_SESSION_MINUTES = 50
MAX_GOALS = 30


class ContractKind(enum.Enum):
    THERAPY = "therapy"
    COACHING = "coaching"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ContractStatus(enum.Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# An ended contract stays ended: a new piece of work is a new contract.
NEXT_STATUSES: dict[ContractStatus, frozenset[ContractStatus]] = {
    ContractStatus.DRAFT: frozenset({ContractStatus.ACTIVE, ContractStatus.ENDED}),
    ContractStatus.ACTIVE: frozenset({ContractStatus.PAUSED, ContractStatus.ENDED}),
    ContractStatus.PAUSED: frozenset({ContractStatus.ACTIVE, ContractStatus.ENDED}),
    ContractStatus.ENDED: frozenset(),
}


class GoalStatus(enum.Enum):
    OPEN = "open"
    PROGRESSING = "progressing"
    ACHIEVED = "achieved"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Goal:
    text: str
    status: GoalStatus = GoalStatus.OPEN
    assessment: str = ""  # how far it was achieved, assessed with the client
    id: int | None = None

    def validated(self) -> Goal:
        return replace(
            self,
            text=single_line("goal", "A goal", self.text, 500, required=True),
            assessment=multi_line("goal_assessment", "The assessment", self.assessment, 2000),
        )


@dataclass(frozen=True)
class Payer:
    """Who pays. A third party appears on money documents only: dates, service and fees."""

    third_party: bool = False
    name: str = ""
    address: str = ""

    def validated(self) -> Payer:
        if not self.third_party:
            return Payer()
        return Payer(
            True,
            single_line("payer_name", "The payer's name", self.name, 200, required=True),
            multi_line("payer_address", "The payer's address", self.address, 500),
        )


@dataclass(frozen=True)
class TherapyTerms:
    coaching_edge: bool = False
    screening_reason: str = ""  # why the client can (or can't) use a directive, active style

    def validated(self) -> TherapyTerms:
        reason = multi_line("screening_reason", "The screening reason", self.screening_reason, 2000)
        if self.coaching_edge and not reason:
            raise FieldInvalid(
                "screening_reason",
                "Please note why this client can use a coaching edge: the screening reason "
                "is part of the record.",
            )
        return TherapyTerms(self.coaching_edge, reason)


@dataclass(frozen=True)
class CoacheeProfile:
    """The six domains (Brunning), PRO, and the organisation-in-the-mind."""

    personality: str = ""
    life_story: str = ""
    competences: str = ""  # competences, skills and talents
    aspirations: str = ""  # aspirations, career stage and prospects
    work_environment: str = ""
    organisational_role: str = ""
    pro: str = ""  # person, role, organisation and their relations
    organisation_in_mind: str = ""

    def validated(self) -> CoacheeProfile:
        return CoacheeProfile(
            **{
                f.name: multi_line(f.name, "This part of the profile", getattr(self, f.name), 4000)
                for f in fields(self)
            }
        )

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


class ReportItem(enum.Enum):
    """What a coaching contract's reporting terms may let a sponsor report contain."""

    ATTENDANCE = "attendance"
    GOALS = "goals"
    ASSESSMENT = "assessment"
    SUMMARY = "summary"

    @property
    def label(self) -> str:
        return {
            "attendance": "Dates of sessions held and missed",
            "goals": "The agreed work goals and their status",
            "assessment": "How far each goal was achieved, as assessed with the client",
            "summary": "A short summary written for the sponsor and approved by the client",
        }[self.value]


def parse_report_items(text: str) -> frozenset[ReportItem]:
    """The stored form is a comma-separated list; unknown words are ignored, never guessed."""
    known = {item.value: item for item in ReportItem}
    return frozenset(known[word] for word in text.split(",") if word in known)


def format_report_items(items: frozenset[ReportItem]) -> str:
    return ",".join(item.value for item in ReportItem if item in items)


@dataclass(frozen=True)
class CoachingTerms:
    sponsor_organisation: str = ""
    sponsor_contact: str = ""
    three_way_agreed_on: date | None = None
    reporting_scope: str = ""  # what may be reported to the sponsor
    reporting_frequency: str = ""
    report_recipients: tuple[str, ...] = ()
    profile: CoacheeProfile = field(default_factory=CoacheeProfile)
    # What may be reported, ticked item by item; the scope above says it in words.
    report_items: frozenset[ReportItem] = frozenset()

    def validated(self, today: date) -> CoachingTerms:
        recipients = tuple(
            single_line("report_recipients", "A report recipient", name, 200)
            for name in self.report_recipients
        )
        return CoachingTerms(
            single_line("sponsor_organisation", "The sponsor", self.sponsor_organisation, 200),
            multi_line("sponsor_contact", "The sponsor contact", self.sponsor_contact, 500),
            past_or_today(
                "three_way_agreed_on",
                "The three-way agreement date",
                self.three_way_agreed_on,
                today,
            ),
            multi_line("reporting_scope", "What may be reported", self.reporting_scope, 2000),
            single_line("reporting_frequency", "How often", self.reporting_frequency, 200),
            tuple(name for name in recipients if name),
            self.profile.validated(),
            frozenset(self.report_items),
        )

    @property
    def names_a_sponsor_or_reports(self) -> bool:
        return bool(
            self.sponsor_organisation
            or self.sponsor_contact
            or self.three_way_agreed_on
            or self.reporting_scope
            or self.reporting_frequency
            or self.report_recipients
            or self.report_items
        )

    @property
    def is_empty(self) -> bool:
        return not self.names_a_sponsor_or_reports and self.profile.is_empty


@dataclass(frozen=True)
class ContractTerms:
    """What the contract form edits."""

    kind: ContractKind
    status: ContractStatus = ContractStatus.DRAFT
    starts_on: date | None = None
    ends_on: date | None = None
    fee_minor: int = 0
    currency: str = "EUR"
    session_minutes: int = DEFAULT_SESSION_MINUTES
    goals: tuple[Goal, ...] = ()
    payer: Payer = field(default_factory=Payer)
    therapy: TherapyTerms | None = None
    coaching: CoachingTerms | None = None
    # The contract's own beginning and end in minutes; None keeps the practice's default.
    phase_beginning: int | None = None
    phase_end: int | None = None

    def validated(self, today: date) -> ContractTerms:
        """A cleaned copy, or FieldInvalid. The accountability rule is checked in role_rules."""
        # A draft may be ended without ever having started (DRAFT -> ENDED is allowed).
        if self.status in (ContractStatus.ACTIVE, ContractStatus.PAUSED) and self.starts_on is None:
            raise FieldInvalid("starts_on", "Please enter the date the contract starts.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise FieldInvalid("ends_on", "The contract can't end before it starts.")
        if not 10 <= self.session_minutes <= 240:
            raise FieldInvalid("session_minutes", "A session lasts between 10 and 240 minutes.")
        try:
            check_phase_edges(self.session_minutes, self.phase_beginning, self.phase_end)
        except PhaseRefused as refused:
            raise FieldInvalid(
                "phase_plan", f"{refused.message} {refused.advice}".strip()
            ) from None
        if not 0 <= self.fee_minor <= MAX_FEE_MINOR:
            raise FieldInvalid("fee", "Please check the fee.")
        if len(self.goals) > MAX_GOALS:
            raise FieldInvalid("goal", f"A contract can hold at most {MAX_GOALS} goals.")
        therapy = self.therapy
        coaching = self.coaching
        if self.kind is ContractKind.THERAPY:
            therapy = (therapy or TherapyTerms()).validated()
            coaching = coaching.validated(today) if coaching else None
            coaching = None if coaching is None or coaching.is_empty else coaching
        else:
            therapy = None
            coaching = (coaching or CoachingTerms()).validated(today)
        return replace(
            self,
            currency=check_currency("currency", self.currency),
            goals=tuple(goal.validated() for goal in self.goals),
            payer=self.payer.validated(),
            therapy=therapy,
            coaching=coaching,
        )


@dataclass(frozen=True)
class Contract:
    id: int
    client_id: int
    terms: ContractTerms
    created_at: str
    updated_at: str

    @property
    def kind(self) -> ContractKind:
        return self.terms.kind

    @property
    def status(self) -> ContractStatus:
        return self.terms.status
