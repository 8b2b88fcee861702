"""What makes a passphrase acceptable, and how to say how strong it is.

The strength score itself comes from zxcvbn (passed in as a number 0-4) so that this module
stays pure; the minimum length is a hard rule of our own.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 12
MAX_LENGTH = 1024
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable", 4 = "very unguessable"

STRENGTH_WORDS = {
    0: "Very weak",
    1: "Weak",
    2: "Fair",
    3: "Strong",
    4: "Very strong",
}


class PassphraseRejected(ValueError):
    pass


@dataclass(frozen=True)
class PassphraseVerdict:
    acceptable: bool
    label: str
    hint: str
    score: int = 0  # 0-4, for a meter


def judge_passphrase(passphrase: str, score: int, suggestion: str = "") -> PassphraseVerdict:
    """Combine our length rule with a zxcvbn score into one verdict for the form."""
    if len(passphrase) < MIN_LENGTH:
        missing = MIN_LENGTH - len(passphrase)
        return PassphraseVerdict(
            False,
            "Too short",
            f"Use at least {MIN_LENGTH} characters ({missing} more). "
            "A few unrelated words make a passphrase that is long yet easy to type.",
        )
    if len(passphrase) > MAX_LENGTH:
        return PassphraseVerdict(False, "Too long", f"Use at most {MAX_LENGTH} characters.")
    label = STRENGTH_WORDS.get(score, "Weak")
    if score < MIN_SCORE:
        hint = suggestion or "Add another unrelated word, or avoid names and common phrases."
        return PassphraseVerdict(False, label, hint, score)
    return PassphraseVerdict(True, label, "Good. Keep it somewhere only you can reach.", score)
