"""Is this new client perhaps someone already in the practice?

Entering the same person twice would be a way round role separation, so a likely match needs
an explicit "this is a different person" with a reason.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.text_fold import email_key, fold, phone_digits

# National and international forms of one number share their last digits.
PHONE_DIGITS_COMPARED = 9


class MatchReason(enum.Enum):
    NAME_AND_BIRTH_DATE = "name_and_birth_date"
    EMAIL = "email"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return {
            "name_and_birth_date": "the same name and date of birth",
            "email": "the same e-mail address",
            "phone": "the same phone number",
        }[self.value]


def name_key(name: str) -> str:
    """'Anna-Maria  Öztürk' and 'annamaria ozturk' give the same key."""
    return "".join(ch for ch in fold(name) if ch.isalnum())


def phone_key(phone: str) -> str:
    digits = phone_digits(phone)
    return digits[-PHONE_DIGITS_COMPARED:] if len(digits) >= 6 else ""


@dataclass(frozen=True)
class PersonKeys:
    names: frozenset[str]
    date_of_birth: date | None
    email: str
    phone: str

    @classmethod
    def of(cls, details: ClientDetails) -> PersonKeys:
        names = {name_key(details.display_name), name_key(details.legal_name)}
        return cls(
            frozenset(names - {""}),
            details.date_of_birth,
            email_key(details.email),
            phone_key(details.phone),
        )


def match_reasons(new: PersonKeys, existing: PersonKeys) -> list[MatchReason]:
    reasons = []
    if (
        new.date_of_birth is not None
        and new.date_of_birth == existing.date_of_birth
        and new.names & existing.names
    ):
        reasons.append(MatchReason.NAME_AND_BIRTH_DATE)
    if new.email and new.email == existing.email:
        reasons.append(MatchReason.EMAIL)
    if new.phone and new.phone == existing.phone:
        reasons.append(MatchReason.PHONE)
    return reasons
