"""The migration ladder: one SQL file per data version, applied in order on `user_version`.

All pending steps run in one transaction, after an encrypted copy of the database has been
made, so an upgrade either happens completely or leaves the practice as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from practice_desk.storage.database import Connection, DatabaseError, export_encrypted
from practice_desk.storage.errors import DatabaseTooNew, MigrationFailed

_STEP_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sql: str


def load_steps() -> list[Step]:
    folder = resources.files("practice_desk.storage") / "migrations"
    steps = []
    for entry in folder.iterdir():
        match = _STEP_NAME.fullmatch(entry.name)
        if match:
            steps.append(Step(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    steps.sort(key=lambda step: step.version)
    if [step.version for step in steps] != list(range(1, len(steps) + 1)):
        raise RuntimeError("migration files must be numbered 0001, 0002, ... without gaps")
    return steps


LATEST_VERSION = len(load_steps())


def current_version(conn: Connection) -> int:
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    return int(version)


def migrate(
    conn: Connection,
    *,
    raw_key: bytes,
    backup_to: Path | None,
    target: int | None = None,
) -> int:
    """Bring the database to `target` (default: the latest version). Returns the new version.

    `backup_to` receives an encrypted copy before an existing database is changed; a brand-new
    database (version 0) needs none.
    """
    steps = load_steps()
    target = len(steps) if target is None else target
    found = current_version(conn)
    if found > len(steps):
        raise DatabaseTooNew(found, len(steps))
    pending = [step for step in steps if found < step.version <= target]
    if not pending:
        return found
    if found > 0 and backup_to is not None:
        export_encrypted(conn, backup_to, raw_key)
    script = "\n".join(step.sql for step in pending)
    try:
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {pending[-1].version};\nCOMMIT;"
        )
    except DatabaseError:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise MigrationFailed(pending[-1].version) from None
    return pending[-1].version
