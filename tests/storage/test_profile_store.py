import pytest

from practice_desk.domain.profile import NAME_MAX, PracticeProfile
from practice_desk.storage import profile_store
from practice_desk.storage.database import DatabaseError, open_database, transaction
from tests.storage.conftest import build_database


@pytest.fixture
def conn(tmp_path, raw_key):
    path = build_database(tmp_path / "practice.db", raw_key)
    connection = open_database(path, raw_key)
    yield connection
    connection.close()


def test_a_new_database_has_no_profile(conn):
    assert profile_store.read_profile(conn) is None


def test_profile_round_trip_keeps_unicode(conn):
    profile = PracticeProfile("Łukasz Öztürk Praxis", "Ελένη 王芳", "Psychotherapeut:in")
    profile_store.write_profile(conn, profile)
    assert profile_store.read_profile(conn) == profile


def test_writing_the_profile_again_replaces_it(conn):
    profile_store.write_profile(conn, PracticeProfile("First", "Dr A"))
    profile_store.write_profile(conn, PracticeProfile("Second", "Dr B", "MSc"))
    assert profile_store.read_profile(conn) == PracticeProfile("Second", "Dr B", "MSc")
    assert conn.execute("SELECT count(*) FROM practice_profile").fetchone() == (1,)


def test_the_database_enforces_the_same_name_limit_as_the_form(conn):
    longest = "王" * NAME_MAX  # characters, not bytes
    profile_store.write_profile(conn, PracticeProfile(longest, "Dr A"))
    with pytest.raises(DatabaseError):
        profile_store.write_profile(conn, PracticeProfile(longest + "王", "Dr A"))
    assert profile_store.read_profile(conn).practice_name == longest


def test_a_failed_transaction_leaves_nothing_behind(conn):
    with pytest.raises(RuntimeError), transaction(conn):
        profile_store.write_setting(conn, "auto_lock_minutes", "7")
        raise RuntimeError("power cut")
    assert profile_store.read_setting(conn, "auto_lock_minutes") is None


def test_settings_and_meta_upsert(conn):
    assert profile_store.read_setting(conn, "colour") is None
    profile_store.write_setting(conn, "colour", "blue")
    profile_store.write_setting(conn, "colour", "green")
    assert profile_store.read_setting(conn, "colour") == "green"
    profile_store.write_meta(conn, "vault_id", "a")
    profile_store.write_meta(conn, "vault_id", "b")
    assert profile_store.read_meta(conn, "vault_id") == "b"
    assert profile_store.read_meta(conn, "missing") is None
