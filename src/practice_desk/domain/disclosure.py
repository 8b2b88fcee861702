"""What each document may show to each recipient: the rules every output channel obeys.

Therapy answers to the client alone. A payer, even one that pays for therapy, receives money
documents only (dates, service and fees), and for therapy the service is named neutrally. A
sponsor receives only coaching reports, only what the contract's reporting terms allow, and
only after the client has approved the report. Clinical records go to the practitioner's own
file or to the client, never to a third party. Services build every document through
`allowance()`, so content a recipient may not see is never handed to the PDF layer at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from practice_desk.domain.contracts import ContractKind, ReportItem
from practice_desk.domain.role_rules import RuleRefusal


class DocumentKind(enum.Enum):
    SESSION_RECORD = "session_record"
    CLIENT_RECORD = "client_record"
    CONSULTATION_SUMMARY = "consultation_summary"
    INVOICE = "invoice"
    RECEIPT = "receipt"
    SPONSOR_REPORT = "sponsor_report"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_clinical(self) -> bool:
        return self in CLINICAL

    @property
    def is_money(self) -> bool:
        return self in (DocumentKind.INVOICE, DocumentKind.RECEIPT)


CLINICAL = frozenset(
    {
        DocumentKind.SESSION_RECORD,
        DocumentKind.CLIENT_RECORD,
        DocumentKind.CONSULTATION_SUMMARY,
    }
)


class Recipient(enum.Enum):
    PRACTICE = "practice"  # the practitioner's own file
    CLIENT = "client"
    PAYER = "payer"  # a third party that pays: money documents only
    SPONSOR = "sponsor"  # a coaching sponsor: agreed, approved reports only

    @property
    def label(self) -> str:
        return {
            "practice": "Your own file",
            "client": "The client",
            "payer": "The payer",
            "sponsor": "The sponsor",
        }[self.value]


class Part(enum.Enum):
    """A kind of content a document may carry."""

    DATES = "dates"
    FEES = "fees"
    SERVICE_NAMED = "service_named"  # "Therapy session" rather than "Professional services"
    NOTES = "notes"  # session notes, takeaways, next steps, addenda
    MARKERS = "markers"
    GOALS = "goals"
    CONSULTATION = "consultation"  # the consultation's outcome and note
    PROCESS_NOTES = "process_notes"
    ATTENDANCE = "attendance"
    ASSESSMENT = "assessment"
    SPONSOR_SUMMARY = "sponsor_summary"


NEUTRAL_SERVICE = "Professional services"
_REPORT_PARTS = {
    ReportItem.ATTENDANCE: Part.ATTENDANCE,
    ReportItem.GOALS: Part.GOALS,
    ReportItem.ASSESSMENT: Part.ASSESSMENT,
    ReportItem.SUMMARY: Part.SPONSOR_SUMMARY,
}


@dataclass(frozen=True)
class DisclosureRequest:
    kind: DocumentKind
    recipient: Recipient
    contract_kind: ContractKind | None  # None for a consultation before any contract
    third_party_payer: bool = False
    process_note_reason: str = ""
    report_items: frozenset[ReportItem] = frozenset()  # what the reporting terms allow now
    wanted_items: frozenset[ReportItem] = frozenset()  # what the report asks to include
    client_approved: bool = False


class DisclosureRefused(RuleRefusal):
    title = "This document can't be made"

    def __init__(self, code: str, message: str, advice: str = "") -> None:
        super().__init__(message, advice)
        self.code = code


_THERAPY_ALONE = (
    "Therapy answers to the client alone: there is no sponsor and no report, even when a "
    "company pays."
)


def allowance(request: DisclosureRequest) -> frozenset[Part]:
    """The parts the document may show, or DisclosureRefused naming the rule."""
    if request.kind.is_clinical:
        return _clinical(request)
    if request.kind.is_money:
        return _money(request)
    return _sponsor_report(request)


def _clinical(request: DisclosureRequest) -> frozenset[Part]:
    if request.recipient not in (Recipient.PRACTICE, Recipient.CLIENT):
        advice = (
            "A payer receives invoices and receipts only."
            if request.recipient is Recipient.PAYER
            else "A sponsor receives only an agreed coaching report that the client approved."
        )
        if request.contract_kind is ContractKind.THERAPY:
            advice = f"{_THERAPY_ALONE} {advice}"
        raise DisclosureRefused(
            f"{request.kind.value}_to_{request.recipient.value}",
            f"A {request.kind.label.lower()} goes to the client or your own file only.",
            advice,
        )
    if request.process_note_reason and request.contract_kind is not ContractKind.THERAPY:
        raise DisclosureRefused(
            "process_notes_not_therapy", "Only therapy sessions have process notes to include."
        )
    parts = {Part.DATES, Part.SERVICE_NAMED, Part.NOTES, Part.MARKERS, Part.GOALS}
    if request.kind is DocumentKind.CONSULTATION_SUMMARY:
        parts = {Part.DATES, Part.SERVICE_NAMED, Part.CONSULTATION}
    if request.process_note_reason.strip():
        parts.add(Part.PROCESS_NOTES)
    return frozenset(parts)


def _money(request: DisclosureRequest) -> frozenset[Part]:
    if request.recipient not in (Recipient.CLIENT, Recipient.PAYER):
        raise DisclosureRefused(
            f"{request.kind.value}_to_{request.recipient.value}",
            "Invoices and receipts go to the client or to the payer named in the contract.",
        )
    if request.recipient is Recipient.PAYER and not request.third_party_payer:
        raise DisclosureRefused(
            "no_third_party_payer",
            "This contract names no third-party payer.",
            "Add the payer to the contract first, or address the invoice to the client.",
        )
    parts = {Part.DATES, Part.FEES}
    # A company paying for therapy learns that it paid for professional services, nothing more.
    if not (request.recipient is Recipient.PAYER and request.contract_kind is ContractKind.THERAPY):
        parts.add(Part.SERVICE_NAMED)
    return frozenset(parts)


def check_reporting_terms(
    contract_kind: ContractKind | None, report_items: frozenset[ReportItem]
) -> None:
    """A sponsor report may be written at all: coaching, with something the terms allow."""
    if contract_kind is not ContractKind.COACHING:
        raise DisclosureRefused(
            "sponsor_report_therapy", "There are no sponsor reports in therapy.", _THERAPY_ALONE
        )
    if not report_items:
        raise DisclosureRefused(
            "sponsor_report_no_terms",
            "The contract's reporting terms don't allow anything to be reported.",
            "Agree with the client and sponsor what may be reported, and tick it in the contract.",
        )


def _sponsor_report(request: DisclosureRequest) -> frozenset[Part]:
    check_reporting_terms(request.contract_kind, request.report_items)
    if request.recipient is not Recipient.SPONSOR:
        raise DisclosureRefused(
            "sponsor_report_recipient",
            "A sponsor report goes to the sponsor named in the contract.",
        )
    beyond = request.wanted_items - request.report_items
    if beyond:
        raise DisclosureRefused(
            "sponsor_report_beyond_terms",
            "This report includes something the reporting terms no longer allow.",
            "Make a new report with only what the contract allows now.",
        )
    if not request.client_approved:
        raise DisclosureRefused(
            "sponsor_report_not_approved",
            "The client hasn't approved this report yet.",
            "Go through the report with the client, then record their approval.",
        )
    return frozenset(_REPORT_PARTS[item] for item in request.wanted_items) | {Part.DATES}
