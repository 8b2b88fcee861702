"""Entering the same person twice would dodge role separation, so a look-alike needs an
explicit, logged "this is a different person"."""

from datetime import date

import pytest

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.duplicates import MatchReason
from practice_desk.domain.fields import FieldInvalid
from practice_desk.services.clients import DifferentPerson, PossibleDuplicate
from tests.services.conftest import audit_entries, row_counts

BORN = date(1984, 3, 27)
REASON = "Met both: different ages, the newer one is the daughter"


def person_confirmations(practice):
    return practice.conn.execute(
        "SELECT client_id, other_client_id, matched_on, reason FROM person_confirmations"
    ).fetchall()


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("Łukasz Öztürk", "lukasz  OZTURK"),
        ("Ελένη", "ελενη"),
        ("王芳", "王芳"),
        ("Anna-Maria", "annamaria"),
        ("Zoë Adler", "Zoe\u0308 ADLER"),
    ],
)
def test_the_same_name_and_birth_date_however_typed_is_stopped(practice, existing, typed):
    first = practice.clients.create(ClientDetails(existing, date_of_birth=BORN))
    before = row_counts(practice)
    with pytest.raises(PossibleDuplicate) as caught:
        practice.clients.create(ClientDetails(typed, date_of_birth=BORN))
    (match,) = caught.value.matches
    assert (match.client_id, match.display_name) == (first.id, existing)
    assert match.reasons == (MatchReason.NAME_AND_BIRTH_DATE,)
    assert "the same name and date of birth" in caught.value.message
    assert "different person" in caught.value.advice
    assert row_counts(practice) == before


def test_the_same_name_with_another_birth_date_is_not_stopped(practice):
    practice.clients.create(ClientDetails("Łukasz Öztürk", date_of_birth=BORN))
    other = practice.clients.create(ClientDetails("lukasz ozturk", date_of_birth=date(1990, 6, 1)))
    assert other.details.display_name == "lukasz ozturk"


def test_a_legal_name_is_compared_too(practice):
    first = practice.clients.create(
        ClientDetails("Luke", legal_name="Łukasz Öztürk", date_of_birth=BORN)
    )
    with pytest.raises(PossibleDuplicate) as caught:
        practice.clients.create(ClientDetails("Lukasz Ozturk", date_of_birth=BORN))
    assert caught.value.matches[0].client_id == first.id


def test_the_same_email_in_another_case_is_stopped(practice):
    first = practice.clients.create(ClientDetails("Anna Berg", email="Anna.Berg@Example.org"))
    with pytest.raises(PossibleDuplicate) as caught:
        practice.clients.create(ClientDetails("A. Lund", email="anna.berg@example.ORG"))
    assert caught.value.matches[0].client_id == first.id
    assert caught.value.matches[0].reasons == (MatchReason.EMAIL,)
    assert "the same e-mail address" in caught.value.message


def test_the_same_phone_in_international_and_national_form_is_stopped(practice):
    first = practice.clients.create(ClientDetails("Anna Berg", phone="+44 20 7946 0958"))
    with pytest.raises(PossibleDuplicate) as caught:
        practice.clients.create(ClientDetails("Someone", phone="020 7946 0958"))
    assert caught.value.matches[0].client_id == first.id
    assert caught.value.matches[0].reasons == (MatchReason.PHONE,)


def test_every_look_alike_and_every_reason_is_listed(practice):
    by_email = practice.clients.create(ClientDetails("Eva", email="anna@example.org"))
    by_name = practice.clients.create(
        ClientDetails("Anna Berg", date_of_birth=BORN, phone="030 1234567")
    )
    with pytest.raises(PossibleDuplicate) as caught:
        practice.clients.create(
            ClientDetails(
                "anna berg", date_of_birth=BORN, email="ANNA@example.org", phone="+49 30 1234567"
            )
        )
    found = {match.client_id: match.reasons for match in caught.value.matches}
    assert found == {
        by_email.id: (MatchReason.EMAIL,),
        by_name.id: (MatchReason.NAME_AND_BIRTH_DATE, MatchReason.PHONE),
    }


