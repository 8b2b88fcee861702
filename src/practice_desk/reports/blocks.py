"""One renderer for every confidential document, built from a handful of plain blocks.

Services compose a session record, a client record, a consultation summary, an invoice or a
sponsor report out of the frozen dataclasses below; `render_document` lays them out on the
shared page template (CONFIDENTIAL, practice name, subject · title, page x of y, printed at).
All text is plain user text: it is printed literally, never read as markup, and line breaks
are kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.paragraph import cleanBlockQuotedText

from practice_desk.reports.fonts import BOLD, markup, plain
from practice_desk.reports.page_template import INK, MARGIN, MUTED, PageFrame, render, styles


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section heading; 2: a smaller sub-heading (e.g. one session)


@dataclass(frozen=True)
class Text:
    text: str  # plain user text; line breaks are kept; never interpreted as markup
    # "body" | "muted" | "quote" (indented, for the client's own words) | "warning" (dark red)
    style: str = "body"


@dataclass(frozen=True)
class Facts:
    rows: tuple[tuple[str, str], ...]  # label / value pairs; labels muted; values may hold newlines


@dataclass(frozen=True)
class Grid:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the frame width, summing to 1
    right_aligned: tuple[int, ...] = ()  # column indexes aligned right (amounts)
    total: tuple[str, ...] = ()  # optional bold last row (e.g. "", "Total", "340.00 EUR")


@dataclass(frozen=True)
class Rule:
    """A thin separator line."""


@dataclass(frozen=True)
class Group:
    blocks: tuple[Block, ...]  # kept on one page when it fits


Block = Heading | Text | Facts | Grid | Rule | Group


@dataclass(frozen=True)
class DocumentContent:
    title: str  # e.g. "Session record"
    subject: str  # the client's display name (goes in the footer with the title)
    blocks: tuple[Block, ...]
    subtitle: str = ""  # a muted line under the title


TEXT_STYLES = ("body", "muted", "quote", "warning")
WARNING_INK = colors.HexColor("#9b2c2c")
RULE_INK = colors.HexColor("#d9dee3")
HEADER_FILL = colors.HexColor("#f5f7fa")
# The template's frame keeps reportlab's 6 pt padding on either side of the margins.
FRAME_WIDTH = A4[0] - 2 * MARGIN - 2 * 6
_CELL_PADDING = 4
_FACTS_PADDING = 1.5
_FACTS_COMMANDS: tuple[tuple[object, ...], ...] = (
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), _FACTS_PADDING),
    ("BOTTOMPADDING", (0, 0), (-1, -1), _FACTS_PADDING),
)
_GRID_COMMANDS: tuple[tuple[object, ...], ...] = (
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
)


class _Paragraph(Paragraph):
    """A Paragraph that remembers its last layout: keep-together groups, keep-with-next
    headings and table cells ask the same paragraph for the same width more than once, and
    breaking lines is most of the work of a long record."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # (split() drops the layout when it gives up: then it is made again)
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == availWidth and "blPara" in self.__dict__:
            return wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """The same as Paragraph(markup(text), style), made faster for plain text.

    reportlab's markup parser takes a sixth of the time of a long record. Text that DejaVu
    draws as it is (nearly all) needs none of it: the fragments the parser would make (one per
    line, with a line break between) are cloned from ones it made once for the style, and each
    line is cleaned of extra whitespace by reportlab's own cleaner, as the parser's input is.
    """
    if plain(text):
        lines = [_clean(line) for line in text.splitlines()]
        if any(lines):
            line_frag, break_frag = _frag_templates(style)
            shared = {"link": [], "us_lines": []}  # as the parser shares them in a paragraph
            frags = []
            for number, line in enumerate(lines):
                if number:
                    frags.append(break_frag.clone(**shared))
                if line:
                    frags.append(line_frag.clone(text=line, **shared))
            return _Paragraph(None, style, frags=frags)
    return _Paragraph(markup(text), style)


