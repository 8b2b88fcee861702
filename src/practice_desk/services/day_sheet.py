"""The printed day sheet: one day's appointments with names and notes, saved only where the
practitioner chose, and noted in the audit trail (how many, never who)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from practice_desk.domain.appointments import Appointment, BlockReason
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.practice_time import to_local
from practice_desk.safe_files import write_atomic
from practice_desk.services.calendar_export import count_detail, with_suffix
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from practice_desk.reports.day_sheet import DaySheetRow
    from practice_desk.services.practice import Practice

UNNAMED_CLIENT = "Client"  # a name can't be empty, but a sheet must never print a blank "who"


def day_sheet_bytes(practice: Practice, day: date) -> bytes:
    return _render(practice, day)[0]


def save_day_sheet(practice: Practice, day: date, target: Path) -> Path:
    """Write the day sheet to `target` (".pdf" added when missing), atomically."""
    data, count = _render(practice, day)
    path = with_suffix(Path(target), ".pdf")
    # The entry commits only if the file was written, so the trail matches what left.
    with transaction(practice.conn):
        practice.audit.record(
            AuditAction.DAY_SHEET_SAVED, object_type="calendar", detail=count_detail(count)
        )
        write_atomic(path, data)
    return path


def _render(practice: Practice, day: date) -> tuple[bytes, int]:
    # reportlab loads on demand: it isn't needed to start the app.
    from practice_desk.reports.day_sheet import day_sheet_pdf

    settings = practice.bookings.settings
    tz = settings.tz
    rows = [_row(appointment, tz) for appointment in practice.bookings.on_days(day, 1)]
    data = day_sheet_pdf(
        practice_name=practice.profile.practice_name,
        day=day,
        zone_name=settings.time_zone_name,
        rows=rows,
        printed_at=practice.clock.now().astimezone(tz),
    )
    return data, len(rows)


def _row(appointment: Appointment, tz: ZoneInfo) -> DaySheetRow:
    from practice_desk.reports.day_sheet import DaySheetRow

    if not appointment.kind.has_client:
        who = f"Blocked: {(appointment.block_reason or BlockReason.OTHER).label}"
        what = ""
    else:
        who = appointment.client_name or UNNAMED_CLIENT
        what = appointment.kind.label
    status = appointment.status
    detail = ""
    if status.is_cancellation and appointment.cancelled_by is not None:
        detail = f"by {appointment.cancelled_by.label}"
    return DaySheetRow(
        starts_at=to_local(appointment.starts_at, tz),
        ends_at=to_local(appointment.ends_at, tz),
        minutes=appointment.minutes,
        who=who,
        what=what,
        status=status.label,
        cancelled=status.is_cancellation,
        blocked=not appointment.kind.has_client,
        status_detail=detail,
        note=appointment.note,
    )
