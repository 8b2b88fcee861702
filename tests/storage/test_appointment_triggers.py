"""The database refuses double bookings and bookings the rules forbid, whatever writes to it
(an import, a restore, a script with the key): raw SQL here, no Python checks in the way."""

import uuid

import pytest
import sqlcipher3

from practice_desk.storage.rule_errors import rule_of
from tests.storage.conftest import NOW, count, insert_client, insert_contract

NINE, TEN = "2026-01-12T09:00:00Z", "2026-01-12T10:00:00Z"


def insert_appointment(conn, starts_at=NINE, ends_at="2026-01-12T09:50:00Z", **columns):
    """An appointment row written as raw SQL; blocked time unless a kind is given."""
    values = {
        "uid": uuid.uuid4().hex,
        "kind": "blocked",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "time_zone": "Europe/Berlin",
        "created_at": NOW,
        "updated_at": NOW,
        **columns,
    }
    if values["kind"] == "blocked":
        values.setdefault("block_reason", "other")
    cursor = conn.execute(
        f"INSERT INTO appointments ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
        tuple(values.values()),
    )
    return cursor.lastrowid


def refused(rule, write, *args, **kwargs):
    """Run a raw write that must be refused, and return which rule the database named."""
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        write(*args, **kwargs)
    assert rule_of(caught.value) == rule, str(caught.value)


def session(conn, kind="therapy", contract_status="active"):
    client = insert_client(conn)
    contract = insert_contract(conn, client, kind, contract_status, starts_on="2026-01-05")
    return client, contract


# --- overlaps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        ("2026-01-12T09:49:00Z", "2026-01-12T10:39:00Z"),  # one minute into the end
        ("2026-01-12T08:11:00Z", "2026-01-12T09:01:00Z"),  # one minute into the start
        ("2026-01-12T09:10:00Z", "2026-01-12T09:20:00Z"),  # inside
        ("2026-01-12T08:00:00Z", "2026-01-12T11:00:00Z"),  # around
        (NINE, "2026-01-12T09:50:00Z"),  # the same time
    ],
)
def test_an_overlapping_insert_is_refused(db, starts_at, ends_at):
    insert_appointment(db)
    refused("booking_overlap", insert_appointment, db, starts_at, ends_at)
    assert count(db, "appointments") == 1


def test_back_to_back_is_not_an_overlap(db):
    insert_appointment(db)
    insert_appointment(db, "2026-01-12T09:50:00Z", "2026-01-12T10:40:00Z")
    insert_appointment(db, "2026-01-12T08:10:00Z", NINE)
    assert count(db, "appointments") == 3


@pytest.mark.parametrize("status", ["cancelled", "late_cancelled", "no_show"])
def test_an_appointment_that_gave_up_its_time_frees_it(db, status):
    client = insert_client(db)
    cancelled_by = "client" if "cancelled" in status else None
    insert_appointment(
        db,
        kind="consultation",
        client_id=client,
        status=status,
        cancelled_by=cancelled_by,
        cancelled_at=NOW if cancelled_by else None,
    )
    insert_appointment(db)
    assert count(db, "appointments") == 2


def test_an_attended_appointment_keeps_its_time(db):
    client = insert_client(db)
    insert_appointment(db, kind="consultation", client_id=client, status="attended")
    refused("booking_overlap", insert_appointment, db)


def test_a_cancelled_row_may_be_written_over_a_booked_one(db):
    insert_appointment(db)
    client = insert_client(db)
    insert_appointment(
        db,
        kind="consultation",
        client_id=client,
        status="cancelled",
        cancelled_by="practitioner",
        cancelled_at=NOW,
    )
    assert count(db, "appointments") == 2


def test_a_long_block_that_began_weeks_ago_still_blocks(db):
    insert_appointment(db, "2025-12-01T00:00:00Z", "2026-01-30T00:00:00Z")  # 60 days
    refused(
        "booking_overlap", insert_appointment, db, "2026-01-29T09:00:00Z", "2026-01-29T10:00:00Z"
    )
    insert_appointment(db, "2026-01-30T00:00:00Z", "2026-01-30T01:00:00Z")


