"""Helpers for the backup tests: a practice with planted words everywhere, row-level digests
to compare two databases, and the raw bytes of every file a backup left behind."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from tests.services.calendar_support import MONDAY
from tests.services.document_support import CLINICAL, signed_session
from tests.services.session_support import edge_therapy_client

CLIENT_MARKER = "CLNT-KESTREL-3308"
PLANTED = (*CLINICAL, CLIENT_MARKER)


def planted_practice(practice, clock) -> int:
    """A therapy client whose notes, session note, markers, process note and addendum each
    hold a unique word. Returns the client's id."""
    client_id, contract = edge_therapy_client(practice)
    details = practice.clients.get(client_id).details
    practice.clients.update(client_id, replace(details, notes=f"{CLIENT_MARKER} background"))
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    return client_id


def row_digests(conn, *, audit_up_to: int | None = None) -> dict[str, str]:
    """One SHA-256 per table over every row, in primary-key order. `audit_up_to` limits the
    audit trail to the entries that existed at a moment (later entries are appended)."""
    digests = {}
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    for table in tables:
        where = f" WHERE seq <= {int(audit_up_to)}" if table == "audit_log" and audit_up_to else ""
        rows = conn.execute(f'SELECT * FROM "{table}"{where} ORDER BY 1').fetchall()
        digests[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def last_audit_seq(conn) -> int:
    return conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]


def file_bytes_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def plaintext_forms(word: str) -> list[bytes]:
    return [word.encode("utf-8"), word.encode("utf-16-le"), word.encode("utf-16-be")]
