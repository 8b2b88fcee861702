"""Rule 1: a person is your therapy client or your coaching client, never both, not at once
and not one after the other, whatever became of the first contract."""

from datetime import date

import pytest
import sqlcipher3

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from practice_desk.domain.role_rules import RoleSeparationRefused
from tests.services.conftest import audit_entries, row_counts

THERAPY, COACHING = ContractKind.THERAPY, ContractKind.COACHING
ORDERS = [(THERAPY, COACHING), (COACHING, THERAPY)]
START = date(2026, 1, 5)


def contract_with_status(practice, client_id, kind, status):
    """A first contract, taken through the usual steps to `status`."""
    contract = practice.contracts.create(client_id, ContractTerms(kind, starts_on=START))
    steps = {
        ContractStatus.DRAFT: [],
        ContractStatus.ACTIVE: [ContractStatus.ACTIVE],
        ContractStatus.PAUSED: [ContractStatus.ACTIVE, ContractStatus.PAUSED],
        ContractStatus.ENDED: [ContractStatus.ACTIVE, ContractStatus.ENDED],
    }[status]
    for step in steps:
        if step is ContractStatus.ENDED:
            contract = practice.contracts.end(contract.id)
        else:
            terms = ContractTerms(kind, step, starts_on=START)
            contract = practice.contracts.update(contract.id, terms)
    assert contract.status is status
    return contract


@pytest.mark.parametrize("status", list(ContractStatus), ids=lambda status: status.value)
@pytest.mark.parametrize(
    ("held", "wanted"), ORDERS, ids=["therapy-then-coaching", "coaching-then-therapy"]
)
def test_the_other_kind_of_work_is_refused_whatever_the_first_contract_became(
    practice, held, wanted, status
):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    first = contract_with_status(practice, client.id, held, status)
    client_before = practice.clients.get(client.id)
    before = row_counts(practice)

    with pytest.raises(RoleSeparationRefused) as caught:
        practice.contracts.create(client.id, ContractTerms(wanted, starts_on=START))

    refusal = caught.value
    assert refusal.title == "Therapy and coaching stay apart"
    assert f"has had a {held.value} contract" in refusal.message
    assert f"a {wanted.value} contract isn't possible" in refusal.message
    assert "referral note" in refusal.advice
    assert refusal.offers_referral
    last = audit_entries(practice)[-1]
    assert last.action == "refused"
    assert last.detail == f"role_separation:{held.value}->{wanted.value}"
    assert (last.object_type, last.object_id, last.client_id) == ("client", client.id, client.id)
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    assert practice.contracts.for_client(client.id) == [first]
    assert practice.clients.get(client.id) == client_before
    assert practice.contracts.kind_of_work(client.id) is held


@pytest.mark.parametrize(("held", "wanted"), ORDERS)
def test_asking_before_the_form_is_filled_is_refused_and_audited_too(practice, held, wanted):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    practice.contracts.create(client.id, ContractTerms(held))
    practice.contracts.check_kind(client.id, held)
    before = row_counts(practice)
    with pytest.raises(RoleSeparationRefused):
        practice.contracts.check_kind(client.id, wanted)
    assert audit_entries(practice)[-1].detail == f"role_separation:{held.value}->{wanted.value}"
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}


@pytest.mark.parametrize("kind", [THERAPY, COACHING])
def test_a_new_client_may_start_either_kind_and_continue_in_it(practice, kind):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    assert practice.contracts.kind_of_work(client.id) is None
    practice.contracts.check_kind(client.id, kind)
    first = practice.contracts.create(client.id, ContractTerms(kind, starts_on=START))
    practice.contracts.end(first.id)
    second = practice.contracts.create(client.id, ContractTerms(kind, ContractStatus.ACTIVE, START))
    assert [contract.id for contract in practice.contracts.for_client(client.id)] == [
        first.id,
        second.id,
    ]
    assert practice.clients.get(client.id).kind is kind
    assert "refused" not in [entry.action for entry in audit_entries(practice)]


def test_two_clients_may_each_have_their_own_kind(practice):
    anna = practice.clients.create(ClientDetails("Anna Berg"))
    eva = practice.clients.create(ClientDetails("Eva Lund"))
    practice.contracts.create(anna.id, ContractTerms(THERAPY))
    practice.contracts.create(eva.id, ContractTerms(COACHING))
    assert practice.contracts.kind_of_work(anna.id) is THERAPY
    assert practice.contracts.kind_of_work(eva.id) is COACHING


@pytest.mark.parametrize(("held", "wanted"), ORDERS)
def test_a_contract_deleted_behind_the_apps_back_still_counts(practice, held, wanted):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    first = practice.contracts.create(client.id, ContractTerms(held))
    for table, column in [("coaching_terms", "contract_id"), ("contracts", "id")]:
        practice.conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (first.id,))
    assert practice.contracts.for_client(client.id) == []
    with pytest.raises(RoleSeparationRefused):
        practice.contracts.create(client.id, ContractTerms(wanted))
    with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:role_separation"):
        practice.conn.execute(
            "INSERT INTO contracts (client_id, kind, status, currency, created_at, updated_at) "
            "VALUES (?, ?, 'draft', 'EUR', 'now', 'now')",
            (client.id, wanted.value),
        )
    with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:role_separation"):
        practice.conn.execute("UPDATE clients SET work_kind = NULL WHERE id = ?", (client.id,))


@pytest.mark.parametrize(("held", "wanted"), ORDERS)
def test_a_contract_cannot_be_turned_into_the_other_kind(practice, held, wanted):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    contract = practice.contracts.create(client.id, ContractTerms(held))
    with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:role_separation"):
        practice.conn.execute(
            "UPDATE contracts SET kind = ? WHERE id = ?", (wanted.value, contract.id)
        )
    assert practice.contracts.get(contract.id).kind is held
