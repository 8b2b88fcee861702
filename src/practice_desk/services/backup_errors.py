"""What can go wrong with a backup or a restore, told plainly: what happened, what to do."""

from __future__ import annotations

from practice_desk.domain.errors import PracticeDeskError


class BackupFolderUnavailable(PracticeDeskError):
    title = "Backup folder not available"

    def __init__(self) -> None:
        super().__init__(
            "The backup folder can't be reached (a USB stick not plugged in, or a synced "
            "folder that was moved?).",
            "Your practice is unchanged. Connect the drive, or choose another backup folder "
            "under Backups.",
        )


class BackupFailed(PracticeDeskError):
    title = "Backup not written"

    def __init__(self, why: str) -> None:
        super().__init__(
            why,
            "Your practice itself is unchanged, and no incomplete backup was left behind.",
        )


class NotABackup(PracticeDeskError):
    title = "Not a Practice Desk backup"

    def __init__(self) -> None:
        super().__init__(
            "This file isn't a Practice Desk backup, or it is cut short.",
            "Nothing was changed. Choose a file ending in .pdbackup.",
        )


class BackupDamaged(PracticeDeskError):
    title = "Backup damaged"

    def __init__(self) -> None:
        super().__init__(
            "This backup is damaged: its contents don't match the checksums written with it.",
            "Nothing was changed. Choose an older backup.",
        )


class BackupTooNew(PracticeDeskError):
    title = "Backup from a newer Practice Desk"

    def __init__(self) -> None:
        super().__init__(
            "This backup was made by a newer Practice Desk than this one.",
            "Nothing was changed. Install the latest Practice Desk, then restore it.",
        )


class BackupOfAnotherPractice(PracticeDeskError):
    title = "Backup of another practice"

    def __init__(self) -> None:
        super().__init__(
            "This backup belongs to a different practice from the one in this folder.",
            "Nothing was changed. If you mean to replace this practice, confirm that "
            "explicitly; its current state is kept as a safety copy first.",
        )


class WrongBackupSecret(PracticeDeskError):
    title = "Backup not opened"

    def __init__(self) -> None:
        super().__init__(
            "What you typed doesn't open this backup. A backup opens with the passphrase or "
            "the recovery code that was valid on the day it was made.",
            "Nothing was changed. If you changed your passphrase since, try the old one, or "
            "your recovery code.",
        )
