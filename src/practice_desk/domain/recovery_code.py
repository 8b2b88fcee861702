"""The recovery code: generated once, printed on the recovery kit, typed back in an emergency.

Crockford's base32 alphabet leaves out I, L, O and U, so a handwritten or printed code can't be
misread; typing is forgiving (lower case, spaces, dashes, O for 0, I or L for 1).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 6
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE  # 24 symbols x 5 bits = 120 bits of randomness

_TYPO_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class InvalidRecoveryCode(ValueError):
    pass


def generate_recovery_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_recovery_code(typed: str) -> str:
    """Return the canonical form of a typed code, or raise InvalidRecoveryCode."""
    cleaned = "".join(ch for ch in typed.upper() if not ch.isspace() and ch != "-")
    cleaned = cleaned.translate(_TYPO_FIXES)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        raise InvalidRecoveryCode(
            f"A recovery code has {LENGTH} letters and digits in {GROUPS} groups of "
            f"{GROUP_SIZE}, like the one printed on your recovery kit."
        )
    return cleaned


def format_recovery_code(code: str) -> str:
    """Group the code for reading aloud or printing: ABCD-EFGH-..."""
    canonical = normalize_recovery_code(code)
    return "-".join(canonical[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))
