from dataclasses import replace
from datetime import date

import pytest

from practice_desk.domain.clients import ClientDetails
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
from practice_desk.domain.role_rules import RoleSeparationRefused, SingleAccountabilityRefused
from practice_desk.storage import client_store, contract_store
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.storage.conftest import NOW, count

LATER = "2026-01-06T09:00:00.000000Z"
THERAPY = ContractTerms(
    kind=ContractKind.THERAPY,
    status=ContractStatus.ACTIVE,
    starts_on=date(2026, 1, 5),
    fee_minor=95_00,
    currency="GBP",
    session_minutes=50,
    goals=(Goal("Sleep through the night"), Goal("Return to work", GoalStatus.PROGRESSING)),
    payer=Payer(True, "Acme Ltd", "1 Dock Road"),
    therapy=TherapyTerms(True, "Stable; asks for structure."),
)
COACHING = ContractTerms(
    kind=ContractKind.COACHING,
    status=ContractStatus.DRAFT,
    fee_minor=250_00,
    goals=(Goal("Lead the new team"),),
    coaching=CoachingTerms(
        sponsor_organisation="Acme Ltd",
        sponsor_contact="Head of HR",
        three_way_agreed_on=date(2026, 1, 2),
        reporting_scope="Attendance and agreed goals",
        reporting_frequency="Quarterly",
        report_recipients=("Head of HR", "Board"),
        profile=CoacheeProfile(personality="Curious", pro="New CFO", organisation_in_mind="X"),
    ),
)


@pytest.fixture
def client(db):
    return client_store.insert_client(db, ClientDetails("Anna Berg"), NOW)


def without_goal_ids(terms):
    return replace(terms, goals=tuple(replace(goal, id=None) for goal in terms.goals))


@pytest.mark.parametrize("terms", [THERAPY, COACHING], ids=["therapy", "coaching"])
def test_a_contract_reads_back_as_written(db, client, terms):
    contract_id = contract_store.insert_contract(db, client, terms, NOW)
    contract = contract_store.read_contract(db, contract_id)
    assert contract.client_id == client
    assert without_goal_ids(contract.terms) == terms
    assert all(goal.id is not None for goal in contract.terms.goals)
    assert contract.created_at == contract.updated_at == NOW
    assert contract_store.read_contracts(db, client) == [contract]


def test_a_missing_contract_reads_as_none(db):
    assert contract_store.read_contract(db, 404) is None


def test_the_first_contract_sets_the_kind_of_work(db, client):
    assert contract_store.held_kind(db, client) is None
    contract_store.insert_contract(db, client, COACHING, NOW)
    assert contract_store.held_kind(db, client) is ContractKind.COACHING


def test_the_kind_of_work_outlives_deleted_contracts(db, client):
    contract_id = contract_store.insert_contract(db, client, replace(THERAPY, goals=()), NOW)
    db.execute("DELETE FROM contracts WHERE id = ?", (contract_id,))
    assert contract_store.held_kind(db, client) is ContractKind.THERAPY


@pytest.mark.parametrize(("first", "second"), [(THERAPY, COACHING), (COACHING, THERAPY)])
def test_the_database_refusal_is_explained_in_the_domain_words(db, client, first, second):
    contract_store.insert_contract(db, client, first, NOW)
    before = [count(db, table) for table in ("contracts", "contract_goals", "coaching_terms")]
    with pytest.raises(RoleSeparationRefused) as caught:
        contract_store.insert_contract(db, client, second, NOW)
    assert (caught.value.held, caught.value.wanted) == (first.kind, second.kind)
    assert caught.value.offers_referral
    assert [
        count(db, table) for table in ("contracts", "contract_goals", "coaching_terms")
    ] == before


def test_sponsor_terms_on_therapy_are_explained_as_single_accountability(db, client):
    sponsored = replace(THERAPY, coaching=CoachingTerms(sponsor_organisation="Acme Ltd"))
    db.execute("SAVEPOINT attempt")
    with pytest.raises(SingleAccountabilityRefused):
        contract_store.insert_contract(db, client, sponsored, NOW)
    db.execute("ROLLBACK TO attempt")
    db.execute("RELEASE attempt")
    assert count(db, "coaching_terms") == 0


def test_another_refused_value_names_the_constraint(db, client):
    with pytest.raises(RefusedByDatabase) as caught:
        contract_store.insert_contract(
            db, client, replace(THERAPY, starts_on=date(2026, 2, 1), ends_on=date(2026, 1, 1)), NOW
        )
    assert caught.value.rule == "ends_after_start"


def test_an_update_keeps_goal_ids_and_drops_removed_goals(db, client):
    contract_id = contract_store.insert_contract(db, client, THERAPY, NOW)
    sleep, work = contract_store.read_contract(db, contract_id).terms.goals
    new_terms = replace(
        THERAPY,
        status=ContractStatus.PAUSED,
        goals=(replace(work, status=GoalStatus.ACHIEVED, assessment="Back full time"), Goal("New")),
    )
    contract_store.update_contract(db, contract_id, client, new_terms, LATER)
    contract = contract_store.read_contract(db, contract_id)
    assert contract.terms.goals[0].id == work.id
    assert contract.terms.goals[0].status is GoalStatus.ACHIEVED
    assert contract.terms.goals[1].text == "New"
    assert contract.terms.status is ContractStatus.PAUSED
    assert contract.updated_at == LATER
    remaining = db.execute("SELECT id FROM contract_goals").fetchall()
    assert sleep.id not in {row[0] for row in remaining}
    assert len(remaining) == 2


def test_an_unchanged_goal_keeps_its_time_stamp(db, client):
    contract_id = contract_store.insert_contract(db, client, THERAPY, NOW)
    terms = contract_store.read_contract(db, contract_id).terms
    changed_goals = (terms.goals[0], replace(terms.goals[1], assessment="Half days"))
    contract_store.update_contract(
        db, contract_id, client, replace(terms, goals=changed_goals), LATER
    )
    stamps = db.execute("SELECT updated_at FROM contract_goals ORDER BY position").fetchall()
    assert stamps == [(NOW,), (LATER,)]


def test_an_update_rewrites_the_sponsor_terms_and_recipients(db, client):
    contract_id = contract_store.insert_contract(db, client, COACHING, NOW)
    fewer = replace(COACHING.coaching, report_recipients=("Board",), sponsor_contact="")
    contract_store.update_contract(
        db, contract_id, client, replace(COACHING, coaching=fewer), LATER
    )
    assert contract_store.read_contract(db, contract_id).terms.coaching == fewer
    assert count(db, "report_recipients") == 1
    contract_store.update_contract(db, contract_id, client, replace(COACHING, coaching=None), LATER)
    assert contract_store.read_contract(db, contract_id).terms.coaching is None
    assert count(db, "coaching_terms") == count(db, "report_recipients") == 0


def test_contracts_are_listed_by_start_date(db, client):
    later = contract_store.insert_contract(
        db, client, replace(THERAPY, starts_on=date(2026, 3, 1)), NOW
    )
    earlier = contract_store.insert_contract(
        db, client, replace(THERAPY, starts_on=date(2025, 3, 1), goals=()), NOW
    )
    assert [contract.id for contract in contract_store.read_contracts(db, client)] == [
        earlier,
        later,
    ]
