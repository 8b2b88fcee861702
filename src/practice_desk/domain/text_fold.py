"""Folding text for comparison: case-, accent- and spacing-insensitive, for every script.

Search and the duplicate-person guard both compare folded text, so "lukasz ozturk" finds
"Łukasz Öztürk" and "ελενη" finds "Ελένη". Stored text itself is only normalised to NFC.
"""

from __future__ import annotations

import unicodedata

# Letters that carry their "accent" as part of the glyph, so NFKD does not split it off.
_NO_DECOMPOSITION = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ø": "o",
        "ŀ": "l",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def nfc(text: str) -> str:
    """One spelling for one name: 'Ö' typed as O + combining diaeresis is stored as 'Ö'."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """A comparison key: case-folded, accents removed, runs of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_NO_DECOMPOSITION).split())


def phone_digits(text: str) -> str:
    """Only the digits of a phone number: '+44 (0)20 7946-0958' and '0044 20 79460958' differ
    in their prefixes, so callers compare the last digits (see duplicates.same_phone)."""
    return "".join(ch for ch in text if ch.isdigit())


def email_key(text: str) -> str:
    return text.strip().casefold()
