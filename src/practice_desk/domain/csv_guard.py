"""Keep spreadsheet programs from running what a CSV cell says.

Excel, LibreOffice Calc, Numbers and Google Sheets read a cell that starts with "=", "+",
"-" or "@" as a formula, and some read a leading tab, line break or NUL as the start of one
(OWASP "CSV Injection"; ASVS 1.2.10). A note that begins "=HYPERLINK(...)" would then become
a live link, or worse, on the practitioner's own computer. Following OWASP, such a cell gets
a single quote in front, which spreadsheets take as "this is text" and don't show.

We guard more widely than the minimum, because the cost of a stray quote is small and the
data is clinical: the same characters after leading white space (some programs trim before
they look), and their full-width forms (which some East Asian spreadsheet settings fold to
the ASCII ones).

Numbers stay numbers: an INTEGER or REAL from the database prints as digits, a sign and a
point only, which no spreadsheet runs as a formula. Text that merely looks like a number
("-5", "+44 20 7946 0958") is guarded like any other text, since text can hold anything.
"""

from __future__ import annotations

import base64

GUARD = "'"
# OWASP's list plus NUL (ASVS 1.2.10) and a line feed, then the full-width forms.
DANGEROUS_FIRST = frozenset("=+-@\t\r\n\x00") | frozenset("\uff1d\uff0b\uff0d\uff20")

CsvValue = str | int | float


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet might read `text` as the start of a formula."""
    if not text:
        return False
    if text[0] in DANGEROUS_FIRST:
        return True
    rest = text.lstrip()
    return bool(rest) and rest[0] in DANGEROUS_FIRST


def guard_csv_cell(text: str) -> str:
    """`text` as it may safely stand in a CSV cell: unchanged, or with a quote in front."""
    return GUARD + text if needs_guard(text) else text


def csv_value(value: object) -> CsvValue:
    """A database value as a CSV cell. NULL becomes an empty cell (the JSON export keeps
    null apart from ""), numbers stay numbers, bytes become base64 text, and every piece of
    text passes the guard."""
    if value is None:
        return ""
    if isinstance(value, bool):  # a subclass of int; SQLite never returns one, but be exact
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        # base64 may start with "+": it is text like any other, so it is guarded too.
        return guard_csv_cell(base64.b64encode(bytes(value)).decode("ascii"))
    return guard_csv_cell(str(value))
