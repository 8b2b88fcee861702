from datetime import UTC, datetime, timedelta

import pytest

from practice_desk.domain.appointments import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    BlockReason,
    CancelledBy,
)
from practice_desk.storage import appointment_store as store
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.storage.conftest import NOW, count, insert_client, insert_contract

NINE = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


def block(start, minutes=50, **fields):
    return Appointment(
        id=0,
        uid=fields.pop("uid", f"{start:%Y%m%d%H%M}-{minutes:05d}-block"),
        kind=AppointmentKind.BLOCKED,
        client_id=None,
        contract_id=None,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        time_zone="Europe/Berlin",
        block_reason=BlockReason.SUPERVISION,
        **fields,
    )


def test_an_appointment_reads_back_as_written_with_the_clients_name(db):
    client = insert_client(db, "Anna Berg")
    contract = insert_contract(db, client, "therapy", starts_on="2026-01-05")
    series = store.insert_series(db, 2, NOW)
    written = Appointment(
        id=0,
        uid="a" * 32,
        kind=AppointmentKind.THERAPY_SESSION,
        client_id=client,
        contract_id=contract,
        starts_at=NINE,
        ends_at=NINE + timedelta(minutes=50),
        time_zone="Europe/Berlin",
        note="Bring the sleep diary",
        series_id=series,
    )
    appointment_id = store.insert_appointment(db, written, NOW)
    read = store.read_appointment(db, appointment_id)
    assert read == Appointment(
        **{**written.__dict__, "id": appointment_id, "client_name": "Anna Berg"}
    )
    assert store.read_appointment(db, appointment_id + 1) is None


def test_a_refused_insert_is_explained_by_its_rule(db):
    store.insert_appointment(db, block(NINE), NOW)
    with pytest.raises(RefusedByDatabase) as caught:
        store.insert_appointment(db, block(NINE + timedelta(minutes=49)), NOW)
    assert caught.value.rule == "booking_overlap"
    assert count(db, "appointments") == 1


def test_a_refused_move_is_explained_by_its_rule(db):
    store.insert_appointment(db, block(NINE), NOW)
    later = store.insert_appointment(db, block(NINE + timedelta(hours=1)), NOW)
    with pytest.raises(RefusedByDatabase) as caught:
        store.update_time(
            db, later, NINE + timedelta(minutes=30), NINE + timedelta(minutes=80), "UTC", "", NOW
        )
    assert caught.value.rule == "booking_overlap"
    assert store.read_appointment(db, later).starts_at == NINE + timedelta(hours=1)


def test_between_finds_what_overlaps_including_long_blocks_that_began_earlier(db):
    long_block = store.insert_appointment(db, block(NINE - timedelta(days=40), 42 * 24 * 60), NOW)
    morning = store.insert_appointment(db, block(NINE + timedelta(days=2)), NOW)
    store.insert_appointment(db, block(NINE + timedelta(days=5)), NOW)
    day_two = NINE + timedelta(days=2)
    found = store.between(db, day_two - timedelta(hours=9), day_two + timedelta(hours=15))
    assert [item.id for item in found] == [long_block, morning]
    # the end is open: something starting exactly at `end` is not included
    assert store.between(db, day_two - timedelta(hours=1), day_two) == [
        store.read_appointment(db, long_block)
    ]


def test_busy_spans_leave_out_what_gave_up_its_time(db):
    client = insert_client(db)
    cancelled = Appointment(
        id=0,
        uid="c" * 32,
        kind=AppointmentKind.CONSULTATION,
        client_id=client,
        contract_id=None,
        starts_at=NINE,
        ends_at=NINE + timedelta(minutes=50),
        time_zone="UTC",
    )
    cancelled_id = store.insert_appointment(db, cancelled, NOW)
    store.update_status(
        db, cancelled_id, AppointmentStatus.CANCELLED, CancelledBy.CLIENT, NINE, NOW
    )
    kept = block(NINE + timedelta(hours=2))
    store.insert_appointment(db, kept, NOW)
    spans = store.busy_spans(db, NINE - timedelta(hours=1), NINE + timedelta(hours=5))
    assert spans == [(kept.starts_at, kept.ends_at)]
    reread = store.read_appointment(db, cancelled_id)
    assert (reread.status, reread.cancelled_by, reread.cancelled_at) == (
        AppointmentStatus.CANCELLED,
        CancelledBy.CLIENT,
        NINE,
    )


def test_in_series_lists_the_series_from_a_start_on(db):
    series = store.insert_series(db, 1, NOW)
    ids = [
        store.insert_appointment(db, block(NINE + timedelta(weeks=week), series_id=series), NOW)
        for week in range(4)
    ]
    store.insert_appointment(db, block(NINE + timedelta(weeks=1, hours=2)), NOW)
    rest = store.in_series(db, series, from_start=NINE + timedelta(weeks=1))
    assert [item.id for item in rest] == ids[1:]


def test_update_time_can_take_an_appointment_out_of_its_series(db):
    series = store.insert_series(db, 1, NOW)
    item = store.insert_appointment(db, block(NINE, series_id=series), NOW)
    later = NINE + timedelta(days=1)
    store.update_time(db, item, later, later + timedelta(minutes=50), "UTC", "n", NOW)
    assert store.read_appointment(db, item).series_id == series
    store.update_time(
        db, item, later, later + timedelta(minutes=50), "UTC", "n", NOW, leave_series=True
    )
    moved = store.read_appointment(db, item)
    assert (moved.series_id, moved.starts_at, moved.time_zone, moved.note) == (
        None,
        later,
        "UTC",
        "n",
    )


def test_for_client_lists_only_that_clients_appointments_by_start(db):
    anna, eva = insert_client(db, "Anna Berg"), insert_client(db, "Eva Lund")

    def consultation(client, start, uid):
        item = Appointment(
            0,
            uid * 32,
            AppointmentKind.CONSULTATION,
            client,
            None,
            start,
            start + timedelta(minutes=50),
            "UTC",
        )
        return store.insert_appointment(db, item, NOW)

    late = consultation(anna, NINE + timedelta(days=1), "a")
    consultation(eva, NINE, "e")
    early = consultation(anna, NINE + timedelta(hours=2), "b")
    assert [item.id for item in store.for_client(db, anna)] == [early, late]
