"""Client rows: details, the consultation outcome, and what the duplicate guard compares."""

from __future__ import annotations

from datetime import date

import sqlcipher3

from practice_desk.domain.client_search import ClientSummary
from practice_desk.domain.clients import (
    Client,
    ClientDetails,
    ClientStatus,
    ConsultationOutcome,
    ConsultationRecord,
)
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.duplicates import phone_key
from practice_desk.domain.text_fold import email_key
from practice_desk.storage.database import Connection
from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of

_DETAIL_COLUMNS = (
    "display_name",
    "legal_name",
    "date_of_birth",
    "pronouns",
    "email",
    "phone",
    "address",
    "emergency_contact",
    "referral_source",
    "status",
    "notes",
)
_SELECT = (
    "SELECT id, "
    + ", ".join(_DETAIL_COLUMNS)
    + ", consultation_outcome, consultation_on, consultation_note, work_kind, "
    "created_at, updated_at FROM clients"
)


def _detail_values(details: ClientDetails) -> tuple[object, ...]:
    return (
        details.display_name,
        details.legal_name,
        details.date_of_birth.isoformat() if details.date_of_birth else None,
        details.pronouns,
        details.email,
        details.phone,
        details.address,
        details.emergency_contact,
        details.referral_source,
        details.status.value,
        details.notes,
        email_key(details.email),
        phone_key(details.phone),
    )


def _details(row: tuple) -> ClientDetails:
    return ClientDetails(
        display_name=row[0],
        legal_name=row[1],
        date_of_birth=date.fromisoformat(row[2]) if row[2] else None,
        pronouns=row[3],
        email=row[4],
        phone=row[5],
        address=row[6],
        emergency_contact=row[7],
        referral_source=row[8],
        status=ClientStatus(row[9]),
        notes=row[10],
    )


def _client(row: tuple) -> Client:
    details = _details(row[1:12])
    outcome, held_on, note, kind, created_at, updated_at = row[12:]
    consultation = (
        ConsultationRecord(ConsultationOutcome(outcome), date.fromisoformat(held_on), note)
        if outcome
        else None
    )
    return Client(
        row[0],
        details,
        consultation,
        ContractKind(kind) if kind else None,
        created_at,
        updated_at,
    )


def insert_client(conn: Connection, details: ClientDetails, now: str) -> int:
    columns = (*_DETAIL_COLUMNS, "email_key", "phone_key", "created_at", "updated_at")
    placeholders = ", ".join("?" for _ in columns)
    try:
        cursor = conn.execute(
            f"INSERT INTO clients ({', '.join(columns)}) VALUES ({placeholders})",
            (*_detail_values(details), now, now),
        )
    except sqlcipher3.IntegrityError as error:
        raise RefusedByDatabase(rule_of(error)) from None
    return int(cursor.lastrowid)


def update_client(conn: Connection, client_id: int, details: ClientDetails, now: str) -> None:
    assignments = ", ".join(f"{name} = ?" for name in (*_DETAIL_COLUMNS, "email_key", "phone_key"))
    try:
        conn.execute(
            f"UPDATE clients SET {assignments}, updated_at = ? WHERE id = ?",
            (*_detail_values(details), now, client_id),
        )
    except sqlcipher3.IntegrityError as error:
        raise RefusedByDatabase(rule_of(error)) from None


def set_status(conn: Connection, client_id: int, status: ClientStatus, now: str) -> None:
    conn.execute(
        "UPDATE clients SET status = ?, updated_at = ? WHERE id = ?",
        (status.value, now, client_id),
    )


# A record deleted under the retention rules (waiting out its undo window, or destroyed to a
# stub) is no longer a client of the practice: lists, search and opening all leave it out,
# and so every use case that starts from a client (new contract, booking) refuses it.
_KEPT = "deleted_at IS NULL"


def read_client(conn: Connection, client_id: int) -> Client | None:
    row = conn.execute(f"{_SELECT} WHERE id = ? AND {_KEPT}", (client_id,)).fetchone()
    return None if row is None else _client(row)


def write_consultation(
    conn: Connection, client_id: int, record: ConsultationRecord, now: str
) -> None:
    conn.execute(
        "UPDATE clients SET consultation_outcome = ?, consultation_on = ?, "
        "consultation_note = ?, updated_at = ? WHERE id = ?",
        (record.outcome.value, record.held_on.isoformat(), record.note, now, client_id),
    )


def list_summaries(conn: Connection) -> list[ClientSummary]:
    statuses = {status.value: status for status in ClientStatus}
    kinds = {kind.value: kind for kind in ContractKind}
    return [
        ClientSummary(row[0], row[1], row[2], statuses[row[3]], kinds.get(row[4]), row[5], row[6])
        for row in conn.execute(
            "SELECT id, display_name, legal_name, status, work_kind, email, phone FROM clients "
            f"WHERE {_KEPT}"
        )
    ]


def read_summary(conn: Connection, client_id: int) -> ClientSummary | None:
    row = conn.execute(
        "SELECT id, display_name, legal_name, status, work_kind, email, phone "
        f"FROM clients WHERE id = ? AND {_KEPT}",
        (client_id,),
    ).fetchone()
    if row is None:
        return None
    kind = ContractKind(row[4]) if row[4] else None
    return ClientSummary(row[0], row[1], row[2], ClientStatus(row[3]), kind, row[5], row[6])


def possible_duplicates(
    conn: Connection, details: ClientDetails, exclude: int | None = None
) -> list[tuple[int, ClientDetails]]:
    """Clients sharing a birth date, an e-mail or a phone number; the caller compares names.

    Deleted records and destroyed stubs are included on purpose: role separation outlives the
    record, and a stub keeps its name and birth date so a returning person is recognised."""
    birth = details.date_of_birth.isoformat() if details.date_of_birth else None
    rows = conn.execute(
        f"SELECT id, {', '.join(_DETAIL_COLUMNS)} FROM clients "
        "WHERE (date_of_birth = ?) OR (email_key <> '' AND email_key = ?) "
        "OR (phone_key <> '' AND phone_key = ?)",
        (birth, email_key(details.email), phone_key(details.phone)),
    ).fetchall()
    return [(row[0], _details(row[1:])) for row in rows if row[0] != exclude]


def insert_person_confirmation(
    conn: Connection, client_id: int, other_id: int, matched_on: str, reason: str, now: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO person_confirmations "
        "(client_id, other_client_id, matched_on, reason, confirmed_at) VALUES (?, ?, ?, ?, ?)",
        (client_id, other_id, matched_on, reason, now),
    )
    return int(cursor.lastrowid)


def insert_referral_note(
    conn: Connection, client_id: int, addressed_to: str, body: str, now: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO referral_notes (client_id, addressed_to, body, written_at) "
        "VALUES (?, ?, ?, ?)",
        (client_id, addressed_to, body, now),
    )
    return int(cursor.lastrowid)


def count_clients(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM clients").fetchone()[0])


def read_referral_notes(conn: Connection, client_id: int) -> list[tuple[int, str, str, str]]:
    return conn.execute(
        "SELECT id, addressed_to, body, written_at FROM referral_notes "
        "WHERE client_id = ? ORDER BY written_at DESC, id DESC",
        (client_id,),
    ).fetchall()
