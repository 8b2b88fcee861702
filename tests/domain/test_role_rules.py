from datetime import date

import pytest

from practice_desk.domain.contracts import (
    CoacheeProfile,
    CoachingTerms,
    ContractKind,
    ContractTerms,
    Payer,
)
from practice_desk.domain.role_rules import (
    MONEY_CONTENT,
    Audience,
    Content,
    PayerAccessRefused,
    RoleSeparationRefused,
    SingleAccountabilityRefused,
    SponsorScopeRefused,
    allowed_content,
    check_accountability,
    check_content,
    check_contract_kind,
)

THERAPY, COACHING = ContractKind.THERAPY, ContractKind.COACHING


@pytest.mark.parametrize("kind", [THERAPY, COACHING])
def test_a_new_client_may_start_either_kind_of_work(kind):
    check_contract_kind(None, kind)


@pytest.mark.parametrize("kind", [THERAPY, COACHING])
def test_more_of_the_same_kind_of_work_is_allowed(kind):
    check_contract_kind(kind, kind)


@pytest.mark.parametrize(("held", "wanted"), [(THERAPY, COACHING), (COACHING, THERAPY)])
def test_the_other_kind_of_work_is_refused_with_an_explanation(held, wanted):
    with pytest.raises(RoleSeparationRefused) as caught:
        check_contract_kind(held, wanted)
    refusal = caught.value
    assert (refusal.held, refusal.wanted) == (held, wanted)
    assert f"had a {held.value} contract" in refusal.message
    assert f"a {wanted.value} contract isn't possible" in refusal.message
    assert "draft, paused and ended contracts too" in refusal.advice
    assert "referral note" in refusal.advice
    assert refusal.offers_referral
    assert refusal.code == "role_separation"


def test_therapy_paid_by_a_company_is_still_single_accountability():
    check_accountability(ContractTerms(THERAPY, payer=Payer(True, "Acme Ltd")))


@pytest.mark.parametrize(
    "coaching",
    [
        CoachingTerms(sponsor_organisation="Acme Ltd"),
        CoachingTerms(sponsor_contact="Head of HR"),
        CoachingTerms(three_way_agreed_on=date(2026, 1, 2)),
        CoachingTerms(reporting_scope="attendance"),
        CoachingTerms(reporting_frequency="monthly"),
        CoachingTerms(report_recipients=("Board",)),
        CoachingTerms(profile=CoacheeProfile(organisational_role="CFO")),
    ],
)
def test_therapy_with_a_sponsor_or_reporting_terms_is_refused(coaching):
    with pytest.raises(SingleAccountabilityRefused) as caught:
        check_accountability(ContractTerms(THERAPY, coaching=coaching))
    assert "can't name a sponsor" in caught.value.message
    assert "payer" in caught.value.advice
    assert not caught.value.offers_referral


def test_therapy_with_empty_coaching_terms_passes():
    check_accountability(ContractTerms(THERAPY, coaching=CoachingTerms()))


def test_coaching_may_name_a_sponsor_and_recipients():
    terms = CoachingTerms("Acme Ltd", "HR", None, "attendance", "quarterly", ("Board",))
    check_accountability(ContractTerms(COACHING, coaching=terms))


@pytest.mark.parametrize("kind", [THERAPY, COACHING])
def test_a_payer_receives_money_documents_only(kind):
    assert allowed_content(kind, Audience.PAYER) == MONEY_CONTENT
    check_content(kind, Audience.PAYER, {Content.DATES, Content.FEES, Content.SERVICE})
    for clinical in (Content.NOTES, Content.GOALS, Content.MARKERS, Content.TAKEAWAYS):
        with pytest.raises(PayerAccessRefused):
            check_content(kind, Audience.PAYER, {Content.FEES, clinical})


def test_therapy_has_no_sponsor_audience_at_all():
    assert allowed_content(THERAPY, Audience.SPONSOR) == frozenset()
    with pytest.raises(SingleAccountabilityRefused):
        check_content(THERAPY, Audience.SPONSOR, {Content.DATES})


def test_a_coaching_sponsor_sees_only_dates_and_the_agreed_report():
    check_content(COACHING, Audience.SPONSOR, {Content.DATES, Content.AGREED_REPORT})
    for private in (Content.NOTES, Content.MARKERS, Content.TAKEAWAYS, Content.FEES):
        with pytest.raises(SponsorScopeRefused):
            check_content(COACHING, Audience.SPONSOR, {private})


@pytest.mark.parametrize("kind", [THERAPY, COACHING])
def test_the_client_may_see_their_own_record(kind):
    check_content(kind, Audience.CLIENT, set(Content))


def test_the_client_sees_the_sponsor_report_they_are_asked_to_approve():
    check_content(COACHING, Audience.CLIENT, {Content.AGREED_REPORT})
