"""Open and create the SQLCipher database with its raw key and safe settings.

A zero-length file would be taken by SQLCipher as a brand-new database, and connecting to a
missing path would create one; both are refused unless we are creating on purpose.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from practice_desk.safe_files import ensure_private_dir, is_missing_or_empty, make_private
from practice_desk.storage.errors import DatabaseDamaged, DatabaseMissing, StorageError

Connection = sqlcipher3.Connection
DatabaseError = sqlcipher3.DatabaseError

_HEX_KEY = re.compile(r"[0-9a-f]{64}")
CHECK_CACHE_KIB = 64 * 1024  # the page cache of a connection that checks a whole file

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


def export_encrypted(
    conn: Connection, target: Path, raw_key: bytes, *, durable: bool = True
) -> dict[str, int]:
    """Copy the whole database, WAL included, into a new file keyed with `raw_key`.

    The copy and the row counts come from one read transaction, so they describe the same
    moment even while another connection keeps writing. Returns the rows per table.

    `durable=False` is for a scratch copy that is read back and packed elsewhere (a backup,
    whose packed file is flushed to disk itself): the copy is not flushed on commit, so the
    commit doesn't wait for the disk, and a copy removed soon after may never be written to
    it at all. The checks read the same bytes either way.
    """
    target = Path(target)
    if target.exists():
        raise StorageError("A file with that name already exists.", "Nothing was changed.")
    ensure_private_dir(target.parent)
    # ATTACH is refused inside a transaction, so it comes first.
    conn.execute("ATTACH DATABASE ? AS export KEY ?", (str(target), key_pragma_value(raw_key)))
    try:
        if not durable:
            conn.execute("PRAGMA export.synchronous = OFF")
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

    The file is read twice side by side: integrity_check here, and cipher_integrity_check and
    the row counts on a connection of their own on a worker thread. SQLite runs without the
    GIL, so with two cores or more the whole check takes about as long as integrity_check.
    """
    if is_missing_or_empty(path):
        raise DatabaseMissing()
    conn = _open_to_check(path, raw_key)
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()  # the key opens it
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cipher-check") as pool:
            other = pool.submit(_cipher_check_and_counts, path, raw_key)
            plain = _integrity_problems(conn)
            cipher, tables = other.result()
        if tables is None:
            tables = {}
            plain = [*plain, "The tables could not be counted."]
        return FileCheck(int(version), cipher, plain, tables)
    except sqlcipher3.DatabaseError:
        raise DatabaseDamaged() from None
    finally:
        conn.close()


def _open_to_check(path: Path, raw_key: bytes, *, for_integrity: bool = True) -> Connection:
    """A read-only connection to the file at `path` with `raw_key`, set up for checking."""
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
        # integrity_check looks every row up in each index of its table: with SQLite's
        # default 2 MiB page cache many lookups read and decrypt an index page again, and
        # checking a career-size practice took about a third more CPU. The cache only grows
        # as pages are read, up to this size, and goes with the connection.
        if for_integrity:
            conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
    except sqlcipher3.DatabaseError:
        conn.close()
        raise DatabaseDamaged() from None
    except BaseException:
        conn.close()
        raise
    return conn


def _cipher_check_and_counts(path: Path, raw_key: bytes) -> tuple[list[str], dict[str, int] | None]:
    """cipher_integrity_check and the rows per table (None: not counted) of the file at
    `path`, on a connection of their own."""
    try:
        # Reading every page once in order, it has no use for a larger cache.
        conn = _open_to_check(path, raw_key, for_integrity=False)
    except (DatabaseMissing, DatabaseDamaged):
        return [_CIPHER_UNCHECKED], None
    try:
        cipher = _cipher_problems(conn)
        try:
            return cipher, table_counts(conn)
        except DatabaseError:
            return cipher, None
    finally:
        conn.close()


_CIPHER_UNCHECKED = "The encrypted pages could not be checked."


def _cipher_problems(conn: Connection) -> list[str]:
    try:
        return [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    except DatabaseError:
        return [_CIPHER_UNCHECKED]


def _integrity_problems(conn: Connection) -> list[str]:
    try:
        plain = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except DatabaseError:  # a damaged page stops the check itself: that is a finding too
        plain = ["The database structure could not be read (database disk image is malformed)."]
    return [line for line in plain if line != "ok"]


def integrity_report(conn: Connection) -> tuple[list[str], list[str]]:
    """Problems found by cipher_integrity_check and integrity_check (empty lists: all clean)."""
    return _cipher_problems(conn), _integrity_problems(conn)
