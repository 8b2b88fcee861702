"""The disclosure rules over every combination of document, recipient and kind of work: what a
payer, a sponsor or the client may ever read."""

from __future__ import annotations

import itertools

import pytest

from practice_desk.domain.contracts import ContractKind, ReportItem
from practice_desk.domain.disclosure import (
    DisclosureRefused,
    DisclosureRequest,
    DocumentKind,
    Part,
    Recipient,
    allowance,
)

CLINICAL_PARTS = {Part.NOTES, Part.MARKERS, Part.PROCESS_NOTES, Part.CONSULTATION}
ITEM_SETS = [frozenset(), frozenset({ReportItem.ATTENDANCE}), frozenset(ReportItem)]


def every_request():
    for kind, recipient, work, payer, approved, reason in itertools.product(
        DocumentKind,
        Recipient,
        [ContractKind.THERAPY, ContractKind.COACHING, None],
        [False, True],
        [False, True],
        ["", "court order"],
    ):
        for allowed, wanted in itertools.product(ITEM_SETS, ITEM_SETS):
            yield DisclosureRequest(kind, recipient, work, payer, reason, allowed, wanted, approved)


def decided():
    for request in every_request():
        try:
            yield request, allowance(request)
        except DisclosureRefused as refused:
            yield request, refused


ALL = list(decided())


def test_the_table_is_large_enough_to_mean_something():
    assert len(ALL) > 5000
    assert any(isinstance(result, frozenset) for _, result in ALL)


def test_a_sponsor_never_receives_anything_about_therapy():
    for request, result in ALL:
        if request.recipient is Recipient.SPONSOR and request.contract_kind is not (
            ContractKind.COACHING
        ):
            assert isinstance(result, DisclosureRefused), request


def test_a_payer_receives_money_documents_only_and_never_clinical_content():
    for request, result in ALL:
        if request.recipient is Recipient.PAYER and isinstance(result, frozenset):
            assert request.kind.is_money, request
            assert request.third_party_payer, request
            assert result <= {Part.DATES, Part.FEES, Part.SERVICE_NAMED}, request


def test_therapy_paid_by_a_third_party_is_described_neutrally():
    for request, result in ALL:
        if (
            isinstance(result, frozenset)
            and request.recipient is Recipient.PAYER
            and request.contract_kind is ContractKind.THERAPY
        ):
            assert Part.SERVICE_NAMED not in result


def test_clinical_records_go_to_the_client_or_the_practice_only():
    for request, result in ALL:
        if request.kind.is_clinical and isinstance(result, frozenset):
            assert request.recipient in (Recipient.CLIENT, Recipient.PRACTICE)


def test_process_notes_need_a_reason_and_therapy():
    for request, result in ALL:
        if isinstance(result, frozenset) and Part.PROCESS_NOTES in result:
            assert request.process_note_reason
            assert request.contract_kind is ContractKind.THERAPY


def test_a_sponsor_report_needs_approval_and_stays_inside_the_terms():
    for request, result in ALL:
        if request.kind is DocumentKind.SPONSOR_REPORT and isinstance(result, frozenset):
            assert request.client_approved and request.report_items
            assert request.wanted_items <= request.report_items
            assert not result & CLINICAL_PARTS
            assert Part.FEES not in result


@pytest.mark.parametrize(
    ("items", "parts"),
    [
        ({ReportItem.ATTENDANCE}, {Part.DATES, Part.ATTENDANCE}),
        ({ReportItem.GOALS}, {Part.DATES, Part.GOALS}),
        (
            {ReportItem.GOALS, ReportItem.ASSESSMENT, ReportItem.SUMMARY},
            {Part.DATES, Part.GOALS, Part.ASSESSMENT, Part.SPONSOR_SUMMARY},
        ),
    ],
)
def test_a_sponsor_report_shows_exactly_the_ticked_items(items, parts):
    request = DisclosureRequest(
        DocumentKind.SPONSOR_REPORT,
        Recipient.SPONSOR,
        ContractKind.COACHING,
        report_items=frozenset(ReportItem),
        wanted_items=frozenset(items),
        client_approved=True,
    )
    assert allowance(request) == parts


def test_refusals_explain_themselves_and_name_a_code():
    for _, result in ALL:
        if isinstance(result, DisclosureRefused):
            assert result.message and result.code
            assert result.code.replace("_", "").isalpha()
