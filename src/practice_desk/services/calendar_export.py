"""Exporting the calendar to an .ics file: the only client-related data that leaves the vault
for other apps, so it carries times and a neutral label, and the audit trail notes each export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.fields import FieldInvalid
from practice_desk.safe_files import write_atomic
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice

MAX_EXPORT_YEARS = 2  # a phone needs the months ahead, not the whole history


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int


def export_calendar(
    practice: Practice,
    first_day: date,
    last_day: date,
    target: Path,
    *,
    include_initials: bool = False,
) -> ExportResult:
    """Write the appointments touching the local days [first_day, last_day] to `target`
    (".ics" added when missing). Cancelled ones are included, marked cancelled, so phones
    that imported them earlier take them off."""
    check_export_range(first_day, last_day)
    # icalendar loads on demand: it isn't needed to start the app.
    from practice_desk.reports.calendar_file import CalendarItem, calendar_file, calendar_items

    bookings = practice.bookings
    days = (last_day - first_day).days + 1
    appointments = bookings.on_days(first_day, days)
    items = calendar_items(appointments, include_initials=include_initials)
    items += [
        CalendarItem(uid=uid, starts_at=start, ends_at=end, cancelled=True)
        for uid, start, end in bookings.deleted_on_days(first_day, days)
    ]
    data = calendar_file(
        items,
        zone_name=bookings.settings.time_zone_name,
        label=bookings.settings.export_label,
        stamped_at=practice.clock.now(),
    )
    path = with_suffix(Path(target), ".ics")
    # The entry and the file go together: a failed write rolls the entry back, so the trail
    # never claims an export that didn't happen (and never misses one that did).
    with transaction(practice.conn):
        practice.audit.record(
            AuditAction.CALENDAR_EXPORTED, object_type="calendar", detail=count_detail(len(items))
        )
        write_atomic(path, data)
    return ExportResult(path, len(items))


def check_export_range(first_day: date, last_day: date) -> None:
    if last_day < first_day:
        raise FieldInvalid("last_day", "The last day has to be on or after the first day.")
    if last_day >= _years_after(first_day, MAX_EXPORT_YEARS):
        raise FieldInvalid(
            "last_day", f"A calendar export covers at most {MAX_EXPORT_YEARS} years."
        )


def with_suffix(target: Path, suffix: str) -> Path:
    """`target` with `suffix` appended unless it already ends so (in any case)."""
    if target.suffix.lower() == suffix:
        return target
    return target.with_name(target.name + suffix)


def count_detail(count: int) -> str:
    """The audit detail for an export: how many, never what."""
    return f"{count} appointment" if count == 1 else f"{count} appointments"


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, month=3, day=1)
