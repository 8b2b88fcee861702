"""Final deletion against the schema itself: every table that holds a client's rows is purged,
every column of the client row is either kept in the stub or emptied, and the exemption from
the keeping triggers exists only while a purge of that very client is under way."""

import pytest
import sqlcipher3

from practice_desk.storage import retention_store
from practice_desk.storage.database import transaction
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.storage.conftest import NOW, count, insert_client, insert_contract

# The client row stays as the stub; the audit trail is append-only and holds ids and codes;
# the exemption table is empty outside a purge.
NOT_PURGED = {"clients", "audit_log", "retention_purges"}


def tables(conn):
    return [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def referencing(conn, table):
    return [row[2] for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')]


def test_every_table_that_leads_to_a_client_is_purged(db):
    # Tables whose rows lead to a client through their foreign keys, however many steps.
    reach = {"clients"}
    changed = True
    while changed:
        changed = False
        for table in tables(db):
            if table not in reach and set(referencing(db, table)) & reach:
                reach.add(table)
                changed = True
    # And tables that name a client without a foreign key.
    for table in tables(db):
        columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
        if columns & {"client_id", "other_client_id"}:
            reach.add(table)

    assert reach - NOT_PURGED == set(retention_store.PURGED_TABLES) - {"appointment_series"}
    # A series is a parent of appointments: the ones left empty by the purge go too.
    assert referencing(db, "appointments").count("appointment_series") == 1


def test_every_column_of_a_client_is_kept_in_the_stub_or_emptied(db):
    columns = {row[1] for row in db.execute("PRAGMA table_info(clients)")}

    assert retention_store.STUB_KEEPS.isdisjoint(retention_store.STUB_CLEARS)
    assert columns == retention_store.STUB_KEEPS | set(retention_store.STUB_CLEARS)


def test_a_purge_needs_a_deleted_record_and_a_transaction(db):
    client = insert_client(db, notes="private")
    with pytest.raises(RuntimeError):
        retention_store.purge(db, client, first_on=None, last_on=None, at=NOW)
    with pytest.raises(RefusedByDatabase) as caught, transaction(db):
        retention_store.purge(db, client, first_on=None, last_on=None, at=NOW)
    assert caught.value.rule == "record_not_deleted"
    assert db.execute("SELECT notes FROM clients").fetchone() == ("private",)


def test_a_purge_empties_the_record_and_keeps_the_stub(db):
    client = insert_client(db, notes="private", date_of_birth="1979-05-17", email="a@b.org")
    insert_contract(db, client, "therapy", "ended", payer_name="Payer")
    other = insert_client(db, "Bea Lund")
    db.execute(
        "INSERT INTO person_confirmations (client_id, other_client_id, matched_on, reason, "
        "confirmed_at) VALUES (?, ?, 'email', 'reason', ?)",
        (other, client, NOW),
    )
    retention_store.mark_deleted(db, [client], NOW)

    with transaction(db):
        retention_store.purge(db, client, first_on="2016-01-04", last_on="2016-01-18", at=NOW)

    row = db.execute(
        "SELECT display_name, date_of_birth, work_kind, notes, email, status, destroyed_at, "
        "first_activity_on, last_activity_on FROM clients WHERE id = ?",
        (client,),
    ).fetchone()
    assert row == (
        "Anna Berg",
        "1979-05-17",
        "therapy",
        "",
        "",
        "closed",
        NOW,
        "2016-01-04",
        "2016-01-18",
    )
    assert count(db, "contracts") == 0
    assert count(db, "person_confirmations") == 0
    assert count(db, "retention_purges") == 0
    assert retention_store.stubs(db)[0][0] == client
    with pytest.raises(sqlcipher3.IntegrityError, match="record_destroyed"):
        db.execute("UPDATE clients SET notes = 'again' WHERE id = ?", (client,))
    assert not retention_store.unmark_deleted(db, client)


def test_the_exemption_is_only_for_the_client_being_purged(db):
    client = insert_client(db)
    bystander = insert_client(db, "Bea Lund")
    contract = insert_contract(db, bystander, "therapy")
    db.execute(
        "INSERT INTO invoices (number, client_id, contract_id, bill_to, bill_to_name, issued_on, "
        "currency, created_at) VALUES ('2016-0001', ?, ?, 'client', 'Bea', '2016-01-11', 'EUR', ?)",
        (bystander, contract, NOW),
    )
    retention_store.mark_deleted(db, [client], NOW)
    with transaction(db):
        db.execute("INSERT INTO retention_purges (client_id) VALUES (?)", (client,))
        with pytest.raises(sqlcipher3.IntegrityError, match="invoice_issued"):
            db.execute("DELETE FROM invoices WHERE client_id = ?", (bystander,))
        db.execute("DELETE FROM retention_purges")
    assert count(db, "invoices") == 1
