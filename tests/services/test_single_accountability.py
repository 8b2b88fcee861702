"""Rule 2: a therapy contract names no sponsor and no report recipient, even when a company
pays; refused at every layer, and every refusal by the app is in the audit trail."""

from dataclasses import replace
from datetime import date

import pytest
import sqlcipher3

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import (
    CoacheeProfile,
    CoachingTerms,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Payer,
)
from practice_desk.domain.role_rules import SingleAccountabilityRefused
from tests.services.conftest import audit_entries, row_counts

START = date(2026, 1, 5)
THERAPY = ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, starts_on=START)
SPONSORS = [
    CoachingTerms(sponsor_organisation="Acme Ltd"),
    CoachingTerms(sponsor_contact="Head of HR, hr@acme.example"),
    CoachingTerms(three_way_agreed_on=date(2026, 1, 2)),
    CoachingTerms(reporting_scope="Attendance"),
    CoachingTerms(reporting_frequency="Monthly"),
    CoachingTerms(report_recipients=("Board",)),
    CoachingTerms(profile=CoacheeProfile(organisational_role="CFO")),
]


@pytest.fixture
def client(practice):
    return practice.clients.create(ClientDetails("Anna Berg"))


@pytest.mark.parametrize("coaching", SPONSORS)
def test_a_new_therapy_contract_with_a_sponsor_is_refused_and_audited(practice, client, coaching):
    before = row_counts(practice)
    with pytest.raises(SingleAccountabilityRefused) as caught:
        practice.contracts.create(client.id, replace(THERAPY, coaching=coaching))
    assert caught.value.title == "Therapy answers to the client alone"
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail, last.client_id) == (
        "refused",
        "single_accountability",
        client.id,
    )
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    assert practice.contracts.kind_of_work(client.id) is None


@pytest.mark.parametrize("coaching", SPONSORS[:3] + SPONSORS[5:])
def test_adding_a_sponsor_to_an_existing_therapy_contract_is_refused(practice, client, coaching):
    contract = practice.contracts.create(client.id, THERAPY)
    before = row_counts(practice)
    with pytest.raises(SingleAccountabilityRefused):
        practice.contracts.update(contract.id, replace(THERAPY, coaching=coaching))
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail) == ("refused", "single_accountability")
    assert (last.object_type, last.object_id, last.client_id) == (
        "contract",
        contract.id,
        client.id,
    )
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    assert practice.contracts.get(contract.id) == contract


def test_a_company_may_pay_for_therapy(practice, client):
    paid = replace(THERAPY, payer=Payer(True, "Acme Ltd", "1 Dock Road"))
    contract = practice.contracts.create(client.id, paid)
    assert contract.terms.payer == Payer(True, "Acme Ltd", "1 Dock Road")
    assert contract.terms.coaching is None


def test_coaching_names_its_sponsor_and_recipients(practice, client):
    terms = ContractTerms(
        ContractKind.COACHING,
        coaching=CoachingTerms("Acme Ltd", "HR", None, "Attendance", "Quarterly", ("HR", "Board")),
    )
    contract = practice.contracts.create(client.id, terms)
    assert contract.terms.coaching.report_recipients == ("HR", "Board")
    assert row_counts(practice)["report_recipients"] == 2


def test_raw_sql_cannot_give_a_therapy_contract_a_sponsor(practice, client):
    contract = practice.contracts.create(client.id, THERAPY)
    conn = practice.conn
    with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:single_accountability"):
        conn.execute(
            "INSERT INTO coaching_terms (contract_id, sponsor_organisation) VALUES (?, 'Acme')",
            (contract.id,),
        )
    with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:single_accountability"):
        conn.execute(
            "INSERT INTO report_recipients (contract_id, name) VALUES (?, 'HR')", (contract.id,)
        )
    assert practice.contracts.get(contract.id).terms.coaching is None


def test_raw_sql_cannot_give_a_coaching_contract_a_coaching_edge(practice, client):
    contract = practice.contracts.create(client.id, ContractTerms(ContractKind.COACHING))
    with pytest.raises(
        sqlcipher3.IntegrityError, match="CHECK constraint failed: coaching_edge_is_for_therapy"
    ):
        practice.conn.execute("UPDATE contracts SET coaching_edge = 1 WHERE id = ?", (contract.id,))
    with pytest.raises(
        sqlcipher3.IntegrityError, match="CHECK constraint failed: coaching_edge_is_for_therapy"
    ):
        practice.conn.execute(
            "INSERT INTO contracts (client_id, kind, status, currency, coaching_edge, "
            "screening_reason, created_at, updated_at) "
            "VALUES (?, 'coaching', 'draft', 'EUR', 1, 'screened', 'now', 'now')",
            (client.id,),
        )
    assert len(practice.contracts.for_client(client.id)) == 1


def test_sponsor_fields_left_blank_on_therapy_are_not_a_sponsor(practice, client):
    # Spaces in an emptied form field name nobody: the contract is saved without coaching terms.
    blank = CoachingTerms(sponsor_organisation="   ", report_recipients=(" ",))
    contract = practice.contracts.create(client.id, replace(THERAPY, coaching=blank))
    assert contract.terms.coaching is None
    assert [e.action for e in audit_entries(practice) if e.action == "refused"] == []
