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
