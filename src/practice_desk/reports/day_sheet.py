"""The day sheet: one day's appointments on paper, to keep on the desk.

It names clients and shows appointment notes, so it is a confidential document on the shared
page template. It takes plain rows and imports no storage or services: what goes on the sheet
is decided in services/day_sheet.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from practice_desk.domain.practice_time import zone
from practice_desk.reports.fonts import BOLD, markup
from practice_desk.reports.page_template import INK, MARGIN, MUTED, PageFrame, render, styles

SUBJECT = "Day sheet"
CANCELLED_INK = colors.HexColor("#9b2c2c")
RULE = colors.HexColor("#d9dee3")
HEADER_FILL = colors.HexColor("#f5f7fa")
HEADINGS = ("Time", "Length", "Who", "What", "Status")
# The frame inside the template's margins keeps reportlab's 6 pt padding on either side; the
# name column gets what the others leave, and the others fit their longest words unwrapped.
_FRAME_WIDTH = A4[0] - 2 * MARGIN - 2 * 6
_TIME, _LENGTH, _WHAT, _STATUS = 27 * mm, 22 * mm, 34 * mm, 28 * mm
COLUMN_WIDTHS = (_TIME, _LENGTH, _FRAME_WIDTH - _TIME - _LENGTH - _WHAT - _STATUS, _WHAT, _STATUS)


@dataclass(frozen=True)
class DaySheetRow:
    """One appointment as printed. Times are wall-clock in the practice's zone; `minutes` is
    the real length (it differs from end - start when the clocks change in between)."""

    starts_at: datetime
    ends_at: datetime
    minutes: int
    who: str  # the client's display name, or e.g. "Blocked: Supervision"
    what: str  # "Therapy session", ...; empty for blocked time
    status: str  # "Booked", "Cancelled late", ...
    cancelled: bool = False
    blocked: bool = False
    status_detail: str = ""  # e.g. "by the client"
    note: str = ""


def day_title(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def day_sheet_pdf(
    *,
    practice_name: str,
    day: date,
    zone_name: str,
    rows: Sequence[DaySheetRow],
    printed_at: datetime,
) -> bytes:
    s = _styles()
    title = day_title(day)
    frame = PageFrame(practice_name, SUBJECT, printed_at, title)
    story: list[Flowable] = [
        Paragraph(markup(title), s["title"]),
        Paragraph(markup(_summary(day, zone_name, rows)), s["muted"]),
        Spacer(1, 5 * mm),
    ]
    if rows:
        story.append(_table(day, rows, s))
    else:
        story.append(Paragraph("Nothing is booked for this day.", s["body"]))
    return render(frame, story)


# --- pieces ----------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    s = styles()
    cell = ParagraphStyle("cell", parent=s["body"], fontSize=9.5, leading=12.5)
    s["title"] = ParagraphStyle("day_title", parent=s["title"], spaceAfter=1.5 * mm)
    s["cell"] = cell
    s["cell_bold"] = ParagraphStyle("cell_bold", parent=cell, fontName=BOLD)
    s["cell_muted"] = ParagraphStyle("cell_muted", parent=cell, textColor=MUTED)
    s["cancelled"] = ParagraphStyle("cancelled", parent=cell, textColor=CANCELLED_INK)
    s["heading_cell"] = ParagraphStyle(
        "heading_cell", parent=cell, fontName=BOLD, fontSize=8.5, textColor=MUTED
    )
    s["note"] = ParagraphStyle("note", parent=cell, fontSize=8.5, leading=11.5, textColor=MUTED)
    return s


def _summary(day: date, zone_name: str, rows: Sequence[DaySheetRow]) -> str:
    tz = zone(zone_name)
    abbreviation = datetime.combine(day, time(12), tz).tzname() or ""
    parts = [f"Times are in {zone_name}" + (f" ({abbreviation})." if abbreviation else ".")]
    before = datetime.combine(day, time(), tz).utcoffset()
    after = datetime.combine(day + timedelta(days=1), time(), tz).utcoffset()
    if before is not None and after is not None and before != after:
        direction = "forward" if after > before else "back"
        parts.append(f"The clocks go {direction} on this day.")
    if rows:
        cancelled = sum(row.cancelled for row in rows)
        count = f"{len(rows)} appointment" + ("" if len(rows) == 1 else "s")
        parts.append(count + (f", {cancelled} cancelled." if cancelled else "."))
    return " ".join(parts)


def _table(day: date, rows: Sequence[DaySheetRow], s: dict[str, ParagraphStyle]) -> Table:
    data: list[list[object]] = [[Paragraph(text, s["heading_cell"]) for text in HEADINGS]]
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
    ]
    for row in rows:
        first = len(data)
        plain = s["cell_muted"] if row.cancelled else s["cell"]
        status = [Paragraph(markup(row.status), s["cancelled"] if row.cancelled else plain)]
        if row.status_detail:
            status.append(Paragraph(markup(row.status_detail), s["note"]))
        data.append(
            [
                _time_range(day, row, s),
                Paragraph(_length(row.minutes), plain),
                Paragraph(markup(row.who), _who_style(row, s)),
                Paragraph(markup(row.what), plain),
                status,
            ]
        )
        if row.note:
            data.append(["", "", Paragraph(markup(row.note), s["note"]), "", ""])
            last = len(data) - 1
            commands += [
                ("SPAN", (2, last), (-1, last)),
                ("TOPPADDING", (0, last), (-1, last), 0),
                # a note belongs with its appointment, on the same page
                ("NOSPLIT", (0, first), (-1, last)),
            ]
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.4, RULE))
    return Table(
        data, colWidths=list(COLUMN_WIDTHS), repeatRows=1, style=TableStyle(commands), hAlign="LEFT"
    )


def _time_range(day: date, row: DaySheetRow, s: dict[str, ParagraphStyle]) -> list[Paragraph]:
    """ "09:00 – 09:50". Blocked time that reaches past the day says so, with its whole span
    underneath, so a week's holiday doesn't read as a few hours."""
    style = s["cell_muted"] if row.cancelled else s["cell"]
    day_start = datetime.combine(day, time())
    day_end = day_start + timedelta(days=1)
    if row.starts_at >= day_start and row.ends_at <= day_end:
        end = "24:00" if row.ends_at == day_end else f"{row.ends_at:%H:%M}"
        return [Paragraph(f"{row.starts_at:%H:%M} – {end}", style)]
    if row.starts_at <= day_start and row.ends_at >= day_end:
        main, span = "All day", f"{_date(row.starts_at)} –<br/>{_last_day(row.ends_at)}"
    elif row.starts_at < day_start:
        main, span = f"until {row.ends_at:%H:%M}", f"since {_date(row.starts_at)}"
    else:
        main, span = f"from {row.starts_at:%H:%M}", f"until {_last_day(row.ends_at)}"
    return [Paragraph(main, style), Paragraph(span, s["note"])]


def _last_day(end: datetime) -> str:
    # Time off that ends at midnight reads as "until Thursday", not "until Friday 00:00".
    return _date(end - timedelta(days=1) if end.time() == time() else end)


def _who_style(row: DaySheetRow, s: dict[str, ParagraphStyle]) -> ParagraphStyle:
    # Names stand out; blocked time is part of the day but nobody's appointment.
    if row.cancelled:
        return s["cell_muted"]
    return s["cell"] if row.blocked else s["cell_bold"]


def _date(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"


def _length(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, rest = divmod(minutes, 24 * 60)
    hours = rest // 60
    text = f"{days} day" + ("" if days == 1 else "s")
    return f"{text} {hours} h" if hours else text