def test_moving_onto_another_appointment_is_refused(db):
    insert_appointment(db)
    later = insert_appointment(db, TEN, "2026-01-12T10:50:00Z")
    refused(
        "booking_overlap",
        db.execute,
        "UPDATE appointments SET starts_at = '2026-01-12T09:30:00Z', "
        "ends_at = '2026-01-12T10:20:00Z' WHERE id = ?",
        (later,),
    )
    refused(
        "booking_overlap",
        db.execute,
        "UPDATE appointments SET ends_at = '2026-01-12T10:50:00Z' WHERE starts_at = ?",
        (NINE,),
    )
    assert db.execute("SELECT starts_at FROM appointments WHERE id = ?", (later,)).fetchone() == (
        TEN,
    )


def test_moving_an_appointment_within_its_own_time_is_fine(db):
    block = insert_appointment(db)
    db.execute(
        "UPDATE appointments SET starts_at = '2026-01-12T09:10:00Z', "
        "ends_at = '2026-01-12T10:00:00Z' WHERE id = ?",
        (block,),
    )


def test_reinstating_a_cancelled_appointment_onto_a_taken_time_is_refused(db):
    client = insert_client(db)
    cancelled = insert_appointment(
        db,
        kind="consultation",
        client_id=client,
        status="cancelled",
        cancelled_by="client",
        cancelled_at=NOW,
    )
    insert_appointment(db)
    refused(
        "booking_overlap",
        db.execute,
        "UPDATE appointments SET status = 'booked', cancelled_by = NULL, cancelled_at = NULL "
        "WHERE id = ?",
        (cancelled,),
    )
    status = db.execute("SELECT status FROM appointments WHERE id = ?", (cancelled,)).fetchone()
    assert status == ("cancelled",)


# --- clients and contracts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "contract_kind"), [("therapy_session", "coaching"), ("coaching_session", "therapy")]
)
def test_a_session_with_a_contract_of_the_other_kind_is_refused(db, kind, contract_kind):
    client, contract = session(db, contract_kind)
    refused(
        "booking_needs_contract",
        insert_appointment,
        db,
        kind=kind,
        client_id=client,
        contract_id=contract,
    )
    assert count(db, "appointments") == 0


def test_a_session_on_another_clients_contract_is_refused(db):
    _, contract = session(db)
    other = insert_client(db, "Eva Lund")
    refused(
        "booking_needs_contract",
        insert_appointment,
        db,
        kind="therapy_session",
        client_id=other,
        contract_id=contract,
    )


@pytest.mark.parametrize("status", ["draft", "paused", "ended"])
def test_a_new_session_needs_its_contract_active(db, status):
    client, contract = session(db, "coaching", status)
    refused(
        "booking_needs_contract",
        insert_appointment,
        db,
        kind="coaching_session",
        client_id=client,
        contract_id=contract,
    )


def test_a_session_with_its_active_contract_is_stored(db):
    client, contract = session(db)
    insert_appointment(db, kind="therapy_session", client_id=client, contract_id=contract)
    assert count(db, "appointments") == 1


@pytest.mark.parametrize("status", ["draft", "active", "paused", "ended"])
def test_a_consultation_after_any_contract_is_refused(db, status):
    client, _ = session(db, "therapy", status)
    refused(
        "booking_consultation_after_contract",
        insert_appointment,
        db,
        kind="consultation",
        client_id=client,
    )


def test_a_consultation_stays_refused_when_the_contract_is_deleted(db):
    client, contract = session(db)
    db.execute("DELETE FROM contracts WHERE id = ?", (contract,))
    refused(
        "booking_consultation_after_contract",
        insert_appointment,
        db,
        kind="consultation",
        client_id=client,
    )


