import os
import stat

import pytest

from practice_desk.safe_files import ensure_private_dir
from practice_desk.storage.database import (
    is_missing_or_empty,
    key_pragma_value,
    open_database,
)
from practice_desk.storage.errors import DatabaseDamaged, DatabaseMissing, StorageError
from tests.conftest import snapshot
from tests.storage.conftest import build_database


def test_missing_file_is_refused_and_nothing_is_created(tmp_path, raw_key):
    with pytest.raises(DatabaseMissing):
        open_database(tmp_path / "practice.db", raw_key)
    assert os.listdir(tmp_path) == []


def test_zero_length_file_is_refused_and_stays_zero_bytes(tmp_path, raw_key):
    # SQLCipher would happily treat an empty file as a new database and write to it.
    path = tmp_path / "practice.db"
    path.touch()
    with pytest.raises(DatabaseMissing) as caught:
        open_database(path, raw_key)
    assert path.stat().st_size == 0
    assert os.listdir(tmp_path) == ["practice.db"]
    assert "will not start a new, empty practice" in str(caught.value)


def test_is_missing_or_empty(tmp_path):
    assert is_missing_or_empty(tmp_path / "nope.db")
    (tmp_path / "empty.db").touch()
    assert is_missing_or_empty(tmp_path / "empty.db")
    (tmp_path / "full.db").write_bytes(b"x")
    assert not is_missing_or_empty(tmp_path / "full.db")


def test_create_refuses_to_overwrite_an_existing_file(tmp_path, raw_key):
    path = tmp_path / "practice.db"
    path.write_bytes(b"precious")
    with pytest.raises(StorageError, match="already exists"):
        open_database(path, raw_key, create=True)
    assert path.read_bytes() == b"precious"


def test_safe_settings_are_in_effect_after_opening(tmp_path, raw_key):
    path = build_database(tmp_path / "practice.db", raw_key)
    conn = open_database(path, raw_key)
    try:
        values = {
            name: conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in (
                "temp_store",
                "secure_delete",
                "foreign_keys",
                "journal_mode",
                "synchronous",
            )
        }
    finally:
        conn.close()
    assert values == {
        "temp_store": 2,
        "secure_delete": 1,
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 2,
    }


def test_the_file_is_encrypted_from_the_first_byte(tmp_path, raw_key):
    path = build_database(tmp_path / "practice.db", raw_key)
    data = path.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert b"CREATE TABLE" not in data


def test_database_files_are_private_even_with_a_permissive_umask(tmp_path, raw_key):
    old = os.umask(0o022)
    try:
        home = ensure_private_dir(tmp_path / "home")
        conn = open_database(home / "practice.db", raw_key, create=True)
        try:
            conn.execute("CREATE TABLE t (x)")
            conn.execute("INSERT INTO t VALUES (1)")
            companions = [home / "practice.db", home / "practice.db-wal", home / "practice.db-shm"]
            assert all(path.exists() for path in companions)
            modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in companions}
        finally:
            conn.close()
    finally:
        os.umask(old)
    assert modes == {name: 0o600 for name in modes}
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_ensure_private_dir_tightens_an_existing_open_folder(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    ensure_private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_wrong_key_is_reported_as_damage_and_writes_nothing(tmp_path, raw_key):
    path = build_database(tmp_path / "practice.db", raw_key)
    before = snapshot(tmp_path)
    with pytest.raises(DatabaseDamaged):
        open_database(path, os.urandom(32))
    assert snapshot(tmp_path) == before


def test_data_survives_close_and_reopen(tmp_path, raw_key):
    path = build_database(tmp_path / "practice.db", raw_key, rows=3)
    conn = open_database(path, raw_key)
    try:
        assert conn.execute("SELECT count(*) FROM settings").fetchone() == (3,)
    finally:
        conn.close()


def test_key_pragma_value_is_a_raw_hex_literal():
    key = bytes(range(32))
    assert key_pragma_value(key) == f"x'{key.hex()}'"


@pytest.mark.parametrize("length", [0, 1, 16, 31, 33, 64])
def test_key_pragma_value_refuses_keys_that_are_not_32_bytes(length):
    with pytest.raises(ValueError, match="32 bytes"):
        key_pragma_value(b"\x01" * length)


def test_a_key_that_is_not_32_bytes_never_reaches_the_file(tmp_path, raw_key):
    path = build_database(tmp_path / "practice.db", raw_key)
    before = snapshot(tmp_path)
    with pytest.raises(ValueError):
        open_database(path, raw_key[:16])
    assert snapshot(tmp_path) == before
