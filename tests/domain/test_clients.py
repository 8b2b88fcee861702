from dataclasses import replace
from datetime import date

import pytest

from practice_desk.domain.clients import (
    ClientDetails,
    ClientStatus,
    ConsultationOutcome,
    ConsultationRecord,
)
from practice_desk.domain.fields import FieldInvalid

TODAY = date(2026, 1, 5)
ANNA = ClientDetails("Anna Berg")


def refused_field(details):
    with pytest.raises(FieldInvalid) as caught:
        details.validated(TODAY)
    return caught.value


def test_a_client_needs_only_a_display_name():
    assert ANNA.validated(TODAY) == ANNA


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_the_display_name_is_required(name):
    error = refused_field(ClientDetails(name))
    assert error.field == "display_name"
    assert "Please enter the client's name" in str(error)


def test_every_text_is_trimmed_and_stored_precomposed():
    typed = ClientDetails(
        display_name="  Zo\u0308e   Mu\u0308ller ",
        legal_name=" Zoe\u0308 Marie  Mu\u0308ller",
        pronouns=" she/her ",
        address="Hauptstraße 1  \n10115 Berlin\n\n",
        notes="\nFirst contact by phone.  \n",
    )
    clean = typed.validated(TODAY)
    assert clean.display_name == "Zöe Müller"
    assert clean.legal_name == "Zoë Marie Müller"
    assert clean.pronouns == "she/her"
    assert clean.address == "Hauptstraße 1\n10115 Berlin"
    assert clean.notes == "First contact by phone."


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("display_name", 120),
        ("legal_name", 200),
        ("pronouns", 40),
        ("referral_source", 200),
        ("address", 500),
        ("emergency_contact", 300),
        ("notes", 20_000),
    ],
)
def test_an_over_long_field_is_refused_with_its_limit(field, limit):
    assert replace(ANNA, **{field: "a" * limit}).validated(TODAY)
    error = refused_field(replace(ANNA, **{field: "a" * (limit + 1)}))
    assert error.field == field
    assert f"at most {limit:,} characters" in str(error)


def test_an_over_long_email_is_refused_with_its_limit():
    error = refused_field(replace(ANNA, email="a" * 250 + "@example.org"))
    assert error.field == "email"
    assert "at most 254 characters" in str(error)


@pytest.mark.parametrize(
    "email", ["anna@example.org", "anna.berg+notes@mail.example.co.uk", "Ανна@例え.jp"]
)
def test_plausible_email_addresses_are_accepted(email):
    assert replace(ANNA, email=email).validated(TODAY).email == email


@pytest.mark.parametrize(
    "email", ["anna", "anna@example", "anna@@example.org", "an na@example.org", "@example.org"]
)
def test_implausible_email_addresses_are_refused(email):
    error = refused_field(replace(ANNA, email=email))
    assert error.field == "email"
    assert "doesn't look like an e-mail address" in str(error)


@pytest.mark.parametrize(
    "phone",
    [
        "+44 20 7946 0958",
        "020 7946-0958",
        "(030) 123.456/78",
        "+49 30 1234567 ext. 12",
        "0301234567 x 99",
        "123456",
    ],
)
def test_plausible_phone_numbers_are_accepted(phone):
    assert replace(ANNA, phone=phone).validated(TODAY).phone == phone


@pytest.mark.parametrize(
    "phone", ["12345", "call me maybe", "+44 20 7946 0958 0000 0000", "0301234567#", "12-34-5"]
)
def test_implausible_phone_numbers_are_refused(phone):
    error = refused_field(replace(ANNA, phone=phone))
    assert error.field == "phone"
    assert "6 to 15 digits" in str(error)


def test_a_date_of_birth_in_the_future_is_refused():
    error = refused_field(replace(ANNA, date_of_birth=date(2026, 1, 6)))
    assert error.field == "date_of_birth"
    assert "can't be in the future" in str(error)


def test_a_date_of_birth_today_or_long_ago_is_accepted():
    assert replace(ANNA, date_of_birth=TODAY).validated(TODAY).date_of_birth == TODAY
    old = date(1900, 1, 1)
    assert replace(ANNA, date_of_birth=old).validated(TODAY).date_of_birth == old


def test_a_date_of_birth_before_1900_is_questioned():
    error = refused_field(replace(ANNA, date_of_birth=date(1899, 12, 31)))
    assert error.field == "date_of_birth"
    assert "year" in str(error)


def test_control_characters_in_a_name_are_refused():
    error = refused_field(ClientDetails("Anna\x00Berg"))
    assert error.field == "display_name"


def test_the_status_labels_read_as_words():
    assert [status.label for status in ClientStatus] == [
        "Enquiry",
        "Consultation",
        "Active",
        "Closed",
    ]


def test_a_consultation_cannot_be_recorded_in_the_future():
    with pytest.raises(FieldInvalid, match="can't be in the future") as caught:
        ConsultationRecord(ConsultationOutcome.NO_FIT, date(2026, 2, 1)).validated(TODAY)
    assert caught.value.field == "held_on"


def test_a_consultation_note_is_cleaned_and_limited():
    record = ConsultationRecord(ConsultationOutcome.OFFER_THERAPY, TODAY, "\ngood fit  \n\n")
    assert record.validated(TODAY).note == "good fit"
    with pytest.raises(FieldInvalid, match="at most 4,000"):
        ConsultationRecord(ConsultationOutcome.OFFER_THERAPY, TODAY, "x" * 4001).validated(TODAY)
