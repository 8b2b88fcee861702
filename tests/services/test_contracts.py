from dataclasses import replace
from datetime import date

import pytest

from practice_desk.domain.clients import ClientDetails, ClientStatus
from practice_desk.domain.contracts import (
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    TherapyTerms,
)
from practice_desk.domain.fields import FieldInvalid
from practice_desk.services.clients import ClientNotFound
from practice_desk.services.contracts import ContractNotFound
from tests.services.conftest import audit_entries, row_counts

DRAFT, ACTIVE, PAUSED, ENDED = ContractStatus
START = date(2026, 1, 5)
THERAPY = ContractTerms(ContractKind.THERAPY, starts_on=START, fee_minor=90_00)


@pytest.fixture
def client(practice):
    return practice.clients.create(ClientDetails("Anna Berg"))


def test_a_contract_is_stored_cleaned_and_audited(practice, client):
    terms = replace(THERAPY, currency="gbp", goals=(Goal("  Sleep better "),))
    contract = practice.contracts.create(client.id, terms)
    assert contract.client_id == client.id
    assert contract.terms.currency == "GBP"
    assert [goal.text for goal in contract.terms.goals] == ["Sleep better"]
    assert practice.contracts.for_client(client.id) == [contract]
    assert practice.contracts.get(contract.id) == contract
    last = audit_entries(practice)[-1]
    assert (last.action, last.object_type, last.object_id, last.client_id, last.detail) == (
        "contract_created",
        "contract",
        contract.id,
        client.id,
        "therapy:draft",
    )


def test_an_active_contract_makes_the_client_active(practice, client):
    practice.contracts.create(client.id, THERAPY)
    assert practice.clients.get(client.id).details.status is ClientStatus.ENQUIRY
    practice.contracts.create(client.id, replace(THERAPY, status=ACTIVE))
    assert practice.clients.get(client.id).details.status is ClientStatus.ACTIVE


def test_activating_a_draft_makes_the_client_active(practice, client):
    contract = practice.contracts.create(client.id, THERAPY)
    practice.contracts.update(contract.id, replace(THERAPY, status=ACTIVE))
    assert practice.clients.get(client.id).details.status is ClientStatus.ACTIVE


def test_a_closed_client_is_not_reopened_by_a_contract(practice):
    closed = practice.clients.create(ClientDetails("Eva Lund", status=ClientStatus.CLOSED))
    practice.contracts.create(closed.id, replace(THERAPY, status=ACTIVE))
    assert practice.clients.get(closed.id).details.status is ClientStatus.CLOSED


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (replace(THERAPY, ends_on=date(2026, 1, 4)), "ends_on"),
        (replace(THERAPY, session_minutes=5), "session_minutes"),
        (replace(THERAPY, session_minutes=300), "session_minutes"),
        (replace(THERAPY, currency="EURO"), "currency"),
        (replace(THERAPY, status=ACTIVE, starts_on=None), "starts_on"),
        (replace(THERAPY, therapy=TherapyTerms(coaching_edge=True)), "screening_reason"),
    ],
)
def test_an_invalid_contract_is_refused_and_nothing_is_written(practice, client, terms, field):
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        practice.contracts.create(client.id, terms)
    assert caught.value.field == field
    assert row_counts(practice) == before
    assert practice.contracts.kind_of_work(client.id) is None


def test_a_contract_for_a_missing_client_is_refused(practice):
    with pytest.raises(ClientNotFound):
        practice.contracts.create(404, THERAPY)
    with pytest.raises(ContractNotFound):
        practice.contracts.get(404)


