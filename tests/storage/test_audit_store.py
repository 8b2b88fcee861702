import pytest
import sqlcipher3

from practice_desk.domain.audit import GENESIS_HASH, chain_hash, verify_chain
from practice_desk.storage import audit_store
from practice_desk.storage.audit_store import AuditQuery


def append(db, at, action="client_viewed", client_id=None, detail=""):
    return audit_store.append(
        db,
        at=at,
        action=action,
        object_type="client" if client_id else "practice",
        object_id=client_id,
        client_id=client_id,
        detail=detail,
    )


def test_the_first_entry_chains_to_the_genesis_hash(db):
    entry = append(db, "2026-01-05T09:00:00.000000Z", "unlocked")
    assert entry.seq == 1
    assert entry.prev_hash == GENESIS_HASH
    assert entry.entry_hash == chain_hash(
        GENESIS_HASH, 1, entry.at, "unlocked", "practice", None, None, ""
    )


def test_each_entry_chains_to_the_one_before_and_reads_back_in_order(db):
    written = [append(db, f"2026-01-05T09:00:0{n}.000000Z", client_id=n) for n in range(1, 6)]
    assert [entry.prev_hash for entry in written[1:]] == [e.entry_hash for e in written[:-1]]
    assert list(audit_store.all_entries(db)) == written
    assert verify_chain(audit_store.all_entries(db)).intact


def test_entries_stay_unchanged_in_the_table(db):
    append(db, "2026-01-05T09:00:00.000000Z")
    with pytest.raises(sqlcipher3.IntegrityError, match="audit_append_only"):
        db.execute("UPDATE audit_log SET action = 'locked'")


@pytest.fixture
def trail(db):
    append(db, "2026-01-04T23:59:59.999999Z", "unlocked")
    append(db, "2026-01-05T09:00:00.000000Z", "client_created", client_id=1)
    append(db, "2026-01-05T10:00:00.000000Z", "client_viewed", client_id=2)
    append(db, "2026-01-06T00:00:00.000000Z", "client_viewed", client_id=1)
    append(db, "2026-01-06T12:00:00.000000Z", "locked")
    return db


def seqs(db, **query):
    return [entry.seq for entry in audit_store.find_entries(db, AuditQuery(**query))]


def test_find_returns_newest_first(trail):
    assert seqs(trail) == [5, 4, 3, 2, 1]


def test_find_by_client(trail):
    assert seqs(trail, client_id=1) == [4, 2]
    assert seqs(trail, client_id=3) == []


def test_find_by_time_includes_the_start_and_excludes_the_end(trail):
    since, until = "2026-01-05T00:00:00.000000Z", "2026-01-06T00:00:00.000000Z"
    assert seqs(trail, since=since, until=until) == [3, 2]
    assert seqs(trail, since=until) == [5, 4]


def test_find_by_action_and_limit(trail):
    assert seqs(trail, actions=("client_viewed", "locked")) == [5, 4, 3]
    assert seqs(trail, actions=("client_viewed",), client_id=2) == [3]
    assert seqs(trail, limit=2) == [5, 4]
