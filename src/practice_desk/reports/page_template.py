"""The one page template every Practice Desk document uses.

Every page carries CONFIDENTIAL, the practice name, the subject of the document, the time it
was printed and "page x of y". The total page count is only known at the end, so pages are
kept and drawn once the document is complete.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from practice_desk.reports.fonts import BOLD, MONO, REGULAR, draw_string, register_fonts

# Compressed streams are written as binary, not also ASCII85-encoded: reportlab's pure-Python
# ASCII85 encoder is a good part of the time to print a long record, and the files get smaller.
rl_config.useA85 = 0

MARGIN = 20 * mm
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")


def _pdf_escape(code: int) -> str:
    """How reportlab's escapePDF writes one byte inside a PDF string: octal outside printable
    ASCII, a backslash before a backslash or a parenthesis."""
    if code < 32 or code >= 127:
        return f"\\{code:03o}"
    return "\\" + chr(code) if chr(code) in "\\()" else chr(code)


# For canvas._escape: the drawn text of a TrueType subset comes as bytes, escaped here in one
# str.translate call rather than reportlab's character-by-character Python loop.
_PDF_ESCAPES = {code: _pdf_escape(code) for code in range(256)}


@dataclass(frozen=True)
class PageFrame:
    practice_name: str
    subject: str  # e.g. the client's display name, or "Recovery kit"
    printed_at: datetime
    title: str


def styles() -> dict[str, ParagraphStyle]:
    """The shared paragraph styles: a new dict each call (callers may add their own), holding
    styles built once."""
    return dict(_styles())


@cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=15, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=18, leading=24, spaceAfter=6 * mm
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD,
            fontSize=12.5,
            leading=17,
            spaceBefore=5 * mm,
            spaceAfter=2 * mm,
        ),
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontSize=9.5, leading=13),
        "code": ParagraphStyle(
            "code",
            parent=base,
            fontName=MONO,
            fontSize=17,
            leading=26,
            alignment=1,
            spaceBefore=3 * mm,
            spaceAfter=3 * mm,
        ),
    }


def _numbered_canvas(frame: PageFrame) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def _escape(self, s: Any) -> str:
            if isinstance(s, bytes):
                return s.decode("latin-1").translate(_PDF_ESCAPES)
            return str(super()._escape(s))

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_frame(self, frame, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_frame(canvas: Canvas, frame: PageFrame, number: int, total: int) -> None:
    width, height = A4
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#9b2c2c"))
    canvas.setFont(BOLD, 9)
    canvas.drawString(MARGIN, height - 12 * mm, "CONFIDENTIAL")
    canvas.setFillColor(MUTED)
    draw_string(canvas, width - MARGIN, height - 12 * mm, frame.practice_name, REGULAR, 9, "right")
    canvas.setStrokeColor(colors.HexColor("#cbd2d9"))
    canvas.line(MARGIN, height - 14 * mm, width - MARGIN, height - 14 * mm)
    canvas.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
    label = frame.title if frame.subject == frame.title else f"{frame.subject} · {frame.title}"
    draw_string(canvas, MARGIN, 9 * mm, label, REGULAR, 9)
    printed = frame.printed_at.strftime("%d %b %Y, %H:%M")
    canvas.drawCentredString(width / 2, 5 * mm, f"Printed {printed}")
    canvas.drawRightString(width - MARGIN, 9 * mm, f"Page {number} of {total}")
    canvas.restoreState()


def render(frame: PageFrame, story: Sequence[Flowable]) -> bytes:
    """Lay out `story` on the shared template and return the PDF bytes (nothing touches disk)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm,
        bottomMargin=MARGIN + 2 * mm,
        title=frame.title,
        author=frame.practice_name,
        creator="Practice Desk",
        invariant=True,
    )
    doc.build(list(story), canvasmaker=_numbered_canvas(frame))
    return buffer.getvalue()
