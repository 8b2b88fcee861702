"""The database itself refuses what the rules forbid, whatever writes to it (an import, a
restore, a script with the key): raw SQL here, no Python checks in the way."""

import pytest
import sqlcipher3

from tests.storage.conftest import count, insert_client, insert_contract

KINDS = [("therapy", "coaching"), ("coaching", "therapy")]
STATUSES = ["draft", "active", "paused", "ended"]
ROLE_SEPARATION = "practice_desk:role_separation"
SINGLE_ACCOUNTABILITY = "practice_desk:single_accountability"


def refused(conn, sql, params=(), message=ROLE_SEPARATION):
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        conn.execute(sql, params)
    assert str(caught.value) == message
    return caught.value


def work_kind(conn, client_id):
    return conn.execute("SELECT work_kind FROM clients WHERE id = ?", (client_id,)).fetchone()[0]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize(("first", "second"), KINDS)
def test_a_contract_of_the_other_kind_is_refused_by_the_database(db, first, second, status):
    client = insert_client(db)
    insert_contract(db, client, first, status)
    with pytest.raises(sqlcipher3.IntegrityError, match=ROLE_SEPARATION):
        insert_contract(db, client, second, "draft")
    assert count(db, "contracts") == 1
    assert work_kind(db, client) == first


@pytest.mark.parametrize("kind", ["therapy", "coaching"])
def test_more_contracts_of_the_same_kind_are_allowed(db, kind):
    client = insert_client(db)
    insert_contract(db, client, kind, "ended")
    insert_contract(db, client, kind, "active")
    assert count(db, "contracts") == 2


def test_the_first_contract_marks_the_client_with_its_kind(db):
    client, other = insert_client(db), insert_client(db, "Eva Lund")
    assert work_kind(db, client) is None
    insert_contract(db, client, "coaching", "draft")
    assert work_kind(db, client) == "coaching"
    assert work_kind(db, other) is None


@pytest.mark.parametrize(("first", "second"), KINDS)
def test_deleting_the_first_contract_does_not_make_the_client_new(db, first, second):
    client = insert_client(db)
    contract = insert_contract(db, client, first, "ended")
    db.execute("DELETE FROM contracts WHERE id = ?", (contract,))
    assert count(db, "contracts") == 0
    with pytest.raises(sqlcipher3.IntegrityError, match=ROLE_SEPARATION):
        insert_contract(db, client, second)
    insert_contract(db, client, first)  # the same kind of work may start again


@pytest.mark.parametrize(("first", "second"), KINDS)
def test_the_kind_of_work_on_a_client_is_permanent(db, first, second):
    client = insert_client(db)
    insert_contract(db, client, first)
    refused(db, "UPDATE clients SET work_kind = ? WHERE id = ?", (second, client))
    refused(db, "UPDATE clients SET work_kind = NULL WHERE id = ?", (client,))
    assert work_kind(db, client) == first


REPLACE_CLIENT = (
    "INSERT OR REPLACE INTO clients (id, display_name, work_kind, created_at, updated_at) "
    "VALUES (?, 'Anna Berg', ?, 'now', 'now')"
)


@pytest.mark.parametrize("contract_deleted", [False, True])
@pytest.mark.parametrize(("first", "second"), KINDS)
def test_replacing_the_client_row_keeps_the_kind_of_work(db, first, second, contract_deleted):
    # An import that "upserts" clients must not wipe the mark, with or without contracts left.
    client = insert_client(db)
    contract = insert_contract(db, client, first)
    if contract_deleted:
        db.execute("DELETE FROM contracts WHERE id = ?", (contract,))
    refused(db, REPLACE_CLIENT, (client, None))
    refused(db, REPLACE_CLIENT, (client, second))
    refused(
        db,
        "INSERT INTO clients (id, display_name, created_at, updated_at) VALUES (?, 'A', 'n', 'n') "
        "ON CONFLICT (id) DO UPDATE SET work_kind = NULL",
        (client,),
    )
    assert work_kind(db, client) == first
    with pytest.raises(sqlcipher3.IntegrityError, match=ROLE_SEPARATION):
        insert_contract(db, client, second)


def test_replacing_the_client_row_with_its_own_kind_is_allowed(db):
    client = insert_client(db)
    insert_contract(db, client, "therapy")
    db.execute(REPLACE_CLIENT, (client, "therapy"))
    assert work_kind(db, client) == "therapy"


