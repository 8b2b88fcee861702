"""The audit log table: append one entry chained to the last, read entries back in order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from practice_desk.domain.audit import GENESIS_HASH, AuditEntry, seal
from practice_desk.storage.database import Connection

_COLUMNS = "seq, at, action, object_type, object_id, client_id, detail, prev_hash, entry_hash"


def append(
    conn: Connection,
    *,
    at: str,
    action: str,
    object_type: str,
    object_id: int | None,
    client_id: int | None,
    detail: str,
) -> AuditEntry:
    """Call inside the transaction of the change it records, so both land or neither does."""
    last = conn.execute(
        "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    entry = seal(prev_hash, seq, at, action, object_type, object_id, client_id, detail)
    conn.execute(
        f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*entry.content(), entry.prev_hash, entry.entry_hash),
    )
    return entry


def all_entries(conn: Connection) -> Iterator[AuditEntry]:
    """In stored order (rowid), which is what the chain is checked against."""
    for row in conn.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY rowid"):
        yield AuditEntry(*row)


@dataclass(frozen=True)
class AuditQuery:
    client_id: int | None = None
    since: str | None = None  # inclusive, ISO UTC
    until: str | None = None  # exclusive, ISO UTC
    actions: tuple[str, ...] = ()
    limit: int = 5000


def find_entries(conn: Connection, query: AuditQuery) -> list[AuditEntry]:
    """Newest first, for the viewer."""
    where, params = [], []
    if query.client_id is not None:
        where.append("client_id = ?")
        params.append(query.client_id)
    if query.since:
        where.append("at >= ?")
        params.append(query.since)
    if query.until:
        where.append("at < ?")
        params.append(query.until)
    if query.actions:
        where.append(f"action IN ({', '.join('?' for _ in query.actions)})")
        params.extend(query.actions)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM audit_log {clause} ORDER BY seq DESC LIMIT ?",
        (*params, query.limit),
    )
    return [AuditEntry(*row) for row in rows]