@pytest.mark.parametrize(
    "path",
    [
        [ACTIVE],
        [ENDED],
        [ACTIVE, PAUSED],
        [ACTIVE, PAUSED, ACTIVE],
        [ACTIVE, PAUSED, ENDED],
        [ACTIVE, ENDED],
    ],
    ids=lambda path: "-".join(status.value for status in path),
)
def test_the_usual_status_changes_are_allowed(practice, client, path):
    contract = practice.contracts.create(client.id, THERAPY)
    for status in path:
        contract = practice.contracts.update(contract.id, replace(contract.terms, status=status))
        assert contract.status is status
        assert audit_entries(practice)[-1].detail == f"therapy:{status.value}"


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([ACTIVE], DRAFT),
        ([ACTIVE, PAUSED], DRAFT),
        ([], PAUSED),
        ([ENDED], ACTIVE),
        ([ACTIVE, ENDED], ACTIVE),
        ([ACTIVE, ENDED], PAUSED),
        ([ACTIVE, ENDED], DRAFT),
    ],
)
def test_status_changes_that_make_no_sense_are_refused(practice, client, path, refused):
    contract = practice.contracts.create(client.id, THERAPY)
    for status in path:
        contract = practice.contracts.update(contract.id, replace(contract.terms, status=status))
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        practice.contracts.update(contract.id, replace(contract.terms, status=refused))
    assert caught.value.field == "status"
    if contract.status is ENDED:
        assert "An ended contract stays ended" in str(caught.value)
    assert practice.contracts.get(contract.id) == contract
    assert row_counts(practice) == before


def test_ending_a_contract_is_audited_as_its_end(practice, client, clock):
    contract = practice.contracts.create(client.id, replace(THERAPY, status=ACTIVE))
    clock.advance(minutes=60 * 24 * 30)
    ended = practice.contracts.end(contract.id)
    assert ended.status is ENDED
    assert ended.terms.ends_on == date(2026, 2, 4)
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail) == ("contract_ended", "therapy:ended")


def test_an_end_date_before_the_start_becomes_the_start(practice, client):
    future = replace(THERAPY, status=ACTIVE, starts_on=date(2026, 3, 1))
    contract = practice.contracts.create(client.id, future)
    ended = practice.contracts.end(contract.id, on=date(2026, 2, 1))
    assert ended.terms.ends_on == date(2026, 3, 1)


def test_a_draft_that_never_started_can_be_ended(practice, client):
    contract = practice.contracts.create(client.id, ContractTerms(ContractKind.COACHING))
    ended = practice.contracts.end(contract.id)
    assert ended.status is ENDED
    assert ended.terms.ends_on == date(2026, 1, 5)
    assert ended.terms.starts_on is None


def test_an_ended_contract_is_still_editable_but_stays_ended(practice, client):
    contract = practice.contracts.end(practice.contracts.create(client.id, THERAPY).id)
    changed = practice.contracts.update(contract.id, replace(contract.terms, fee_minor=95_00))
    assert changed.terms.fee_minor == 95_00
    assert changed.status is ENDED
    assert audit_entries(practice)[-1].action == "contract_changed"


def test_the_kind_of_a_contract_cannot_be_changed(practice, client):
    contract = practice.contracts.create(client.id, THERAPY)
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        practice.contracts.update(
            contract.id, replace(contract.terms, kind=ContractKind.COACHING, therapy=None)
        )
    assert caught.value.field == "kind"
    assert "can't be changed" in str(caught.value)
    assert practice.contracts.get(contract.id).kind is ContractKind.THERAPY
    assert row_counts(practice) == before


def test_saving_an_unchanged_contract_writes_nothing(practice, client):
    contract = practice.contracts.create(client.id, THERAPY)
    before = row_counts(practice)
    assert practice.contracts.update(contract.id, contract.terms) == contract
    assert row_counts(practice) == before


def test_goals_keep_their_identity_across_edits(practice, client):
    contract = practice.contracts.create(
        client.id, replace(THERAPY, goals=(Goal("Sleep"), Goal("Work")))
    )
    sleep, work = contract.terms.goals
    changed = practice.contracts.update(
        contract.id, replace(contract.terms, goals=(replace(work, text="Work part time"),))
    )
    assert [(goal.id, goal.text) for goal in changed.terms.goals] == [(work.id, "Work part time")]
    removed = practice.conn.execute("SELECT count(*) FROM contract_goals WHERE id = ?", (sleep.id,))
    assert removed.fetchone()[0] == 0
