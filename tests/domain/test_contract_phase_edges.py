"""A contract's own beginning and end lengths are checked with the rest of the contract."""

from dataclasses import replace
from datetime import date

import pytest

from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.session_phases import PhasePlan

TODAY = date(2026, 1, 5)
THERAPY = ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, starts_on=TODAY)


def refused(terms) -> FieldInvalid:
    with pytest.raises(FieldInvalid) as caught:
        terms.validated(TODAY)
    return caught.value


@pytest.mark.parametrize("minutes", [10, 14, 20, 24, 50, 240])
def test_a_contract_without_its_own_edges_is_always_accepted(minutes):
    clean = replace(THERAPY, session_minutes=minutes).validated(TODAY)
    assert (clean.phase_beginning, clean.phase_end) == (None, None)
    plan = PhasePlan.for_session(minutes)  # what such a contract's sessions get
    assert plan.total == minutes
    assert plan.middle >= 5


@pytest.mark.parametrize(
    ("minutes", "beginning", "end"),
    [(50, 20, 25), (60, 15, 5), (50, 0, 0), (20, 5, None), (20, None, 5), (240, 60, 60)],
)
def test_edges_that_leave_a_middle_of_5_minutes_or_more_are_kept(minutes, beginning, end):
    terms = replace(THERAPY, session_minutes=minutes, phase_beginning=beginning, phase_end=end)
    clean = terms.validated(TODAY)
    assert (clean.phase_beginning, clean.phase_end) == (beginning, end)


@pytest.mark.parametrize(
    ("minutes", "beginning", "end"),
    [(50, 20, 26), (50, 40, 10), (10, 2, 4), (19, 5, None), (14, None, 0), (30, 15, 15)],
)
def test_edges_that_leave_less_than_5_minutes_of_middle_are_refused(minutes, beginning, end):
    error = refused(
        replace(THERAPY, session_minutes=minutes, phase_beginning=beginning, phase_end=end)
    )
    assert error.field == "phase_plan"
    assert f"A {minutes}-minute session" in error.message
    assert "too little for the middle" in error.message
    assert "at least 5 minutes" in error.message  # the advice travels with the message


@pytest.mark.parametrize(("beginning", "end"), [(61, 10), (10, 61), (-1, None)])
def test_edges_over_an_hour_or_negative_are_refused(beginning, end):
    error = refused(replace(THERAPY, session_minutes=240, phase_beginning=beginning, phase_end=end))
    assert error.field == "phase_plan"
    assert "up to 60 minutes" in error.message


def test_the_session_length_is_checked_before_the_edges():
    error = refused(replace(THERAPY, session_minutes=5, phase_beginning=30, phase_end=30))
    assert error.field == "session_minutes"


def test_coaching_contracts_are_checked_the_same_way():
    coaching = ContractTerms(ContractKind.COACHING, ContractStatus.ACTIVE, starts_on=TODAY)
    assert refused(replace(coaching, phase_beginning=25, phase_end=25)).field == "phase_plan"
    assert replace(coaching, phase_beginning=15, phase_end=15).validated(TODAY).phase_end == 15
