"""Embedded TrueType fonts, so every name renders and every reader shows the same glyphs.

DejaVu Sans draws Latin, Greek, Cyrillic and much more, but no Chinese, Japanese or Korean.
Droid Sans Fallback draws those. It is a 4 MB file that takes a while to parse, so it is only
registered the first time some text needs a character DejaVu lacks; `markup` (for Paragraphs)
and `draw_string` (for the canvas) switch to it for just those characters.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from itertools import groupby
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "PracticeSans"
BOLD = "PracticeSans-Bold"
MONO = "PracticeMono"
FALLBACK = "PracticeSansFallback"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
}
_FALLBACK_FILE = "DroidSansFallbackFull.ttf"

# Whitespace is laid out by the Paragraph (or drawn as a space), never looked up as a glyph.
_WHITESPACE = frozenset(" \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")
# Other control characters are invisible in any font: they are left out rather than drawn as
# a missing-glyph box.
_CONTROLS = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))) - _WHITESPACE
_WIDTH_CACHE_LIMIT = 50_000


class _TTFont(TTFont):
    """reportlab's TTFont with two pure-Python hot spots made cheaper (same results).

    Without reportlab's optional C accelerator, measuring every word while wrapping and
    splitting every drawn line into subset codes dominate the time to lay out a long record.
    Words repeat, so their widths are cached; lines whose characters all have their codes in
    the document's first subset already are encoded in one str.translate call.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._widths: dict[str, float] = {}

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        units = self._widths.get(text)
        if units is None:
            get = self.face.charWidths.get
            default = self.face.defaultWidth
            units = sum([get(code, default) for code in map(ord, text)])
            if len(self._widths) < _WIDTH_CACHE_LIMIT:
                self._widths[text] = units
        return 0.001 * size * units

    def splitString(
        self, text: str | bytes, doc: Any, encoding: str = "utf-8"
    ) -> list[tuple[int, bytes]]:
        state = self.state.get(doc) if isinstance(text, str) and text else None
        if state is None:
            return super().splitString(text, doc, encoding)
        codes = state.__dict__.get("_subset0_codes")
        if codes is None:
            codes = state._subset0_codes = _Codes()
        try:
            # every character already has its code in subset 0
            return [(0, text.translate(codes).encode("latin-1"))]
        except UnicodeEncodeError:
            pass
        result = super().splitString(text, doc, encoding)
        assignments = state.assignments
        for code in set(map(ord, text)):
            number = assignments.get(32 if code == 0xA0 else code)  # as reportlab maps nbsp
            if number is not None and number < 256:
                codes[code] = number
        return result


class _Codes(dict[int, int]):
    """A document's codes in subset 0 of a font, by character, for str.translate. A character
    without one yet maps to U+0100, which no single byte encodes, so the line takes the
    general way."""

    def __missing__(self, key: int) -> int:
        return 0x100


def _folder() -> Any:
    return resources.files("practice_desk") / "resources" / "fonts"


def _register(name: str, filename: str) -> None:
    with resources.as_file(_folder() / filename) as path:
        pdfmetrics.registerFont(_TTFont(name, str(path)))


@cache
def register_fonts() -> None:
    for name, filename in _FILES.items():
        _register(name, filename)
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )


_fallback_lock = threading.Lock()


@cache
def _coverage(font: str) -> frozenset[str]:
    """The characters `font` draws (after registration), plus whitespace."""
    if font == FALLBACK:
        _register_fallback()
    else:
        register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(map(chr, face.charToGlyph)) | _WHITESPACE


def _register_fallback() -> None:
    with _fallback_lock:
        if FALLBACK in pdfmetrics.getRegisteredFontNames():
            return
        _register(FALLBACK, _FALLBACK_FILE)
        # It has no bold or italic: <b> around it keeps the same face rather than failing.
        pdfmetrics.registerFontFamily(
            FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK, boldItalic=FALLBACK
        )


def _runs(text: str, font: str) -> list[tuple[str, str]]:
    """(font, text) runs: characters `font` can't draw go to FALLBACK when it has them.

    Characters neither font has stay with `font` (its missing-glyph box shows something is
    there); control characters are dropped. The fallback is only loaded when needed.
    """
    covered = _coverage(font)
    if covered.issuperset(text):
        return [(font, text)] if text else []

    def classify(char: str) -> str:
        if char in covered:
            return font
        if char in _CONTROLS:
            return ""
        return FALLBACK if char in _coverage(FALLBACK) else font

    runs = []
    for run_font, group in groupby(text, classify):
        if run_font:
            chunk = "".join(group)
            if runs and runs[-1][0] == run_font:  # e.g. either side of a dropped control
                runs[-1] = (run_font, runs[-1][1] + chunk)
            else:
                runs.append((run_font, chunk))
    return runs


def plain(text: str) -> bool:
    """True when DejaVu Sans draws every character of `text` as it is (whitespace aside):
    then it needs no fallback font and holds no control characters to leave out."""
    return _coverage(REGULAR).issuperset(text)


def markup(text: str) -> str:
    """`text` as Paragraph markup: printed literally, line breaks kept, every character drawn.

    Markup characters are escaped, each line break becomes <br/> (as str.splitlines sees
    them; a final line break adds no empty line), and runs of characters DejaVu Sans lacks
    are set in the fallback font. Works inside bold styles too (the fallback has no bold).
    """
    escaped = "<br/>".join(escape(text).splitlines())
    covered = _coverage(REGULAR)
    if covered.issuperset(escaped):  # the usual case: one C-level pass, no per-run work
        return escaped
    parts = []
    for font, chunk in _runs(escaped, REGULAR):
        parts.append(f'<font name="{FALLBACK}">{chunk}</font>' if font == FALLBACK else chunk)
    return "".join(parts)


def draw_string(
    canvas: Any, x: float, y: float, text: str, font: str, size: float, align: str = "left"
) -> None:
    """Draw one line of `text` at (x, y) like canvas.drawString / drawRightString /
    drawCentredString (align "left", "right" or "centre"), with the same per-character
    fallback as `markup`. The canvas is left set to `font` at `size`."""
    if align not in ("left", "right", "centre"):
        raise ValueError(f"align must be 'left', 'right' or 'centre', not {align!r}")
    line = " ".join(text.splitlines())
    runs = _runs(line, font)
    total = sum(pdfmetrics.stringWidth(chunk, run_font, size) for run_font, chunk in runs)
    if align == "right":
        x -= total
    elif align == "centre":
        x -= total / 2
    # One text object for the whole line: a PDF reader extracts it as one line of text
    # (separate drawString calls for each run come out as separate lines).
    line_text = canvas.beginText(x, y)
    for run_font, chunk in runs:
        line_text.setFont(run_font, size)
        line_text.textOut(chunk)
    canvas.drawText(line_text)
    canvas.setFont(font, size)
