"""Retention rows: what the report reads, the deletion mark, and final deletion of one client.

Final deletion ("purge") works inside the caller's transaction and relies on the exemption in
migration 0007: the client is entered in `retention_purges`, the keeping triggers let that
client's rows go, and the entry is removed again before the transaction ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlcipher3

from practice_desk.storage.database import Connection
from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of

# Every table holding rows of a client, directly or through a chain of references, in the
# order they are emptied (children before parents, so neither the foreign keys nor the
# "kept" triggers of migrations 0003-0006 stand in the way). The client row itself stays as
# the stub; the audit trail stays too (ids and codes only, and append-only by design), and
# deleted_appointments keeps the tombstones that purging the appointments leaves (a random
# UID and two times). A test compares this list with the schema, so a new table that points
# at a client can't be forgotten here.
PURGED_TABLES = (
    "session_goals",
    "progress_markers",
    "session_events",
    "session_addenda",
    "process_notes",
    "process_note_disclosures",
    "invoice_lines",
    "invoices",
    "sponsor_reports",
    "sessions",
    "appointments",
    "appointment_series",
    "contract_goals",
    "coaching_terms",
    "report_recipients",
    "contracts",
    "person_confirmations",
    "referral_notes",
)

_OF_SESSIONS = "session_id IN (SELECT id FROM sessions WHERE client_id = :client)"
_OF_CONTRACTS = "contract_id IN (SELECT id FROM contracts WHERE client_id = :client)"
_DELETES = {
    "session_goals": _OF_SESSIONS,
    "progress_markers": _OF_SESSIONS,
    "session_events": _OF_SESSIONS,
    "session_addenda": _OF_SESSIONS,
    "process_notes": _OF_SESSIONS,
    "process_note_disclosures": _OF_SESSIONS,
    "invoice_lines": "invoice_id IN (SELECT id FROM invoices WHERE client_id = :client)",
    "invoices": "client_id = :client",
    "sponsor_reports": "client_id = :client",
    "sessions": "client_id = :client",
    "appointments": "client_id = :client",
    # Only the series left without a single appointment: a series is the client's own, but
    # this keeps the rule simple and safe should one ever be shared.
    "appointment_series": (
        "id IN (SELECT value FROM json_each(:series)) "
        "AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.series_id = appointment_series.id)"
    ),
    "contract_goals": _OF_CONTRACTS,
    "coaching_terms": _OF_CONTRACTS,
    "report_recipients": _OF_CONTRACTS,
    "contracts": "client_id = :client",
    # Both directions: the reason given when someone else was confirmed a different person
    # may well describe this client.
    "person_confirmations": "client_id = :client OR other_client_id = :client",
    "referral_notes": "client_id = :client",
}
assert tuple(_DELETES) == PURGED_TABLES

# The stub keeps display_name, date_of_birth and work_kind (see migration 0007), the day the
# client was entered, and the retention columns; every other column is emptied. A test checks
# that each column of `clients` is in exactly one of the two, so a new column needs a decision.
STUB_KEEPS = frozenset(
    {
        "id",
        "display_name",
        "date_of_birth",
        "work_kind",
        "created_at",
        "updated_at",
        "deleted_at",
        "destroyed_at",
        "first_activity_on",
        "last_activity_on",
    }
)
STUB_CLEARS: dict[str, str | None] = {
    "legal_name": "",
    "pronouns": "",
    "email": "",
    "phone": "",
    "address": "",
    "emergency_contact": "",
    "referral_source": "",
    "status": "closed",
    "notes": "",
    "consultation_outcome": None,
    "consultation_on": None,
    "consultation_note": "",
    "email_key": "",
    "phone_key": "",
}
_CLEAR_CONTENT = ", ".join(f"{column} = :clear_{column}" for column in STUB_CLEARS)

# When anything happened in a record: instants (UTC stamps) and calendar days are kept
# apart, so the service can turn instants into the practice's days. See domain/retention.py
# for why each of these counts.
_ACTIVITY = """
WITH moments (client_id, at) AS (
    SELECT id, created_at FROM clients
    UNION ALL SELECT client_id, starts_at FROM appointments
              WHERE client_id IS NOT NULL AND starts_at <= :now
    UNION ALL SELECT client_id, started_at FROM sessions
    UNION ALL SELECT s.client_id, d.written_at FROM session_addenda d
              JOIN sessions s ON s.id = d.session_id
    UNION ALL SELECT client_id, written_at FROM referral_notes
    UNION ALL SELECT client_id, coalesce(approved_at, created_at) FROM sponsor_reports
),
days (client_id, day) AS (
    SELECT id, consultation_on FROM clients WHERE consultation_on IS NOT NULL
    UNION ALL SELECT client_id, starts_on FROM contracts WHERE starts_on IS NOT NULL
    UNION ALL SELECT client_id, ends_on FROM contracts WHERE ends_on IS NOT NULL
    UNION ALL SELECT client_id, issued_on FROM invoices
    UNION ALL SELECT client_id, paid_on FROM invoices WHERE paid_on IS NOT NULL
)
SELECT c.id, c.display_name, c.work_kind, m.first_at, m.last_at, d.first_day, d.last_day,
       EXISTS (SELECT 1 FROM contracts k WHERE k.client_id = c.id AND k.status <> 'ended')
       OR EXISTS (SELECT 1 FROM appointments a
                  WHERE a.client_id = c.id AND a.status = 'booked' AND a.starts_at > :now)
       OR EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id AND s.finished_at IS NULL)
