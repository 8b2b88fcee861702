"""A client: who they are, how to reach them, and where they stand with the practice."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import date

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.fields import FieldInvalid, multi_line, past_or_today, single_line
from practice_desk.domain.text_fold import phone_digits

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE_CHARACTERS = re.compile(r"[0-9+()\-./ ]+(\s*(ext\.?|x)\s*\d{1,6})?", re.IGNORECASE)
_EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*", re.IGNORECASE)


class ClientStatus(enum.Enum):
    ENQUIRY = "enquiry"
    CONSULTATION = "consultation"
    ACTIVE = "active"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ConsultationOutcome(enum.Enum):
    OFFER_THERAPY = "offer_therapy"
    OFFER_COACHING = "offer_coaching"
    REFER_ELSEWHERE = "refer_elsewhere"
    NO_FIT = "no_fit"

    @property
    def label(self) -> str:
        return {
            "offer_therapy": "Offer therapy",
            "offer_coaching": "Offer coaching",
            "refer_elsewhere": "Refer elsewhere",
            "no_fit": "No fit",
        }[self.value]


@dataclass(frozen=True)
class ClientDetails:
    """What the client form edits. Everything but the display name may stay empty."""

    display_name: str
    legal_name: str = ""
    date_of_birth: date | None = None
    pronouns: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    emergency_contact: str = ""
    referral_source: str = ""
    status: ClientStatus = ClientStatus.ENQUIRY
    notes: str = ""

    def validated(self, today: date) -> ClientDetails:
        """A cleaned copy, or FieldInvalid naming the first field that needs attention."""
        email = single_line("email", "The e-mail address", self.email, 254)
        if email and not _EMAIL.fullmatch(email):
            raise FieldInvalid(
                "email", "That doesn't look like an e-mail address (name@example.org)."
            )
        phone = single_line("phone", "The phone number", self.phone, 40)
        if phone:
            number = _EXTENSION.split(phone)[0]
            if not _PHONE_CHARACTERS.fullmatch(phone) or not 6 <= len(phone_digits(number)) <= 15:
                raise FieldInvalid(
                    "phone",
                    "A phone number has 6 to 15 digits, and may use +, spaces, dashes and "
                    "brackets (for example +44 20 7946 0958).",
                )
        birth = past_or_today("date_of_birth", "The date of birth", self.date_of_birth, today)
        if birth is not None and birth < EARLIEST_BIRTH_DATE:
            raise FieldInvalid("date_of_birth", "Please check the year of the date of birth.")
        return replace(
            self,
            display_name=single_line(
                "display_name", "The client's name", self.display_name, 120, required=True
            ),
            legal_name=single_line("legal_name", "The legal name", self.legal_name, 200),
            date_of_birth=birth,
            pronouns=single_line("pronouns", "Pronouns", self.pronouns, 40),
            email=email,
            phone=phone,
            address=multi_line("address", "The address", self.address, 500),
            emergency_contact=multi_line(
                "emergency_contact", "The emergency contact", self.emergency_contact, 300
            ),
            referral_source=single_line(
                "referral_source", "The referral source", self.referral_source, 200
            ),
            notes=multi_line("notes", "Notes", self.notes, 20_000),
        )


@dataclass(frozen=True)
class ConsultationRecord:
    outcome: ConsultationOutcome
    held_on: date
    note: str = ""

    def validated(self, today: date) -> ConsultationRecord:
        past_or_today("held_on", "The consultation date", self.held_on, today)
        return ConsultationRecord(
            self.outcome, self.held_on, multi_line("note", "The note", self.note, 4000)
        )


@dataclass(frozen=True)
class Client:
    """A stored client. `kind` is the kind of work they have ever had, once a contract exists."""

    id: int
    details: ClientDetails
    consultation: ConsultationRecord | None
    kind: ContractKind | None
    created_at: str
    updated_at: str