@pytest.mark.parametrize("kind", ["consultation", "therapy_session"])
def test_a_closed_client_gets_nothing(db, kind):
    client = insert_client(db, status="closed")
    contract = None
    if kind == "therapy_session":
        contract = insert_contract(db, client, "therapy", "active", starts_on="2026-01-05")
    refused(
        "booking_client_closed",
        insert_appointment,
        db,
        kind=kind,
        client_id=client,
        contract_id=contract,
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [("kind", "consultation"), ("client_id", "other"), ("contract_id", "other"), ("uid", "x" * 32)],
)
def test_who_and_what_an_appointment_is_for_never_changes(db, column, value):
    client, contract = session(db)
    other_client, other_contract = session(db)
    appointment = insert_appointment(
        db, kind="therapy_session", client_id=client, contract_id=contract
    )
    if value == "other":
        value = other_client if column == "client_id" else other_contract
    refused(
        "appointment_identity",
        db.execute,
        f"UPDATE appointments SET {column} = ? WHERE id = ?",
        (value, appointment),
    )


def test_a_client_with_appointments_is_kept(db):
    client = insert_client(db)
    insert_appointment(db, kind="consultation", client_id=client)
    refused("client_has_work", db.execute, "DELETE FROM clients WHERE id = ?", (client,))


# --- named checks ---------------------------------------------------------------------------


def test_blocked_time_has_no_client(db):
    client = insert_client(db)
    refused("appointment_client", insert_appointment, db, client_id=client)


def test_an_appointment_with_a_client_names_the_client(db):
    refused("appointment_client", insert_appointment, db, kind="consultation")


def test_a_session_has_a_contract(db):
    client = insert_client(db)
    refused(
        "appointment_contract", insert_appointment, db, kind="therapy_session", client_id=client
    )


def test_a_consultation_has_no_contract(db):
    _, contract = session(db)
    other = insert_client(db, "Eva Lund")
    with pytest.raises(sqlcipher3.IntegrityError):
        insert_appointment(db, kind="consultation", client_id=other, contract_id=contract)
    assert count(db, "appointments") == 0


def test_a_late_cancellation_is_the_clients(db):
    client = insert_client(db)
    refused(
        "appointment_cancellation",
        insert_appointment,
        db,
        kind="consultation",
        client_id=client,
        status="late_cancelled",
        cancelled_by="practitioner",
        cancelled_at=NOW,
    )


@pytest.mark.parametrize(
    "columns",
    [
        {"status": "cancelled"},  # who cancelled?
        {"status": "cancelled", "cancelled_by": "client"},  # when?
        {"status": "booked", "cancelled_by": "client", "cancelled_at": NOW},
    ],
)
def test_a_cancellation_records_who_and_when_and_nothing_else_does(db, columns):
    client = insert_client(db)
    refused(
        "appointment_cancellation",
        insert_appointment,
        db,
        kind="consultation",
        client_id=client,
        **columns,
    )


def test_sessions_last_at_most_four_hours(db):
    client, contract = session(db)
    columns = {"kind": "therapy_session", "client_id": client, "contract_id": contract}
    insert_appointment(db, NINE, "2026-01-12T13:00:00Z", **columns)
    later = ("2026-01-13T09:00:00Z", "2026-01-13T13:01:00Z")
    refused("appointment_length", insert_appointment, db, *later, **columns)


def test_blocked_time_lasts_at_most_62_days(db):
    insert_appointment(db, "2026-01-01T00:00:00Z", "2026-03-04T00:00:00Z")
    refused(
        "appointment_length", insert_appointment, db, "2026-04-01T00:00:00Z", "2026-06-03T00:00:00Z"
    )


def test_an_appointment_ends_after_it_starts(db):
    refused("appointment_ends_after_start", insert_appointment, db, TEN, NINE)


def test_blocked_time_is_never_marked(db):
    block = insert_appointment(db)
    refused(
        "appointment_blocked_is_booked",
        db.execute,
        "UPDATE appointments SET status = 'attended' WHERE id = ?",
        (block,),
    )


def test_times_are_stored_in_one_utc_format(db):
    with pytest.raises(sqlcipher3.IntegrityError):
        insert_appointment(db, "2026-01-12 09:00", "2026-01-12 09:50")
    with pytest.raises(sqlcipher3.IntegrityError):
        insert_appointment(db, "2026-01-12T10:00:00+01:00", "2026-01-12T10:50:00+01:00")
    assert count(db, "appointments") == 0
