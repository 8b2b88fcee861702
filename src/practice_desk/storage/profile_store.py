"""Rows that describe the practice itself: meta facts, the profile, and settings."""

from __future__ import annotations

from practice_desk.domain.profile import PracticeProfile
from practice_desk.storage.database import Connection


def read_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def write_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def read_profile(conn: Connection) -> PracticeProfile | None:
    row = conn.execute(
        "SELECT practice_name, practitioner_name, credentials FROM practice_profile WHERE id = 1"
    ).fetchone()
    return None if row is None else PracticeProfile(*row)


def write_profile(conn: Connection, profile: PracticeProfile) -> None:
    conn.execute(
        "INSERT INTO practice_profile (id, practice_name, practitioner_name, credentials) "
        "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "practice_name = excluded.practice_name, "
        "practitioner_name = excluded.practitioner_name, "
        "credentials = excluded.credentials",
        (profile.practice_name, profile.practitioner_name, profile.credentials),
    )


def read_setting(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def write_setting(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
