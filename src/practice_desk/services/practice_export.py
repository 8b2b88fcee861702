"""The whole practice as plain files: one JSON file and one CSV file per table.

This is the way out of the app (to another system, to an archive, to a spreadsheet), so it
holds everything the database holds, process notes included, and none of it is encrypted.
The database holds no keys: the key is kept wrapped in the key file beside it, so the export
carries no secret that would open the vault.

Files are streamed table by table and row by row, so a large practice never sits in memory as
one string. Everything is written into a visibly named "... (incomplete)" folder first and
renamed at the end: a finished export appears whole, and an export cut short by a crash is
plainly marked as such rather than passing for a complete one.

CSV: UTF-8 with a byte-order mark (Excel on Windows otherwise misreads accents), a header row
of column names, "\\r\\n" line ends (RFC 4180), every text cell through the formula guard
(domain/csv_guard.py). NULL and empty text both become an empty cell there; the JSON file
keeps them apart.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from practice_desk.domain.csv_guard import csv_value
from practice_desk.safe_files import PRIVATE_DIR_MODE, atomic_writer, ensure_private_dir, fsync_dir
from practice_desk.storage import table_dump
from practice_desk.storage.migrations import current_version

if TYPE_CHECKING:
    from practice_desk.storage.database import Connection

FORMAT = "practice-desk/practice-export"
VERSION = 1
JSON_NAME = "practice.json"
README_NAME = "README.txt"
INCOMPLETE = " (incomplete)"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")

README = """\
Practice Desk: export of the whole practice
===========================================

These files hold every record of the practice as it stood on {when}:
clients, contracts, appointments, session notes, process notes, invoices, sponsor reports,
settings and the audit trail.

They are NOT encrypted. Anyone who can open this folder can read every client's record.
Keep them only as long as you need them, on an encrypted disk, and delete them when done.

practice.json  every table, each row as an object ("meta" says what is in the file)
<table>.csv    one file per table, for spreadsheets: the first row names the columns

In the CSV files, text that begins with =, +, - or @ (and a few similar characters) has a
single quote (') in front, so that a spreadsheet shows it as text instead of running it as a
formula. practice.json holds the text exactly as written.
"""


def write_export(
    conn: Connection, final: Path, exported_at: datetime, tables: list[table_dump.Table]
) -> dict[str, int]:
    """Write the export into `final` (which must not exist yet); returns the rows per table.
    On any failure nothing is left behind under either name."""
    partial = final.with_name(final.name + INCOMPLETE)
    partial.mkdir(mode=PRIVATE_DIR_MODE)  # refuses an existing folder: never mix two exports
    try:
        ensure_private_dir(partial)
        counts = _write_files(conn, partial, exported_at, tables)
        os.rename(partial, final)
    except BaseException:
        _remove(partial)
        raise
    fsync_dir(final.parent)
    return counts


def csv_name(table: str) -> str:
    return _SAFE_NAME.sub("_", table) + ".csv"


def _write_files(
    conn: Connection, folder: Path, exported_at: datetime, tables: list[table_dump.Table]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": current_version(conn),
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "tables": [table.name for table in tables],
        "columns": {table.name: list(table.columns) for table in tables},
        "notes": (
            "Each table is a list of rows, each row an object of column: value. Values are "
            "as stored: times as UTC text, fees in whole cents, flags as 0 or 1."
        ),
    }
    with _text_file(folder / JSON_NAME, "utf-8") as out:
        out.write('{\n"meta": ')
        out.write(json.dumps(meta, ensure_ascii=False, indent=1))
        out.write(',\n"tables": {')
        for number, table in enumerate(tables):
            out.write(",\n" if number else "\n")
            out.write(f"{json.dumps(table.name)}: [")
            counts[table.name] = _write_table(conn, table, out, folder / csv_name(table.name))
            out.write("\n]" if counts[table.name] else "]")
        out.write("\n}\n}\n")
    with _text_file(folder / README_NAME, "utf-8") as out:
        out.write(README.format(when=exported_at.strftime("%d %b %Y at %H:%M")))
    return counts


def _write_table(conn: Connection, table: table_dump.Table, out: TextIO, csv_path: Path) -> int:
    """One pass over the table feeds both its JSON list and its CSV file."""
    count = 0
    with _text_file(csv_path, "utf-8-sig") as sheet:
        writer = csv.writer(sheet, lineterminator="\r\n")
        writer.writerow([csv_value(column) for column in table.columns])
        for row in table_dump.rows(conn, table):
            writer.writerow([csv_value(value) for value in row])
            record = {
                column: _json_value(value) for column, value in zip(table.columns, row, strict=True)
            }
            out.write(",\n" if count else "\n")
            out.write(json.dumps(record, ensure_ascii=False))
            count += 1
    return count


def _json_value(value: object) -> object:
    if isinstance(value, bytes | bytearray | memoryview):
        # No table holds binary data today; should one, base64 keeps the file valid JSON.
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


@contextmanager
def _text_file(path: Path, encoding: str) -> Iterator[TextIO]:
    with atomic_writer(path) as handle:
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        yield text
        text.flush()
        text.detach()  # leave the binary handle to atomic_writer, which syncs and renames it


def _remove(folder: Path) -> None:
    """Delete a half-written export: plaintext records must not be left lying about."""
    shutil.rmtree(folder, ignore_errors=True)