def test_a_kind_set_by_hand_on_a_new_client_still_holds(db):
    client = insert_client(db, work_kind="coaching")
    with pytest.raises(sqlcipher3.IntegrityError, match=ROLE_SEPARATION):
        insert_contract(db, client, "therapy")
    insert_contract(db, client, "coaching")


def test_other_client_details_stay_editable_after_the_first_contract(db):
    client = insert_client(db)
    insert_contract(db, client, "therapy")
    db.execute(
        "UPDATE clients SET display_name = 'Anna B.', work_kind = 'therapy' WHERE id = ?", (client,)
    )
    assert work_kind(db, client) == "therapy"


@pytest.mark.parametrize(("first", "second"), KINDS)
def test_a_contract_cannot_change_its_kind(db, first, second):
    client = insert_client(db)
    contract = insert_contract(db, client, first)
    refused(db, "UPDATE contracts SET kind = ? WHERE id = ?", (second, contract))
    assert db.execute("SELECT kind FROM contracts").fetchone()[0] == first


def test_a_contract_cannot_move_to_another_client(db):
    therapy_client, coaching_client = insert_client(db), insert_client(db, "Eva Lund")
    contract = insert_contract(db, therapy_client, "therapy")
    insert_contract(db, coaching_client, "coaching")
    refused(db, "UPDATE contracts SET client_id = ? WHERE id = ?", (coaching_client, contract))


def test_replacing_a_contract_row_cannot_swap_its_kind(db):
    client = insert_client(db)
    contract = insert_contract(db, client, "therapy")
    refused(
        db,
        "INSERT OR REPLACE INTO contracts (id, client_id, kind, status, currency, created_at, "
        "updated_at) VALUES (?, ?, 'coaching', 'active', 'EUR', 'now', 'now')",
        (contract, client),
    )
    assert db.execute("SELECT kind FROM contracts").fetchall() == [("therapy",)]


def test_status_and_dates_of_a_contract_stay_editable(db):
    contract = insert_contract(db, insert_client(db), "therapy", starts_on="2026-01-05")
    db.execute(
        "UPDATE contracts SET status = 'ended', ends_on = '2026-02-01' WHERE id = ?", (contract,)
    )
    assert db.execute("SELECT status FROM contracts").fetchone()[0] == "ended"


@pytest.mark.parametrize("status", STATUSES)
def test_sponsor_terms_on_a_therapy_contract_are_refused_by_the_database(db, status):
    contract = insert_contract(db, insert_client(db), "therapy", status)
    refused(
        db,
        "INSERT INTO coaching_terms (contract_id, sponsor_organisation) VALUES (?, 'Acme Ltd')",
        (contract,),
        SINGLE_ACCOUNTABILITY,
    )
    refused(
        db,
        "INSERT INTO report_recipients (contract_id, name) VALUES (?, 'Head of HR')",
        (contract,),
        SINGLE_ACCOUNTABILITY,
    )
    assert count(db, "coaching_terms") == count(db, "report_recipients") == 0


def test_sponsor_terms_cannot_be_moved_onto_a_therapy_contract(db):
    therapy = insert_contract(db, insert_client(db), "therapy")
    coaching = insert_contract(db, insert_client(db, "Eva Lund"), "coaching")
    db.execute(
        "INSERT INTO coaching_terms (contract_id, sponsor_organisation) VALUES (?, 'Acme')",
        (coaching,),
    )
    db.execute("INSERT INTO report_recipients (contract_id, name) VALUES (?, 'HR')", (coaching,))
    refused(db, "UPDATE coaching_terms SET contract_id = ?", (therapy,), SINGLE_ACCOUNTABILITY)
    refused(db, "UPDATE report_recipients SET contract_id = ?", (therapy,), SINGLE_ACCOUNTABILITY)
    assert db.execute("SELECT contract_id FROM coaching_terms").fetchall() == [(coaching,)]


def test_sponsor_terms_for_a_missing_contract_are_refused(db):
    refused(db, "INSERT INTO coaching_terms (contract_id) VALUES (999)", (), SINGLE_ACCOUNTABILITY)


def test_a_coaching_contract_takes_sponsor_terms_and_recipients(db):
    coaching = insert_contract(db, insert_client(db), "coaching")
    db.execute(
        "INSERT INTO coaching_terms (contract_id, sponsor_organisation) VALUES (?, 'Acme')",
        (coaching,),
    )
    db.execute("INSERT INTO report_recipients (contract_id, name) VALUES (?, 'HR')", (coaching,))
    assert count(db, "coaching_terms") == count(db, "report_recipients") == 1


