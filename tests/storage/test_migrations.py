import os
import stat
import uuid

import pytest

from practice_desk.storage import profile_store
from practice_desk.storage.database import open_database, transaction
from practice_desk.storage.errors import DatabaseTooNew, MigrationFailed
from practice_desk.storage.migrations import LATEST_VERSION, current_version, load_steps, migrate
from tests.conftest import snapshot


def tables(conn):
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


@pytest.fixture
def old_database(tmp_path, raw_key):
    """A practice as data version 1 left it: the names live in meta."""
    path = tmp_path / "home" / "practice.db"
    path.parent.mkdir()
    conn = open_database(path, raw_key, create=True)
    assert migrate(conn, raw_key=raw_key, backup_to=None, target=1) == 1
    with transaction(conn):
        profile_store.write_meta(conn, "vault_id", uuid.uuid4().hex)
        profile_store.write_meta(conn, "practice_name", "Old Name Practice")
        profile_store.write_meta(conn, "practitioner_name", "Dr Old")
    conn.close()
    return path


def test_the_ladder_has_no_gaps():
    steps = load_steps()
    assert [step.version for step in steps] == list(range(1, LATEST_VERSION + 1))
    assert LATEST_VERSION >= 2


def test_a_new_database_migrates_to_the_latest_version_without_a_backup(tmp_path, raw_key):
    conn = open_database(tmp_path / "practice.db", raw_key, create=True)
    try:
        assert migrate(conn, raw_key=raw_key, backup_to=tmp_path / "backup.db") == LATEST_VERSION
        assert current_version(conn) == LATEST_VERSION
        assert {"meta", "practice_profile", "settings"} <= tables(conn)
    finally:
        conn.close()
    assert not (tmp_path / "backup.db").exists()  # nothing to protect in a brand-new file


def test_upgrade_moves_the_names_into_the_profile_and_backs_up_first(old_database, raw_key):
    backup = old_database.parent / "backups" / "before-upgrade.db"
    conn = open_database(old_database, raw_key)
    try:
        assert migrate(conn, raw_key=raw_key, backup_to=backup) == LATEST_VERSION
        profile = profile_store.read_profile(conn)
        assert (profile.practice_name, profile.practitioner_name) == ("Old Name Practice", "Dr Old")
        assert profile_store.read_meta(conn, "practice_name") is None
        assert profile_store.read_meta(conn, "practitioner_name") is None
        assert profile_store.read_meta(conn, "vault_id") is not None
        assert current_version(conn) == LATEST_VERSION
    finally:
        conn.close()

    assert backup.exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    copy = open_database(backup, raw_key)
    try:
        assert current_version(copy) == 1
        assert profile_store.read_meta(copy, "practice_name") == "Old Name Practice"
        assert "practice_profile" not in tables(copy)
    finally:
        copy.close()


def test_the_backup_is_encrypted_and_refuses_another_key(old_database, raw_key):
    from practice_desk.storage.errors import DatabaseDamaged

    backup = old_database.parent / "backup.db"
    conn = open_database(old_database, raw_key)
    try:
        migrate(conn, raw_key=raw_key, backup_to=backup)
    finally:
        conn.close()
    assert b"Old Name Practice" not in backup.read_bytes()
    with pytest.raises(DatabaseDamaged):
        open_database(backup, os.urandom(32))


def test_upgrade_without_a_practitioner_name_uses_a_placeholder(tmp_path, raw_key):
    conn = open_database(tmp_path / "practice.db", raw_key, create=True)
    try:
        migrate(conn, raw_key=raw_key, backup_to=None, target=1)
        profile_store.write_meta(conn, "practice_name", "Only A Practice Name")
        migrate(conn, raw_key=raw_key, backup_to=None)
        profile = profile_store.read_profile(conn)
    finally:
        conn.close()
    assert (profile.practice_name, profile.practitioner_name) == (
        "Only A Practice Name",
        "Practitioner",
    )


def test_an_up_to_date_database_is_left_alone(tmp_path, raw_key):
    path = tmp_path / "practice.db"
    conn = open_database(path, raw_key, create=True)
    migrate(conn, raw_key=raw_key, backup_to=None)
    conn.close()
    conn = open_database(path, raw_key)
    try:
        assert migrate(conn, raw_key=raw_key, backup_to=tmp_path / "backup.db") == LATEST_VERSION
    finally:
        conn.close()
    assert not (tmp_path / "backup.db").exists()


def test_a_database_from_a_newer_version_is_refused_and_unchanged(tmp_path, raw_key):
    path = tmp_path / "practice.db"
    conn = open_database(path, raw_key, create=True)
    migrate(conn, raw_key=raw_key, backup_to=None)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    before = snapshot(tmp_path)

    conn = open_database(path, raw_key)
    try:
        before_tables = tables(conn)
        with pytest.raises(DatabaseTooNew) as caught:
            migrate(conn, raw_key=raw_key, backup_to=tmp_path / "backup.db")
        assert current_version(conn) == LATEST_VERSION + 1
        assert tables(conn) == before_tables
    finally:
        conn.close()
    assert snapshot(tmp_path) == before  # byte for byte, and no backup was made
    assert f"data version {LATEST_VERSION + 1}" in str(caught.value)


def test_a_failing_step_is_undone_completely(old_database, raw_key):
    conn = open_database(old_database, raw_key)
    try:
        conn.execute("CREATE TABLE settings (x)")  # step 2 will trip over this
        with pytest.raises(MigrationFailed) as caught:
            migrate(conn, raw_key=raw_key, backup_to=old_database.parent / "backup.db")
        assert not conn.in_transaction
        assert current_version(conn) == 1
        assert "practice_profile" not in tables(conn)
        # The step's DELETE from meta ran before the failure and was rolled back too.
        assert profile_store.read_meta(conn, "practice_name") == "Old Name Practice"
        assert profile_store.read_meta(conn, "practitioner_name") == "Dr Old"
    finally:
        conn.close()
    assert f"data version {LATEST_VERSION}" in str(caught.value)
    assert "as it was before" in str(caught.value)

    # And the practice stays usable: reopen, fix nothing, the state is the same.
    conn = open_database(old_database, raw_key)
    try:
        assert current_version(conn) == 1
        assert "practice_profile" not in tables(conn)
    finally:
        conn.close()


def test_a_failed_upgrade_can_be_retried_once_the_obstacle_is_gone(old_database, raw_key):
    conn = open_database(old_database, raw_key)
    try:
        conn.execute("CREATE TABLE settings (x)")
        with pytest.raises(MigrationFailed):
            migrate(conn, raw_key=raw_key, backup_to=None)
        conn.execute("DROP TABLE settings")
        assert migrate(conn, raw_key=raw_key, backup_to=None) == LATEST_VERSION
        assert profile_store.read_profile(conn).practice_name == "Old Name Practice"
    finally:
        conn.close()