def test_a_confirmed_different_person_is_created_and_the_reason_kept_out_of_the_audit(practice):
    first = practice.clients.create(ClientDetails("Łukasz Öztürk", date_of_birth=BORN))
    second = practice.clients.create(
        ClientDetails("lukasz ozturk", date_of_birth=BORN), DifferentPerson(f"  {REASON} ")
    )
    assert second.id != first.id
    assert person_confirmations(practice) == [(second.id, first.id, "name_and_birth_date", REASON)]
    entries = audit_entries(practice)
    assert [entry.action for entry in entries[-2:]] == [
        "client_created",
        "different_person_confirmed",
    ]
    confirmed = entries[-1]
    assert confirmed.object_type == "person_confirmation"
    assert confirmed.client_id == second.id
    assert confirmed.detail == f"other_client:{first.id};name_and_birth_date"
    for entry in entries:
        assert "daughter" not in entry.detail
        assert REASON not in repr(entry)


def test_a_confirmation_needs_a_reason(practice):
    practice.clients.create(ClientDetails("Anna Berg", email="anna@example.org"))
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        practice.clients.create(
            ClientDetails("Anna", email="anna@example.org"), DifferentPerson(" ")
        )
    assert caught.value.field == "different_person_reason"
    assert row_counts(practice) == before


def test_no_confirmation_is_stored_when_nobody_looked_alike(practice):
    practice.clients.create(ClientDetails("Anna Berg"), DifferentPerson("Just in case"))
    assert person_confirmations(practice) == []
    assert "different_person_confirmed" not in [e.action for e in audit_entries(practice)]


def test_editing_a_client_into_someone_elses_details_is_stopped(practice):
    anna = practice.clients.create(
        ClientDetails("Anna Berg", date_of_birth=BORN, email="anna@example.org")
    )
    eva = practice.clients.create(ClientDetails("Eva Lund", email="eva@example.org"))
    before = row_counts(practice)
    for look_alike in [
        ClientDetails("Eva Lund", email="ANNA@example.org"),
        ClientDetails("anna  BERG", date_of_birth=BORN, email="eva@example.org"),
    ]:
        with pytest.raises(PossibleDuplicate) as caught:
            practice.clients.update(eva.id, look_alike)
        assert [match.client_id for match in caught.value.matches] == [anna.id]
    assert row_counts(practice) == before
    assert practice.clients.get(eva.id) == eva

    changed = practice.clients.update(
        eva.id, ClientDetails("Eva Lund", email="anna@example.org"), DifferentPerson(REASON)
    )
    assert changed.details.email == "anna@example.org"
    assert person_confirmations(practice) == [(eva.id, anna.id, "email", REASON)]
    assert audit_entries(practice)[-1].action == "different_person_confirmed"


def test_editing_other_details_of_a_confirmed_look_alike_is_not_stopped_again(practice):
    practice.clients.create(ClientDetails("Anna Berg", email="anna@example.org"))
    twin = practice.clients.create(
        ClientDetails("Anna Berg", email="anna@example.org"), DifferentPerson(REASON)
    )
    changed = practice.clients.update(
        twin.id, ClientDetails("Anna Berg", email="anna@example.org", pronouns="she/her")
    )
    assert changed.details.pronouns == "she/her"
    assert len(person_confirmations(practice)) == 1


def test_a_client_never_matches_themselves_when_edited(practice):
    anna = practice.clients.create(
        ClientDetails("Anna Berg", date_of_birth=BORN, email="anna@example.org")
    )
    changed = practice.clients.update(
        anna.id, ClientDetails("ANNA BERG", date_of_birth=BORN, email="Anna@Example.org")
    )
    assert changed.details.display_name == "ANNA BERG"
    assert person_confirmations(practice) == []
