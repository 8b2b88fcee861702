"""Sponsor report rows. An approved report is final (see migration 0006)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from practice_desk.domain.contracts import format_report_items, parse_report_items
from practice_desk.domain.practice_time import parse_stamp
from practice_desk.domain.sponsor_reports import ReportContent, SponsorReport
from practice_desk.storage.database import Connection
from practice_desk.storage.invoice_store import explained

_COLUMNS = (
    "r.id, r.client_id, r.contract_id, r.period_from, r.period_to, r.items, r.content, "
    "r.created_at, r.approved_at, r.approval_note, coalesce(c.display_name, '')"
)
_FROM = "FROM sponsor_reports r LEFT JOIN clients c ON c.id = r.client_id"


def insert_report(conn: Connection, report: SponsorReport, now: str) -> int:
    with explained():
        cursor = conn.execute(
            "INSERT INTO sponsor_reports (client_id, contract_id, period_from, period_to, items, "
            "content, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                report.client_id,
                report.contract_id,
                report.period_from.isoformat(),
                report.period_to.isoformat(),
                format_report_items(report.items),
                report.content.to_json(),
                now,
                now,
            ),
        )
    return int(cursor.lastrowid)


def update_content(conn: Connection, report_id: int, content: ReportContent, now: str) -> None:
    with explained():
        conn.execute(
            "UPDATE sponsor_reports SET content = ?, updated_at = ? WHERE id = ?",
            (content.to_json(), now, report_id),
        )


def approve(conn: Connection, report_id: int, note: str, now: str) -> None:
    with explained():
        conn.execute(
            "UPDATE sponsor_reports SET approved_at = ?, approval_note = ?, updated_at = ? "
            "WHERE id = ?",
            (now, note, now, report_id),
        )


def delete_draft(conn: Connection, report_id: int) -> None:
    with explained():
        conn.execute("DELETE FROM sponsor_reports WHERE id = ?", (report_id,))


def read_report(conn: Connection, report_id: int) -> SponsorReport | None:
    found = _reports(conn, "WHERE r.id = ?", (report_id,))
    return found[0] if found else None


def for_client(conn: Connection, client_id: int) -> list[SponsorReport]:
    return _reports(
        conn, "WHERE r.client_id = ? ORDER BY r.period_to DESC, r.id DESC", (client_id,)
    )


def _reports(conn: Connection, where: str, args: Sequence[object]) -> list[SponsorReport]:
    return [
        SponsorReport(
            id=row[0],
            client_id=row[1],
            contract_id=row[2],
            period_from=date.fromisoformat(row[3]),
            period_to=date.fromisoformat(row[4]),
            items=parse_report_items(row[5]),
            content=ReportContent.from_json(row[6]),
            created_at=parse_stamp(row[7]),
            approved_at=parse_stamp(row[8]) if row[8] else None,
            approval_note=row[9],
            client_name=row[10],
        )
        for row in conn.execute(f"SELECT {_COLUMNS} {_FROM} {where}", tuple(args))
    ]
