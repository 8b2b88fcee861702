import pytest

from practice_desk.storage import profile_store
from practice_desk.storage.database import transaction


def settings(db):
    return dict(db.execute("SELECT key, value FROM settings").fetchall())


def test_a_transaction_commits_everything(db):
    with transaction(db) as conn:
        profile_store.write_setting(conn, "a", "1")
        profile_store.write_setting(conn, "b", "2")
    assert not db.in_transaction
    assert settings(db) == {"a": "1", "b": "2"}


def test_a_failing_transaction_leaves_nothing_behind(db):
    with pytest.raises(ValueError), transaction(db) as conn:
        profile_store.write_setting(conn, "a", "1")
        raise ValueError("stop")
    assert not db.in_transaction
    assert settings(db) == {}


def test_a_nested_transaction_commits_with_the_outer_one(db):
    with transaction(db) as conn:
        profile_store.write_setting(conn, "outer", "1")
        with transaction(conn):
            profile_store.write_setting(conn, "inner", "2")
        assert conn.in_transaction
    assert settings(db) == {"outer": "1", "inner": "2"}


def test_a_failing_inner_step_is_undone_while_the_outer_one_goes_on(db):
    with transaction(db) as conn:
        profile_store.write_setting(conn, "outer", "1")
        with pytest.raises(ValueError), transaction(conn):
            profile_store.write_setting(conn, "inner", "2")
            raise ValueError("one step of a batch fails")
        assert conn.in_transaction
        profile_store.write_setting(conn, "after", "3")
    assert settings(db) == {"outer": "1", "after": "3"}


def test_a_failing_outer_transaction_undoes_the_inner_steps_too(db):
    with pytest.raises(ValueError), transaction(db) as conn:
        with transaction(conn):
            profile_store.write_setting(conn, "inner", "2")
        raise ValueError("the batch fails")
    assert settings(db) == {}


def test_savepoints_nest_more_than_one_level_deep(db):
    with transaction(db) as conn:
        profile_store.write_setting(conn, "level1", "kept")
        with transaction(conn):
            profile_store.write_setting(conn, "level2", "kept")
            with pytest.raises(ValueError), transaction(conn):
                profile_store.write_setting(conn, "level3", "undone")
                raise ValueError
            profile_store.write_setting(conn, "level2b", "kept")
    assert settings(db) == {"level1": "kept", "level2": "kept", "level2b": "kept"}
