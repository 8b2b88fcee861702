"""Where a practice lives on disk.

platformdirs picks the usual per-user data folder of each system; PRACTICE_DESK_HOME
overrides it for tests and portable use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from practice_desk import APP_NAME
from practice_desk.safe_files import ensure_private_dir

HOME_ENV = "PRACTICE_DESK_HOME"


def default_home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=False)


@dataclass(frozen=True)
class VaultFiles:
    home: Path

    @property
    def database(self) -> Path:
        return self.home / "practice.db"

    @property
    def key_file(self) -> Path:
        return self.home / "practice.keys"

    @property
    def setup_marker(self) -> Path:
        return self.home / ".setup-in-progress"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def automatic_backups(self) -> Path:
        """Where automatic backups go until the practitioner chooses a folder."""
        return self.backups / "automatic"

    @property
    def safety_backups(self) -> Path:
        """Backups taken just before a restore replaces the practice."""
        return self.backups / "before-restore"

    @property
    def work(self) -> Path:
        """Encrypted scratch files of a backup or restore in progress."""
        return self.backups / ".work"

    def ensure_home(self) -> None:
        ensure_private_dir(self.home)

    def database_companions(self) -> list[Path]:
        return [self.database, Path(f"{self.database}-wal"), Path(f"{self.database}-shm")]
