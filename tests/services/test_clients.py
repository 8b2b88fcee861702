from datetime import date

import pytest

from practice_desk.domain.clients import (
    ClientDetails,
    ClientStatus,
    ConsultationOutcome,
    ConsultationRecord,
)
from practice_desk.domain.contracts import ContractKind, ContractTerms
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.services.clients import ClientNotFound
from tests.services.conftest import audit_entries, row_counts


def test_a_new_client_is_stored_cleaned_and_audited(practice, clock):
    client = practice.clients.create(
        ClientDetails("  Zo\u0308e   Adler ", email=" zoe@adler.ch ", notes="First call.\r\n")
    )
    assert client.details.display_name == "Zöe Adler"
    assert client.details.email == "zoe@adler.ch"
    assert client.details.notes == "First call."
    assert client.details.status is ClientStatus.ENQUIRY
    assert client.kind is None
    assert client.created_at == "2026-01-05T09:00:00.000000Z"
    assert practice.clients.get(client.id) == client
    last = audit_entries(practice)[-1]
    assert (last.action, last.object_type, last.object_id, last.client_id, last.detail) == (
        "client_created",
        "client",
        client.id,
        client.id,
        "",
    )


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (ClientDetails("   "), "display_name"),
        (ClientDetails("A" * 121), "display_name"),
        (ClientDetails("Anna", email="anna@"), "email"),
        (ClientDetails("Anna", phone="12"), "phone"),
        (ClientDetails("Anna", date_of_birth=date(2026, 1, 6)), "date_of_birth"),
        (ClientDetails("Anna\x00"), "display_name"),
        (ClientDetails("Anna", notes="x" * 20_001), "notes"),
    ],
)
def test_an_invalid_client_is_refused_and_nothing_is_written(practice, details, field):
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        practice.clients.create(details)
    assert caught.value.field == field
    assert row_counts(practice) == before


def test_the_date_of_birth_is_checked_against_the_practice_clock(practice, clock):
    tomorrow = ClientDetails("Anna", date_of_birth=date(2026, 1, 6))
    with pytest.raises(FieldInvalid):
        practice.clients.create(tomorrow)
    clock.advance(minutes=24 * 60)
    assert practice.clients.create(tomorrow).details.date_of_birth == date(2026, 1, 6)


def test_a_change_is_saved_and_audited_by_field_names_only(practice, clock):
    client = practice.clients.create(ClientDetails("Anna Berg", notes="old"))
    clock.advance(minutes=5)
    changed = practice.clients.update(
        client.id, ClientDetails("Anna Berg-Lund", notes="Panic at work", pronouns="she/her")
    )
    assert changed.details.display_name == "Anna Berg-Lund"
    assert changed.updated_at == "2026-01-05T09:05:00.000000Z"
    assert changed.created_at == client.created_at
    last = audit_entries(practice)[-1]
    assert last.action == "client_changed"
    assert last.detail == "display_name,pronouns,notes"
    assert "Panic" not in last.detail


def test_saving_without_changes_writes_nothing(practice):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    before = row_counts(practice)
    assert practice.clients.update(client.id, ClientDetails(" Anna  Berg ")) == client
    assert row_counts(practice) == before


def test_an_invalid_change_leaves_the_client_as_it_was(practice):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    with pytest.raises(FieldInvalid):
        practice.clients.update(client.id, ClientDetails("Anna", email="not an address"))
    assert practice.clients.get(client.id) == client


def test_a_missing_client_is_reported_plainly(practice):
    for action in (
        lambda: practice.clients.get(404),
        lambda: practice.clients.summary(404),
        lambda: practice.clients.open(404),
        lambda: practice.clients.update(404, ClientDetails("Anna")),
        lambda: practice.clients.write_referral_note(404, "", "Dear colleague"),
    ):
        with pytest.raises(ClientNotFound):
            action()


def test_opening_a_client_is_audited(practice):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    assert practice.clients.open(client.id) == client
    last = audit_entries(practice)[-1]
    assert (last.action, last.client_id) == ("client_viewed", client.id)


def test_the_summaries_list_every_client_with_their_kind(practice):
    anna = practice.clients.create(ClientDetails("Anna Berg", phone="030 1234567"))
    eva = practice.clients.create(ClientDetails("Eva Lund"))
    practice.contracts.create(eva.id, ContractTerms(ContractKind.COACHING))
    summaries = {row.id: row for row in practice.clients.summaries()}
    assert summaries[anna.id].phone == "030 1234567"
    assert summaries[anna.id].kind is None
    assert summaries[eva.id].kind is ContractKind.COACHING
    assert practice.clients.summary(eva.id) == summaries[eva.id]


def test_a_consultation_outcome_moves_an_enquiry_on(practice):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    record = ConsultationRecord(ConsultationOutcome.OFFER_THERAPY, date(2026, 1, 5), "Good fit")
    updated = practice.clients.record_consultation(client.id, record)
    assert updated.consultation == record
    assert updated.details.status is ClientStatus.CONSULTATION
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail) == ("consultation_recorded", "offer_therapy")


def test_a_consultation_does_not_move_an_active_client_back(practice):
    client = practice.clients.create(ClientDetails("Anna Berg", status=ClientStatus.ACTIVE))
    record = ConsultationRecord(ConsultationOutcome.NO_FIT, date(2026, 1, 4))
    assert practice.clients.record_consultation(client.id, record).details.status is (
        ClientStatus.ACTIVE
    )


def test_a_consultation_in_the_future_is_refused(practice):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    before = row_counts(practice)
    with pytest.raises(FieldInvalid):
        practice.clients.record_consultation(
            client.id, ConsultationRecord(ConsultationOutcome.NO_FIT, date(2026, 1, 6))
        )
    assert row_counts(practice) == before
    assert practice.clients.get(client.id).consultation is None


def test_a_referral_note_is_kept_with_the_client_and_audited_without_its_text(practice, clock):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    first = practice.clients.write_referral_note(client.id, " Dr Lund ", "Dear colleague,\r\n")
    clock.advance(60)
    second = practice.clients.write_referral_note(client.id, "", "Second note")
    assert first.addressed_to == "Dr Lund"
    assert first.body == "Dear colleague,"
    assert practice.clients.referral_notes(client.id) == [second, first]
    last = audit_entries(practice)[-1]
    assert (last.action, last.object_type, last.object_id) == (
        "referral_note_written",
        "referral_note",
        second.id,
    )
    assert last.detail == ""


def test_an_empty_referral_note_is_refused(practice):
    client = practice.clients.create(ClientDetails("Anna Berg"))
    before = row_counts(practice)
    with pytest.raises(PracticeDeskError, match="empty"):
        practice.clients.write_referral_note(client.id, "Dr Lund", " \n ")
    assert row_counts(practice) == before
