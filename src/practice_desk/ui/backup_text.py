"""How backups are described: when the last one was made, how big a file is, what it is.

Times are shown in this computer's local time, the same days and weeks that backup rotation
counts in.
"""

from __future__ import annotations

from datetime import datetime

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.backups import BackupStatus
from practice_desk.ui.appointment_text import long_day_text


def local(moment: datetime) -> datetime:
    return moment.astimezone()


def moment_text(moment: datetime) -> str:
    """'Monday 5 January 2026, 09:00' in local time."""
    shown = local(moment)
    return f"{long_day_text(shown.date())}, {shown:%H:%M}"


def when_text(moment: datetime, now: datetime) -> str:
    """'today 14:05', 'yesterday 18:30', '3 days ago', '12 March 2026'."""
    shown, today = local(moment), local(now).date()
    days = (today - shown.date()).days
    if days <= 0:
        return f"today {shown:%H:%M}"
    if days == 1:
        return f"yesterday {shown:%H:%M}"
    if days < 14:
        return f"{days} days ago"
    return f"{shown.day} {shown:%B %Y}"


def last_backup_text(status: BackupStatus, now: datetime) -> str:
    if status.last_at is None:
        return "No backup yet"
    return f"Last backup: {when_text(status.last_at, now)}"


def stale_tooltip(status: BackupStatus) -> str:
    if status.last_at is None:
        return (
            "There is no backup of your practice yet. Practice Desk backs up when you lock, "
            "when you quit and once a day while it is open. Click to back up now."
        )
    return (
        "Your last backup is more than two days old. Practice Desk backs up when you lock, "
        "when you quit and once a day while it is open; if the backup folder can't be "
        "reached, no backup is written. Click to see your backups."
    )


def size_text(size: int) -> str:
    """A file size the way file managers show it: '820 KB', '3.4 MB'."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1000**2:
        return f"{round(size / 1000)} KB"
    if size < 1000**3:
        return f"{size / 1000**2:.1f} MB"
    return f"{size / 1000**3:.1f} GB"


def error_text(error: BaseException) -> str:
    """What went wrong and what to do, in one paragraph."""
    if isinstance(error, PracticeDeskError):
        return f"{error.message} {error.advice}".strip()
    if isinstance(error, OSError):
        return (
            f"{error.strerror or 'The computer refused to write the file'}. Check that the "
            "folder exists and that the disk is not full. Nothing else was changed."
        )
    return "An unexpected problem stopped the backup. Nothing else was changed."
