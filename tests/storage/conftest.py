"""Real SQLCipher files in tmp_path, keyed with a random raw key."""

import os

import pytest

from practice_desk.storage import profile_store
from practice_desk.storage.database import open_database, transaction
from practice_desk.storage.migrations import migrate


@pytest.fixture
def raw_key():
    return os.urandom(32)


def build_database(path, raw_key, *, rows=0):
    """A closed database at the latest version, optionally padded with settings rows."""
    conn = open_database(path, raw_key, create=True)
    try:
        migrate(conn, raw_key=raw_key, backup_to=None)
        if rows:
            with transaction(conn):
                for number in range(rows):
                    profile_store.write_setting(conn, f"row-{number:05d}", "v" * 500)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


@pytest.fixture
def db(tmp_path, raw_key):
    """An open database at the latest version, with no clients yet."""
    path = build_database(tmp_path / "practice.db", raw_key)
    connection = open_database(path, raw_key)
    yield connection
    connection.close()


NOW = "2026-01-05T09:00:00.000000Z"


def insert_client(conn, name="Anna Berg", **columns):
    """A client row written as raw SQL, as an import or a restore might."""
    values = {"display_name": name, "created_at": NOW, "updated_at": NOW, **columns}
    cursor = conn.execute(
        f"INSERT INTO clients ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
        tuple(values.values()),
    )
    return cursor.lastrowid


def insert_contract(conn, client_id, kind, status="active", **columns):
    """A contract row written as raw SQL, going past every check in Python."""
    values = {
        "client_id": client_id,
        "kind": kind,
        "status": status,
        "currency": "EUR",
        "created_at": NOW,
        "updated_at": NOW,
        **columns,
    }
    cursor = conn.execute(
        f"INSERT INTO contracts ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
        tuple(values.values()),
    )
    return cursor.lastrowid


def count(conn, table):
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
