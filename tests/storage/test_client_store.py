from datetime import date

import pytest

from practice_desk.domain.client_search import ClientSummary
from practice_desk.domain.clients import (
    ClientDetails,
    ClientStatus,
    ConsultationOutcome,
    ConsultationRecord,
)
from practice_desk.domain.contracts import ContractKind
from practice_desk.storage import client_store
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.storage.conftest import NOW, count, insert_contract

LUKASZ = ClientDetails(
    display_name="Łukasz Öztürk",
    legal_name="Łukasz Mehmet Öztürk",
    date_of_birth=date(1984, 3, 27),
    pronouns="he/him",
    email="Lukasz@Example.org",
    phone="+44 20 7946 0958",
    address="1 Rue de la Paix\n75002 Paris",
    emergency_contact="Ελένη, +30 21 0123 4567",
    referral_source="GP",
    status=ClientStatus.CONSULTATION,
    notes="王芳 recommended.\nSecond line.",
)


def test_a_client_reads_back_exactly_as_written(db):
    client_id = client_store.insert_client(db, LUKASZ, NOW)
    client = client_store.read_client(db, client_id)
    assert client.id == client_id
    assert client.details == LUKASZ
    assert client.consultation is None
    assert client.kind is None
    assert client.created_at == client.updated_at == NOW


def test_a_missing_client_reads_as_none(db):
    assert client_store.read_client(db, 404) is None
    assert client_store.read_summary(db, 404) is None


def test_the_comparison_keys_are_stored_folded(db):
    client_id = client_store.insert_client(db, LUKASZ, NOW)
    keys = db.execute("SELECT email_key, phone_key FROM clients WHERE id = ?", (client_id,))
    assert keys.fetchone() == ("lukasz@example.org", "079460958")


def test_an_update_replaces_every_detail_and_the_keys(db):
    client_id = client_store.insert_client(db, LUKASZ, NOW)
    changed = ClientDetails("Lukas Ozturk", email="new@example.org", status=ClientStatus.ACTIVE)
    client_store.update_client(db, client_id, changed, "2026-01-06T10:00:00.000000Z")
    client = client_store.read_client(db, client_id)
    assert client.details == changed
    assert client.created_at == NOW
    assert client.updated_at == "2026-01-06T10:00:00.000000Z"
    keys = db.execute("SELECT email_key, phone_key FROM clients").fetchone()
    assert keys == ("new@example.org", "")


def test_a_row_the_schema_refuses_comes_back_as_a_plain_refusal(db):
    with pytest.raises(RefusedByDatabase) as caught:
        client_store.insert_client(db, ClientDetails("x" * 121), NOW)
    assert caught.value.rule == "constraint"
    assert "x" * 10 not in str(caught.value)
    assert count(db, "clients") == 0
    client_id = client_store.insert_client(db, ClientDetails("Anna"), NOW)
    with pytest.raises(RefusedByDatabase):
        client_store.update_client(db, client_id, ClientDetails(""), NOW)
    assert client_store.read_client(db, client_id).details.display_name == "Anna"


def test_the_consultation_outcome_is_kept_with_the_client(db):
    client_id = client_store.insert_client(db, ClientDetails("Anna"), NOW)
    record = ConsultationRecord(ConsultationOutcome.OFFER_COACHING, date(2026, 1, 2), "fit")
    client_store.write_consultation(db, client_id, record, NOW)
    assert client_store.read_client(db, client_id).consultation == record


def test_summaries_carry_the_kind_of_work_and_no_notes(db):
    anna = client_store.insert_client(db, ClientDetails("Anna", notes="private"), NOW)
    eva = client_store.insert_client(db, ClientDetails("Eva", phone="030 1234567"), NOW)
    insert_contract(db, anna, "coaching")
    summaries = {row.id: row for row in client_store.list_summaries(db)}
    assert summaries[anna] == ClientSummary(
        anna, "Anna", "", ClientStatus.ENQUIRY, ContractKind.COACHING, "", ""
    )
    assert summaries[eva].kind is None
    assert summaries[eva].phone == "030 1234567"
    assert client_store.read_summary(db, anna) == summaries[anna]
    assert client_store.read_client(db, anna).kind is ContractKind.COACHING


def test_set_status_changes_only_the_status(db):
    client_id = client_store.insert_client(db, LUKASZ, NOW)
    client_store.set_status(db, client_id, ClientStatus.CLOSED, "later")
    client = client_store.read_client(db, client_id)
    assert client.details.status is ClientStatus.CLOSED
    assert client.details.display_name == LUKASZ.display_name


def test_possible_duplicates_share_a_birth_date_email_or_phone(db):
    same_birth = client_store.insert_client(
        db, ClientDetails("Someone Else", date_of_birth=date(1984, 3, 27)), NOW
    )
    same_email = client_store.insert_client(
        db, ClientDetails("Other", email="LUKASZ@example.ORG"), NOW
    )
    same_phone = client_store.insert_client(db, ClientDetails("Third", phone="020 7946 0958"), NOW)
    client_store.insert_client(db, ClientDetails("Unrelated", phone="030 1234567"), NOW)
    client_store.insert_client(db, ClientDetails("No contact details"), NOW)
    found = client_store.possible_duplicates(db, LUKASZ)
    assert sorted(client_id for client_id, _ in found) == [same_birth, same_email, same_phone]
    assert dict(found)[same_email].display_name == "Other"
    excluded = client_store.possible_duplicates(db, LUKASZ, exclude=same_phone)
    assert sorted(client_id for client_id, _ in excluded) == [same_birth, same_email]


def test_a_client_without_contact_details_has_no_candidates(db):
    client_store.insert_client(db, ClientDetails("Anna"), NOW)
    client_store.insert_client(db, ClientDetails("Anna"), NOW)
    assert client_store.possible_duplicates(db, ClientDetails("Anna")) == []


def test_person_confirmations_and_referral_notes_are_stored(db):
    first = client_store.insert_client(db, ClientDetails("Anna"), NOW)
    second = client_store.insert_client(db, ClientDetails("Anna"), NOW)
    confirmation = client_store.insert_person_confirmation(
        db, second, first, "email", "Sisters sharing an address", NOW
    )
    row = db.execute("SELECT * FROM person_confirmations WHERE id = ?", (confirmation,))
    assert row.fetchone()[1:] == (second, first, "email", "Sisters sharing an address", NOW)
    older = client_store.insert_referral_note(db, first, "Dr Lund", "Dear colleague", NOW)
    newer = client_store.insert_referral_note(db, first, "", "Second", "2026-01-06T09:00:00Z")
    notes = client_store.read_referral_notes(db, first)
    assert [note[0] for note in notes] == [newer, older]
    assert client_store.read_referral_notes(db, second) == []
    assert client_store.count_clients(db) == 2
