from datetime import date

import pytest

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.duplicates import (
    MatchReason,
    PersonKeys,
    match_reasons,
    name_key,
    phone_key,
)

BORN = date(1984, 3, 27)


def reasons(new, existing):
    return match_reasons(PersonKeys.of(new), PersonKeys.of(existing))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Łukasz Öztürk", "lukasz  OZTURK"),
        ("Ελένη", "ελενη"),
        ("王芳", "王芳"),
        ("Anna-Maria", "annamaria"),
        ("Anna-Maria Berg", "Anna Maria  Berg"),
        ("Zo\u0308e", "Zöe"),
        ("O'Brien", "OBrien"),
    ],
)
def test_the_same_name_and_birth_date_match_however_typed(first, second):
    assert reasons(
        ClientDetails(first, date_of_birth=BORN), ClientDetails(second, date_of_birth=BORN)
    ) == [MatchReason.NAME_AND_BIRTH_DATE]


def test_the_same_name_with_another_birth_date_is_someone_else():
    assert (
        reasons(
            ClientDetails("Łukasz Öztürk", date_of_birth=BORN),
            ClientDetails("Lukasz Ozturk", date_of_birth=date(1984, 3, 28)),
        )
        == []
    )


def test_the_same_name_without_a_birth_date_is_not_enough():
    assert reasons(ClientDetails("Anna Berg"), ClientDetails("Anna Berg")) == []
    assert reasons(ClientDetails("Anna Berg", date_of_birth=BORN), ClientDetails("Anna Berg")) == []


def test_a_birth_date_alone_is_not_a_match():
    assert (
        reasons(
            ClientDetails("Anna Berg", date_of_birth=BORN),
            ClientDetails("Eva Lund", date_of_birth=BORN),
        )
        == []
    )


def test_a_legal_name_matches_a_display_name():
    new = ClientDetails("Lukas", legal_name="Łukasz Öztürk", date_of_birth=BORN)
    existing = ClientDetails("Lukasz Ozturk", date_of_birth=BORN)
    assert reasons(new, existing) == [MatchReason.NAME_AND_BIRTH_DATE]


def test_the_same_email_in_another_case_matches():
    assert reasons(
        ClientDetails("A. Berg", email="Anna.Berg@Example.org"),
        ClientDetails("Anna Berg", email="anna.berg@example.ORG"),
    ) == [MatchReason.EMAIL]


def test_the_same_phone_in_national_and_international_form_matches():
    assert reasons(
        ClientDetails("A. Berg", phone="+44 20 7946 0958"),
        ClientDetails("Anna Berg", phone="020 7946 0958"),
    ) == [MatchReason.PHONE]
    assert phone_key("+44 (0)20 7946-0958") == phone_key("0044 20 79460958")


def test_different_phone_numbers_do_not_match():
    assert (
        reasons(
            ClientDetails("A", phone="+44 20 7946 0958"),
            ClientDetails("B", phone="+44 20 7946 0959"),
        )
        == []
    )


def test_empty_contact_details_never_match_each_other():
    assert reasons(ClientDetails("A"), ClientDetails("B")) == []
    assert phone_key("12345") == ""


def test_every_reason_is_listed_when_several_match():
    details = ClientDetails("Anna Berg", date_of_birth=BORN, email="a@b.org", phone="+4930123456")
    assert reasons(details, details) == [
        MatchReason.NAME_AND_BIRTH_DATE,
        MatchReason.EMAIL,
        MatchReason.PHONE,
    ]
    assert [reason.label for reason in reasons(details, details)] == [
        "the same name and date of birth",
        "the same e-mail address",
        "the same phone number",
    ]


def test_name_keys_ignore_punctuation_spacing_case_and_accents():
    assert name_key("Anna-Maria  Öztürk") == name_key("annamaria ozturk") == "annamariaozturk"
