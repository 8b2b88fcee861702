"""The rules that keep therapy and coaching apart (DOMAIN.md, "The two kinds of work").

1. Role separation: a person is your therapy client or your coaching client, never both, not
   at once and not one after the other. Draft, paused and ended contracts count.
2. Single accountability: a therapy contract names no sponsor, no reporting terms and no
   report recipients, even when a company pays.
3. A third-party payer receives money documents only.

The database enforces 1 and 2 again with triggers and constraints; these functions give the
practitioner the explanation first.
"""

from __future__ import annotations

import enum

from practice_desk.domain.contracts import ContractKind, ContractTerms
from practice_desk.domain.errors import PracticeDeskError

_WHY_APART = (
    "Therapy works for the person and answers to them alone; coaching works for the person in "
    "their role and may answer to a sponsor as well. Once someone has been your client in one "
    "of these roles, taking them on in the other would blur what you owe them and who may hear "
    "about the work. This holds for draft, paused and ended contracts too."
)


class RuleRefusal(PracticeDeskError):
    """A request the practice's rules do not allow. `code` goes to the audit trail."""

    code = "refused"
    offers_referral = False


class RoleSeparationRefused(RuleRefusal):
    title = "Therapy and coaching stay apart"
    code = "role_separation"
    offers_referral = True

    def __init__(self, held: ContractKind, wanted: ContractKind) -> None:
        super().__init__(
            f"This client has had a {held.value} contract with you, so a {wanted.value} "
            f"contract isn't possible.",
            f"{_WHY_APART} You can write a referral note to a colleague instead.",
        )
        self.held = held
        self.wanted = wanted


class SingleAccountabilityRefused(RuleRefusal):
    title = "Therapy answers to the client alone"
    code = "single_accountability"

    def __init__(self) -> None:
        super().__init__(
            "A therapy contract can't name a sponsor, reporting terms or report recipients.",
            "Therapy is accountable to the client only, even when a company pays. You can "
            "still record the company as the payer: it then receives invoices with dates "
            "and fees, and nothing else.",
        )


class PayerAccessRefused(RuleRefusal):
    title = "A payer sees money documents only"
    code = "payer_access"

    def __init__(self) -> None:
        super().__init__(
            "A payer can't receive notes, goals, markers or any other clinical content.",
            "Invoices and receipts with dates, the service and fees are what a payer receives.",
        )


class SponsorScopeRefused(RuleRefusal):
    title = "A sponsor sees the agreed report only"
    code = "sponsor_scope"

    def __init__(self) -> None:
        super().__init__(
            "A sponsor can receive only what the contract's reporting terms allow.",
            "Notes, markers and the client's own words stay between you and the client.",
        )


def check_contract_kind(held: ContractKind | None, wanted: ContractKind) -> None:
    """`held`: the kind of any contract the client has ever had (None: never had one)."""
    if held is not None and held is not wanted:
        raise RoleSeparationRefused(held, wanted)


def check_accountability(terms: ContractTerms) -> None:
    if terms.kind is ContractKind.THERAPY and terms.coaching is not None:
        if terms.coaching.is_empty:
            return
        raise SingleAccountabilityRefused()


class Audience(enum.Enum):
    CLIENT = "client"
    PAYER = "payer"
    SPONSOR = "sponsor"


class Content(enum.Enum):
    DATES = "dates"
    SERVICE = "service"
    FEES = "fees"
    GOALS = "goals"
    NOTES = "notes"
    MARKERS = "markers"
    TAKEAWAYS = "takeaways"
    AGREED_REPORT = "agreed_report"  # only what the coaching contract's reporting terms allow


MONEY_CONTENT = frozenset({Content.DATES, Content.SERVICE, Content.FEES})


def allowed_content(kind: ContractKind, audience: Audience) -> frozenset[Content]:
    """What may reach a document for `audience`: the base of every output channel's guard."""
    if audience is Audience.CLIENT:  # the client approves a sponsor report before release
        return frozenset(Content)
    if audience is Audience.PAYER:
        return MONEY_CONTENT
    if kind is ContractKind.COACHING:
        return frozenset({Content.DATES, Content.AGREED_REPORT})
    return frozenset()  # therapy has no sponsor


def check_content(kind: ContractKind, audience: Audience, wanted: set[Content]) -> None:
    if wanted - allowed_content(kind, audience):
        if audience is Audience.PAYER:
            raise PayerAccessRefused()
        if kind is ContractKind.THERAPY:
            raise SingleAccountabilityRefused()
        raise SponsorScopeRefused()
