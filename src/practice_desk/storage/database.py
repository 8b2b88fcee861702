"""Open and create the SQLCipher database with its raw key and safe settings.

A zero-length file would be taken by SQLCipher as a brand-new database, and connecting to a
missing path would create one; both are refused unless we are creating on purpose.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from practice_desk.safe_files import ensure_private_dir, is_missing_or_empty, make_private
from practice_desk.storage.errors import DatabaseDamaged, DatabaseMissing, StorageError

Connection = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError

_HEX_KEY = re.compile(r"[0-9a-f]{64}")

# (pragma, value to set, value that must read back)
_SETTINGS = (
    ("temp_store", "MEMORY", 2),  # SQLCipher does not encrypt temporary files
    ("secure_delete", "ON", 1),
    ("foreign_keys", "ON", 1),
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", 2),
    # A backup reads through its own connection and then writes its audit entry: the other
    # connection waits for that moment instead of failing with "database is locked".
    ("busy_timeout", "10000", 10000),
)


def key_pragma_value(raw_key: bytes) -> str:
    """The raw-key literal for PRAGMA key / ATTACH ... KEY. PRAGMAs take no parameters, so the
    hex is validated before it is formatted into SQL."""
    hex_key = raw_key.hex()
    if not _HEX_KEY.fullmatch(hex_key):
        raise ValueError("a database key is 32 bytes")
    return f"x'{hex_key}'"


def open_database(path: Path, raw_key: bytes, *, create: bool = False) -> Connection:
    """Open (or, with create=True, create) the encrypted database and verify its settings."""
    path = Path(path)
    if create:
        if path.exists():
            raise StorageError("A practice database already exists here.", "Nothing was changed.")
        mode = "rwc"
    else:
        if is_missing_or_empty(path):
            raise DatabaseMissing()
        mode = "rw"
    try:
        conn = sqlcipher3.connect(
            f"{path.resolve().as_uri()}?mode={mode}",
            uri=True,
            isolation_level=None,
            check_same_thread=False,  # opened by the unlock worker, then used on the GUI thread
        )
    except sqlcipher3.OperationalError:
        raise DatabaseMissing() from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{key_pragma_value(raw_key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _apply_settings(conn)
    except sqlcipher3.DatabaseError:
        conn.close()
        raise DatabaseDamaged() from None
    except BaseException:
        conn.close()
        raise
    for suffix in ("", "-wal", "-shm"):
        make_private(Path(f"{path}{suffix}"))
    return conn


def _apply_settings(conn: Connection) -> None:
    for name, value, expected in _SETTINGS:
        conn.execute(f"PRAGMA {name} = {value}")
        (actual,) = conn.execute(f"PRAGMA {name}").fetchone()
        if actual != expected:
            raise StorageError(
                f"The database setting {name} could not be applied.",
                "Please contact support; nothing was changed.",
            )


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """One write transaction: all of it is committed, or none of it.

    Inside another transaction this becomes a savepoint, so a use case can be run on its own
    or as one step of a larger batch (an import, the sample practice) with the same code.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def export_encrypted(conn: Connection, target: Path, raw_key: bytes) -> dict[str, int]:
    """Copy the whole database, WAL included, into a new file keyed with `raw_key`.

    The copy and the row counts come from one read transaction, so they describe the same
    moment even while another connection keeps writing. Returns the rows per table.
    """
    target = Path(target)
    if target.exists():
        raise StorageError("A file with that name already exists.", "Nothing was changed.")
    ensure_private_dir(target.parent)
    # ATTACH is refused inside a transaction, so it comes first.
    conn.execute("ATTACH DATABASE ? AS export KEY ?", (str(target), key_pragma_value(raw_key)))
    try:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT sqlcipher_export('export')")
            (version,) = conn.execute("PRAGMA main.user_version").fetchone()
            conn.execute(f"PRAGMA export.user_version = {int(version)}")
            counts = table_counts(conn)
        finally:
            conn.execute("COMMIT")
    finally:
        conn.execute("DETACH DATABASE export")
    make_private(target)
    return counts


def table_counts(conn: Connection, schema: str = "main") -> dict[str, int]:
    """Rows in every table of `schema`, by name (SQLite's own tables left out)."""
    names = [
        name
        for (name,) in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


@dataclass(frozen=True)
class FileCheck:
    """What checking a database file found: both integrity checks and the rows per table."""

    data_version: int
    cipher_problems: list[str]
    integrity_problems: list[str]
    tables: dict[str, int]

    @property
    def clean(self) -> bool:
        return not self.cipher_problems and not self.integrity_problems


def check_database_file(path: Path, raw_key: bytes) -> FileCheck:
    """Open a database file read-only with `raw_key` and run both checks and the row counts.

    Raises DatabaseDamaged when the key does not open it at all (a wrong key and a damaged
    file look alike to SQLCipher; callers prove the key first).
    """
    if is_missing_or_empty(path):
        raise DatabaseMissing()
    try:
        conn = sqlcipher3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
        )
    except sqlcipher3.OperationalError:
        raise DatabaseMissing() from None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{key_pragma_value(raw_key)}"')
        conn.execute("PRAGMA temp_store = MEMORY")
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        cipher, plain = integrity_report(conn)
        try:
            tables = table_counts(conn)
        except DatabaseError:
            tables = {}
            plain = [*plain, "The tables could not be counted."]
        return FileCheck(int(version), cipher, plain, tables)
    except sqlcipher3.DatabaseError:
        raise DatabaseDamaged() from None
    finally:
        conn.close()


def integrity_report(conn: Connection) -> tuple[list[str], list[str]]:
    """Problems found by cipher_integrity_check and integrity_check (empty lists: all clean)."""
    try:
        cipher = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    except DatabaseError:
        cipher = ["The encrypted pages could not be checked."]
    try:
        plain = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except DatabaseError:  # a damaged page stops the check itself: that is a finding too
        plain = ["The database structure could not be read (database disk image is malformed)."]
    return cipher, [line for line in plain if line != "ok"]