def test_a_coaching_edge_on_a_coaching_contract_is_refused_by_a_named_check(db):
    client = insert_client(db)
    with pytest.raises(sqlcipher3.IntegrityError, match="coaching_edge_is_for_therapy"):
        insert_contract(db, client, "coaching", coaching_edge=1, screening_reason="directive")
    with pytest.raises(sqlcipher3.IntegrityError, match="coaching_edge_is_for_therapy"):
        insert_contract(db, client, "coaching", screening_reason="directive")
    contract = insert_contract(db, client, "coaching")
    with pytest.raises(sqlcipher3.IntegrityError, match="coaching_edge_is_for_therapy"):
        db.execute("UPDATE contracts SET coaching_edge = 1 WHERE id = ?", (contract,))


def test_a_coaching_edge_on_therapy_is_stored(db):
    insert_contract(db, insert_client(db), "therapy", coaching_edge=1, screening_reason="stable")
    assert db.execute("SELECT coaching_edge FROM contracts").fetchone()[0] == 1


def test_a_contract_cannot_end_before_it_starts(db):
    with pytest.raises(sqlcipher3.IntegrityError, match="ends_after_start"):
        insert_contract(
            db, insert_client(db), "therapy", starts_on="2026-02-01", ends_on="2026-01-31"
        )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("kind", "supervision"),
        ("status", "cancelled"),
        ("starts_on", "05.01.2026"),
        ("starts_on", "2026-02-30"),
        ("session_minutes", 5),
        ("fee_minor", -100),
        ("currency", "EURO"),
    ],
)
def test_implausible_contract_values_are_refused(db, column, value):
    client = insert_client(db)
    columns = {"kind": "therapy", "status": "active", column: value}
    kind = columns.pop("kind")
    status = columns.pop("status")
    with pytest.raises(sqlcipher3.IntegrityError):
        insert_contract(db, client, kind, status, **columns)
    assert count(db, "contracts") == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("display_name", ""),
        ("display_name", "x" * 121),
        ("date_of_birth", "27/03/1984"),
        ("status", "deleted"),
        ("work_kind", "supervision"),
    ],
)
def test_implausible_client_values_are_refused(db, column, value):
    with pytest.raises(sqlcipher3.IntegrityError):
        insert_client(db, **{"display_name": "Anna", column: value})
    assert count(db, "clients") == 0


def append_raw(db, seq):
    db.execute(
        "INSERT INTO audit_log (seq, at, action, object_type, prev_hash, entry_hash) "
        "VALUES (?, 'now', 'locked', 'practice', ?, ?)",
        (seq, "0" * 64, "1" * 64),
    )


def test_the_audit_log_refuses_updates_and_deletes(db):
    append_raw(db, 1)
    append_raw(db, 2)
    refused(
        db, "UPDATE audit_log SET detail = 'x' WHERE seq = 1", (), "practice_desk:audit_append_only"
    )
    refused(db, "DELETE FROM audit_log WHERE seq = 2", (), "practice_desk:audit_append_only")
    refused(db, "DELETE FROM audit_log", (), "practice_desk:audit_append_only")
    assert db.execute("SELECT seq, detail FROM audit_log ORDER BY seq").fetchall() == [
        (1, ""),
        (2, ""),
    ]


def test_the_audit_log_refuses_overly_long_details(db):
    with pytest.raises(sqlcipher3.IntegrityError):
        db.execute(
            "INSERT INTO audit_log (at, action, object_type, detail, prev_hash, entry_hash) "
            "VALUES ('now', 'x', 'y', ?, ?, ?)",
            ("d" * 201, "0" * 64, "1" * 64),
        )


@pytest.mark.parametrize("first", ["therapy", "coaching"])
def test_a_client_who_had_work_cannot_be_deleted_and_entered_again(db, first):
    client = insert_client(db)
    contract = insert_contract(db, client, first)
    db.execute("DELETE FROM contracts WHERE id = ?", (contract,))
    refused(db, "DELETE FROM clients WHERE id = ?", (client,))
    assert work_kind(db, client) == first


def test_an_enquiry_without_work_can_be_deleted(db):
    client = insert_client(db)
    db.execute("DELETE FROM clients WHERE id = ?", (client,))
    assert count(db, "clients") == 0
