"""Session rows: the note, the timer's events, goal links, markers, addenda, process notes.

Process notes are read by `read_process_note` only; nothing else here selects from that table,
so no record built from these functions can carry them by accident.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import datetime

import sqlcipher3

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.practice_time import parse_precise_stamp, precise_stamp
from practice_desk.domain.progress_markers import MarkerKind, ProgressMarker, Voice
from practice_desk.domain.session_notes import (
    Addendum,
    NoteField,
    Session,
    SessionNote,
    SessionSigned,
)
from practice_desk.domain.session_phases import (
    EventKind,
    ExtendMode,
    Phase,
    PhasePlan,
    TimerEvent,
)
from practice_desk.storage.database import Connection
from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of

_NOTE_COLUMNS = ", ".join(f"s.{which.value}" for which in NoteField)
_SESSION_COLUMNS = (
    "s.id, s.client_id, s.contract_id, s.appointment_id, s.kind, s.structured, "
    "s.plan_beginning, s.plan_middle, s.plan_end, s.started_at, s.finished_at, s.signed_at, "
    f"{_NOTE_COLUMNS}, coalesce(c.display_name, '')"
)
_SESSION_FROM = "FROM sessions s LEFT JOIN clients c ON c.id = s.client_id"
_MARKER_COLUMNS = "m.id, m.session_id, m.kind, m.at, m.phase, m.voice, m.text, m.goal_id"


@contextlib.contextmanager
def explained() -> Iterator[None]:
    """A trigger's refusal as the domain's error: a signed note, or the rule by name."""
    try:
        yield
    except sqlcipher3.IntegrityError as error:
        if "sessions_one_running" in str(error):
            raise RefusedByDatabase("one_running_session") from None
        rule = rule_of(error)
        if rule == "session_signed":
            raise SessionSigned() from None
        raise RefusedByDatabase(rule) from None


def _when(text: str | None) -> datetime | None:
    return parse_precise_stamp(text) if text else None


def _session(row: Sequence, goal_ids: tuple[int, ...]) -> Session:
    note_values = row[12 : 12 + len(NoteField)]
    return Session(
        id=row[0],
        client_id=row[1],
        contract_id=row[2],
        appointment_id=row[3],
        kind=ContractKind(row[4]),
        structured=bool(row[5]),
        plan=PhasePlan(row[6], row[7], row[8]),
        started_at=parse_precise_stamp(row[9]),
        finished_at=_when(row[10]),
        signed_at=_when(row[11]),
        note=SessionNote(*note_values),
        goal_ids=goal_ids,
        client_name=row[-1],
    )


def _sessions(
    conn: Connection, where: str, args: tuple[object, ...], order: str = "s.started_at, s.id"
) -> list[Session]:
    """Sessions with their goal links: two queries however many sessions there are."""
    rows = conn.execute(
        f"SELECT {_SESSION_COLUMNS} {_SESSION_FROM} WHERE {where} ORDER BY {order}", args
    ).fetchall()
    links: dict[int, list[int]] = {}
    if rows:
        ids = [row[0] for row in rows]
        for session_id, goal_id in conn.execute(
            f"SELECT session_id, goal_id FROM session_goals "
            f"WHERE session_id IN ({', '.join('?' for _ in ids)}) ORDER BY session_id, goal_id",
            ids,
        ):
            links.setdefault(session_id, []).append(goal_id)
    return [_session(row, tuple(links.get(row[0], ()))) for row in rows]


def insert_session(
    conn: Connection,
    *,
    client_id: int,
    contract_id: int,
    appointment_id: int | None,
    kind: ContractKind,
    structured: bool,
    plan: PhasePlan,
    started_at: datetime,
) -> int:
    with explained():
        cursor = conn.execute(
            "INSERT INTO sessions (client_id, contract_id, appointment_id, kind, structured, "
            "plan_beginning, plan_middle, plan_end, started_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                client_id,
                contract_id,
                appointment_id,
                kind.value,
                int(structured),
                plan.beginning,
                plan.middle,
                plan.end,
                precise_stamp(started_at),
                precise_stamp(started_at),
            ),
        )
    return int(cursor.lastrowid)


def read_session(conn: Connection, session_id: int) -> Session | None:
    found = _sessions(conn, "s.id = ?", (session_id,))
    return found[0] if found else None


def running_session_id(conn: Connection) -> int | None:
    row = conn.execute("SELECT id FROM sessions WHERE finished_at IS NULL").fetchone()
    return int(row[0]) if row else None


def session_for_appointment(conn: Connection, appointment_id: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM sessions WHERE appointment_id = ?", (appointment_id,)
    ).fetchone()
    return int(row[0]) if row else None


def sessions_for_client(conn: Connection, client_id: int) -> list[Session]:
    return _sessions(conn, "s.client_id = ?", (client_id,))


def unsigned_started_before(conn: Connection, before: datetime) -> list[Session]:
    return _sessions(conn, "s.signed_at IS NULL AND s.started_at < ?", (precise_stamp(before),))


def recent_sessions(conn: Connection, limit: int) -> list[Session]:
    return _sessions(conn, "1", (), f"s.started_at DESC, s.id DESC LIMIT {int(limit)}")


def clients_with_active_contracts(conn: Connection) -> list[tuple[int, str]]:
    """(client id, display name) of everyone a session could be started for, by name."""
    return [
        (int(row[0]), str(row[1]))
        for row in conn.execute(
            "SELECT DISTINCT c.id, c.display_name FROM clients c "
            "JOIN contracts k ON k.client_id = c.id AND k.status = 'active' "
            "ORDER BY c.display_name COLLATE NOCASE, c.id"
        )
    ]


def update_note_field(
    conn: Connection, session_id: int, which: NoteField, text: str, now: datetime
) -> None:
    with explained():
        conn.execute(
            f"UPDATE sessions SET {which.value} = ?, updated_at = ? WHERE id = ?",
            (text, precise_stamp(now), session_id),
        )


def set_goal_links(conn: Connection, session_id: int, goal_ids: Sequence[int]) -> None:
    with explained():
        conn.execute("DELETE FROM session_goals WHERE session_id = ?", (session_id,))
        conn.executemany(
            "INSERT INTO session_goals (session_id, goal_id) VALUES (?, ?)",
            [(session_id, goal_id) for goal_id in sorted(set(goal_ids))],
        )


def set_finished(conn: Connection, session_id: int, at: datetime) -> None:
    with explained():
        conn.execute(
            "UPDATE sessions SET finished_at = ?, updated_at = ? WHERE id = ?",
            (precise_stamp(at), precise_stamp(at), session_id),
        )


def set_signed(conn: Connection, session_id: int, at: datetime) -> None:
    with explained():
        conn.execute(
            "UPDATE sessions SET signed_at = ?, updated_at = ? WHERE id = ?",
            (precise_stamp(at), precise_stamp(at), session_id),
        )


def delete_unsigned_session(conn: Connection, session_id: int) -> None:
    """Remove a session started by mistake, with everything that hangs on it."""
    with explained():
        for table in ("session_events", "session_goals", "progress_markers", "process_notes"):
            conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
        conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


# --- the timer -------------------------------------------------------------------------------


def insert_event(conn: Connection, session_id: int, event: TimerEvent) -> None:
    with explained():
        conn.execute(
            "INSERT INTO session_events (session_id, kind, at, minutes, mode) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                session_id,
                event.kind.value,
                precise_stamp(event.at),
                event.minutes,
                event.mode.value if event.mode else None,
            ),
        )


def events(conn: Connection, session_id: int) -> list[TimerEvent]:
    return [
        TimerEvent(
            EventKind(kind),
            parse_precise_stamp(at),
            minutes,
            ExtendMode(mode) if mode else None,
        )
        for kind, at, minutes, mode in conn.execute(
            "SELECT kind, at, minutes, mode FROM session_events WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
    ]


# --- progress markers ------------------------------------------------------------------------


def _marker(row: Sequence) -> ProgressMarker:
    return ProgressMarker(
        id=row[0],
        session_id=row[1],
        kind=MarkerKind(row[2]),
        at=parse_precise_stamp(row[3]),
        phase=Phase(row[4]),
        voice=Voice(row[5]),
        text=row[6],
        goal_id=row[7],
    )


def insert_marker(
    conn: Connection,
    session_id: int,
    kind: MarkerKind,
    at: datetime,
    phase: Phase,
    voice: Voice,
    text: str,
    goal_id: int | None,
) -> ProgressMarker:
    with explained():
        cursor = conn.execute(
            "INSERT INTO progress_markers (session_id, kind, at, phase, voice, text, goal_id, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                kind.value,
                precise_stamp(at),
                phase.value,
                voice.value,
                text,
                goal_id,
                precise_stamp(at),
            ),
        )
    return ProgressMarker(int(cursor.lastrowid), session_id, kind, at, phase, voice, text, goal_id)


def read_marker(conn: Connection, marker_id: int) -> ProgressMarker | None:
    row = conn.execute(
        f"SELECT {_MARKER_COLUMNS} FROM progress_markers m WHERE m.id = ?", (marker_id,)
    ).fetchone()
    return _marker(row) if row else None


def update_marker(conn: Connection, marker: ProgressMarker, now: datetime) -> None:
    with explained():
        conn.execute(
            "UPDATE progress_markers SET kind = ?, voice = ?, text = ?, goal_id = ?, "
            "updated_at = ? WHERE id = ?",
            (
                marker.kind.value,
                marker.voice.value,
                marker.text,
                marker.goal_id,
                precise_stamp(now),
                marker.id,
            ),
        )


def delete_marker(conn: Connection, marker_id: int) -> None:
    with explained():
        conn.execute("DELETE FROM progress_markers WHERE id = ?", (marker_id,))


def markers(conn: Connection, session_id: int) -> list[ProgressMarker]:
    rows = conn.execute(
        f"SELECT {_MARKER_COLUMNS} FROM progress_markers m WHERE m.session_id = ? "
        "ORDER BY m.at, m.id",
        (session_id,),
    )
    return [_marker(row) for row in rows]


def markers_for_client(conn: Connection, client_id: int) -> list[ProgressMarker]:
    rows = conn.execute(
        f"SELECT {_MARKER_COLUMNS} FROM progress_markers m "
        "JOIN sessions s ON s.id = m.session_id WHERE s.client_id = ? ORDER BY m.at, m.id",
        (client_id,),
    )
    return [_marker(row) for row in rows]


# --- addenda and process notes ---------------------------------------------------------------


def insert_addendum(conn: Connection, session_id: int, body: str, at: datetime) -> Addendum:
    with explained():
        cursor = conn.execute(
            "INSERT INTO session_addenda (session_id, body, written_at) VALUES (?, ?, ?)",
            (session_id, body, precise_stamp(at)),
        )
    return Addendum(int(cursor.lastrowid), session_id, body, at)


def addenda(conn: Connection, session_id: int) -> list[Addendum]:
    return [
        Addendum(row[0], session_id, row[1], parse_precise_stamp(row[2]))
        for row in conn.execute(
            "SELECT id, body, written_at FROM session_addenda WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
    ]


def read_process_note(conn: Connection, session_id: int) -> str:
    row = conn.execute(
        "SELECT body FROM process_notes WHERE session_id = ?", (session_id,)
    ).fetchone()
    return str(row[0]) if row else ""


def write_process_note(conn: Connection, session_id: int, body: str, now: datetime) -> None:
    with explained():
        conn.execute(
            "INSERT INTO process_notes (session_id, body, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (session_id) DO UPDATE SET body = excluded.body, "
            "updated_at = excluded.updated_at",
            (session_id, body, precise_stamp(now)),
        )


def has_disclosures(conn: Connection, session_id: int) -> bool:
    row = conn.execute(
        "SELECT 1 FROM process_note_disclosures WHERE session_id = ? LIMIT 1", (session_id,)
    ).fetchone()
    return row is not None


def insert_disclosure(conn: Connection, session_id: int, reason: str, at: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO process_note_disclosures (session_id, reason, chosen_at) VALUES (?, ?, ?)",
        (session_id, reason, precise_stamp(at)),
    )
    return int(cursor.lastrowid)
