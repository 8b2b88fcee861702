"""Appointment rows. Range look-ups use the start index; blocked time is at most
MAX_BLOCK_DAYS long, which bounds how far back an overlapping appointment can begin."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

import sqlcipher3

from practice_desk.domain.appointments import (
    MAX_BLOCK_DAYS,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    BlockReason,
    CancelledBy,
)
from practice_desk.domain.practice_time import parse_stamp, stamp
from practice_desk.storage.database import Connection
from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of

_LOOK_BACK = timedelta(days=MAX_BLOCK_DAYS + 1)
_TAKES_TIME = "('booked', 'attended')"
_COLUMNS = (
    "a.id, a.uid, a.kind, a.client_id, a.contract_id, a.starts_at, a.ends_at, a.time_zone, "
    "a.status, a.block_reason, a.note, a.series_id, a.cancelled_by, a.cancelled_at, "
    "coalesce(c.display_name, '')"
)
_FROM = "FROM appointments a LEFT JOIN clients c ON c.id = a.client_id"


@contextlib.contextmanager
def _explained() -> Iterator[None]:
    try:
        yield
    except sqlcipher3.IntegrityError as error:
        raise RefusedByDatabase(rule_of(error)) from None


def _row(row: Sequence) -> Appointment:
    return Appointment(
        id=row[0],
        uid=row[1],
        kind=AppointmentKind(row[2]),
        client_id=row[3],
        contract_id=row[4],
        starts_at=parse_stamp(row[5]),
        ends_at=parse_stamp(row[6]),
        time_zone=row[7],
        status=AppointmentStatus(row[8]),
        block_reason=BlockReason(row[9]) if row[9] else None,
        note=row[10],
        series_id=row[11],
        cancelled_by=CancelledBy(row[12]) if row[12] else None,
        cancelled_at=parse_stamp(row[13]) if row[13] else None,
        client_name=row[14],
    )


def insert_series(conn: Connection, interval_weeks: int, now: str) -> int:
    cursor = conn.execute(
        "INSERT INTO appointment_series (interval_weeks, created_at) VALUES (?, ?)",
        (interval_weeks, now),
    )
    return int(cursor.lastrowid)


def insert_appointment(conn: Connection, appointment: Appointment, now: str) -> int:
    with _explained():
        cursor = conn.execute(
            "INSERT INTO appointments (uid, kind, client_id, contract_id, block_reason, "
            "starts_at, ends_at, time_zone, status, note, series_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                appointment.uid,
                appointment.kind.value,
                appointment.client_id,
                appointment.contract_id,
                appointment.block_reason.value if appointment.block_reason else None,
                stamp(appointment.starts_at),
                stamp(appointment.ends_at),
                appointment.time_zone,
                appointment.status.value,
                appointment.note,
                appointment.series_id,
                now,
                now,
            ),
        )
    return int(cursor.lastrowid)


def update_time(
    conn: Connection,
    appointment_id: int,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    note: str,
    now: str,
    *,
    leave_series: bool = False,
) -> None:
    with _explained():
        conn.execute(
            "UPDATE appointments SET starts_at = ?, ends_at = ?, time_zone = ?, note = ?, "
            "series_id = CASE WHEN ? THEN NULL ELSE series_id END, updated_at = ? WHERE id = ?",
            (stamp(starts_at), stamp(ends_at), time_zone, note, leave_series, now, appointment_id),
        )


def update_status(
    conn: Connection,
    appointment_id: int,
    status: AppointmentStatus,
    cancelled_by: CancelledBy | None,
    cancelled_at: datetime | None,
    now: str,
) -> None:
    with _explained():
        conn.execute(
            "UPDATE appointments SET status = ?, cancelled_by = ?, cancelled_at = ?, "
            "updated_at = ? WHERE id = ?",
            (
                status.value,
                cancelled_by.value if cancelled_by else None,
                stamp(cancelled_at) if cancelled_at else None,
                now,
                appointment_id,
            ),
        )


def delete_appointment(conn: Connection, appointment_id: int) -> None:
    with _explained():
        conn.execute("DELETE FROM appointments WHERE id = ?", (appointment_id,))


def read_appointment(conn: Connection, appointment_id: int) -> Appointment | None:
    row = conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE a.id = ?", (appointment_id,)).fetchone()
    return _row(row) if row else None


def between(
    conn: Connection, start: datetime, end: datetime, *, taking_time_only: bool = False
) -> list[Appointment]:
    """Appointments overlapping [start, end), by start."""
    status = f"AND a.status IN {_TAKES_TIME}" if taking_time_only else ""
    rows = conn.execute(
        f"SELECT {_COLUMNS} {_FROM} WHERE a.starts_at >= ? AND a.starts_at < ? "
        f"AND a.ends_at > ? {status} ORDER BY a.starts_at, a.id",
        (stamp(start - _LOOK_BACK), stamp(end), stamp(start)),
    )
    return [_row(row) for row in rows]


def busy_spans(conn: Connection, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """(start, end) of appointments that keep their time and overlap [start, end), by start."""
    rows = conn.execute(
        f"SELECT starts_at, ends_at FROM appointments WHERE starts_at >= ? AND starts_at < ? "
        f"AND ends_at > ? AND status IN {_TAKES_TIME} ORDER BY starts_at",
        (stamp(start - _LOOK_BACK), stamp(end), stamp(start)),
    )
    return [(parse_stamp(s), parse_stamp(e)) for s, e in rows]


def for_client(conn: Connection, client_id: int) -> list[Appointment]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} {_FROM} WHERE a.client_id = ? ORDER BY a.starts_at", (client_id,)
    )
    return [_row(row) for row in rows]


def in_series(conn: Connection, series_id: int, *, from_start: datetime) -> list[Appointment]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} {_FROM} WHERE a.series_id = ? AND a.starts_at >= ? "
        "ORDER BY a.starts_at",
        (series_id, stamp(from_start)),
    )
    return [_row(row) for row in rows]


def deleted_between(
    conn: Connection, start: datetime, end: datetime
) -> list[tuple[str, datetime, datetime]]:
    """(uid, start, end) of deleted bookings overlapping [start, end): for calendar exports."""
    rows = conn.execute(
        "SELECT uid, starts_at, ends_at FROM deleted_appointments WHERE starts_at >= ? "
        "AND starts_at < ? AND ends_at > ? ORDER BY starts_at",
        (stamp(start - _LOOK_BACK), stamp(end), stamp(start)),
    )
    return [(uid, parse_stamp(s), parse_stamp(e)) for uid, s, e in rows]
