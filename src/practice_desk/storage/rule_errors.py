"""Turn a refusal raised by a database trigger into the domain's explanation of the rule."""

from __future__ import annotations

import sqlcipher3

from practice_desk.domain.errors import PracticeDeskError

PREFIX = "practice_desk:"


class RefusedByDatabase(PracticeDeskError):
    """A trigger or constraint refused a write. `rule` names which one (no data, no values)."""

    title = "Not saved"

    def __init__(self, rule: str) -> None:
        super().__init__("The practice's records refused this change.", "Nothing was changed.")
        self.rule = rule


def rule_of(error: sqlcipher3.IntegrityError) -> str:
    """'role_separation', 'single_accountability', 'audit_append_only', a constraint name, or
    'constraint' when SQLite names none."""
    text = str(error)
    if text.startswith(PREFIX):
        return text[len(PREFIX) :]
    if "CHECK constraint failed: " in text:
        name = text.split("CHECK constraint failed: ", 1)[1].strip()
        # Unnamed checks are reported by their expression, which could quote a column but
        # never a value; keep only a plain identifier.
        return name if name.isidentifier() else "constraint"
    return "constraint"
