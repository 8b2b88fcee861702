"""Cleaning and checking what a practitioner types, with messages meant for a form.

Every field error names the field it belongs to, so the form can put the message next to it.
Messages never repeat the rejected value: they may reach a log line.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.text_fold import nfc


class FieldInvalid(PracticeDeskError):
    title = "Please check this field"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, "Nothing has been saved yet.")
        self.field = field


def _has_control_characters(text: str, *, allow_newlines: bool) -> bool:
    allowed = {"\n", "\t"} if allow_newlines else set()
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def single_line(field: str, label: str, value: str, limit: int, *, required: bool = False) -> str:
    """Trim, collapse inner white space, normalise to NFC, and check the length."""
    if _has_control_characters(value.replace("\n", " ").replace("\t", " "), allow_newlines=False):
        raise FieldInvalid(field, f"{label} contains characters that can't be stored.")
    clean = nfc(" ".join(value.split()))
    if required and not clean:
        raise FieldInvalid(field, f"Please enter {label.lower()}.")
    if len(clean) > limit:
        raise FieldInvalid(
            field, f"{label} can be at most {limit} characters long (it has {len(clean)})."
        )
    return clean


def multi_line(field: str, label: str, value: str, limit: int) -> str:
    """Keep line breaks, drop trailing spaces and blank lines at either end."""
    value = value.replace("\r\n", "\n")  # Windows line ends are line breaks, not control codes
    if _has_control_characters(value, allow_newlines=True):
        raise FieldInvalid(field, f"{label} contains characters that can't be stored.")
    lines = [line.rstrip() for line in nfc(value).split("\n")]
    clean = "\n".join(lines).strip("\n")
    if len(clean) > limit:
        raise FieldInvalid(
            field, f"{label} can be at most {limit:,} characters long (it has {len(clean):,})."
        )
    return clean


def past_or_today(field: str, label: str, value: date | None, today: date) -> date | None:
    if value is not None and value > today:
        raise FieldInvalid(field, f"{label} can't be in the future.")
    return value


def parse_date(field: str, label: str, text: str) -> date | None:
    """Dates are typed year-month-day: unambiguous in every country."""
    clean = text.strip()
    if not clean:
        return None
    try:
        return date.fromisoformat(clean)
    except ValueError:
        raise FieldInvalid(
            field, f"{label}: please write the date as year-month-day, for example 1984-03-27."
        ) from None
