"""Where backups go and how many are kept, in a small file beside the practice.

These settings live outside the encrypted database on purpose: when the database is damaged
or missing, the restore screen must still find the backup folder. They hold no client data,
only a folder path, three numbers and the time of the last backup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from practice_desk.domain.backup_rotation import KeepPolicy
from practice_desk.safe_files import write_atomic
from practice_desk.services.locations import VaultFiles


@dataclass(frozen=True)
class BackupSettings:
    folder: Path | None = None  # None: only inside the data folder on this computer
    keep: KeepPolicy = field(default_factory=KeepPolicy)
    last_backup_at: datetime | None = None

    def target_folder(self, files: VaultFiles) -> Path:
        return self.folder if self.folder is not None else files.automatic_backups


def settings_path(files: VaultFiles) -> Path:
    return files.home / "backups.json"


def read_settings(files: VaultFiles) -> BackupSettings:
    """The saved settings; defaults when there are none or the file can't be understood
    (a damaged settings file must never stop a backup)."""
    try:
        body = json.loads(settings_path(files).read_text("utf-8"))
        keep = body.get("keep", {})
        last = body.get("last_backup_at")
        folder = body.get("folder")
        return BackupSettings(
            folder=Path(folder) if folder else None,
            keep=KeepPolicy(
                int(keep.get("daily", 7)), int(keep.get("weekly", 4)), int(keep.get("monthly", 12))
            ).validated(),
            last_backup_at=datetime.fromisoformat(last) if last else None,
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return BackupSettings()


def write_settings(files: VaultFiles, settings: BackupSettings) -> None:
    files.ensure_home()
    body = {
        "folder": str(settings.folder) if settings.folder is not None else None,
        "keep": {
            "daily": settings.keep.daily,
            "weekly": settings.keep.weekly,
            "monthly": settings.keep.monthly,
        },
        "last_backup_at": settings.last_backup_at.isoformat() if settings.last_backup_at else None,
    }
    write_atomic(settings_path(files), json.dumps(body, indent=2).encode("utf-8"))


def note_backup(files: VaultFiles, moment: datetime) -> None:
    current = read_settings(files)
    if current.last_backup_at is None or moment > current.last_backup_at:
        write_settings(files, replace(current, last_backup_at=moment))
