"""Every table as it stands, read straight from the schema, for the whole-practice export.

The list of tables comes from sqlite_master rather than from a list kept here, so a table
added by a later migration is exported without anyone remembering to add it. SQLite's own
bookkeeping tables (sqlite_sequence, sqlite_stat1, ...) are not practice data and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from practice_desk.storage.database import Connection

_FETCH_ROWS = 500  # rows per fetch: a big table streams instead of landing in memory at once


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]


def quoted(name: str) -> str:
    """An identifier for SQL: names come from sqlite_master, never from a person, but quote
    them properly all the same."""
    return '"' + name.replace('"', '""') + '"'


def tables(conn: Connection) -> list[Table]:
    """The practice's tables in name order, each with its columns in schema order."""
    names = [
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT GLOB 'sqlite_*' ORDER BY name"
        )
    ]
    return [
        Table(
            name,
            tuple(str(row[1]) for row in conn.execute(f"PRAGMA table_info({quoted(name)})")),
        )
        for name in names
    ]


def rows(conn: Connection, table: Table) -> Iterator[tuple[object, ...]]:
    """The table's rows, in storage order (rowid or primary key), a batch at a time."""
    columns = ", ".join(quoted(column) for column in table.columns)
    cursor = conn.execute(f"SELECT {columns} FROM {quoted(table.name)}")
    while batch := cursor.fetchmany(_FETCH_ROWS):
        yield from batch