def _text(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A Text block: one Paragraph for each of its lines, as the reader sees it.

    A Paragraph holding line breaks takes reportlab's general layout, which handles a change
    of font or colour at every word and is several times slower than its layout for a run of
    text in one style. Notes are mostly lines and short paragraphs, so each line is laid out
    on its own, in the same place: the lines of a block have no space between them (the
    block's space before and after stays at its ends) and a blank line is a gap one line
    high. Blank lines at the ends of the block are left out. Text that needs the fallback
    font keeps to one Paragraph.
    """
    if not plain(text):
        return [_paragraph(text, style)]
    lines = [_clean(line) for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if len(lines) <= 1:
        return [_line_paragraph(line, style) for line in lines]
    first, middle, last = _line_styles(style)
    out: list[Flowable] = []
    blank = 0
    for number, line in enumerate(lines):
        if not line:
            blank += 1
            continue
        if blank:
            out.append(Spacer(0, blank * style.leading))
            blank = 0
        line_style = first if number == 0 else last if number == len(lines) - 1 else middle
        out.append(_line_paragraph(line, line_style))
    return out


@cache
def _line_styles(style: ParagraphStyle) -> tuple[ParagraphStyle, ...]:
    """`style` for the first, a middle and the last line of a block."""
    return (
        ParagraphStyle(f"{style.name}_first", parent=style, spaceAfter=0),
        ParagraphStyle(f"{style.name}_middle", parent=style, spaceBefore=0, spaceAfter=0),
        ParagraphStyle(f"{style.name}_last", parent=style, spaceBefore=0),
    )


def _clean(line: str) -> str:
    # reportlab's cleaner collapses whitespace but keeps no-break spaces; without any, plain
    # str.split does the same, faster
    return " ".join(line.split()) if "\xa0" not in line else cleanBlockQuotedText(line)


def _line_paragraph(line: str, style: ParagraphStyle) -> Paragraph:
    """_paragraph for one line of plain text, already cleaned and not empty."""
    line_frag, _ = _frag_templates(style)
    return _Paragraph(None, style, frags=[line_frag.clone(text=line, link=[], us_lines=[])])


@cache
def _frag_templates(style: ParagraphStyle) -> tuple[Any, Any]:
    frags = Paragraph("x<br/>x", style).frags
    return frags[0], frags[1]


def render_document(content: DocumentContent, *, practice_name: str, printed_at: datetime) -> bytes:
    """The document as PDF bytes, laid out on the shared confidential page template."""
    s = _styles()
    story: list[Flowable] = []
    if content.subtitle.strip():
        story.append(_paragraph(content.title, s["title_with_subtitle"]))
        story.append(_paragraph(content.subtitle, s["subtitle"]))
    else:
        story.append(_paragraph(content.title, s["title"]))
    story += _flowables(content.blocks, s)
    frame = PageFrame(practice_name, content.subject, printed_at, content.title)
    return render(frame, story)


# --- blocks to flowables ---------------------------------------------------------------------


def _flowables(blocks: Iterable[Block], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        match block:
            case Text(text=text, style=style):
                if style not in TEXT_STYLES:
                    raise ValueError(f"Text style must be one of {TEXT_STYLES}, not {style!r}")
                if text.strip():
                    out += _text(text, s[style])
            case Heading(text=text, level=level):
                if level not in (1, 2):
                    raise ValueError(f"Heading level must be 1 or 2, not {level!r}")
                if text.strip():
                    out.append(_paragraph(text, s[f"heading{level}"]))
            case Facts(rows=rows):
                if rows:
                    out.append(_facts(rows, s))
            case Grid():
                if block.rows or block.total:
                    out.append(_grid(block, s))
            case Rule():
                out.append(
                    HRFlowable(
                        width="100%",
                        thickness=0.5,
                        color=RULE_INK,
                        spaceBefore=2 * mm,
                        spaceAfter=3 * mm,
                    )
                )
            case Group(blocks=inner):
                grouped = _flowables(inner, s)
                if grouped:
                    out.append(KeepTogether(grouped))
            case _:
                raise TypeError(f"Not a document block: {block!r}")
    return out


def _facts(rows: Sequence[tuple[str, str]], s: dict[str, ParagraphStyle]) -> Table:
    label, value = s["label"], s["value"]
    # The label column fits the longest label (within reason); values take the rest.
    widest = max(stringWidth(text, label.fontName, label.fontSize) for text, _ in rows)
    label_width = min(max(widest + _CELL_PADDING + 1, 25 * mm), 0.4 * FRAME_WIDTH)
    value_width = FRAME_WIDTH - label_width
    data = [
        [
            _cell(text, label, label_width - _CELL_PADDING),
            _cell(answer, value, value_width - _CELL_PADDING),
        ]
        for text, answer in rows
    ]
    commands = [
        *_FACTS_COMMANDS,
        # the smaller labels sit on the same baseline as the first line of their values
        ("TOPPADDING", (0, 0), (0, -1), _FACTS_PADDING + value.fontSize - label.fontSize),
        *_string_style((0, 0), (0, -1), label),
        *_string_style((1, 0), (1, -1), value),
    ]
    return Table(
        data,
        colWidths=[label_width, value_width],
        style=TableStyle(commands),
        hAlign="LEFT",
        spaceAfter=3 * mm,
    )


def _grid(grid: Grid, s: dict[str, ParagraphStyle]) -> Table:
    columns = len(grid.widths)
    for name, cells in (("headings", grid.headings), ("total", grid.total)):
        if cells and len(cells) != columns:
            raise ValueError(f"Grid {name} have {len(cells)} cells for {columns} widths")
    for row in grid.rows:
        if len(row) != columns:
            raise ValueError(f"Grid row {row!r} has {len(row)} cells for {columns} widths")
    if not math.isclose(sum(grid.widths), 1, abs_tol=1e-3):
        raise ValueError(f"Grid widths must sum to 1, not {sum(grid.widths)}")
    if any(index not in range(columns) for index in grid.right_aligned):
        raise ValueError(f"Grid right_aligned {grid.right_aligned} outside {columns} columns")

    widths = [fraction / sum(grid.widths) * FRAME_WIDTH for fraction in grid.widths]
    right = set(grid.right_aligned)
    data: list[list[Paragraph | str]] = []
    commands: list[tuple[object, ...]] = list(_GRID_COMMANDS)
    commands += [("ALIGN", (index, 0), (index, -1), "RIGHT") for index in sorted(right)]

    def add(rows: Sequence[Sequence[str]], kind: str) -> tuple[tuple[int, int], tuple[int, int]]:
        """Append rows of cells in style `kind`; return the corners of the rows added."""
        first = len(data)
        styles = (s[kind], s[f"{kind}_right"])
        for texts in rows:
            data.append(
                [
                    _cell(text, styles[index in right], width - 2 * _CELL_PADDING)
                    for index, (text, width) in enumerate(zip(texts, widths, strict=True))
                ]
            )
        corners = (0, first), (-1, len(data) - 1)
        commands.extend(_string_style(*corners, s[kind]))
        return corners

    if grid.headings:
        corners = add([grid.headings], "heading_cell")
        commands += [
            ("BACKGROUND", *corners, HEADER_FILL),
            ("LINEBELOW", *corners, 0.8, INK),
        ]
    if grid.rows:
        corners = add(grid.rows, "cell")
        commands.append(("LINEBELOW", *corners, 0.4, RULE_INK))
    if grid.total:
        corners = add([grid.total], "total_cell")
        commands.append(("LINEABOVE", *corners, 0.8, INK))
    return Table(
        data,
        colWidths=widths,
        repeatRows=1 if grid.headings else 0,
        style=TableStyle(commands),
        hAlign="LEFT",
        spaceBefore=1 * mm,
        spaceAfter=3 * mm,
    )


def _cell(text: str, style: ParagraphStyle, width: float) -> Paragraph | str:
    """What goes in a table cell `width` wide (inside its padding).

    A single line that fits goes in as a plain string: the table draws it where a one-line
    Paragraph in `style` would be (same font, size, colour, baseline and alignment, given
    `_string_style` for its cells) at a fraction of the cost, which adds up over the hundreds
    of small cells of a long record. Anything else is a Paragraph and wraps.
    """
    if not text.strip():
        return ""
    if plain(text) and len(text.splitlines()) == 1:
        line = " ".join(text.split())
        if stringWidth(line, style.fontName, style.fontSize) <= width:
            return line
    return _paragraph(text, style)


def _string_style(
    start: tuple[int, int], stop: tuple[int, int], style: ParagraphStyle
) -> list[tuple[object, ...]]:
    return [
        ("FONT", start, stop, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
    ]


@cache
def _styles() -> dict[str, ParagraphStyle]:
    s = styles()
    body = ParagraphStyle("doc_body", parent=s["body"], spaceAfter=2.5 * mm)
    cell = ParagraphStyle("doc_cell", parent=s["body"], fontSize=9.5, leading=12.5)
    heading_cell = ParagraphStyle(
        "doc_heading_cell", parent=cell, fontName=BOLD, fontSize=8.5, textColor=MUTED
    )
    total_cell = ParagraphStyle("doc_total_cell", parent=cell, fontName=BOLD)
    return {
        "title": s["title"],
        "title_with_subtitle": ParagraphStyle(
            "doc_title_with_subtitle", parent=s["title"], spaceAfter=1.5 * mm
        ),
        "subtitle": ParagraphStyle("doc_subtitle", parent=s["muted"], spaceAfter=6 * mm),
        "heading1": ParagraphStyle("doc_heading1", parent=s["heading"], keepWithNext=1),
        "heading2": ParagraphStyle(
            "doc_heading2",
            parent=s["body"],
            fontName=BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
            keepWithNext=1,
        ),
        "body": body,
        "muted": ParagraphStyle("doc_muted", parent=s["muted"], spaceAfter=2.5 * mm),
        "quote": ParagraphStyle(
            "doc_quote", parent=body, leftIndent=8 * mm, rightIndent=8 * mm, textColor=INK
        ),
        "warning": ParagraphStyle("doc_warning", parent=body, fontName=BOLD, textColor=WARNING_INK),
        "label": ParagraphStyle("doc_label", parent=s["muted"]),
        "value": ParagraphStyle("doc_value", parent=s["body"]),
        "cell": cell,
        "cell_right": ParagraphStyle("doc_cell_right", parent=cell, alignment=TA_RIGHT),
        "heading_cell": heading_cell,
        "heading_cell_right": ParagraphStyle(
            "doc_heading_cell_right", parent=heading_cell, alignment=TA_RIGHT
        ),
        "total_cell": total_cell,
        "total_cell_right": ParagraphStyle(
            "doc_total_cell_right", parent=total_cell, alignment=TA_RIGHT
        ),
    }