FROM clients c
JOIN (SELECT client_id, min(at) AS first_at, max(at) AS last_at FROM moments
      GROUP BY client_id) m ON m.client_id = c.id
LEFT JOIN (SELECT client_id, min(day) AS first_day, max(day) AS last_day FROM days
           GROUP BY client_id) d ON d.client_id = c.id
"""


@dataclass(frozen=True)
class ActivityRow:
    """One client's activity as stored: stamps are UTC text, days are ISO dates."""

    client_id: int
    display_name: str
    work_kind: str | None
    first_at: str
    last_at: str
    first_day: str | None
    last_day: str | None
    open_work: bool


@contextlib.contextmanager
def _explained() -> Iterator[None]:
    try:
        yield
    except sqlcipher3.IntegrityError as error:
        raise RefusedByDatabase(rule_of(error)) from None


def _activity(conn: Connection, now: str, where: str, args: dict[str, object]) -> list[ActivityRow]:
    rows = conn.execute(f"{_ACTIVITY} WHERE {where} ORDER BY c.id", {"now": now, **args})
    return [ActivityRow(*row[:7], bool(row[7])) for row in rows]


def kept_records(conn: Connection, now: str) -> list[ActivityRow]:
    """Activity of every record that is neither deleted nor destroyed, in one query."""
    return _activity(conn, now, "c.deleted_at IS NULL", {})


def record_activity(conn: Connection, client_id: int, now: str) -> ActivityRow | None:
    """One client's activity, whatever the state of the record."""
    found = _activity(conn, now, "c.id = :client", {"client": client_id})
    return found[0] if found else None


def mark_deleted(conn: Connection, client_ids: Sequence[int], at: str) -> int:
    """Set the deletion mark and nothing else, so undo restores the record exactly."""
    with _explained():
        cursor = conn.executemany(
            "UPDATE clients SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            [(at, client_id) for client_id in client_ids],
        )
    return int(cursor.rowcount)


def unmark_deleted(conn: Connection, client_id: int) -> bool:
    with _explained():
        cursor = conn.execute(
            "UPDATE clients SET deleted_at = NULL "
            "WHERE id = ? AND deleted_at IS NOT NULL AND destroyed_at IS NULL",
            (client_id,),
        )
    return cursor.rowcount == 1


def pending(conn: Connection) -> list[tuple[int, str, str | None, str]]:
    """(id, display name, work kind, deleted at) of deleted records not yet destroyed."""
    return conn.execute(
        "SELECT id, display_name, work_kind, deleted_at FROM clients "
        "WHERE deleted_at IS NOT NULL AND destroyed_at IS NULL ORDER BY deleted_at, id"
    ).fetchall()


def pending_deleted_at(conn: Connection, client_id: int) -> str | None:
    row = conn.execute(
        "SELECT deleted_at FROM clients "
        "WHERE id = ? AND deleted_at IS NOT NULL AND destroyed_at IS NULL",
        (client_id,),
    ).fetchone()
    return None if row is None else str(row[0])


def deleted_before(conn: Connection, before: str) -> list[int]:
    """Deleted records whose mark is at or before `before` (a stamp in the same format)."""
    return [
        int(client_id)
        for (client_id,) in conn.execute(
            "SELECT id FROM clients "
            "WHERE deleted_at IS NOT NULL AND destroyed_at IS NULL AND deleted_at <= ? "
            "ORDER BY id",
            (before,),
        )
    ]


def stubs(conn: Connection) -> list[tuple[int, str, str | None, str | None, str | None, str]]:
    """(id, display name, work kind, first day, last day, destroyed at) of destroyed records."""
    return conn.execute(
        "SELECT id, display_name, work_kind, first_activity_on, last_activity_on, destroyed_at "
        "FROM clients WHERE destroyed_at IS NOT NULL ORDER BY destroyed_at, id"
    ).fetchall()


def purge(
    conn: Connection, client_id: int, *, first_on: str | None, last_on: str | None, at: str
) -> None:
    """Destroy one deleted record, leaving its stub. Must run inside a transaction."""
    if not conn.in_transaction:
        raise RuntimeError("a purge runs inside the caller's transaction")
    series = conn.execute(
        "SELECT json_group_array(DISTINCT series_id) FROM appointments "
        "WHERE client_id = ? AND series_id IS NOT NULL",
        (client_id,),
    ).fetchone()[0]
    args = {"client": client_id, "series": series}
    with _explained():
        conn.execute("INSERT INTO retention_purges (client_id) VALUES (?)", (client_id,))
        for table, where in _DELETES.items():
            conn.execute(f"DELETE FROM {table} WHERE {where}", args)
        conn.execute(
            f"UPDATE clients SET {_CLEAR_CONTENT}, updated_at = :at, destroyed_at = :at, "
            "first_activity_on = :first, last_activity_on = :last WHERE id = :client",
            {
                **{f"clear_{column}": value for column, value in STUB_CLEARS.items()},
                "at": at,
                "first": first_on,
                "last": last_on,
                "client": client_id,
            },
        )
        conn.execute("DELETE FROM retention_purges WHERE client_id = ?", (client_id,))


def compact(conn: Connection) -> bool:
    """Rebuild the file without the freed pages, then empty the WAL, so no earlier copy of a
    destroyed page stays behind in either. VACUUM can't run inside a transaction.

    False when another connection (a backup reading) kept the WAL from being emptied."""
    if conn.in_transaction:
        raise RuntimeError("VACUUM runs outside a transaction")
    conn.execute("VACUUM")
    (busy, *_) = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return int(busy) == 0
