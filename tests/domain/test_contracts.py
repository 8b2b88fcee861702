from dataclasses import replace
from datetime import date

import pytest

from practice_desk.domain.contracts import (
    MAX_GOALS,
    NEXT_STATUSES,
    CoacheeProfile,
    CoachingTerms,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    Payer,
    TherapyTerms,
)
from practice_desk.domain.fields import FieldInvalid

TODAY = date(2026, 1, 5)
START = date(2026, 1, 12)
THERAPY = ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, starts_on=START)
COACHING = ContractTerms(ContractKind.COACHING, ContractStatus.ACTIVE, starts_on=START)


def refused(terms):
    with pytest.raises(FieldInvalid) as caught:
        terms.validated(TODAY)
    return caught.value


def test_a_draft_needs_no_dates_and_gets_the_usual_defaults():
    clean = ContractTerms(ContractKind.THERAPY).validated(TODAY)
    assert clean.status is ContractStatus.DRAFT
    assert clean.session_minutes == 50
    assert clean.currency == "EUR"
    assert clean.therapy == TherapyTerms()
    assert clean.coaching is None


@pytest.mark.parametrize("status", [ContractStatus.ACTIVE, ContractStatus.PAUSED])
def test_a_running_contract_needs_its_start_date(status):
    error = refused(replace(THERAPY, status=status, starts_on=None))
    assert error.field == "starts_on"
    assert "date the contract starts" in str(error)


def test_a_draft_that_never_started_can_be_ended():
    ended = ContractTerms(ContractKind.THERAPY, ContractStatus.ENDED, ends_on=TODAY)
    assert ended.validated(TODAY).status is ContractStatus.ENDED


def test_a_contract_cannot_end_before_it_starts():
    error = refused(replace(THERAPY, ends_on=date(2026, 1, 11)))
    assert error.field == "ends_on"
    assert "can't end before it starts" in str(error)
    assert replace(THERAPY, ends_on=START).validated(TODAY).ends_on == START


@pytest.mark.parametrize("minutes", [10, 50, 90, 240])
def test_session_lengths_between_10_and_240_minutes_are_accepted(minutes):
    assert replace(THERAPY, session_minutes=minutes).validated(TODAY).session_minutes == minutes


@pytest.mark.parametrize("minutes", [0, 9, 241, -50])
def test_session_lengths_outside_10_to_240_minutes_are_refused(minutes):
    error = refused(replace(THERAPY, session_minutes=minutes))
    assert error.field == "session_minutes"
    assert "between 10 and 240 minutes" in str(error)


@pytest.mark.parametrize("fee", [-1, 10_000_001])
def test_a_fee_outside_the_stored_range_is_refused(fee):
    assert refused(replace(THERAPY, fee_minor=fee)).field == "fee"


def test_the_currency_is_checked_and_capitalised():
    assert replace(THERAPY, currency="gbp").validated(TODAY).currency == "GBP"
    assert refused(replace(THERAPY, currency="pounds")).field == "currency"


def test_a_coaching_edge_needs_the_screening_reason():
    edge = replace(THERAPY, therapy=TherapyTerms(coaching_edge=True))
    error = refused(edge)
    assert error.field == "screening_reason"
    assert "screening reason" in str(error)
    screened = replace(THERAPY, therapy=TherapyTerms(True, "Stable, wants structure.  \n"))
    assert screened.validated(TODAY).therapy == TherapyTerms(True, "Stable, wants structure.")


def test_a_coaching_contract_never_keeps_therapy_terms():
    mixed = replace(COACHING, therapy=TherapyTerms(True, "reason"))
    clean = mixed.validated(TODAY)
    assert clean.therapy is None
    assert clean.coaching == CoachingTerms()


def test_empty_coaching_terms_on_therapy_are_dropped():
    clean = replace(THERAPY, coaching=CoachingTerms(sponsor_organisation="   ")).validated(TODAY)
    assert clean.coaching is None


def test_goals_are_cleaned_and_limited():
    goals = tuple(Goal(f"  Goal {n}  ") for n in range(MAX_GOALS))
    clean = replace(THERAPY, goals=goals).validated(TODAY)
    assert clean.goals[0].text == "Goal 0"
    error = refused(replace(THERAPY, goals=(*goals, Goal("one more"))))
    assert f"at most {MAX_GOALS} goals" in str(error)
    assert refused(replace(THERAPY, goals=(Goal("  "),))).field == "goal"


def test_a_third_party_payer_needs_a_name_and_a_self_payer_keeps_none():
    assert refused(replace(THERAPY, payer=Payer(True, "  "))).field == "payer_name"
    ignored = replace(THERAPY, payer=Payer(False, "Acme Ltd", "1 Street"))
    assert ignored.validated(TODAY).payer == Payer()
    paid = replace(THERAPY, payer=Payer(True, " Acme  Ltd ", "1 Street\n"))
    assert paid.validated(TODAY).payer == Payer(True, "Acme Ltd", "1 Street")


def test_coaching_terms_are_cleaned_and_blank_recipients_dropped():
    terms = CoachingTerms(
        sponsor_organisation=" Acme  Ltd ",
        three_way_agreed_on=TODAY,
        report_recipients=(" Head of HR ", "  ", "Board"),
        profile=CoacheeProfile(personality="curious  \n\n"),
    )
    clean = replace(COACHING, coaching=terms).validated(TODAY).coaching
    assert clean.sponsor_organisation == "Acme Ltd"
    assert clean.report_recipients == ("Head of HR", "Board")
    assert clean.profile.personality == "curious"


def test_a_three_way_agreement_cannot_be_dated_in_the_future():
    future = replace(COACHING, coaching=CoachingTerms(three_way_agreed_on=date(2026, 1, 6)))
    assert refused(future).field == "three_way_agreed_on"


def test_an_ended_contract_stays_ended():
    assert NEXT_STATUSES[ContractStatus.ENDED] == frozenset()
    assert ContractStatus.ENDED in NEXT_STATUSES[ContractStatus.DRAFT]
    assert ContractStatus.DRAFT not in NEXT_STATUSES[ContractStatus.ACTIVE]
    assert ContractStatus.ACTIVE in NEXT_STATUSES[ContractStatus.PAUSED]


def test_coaching_terms_know_whether_they_name_a_sponsor():
    assert not CoachingTerms().names_a_sponsor_or_reports
    assert CoachingTerms().is_empty
    assert CoachingTerms(report_recipients=("HR",)).names_a_sponsor_or_reports
    profile_only = CoachingTerms(profile=CoacheeProfile(pro="role"))
    assert not profile_only.names_a_sponsor_or_reports
    assert not profile_only.is_empty
