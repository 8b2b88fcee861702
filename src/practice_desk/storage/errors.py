from __future__ import annotations

from practice_desk.domain.errors import PracticeDeskError


class StorageError(PracticeDeskError):
    title = "The practice database could not be used"


class DatabaseMissing(StorageError):
    title = "Practice database missing"

    def __init__(self) -> None:
        super().__init__(
            "The practice database is missing or empty, although its key file is present.",
            "Nothing has been written. Restore the database from a backup, or put the file "
            "back if it was moved. Practice Desk will not start a new, empty practice here.",
        )


class DatabaseDamaged(StorageError):
    title = "Practice database damaged"

    def __init__(self) -> None:
        super().__init__(
            "Your passphrase is right, but the practice database can't be read with it: the "
            "file is damaged, or it does not belong with this key file.",
            "Nothing has been changed. Restore the database and its key file together from a "
            "backup, and keep the unreadable file for support.",
        )


class DatabaseTooNew(StorageError):
    title = "Newer practice database"

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This practice was last opened by a newer Practice Desk (data version {found}; "
            f"this version understands up to {supported}).",
            "Nothing has been changed. Install the latest Practice Desk to open it.",
        )


class DatabaseBelongsElsewhere(StorageError):
    title = "Files from two practices"

    def __init__(self) -> None:
        super().__init__(
            "The key file and the database belong to two different practices.",
            "Nothing has been changed. Put back the matching pair of files from a backup.",
        )


class MigrationFailed(StorageError):
    title = "Upgrade failed"

    def __init__(self, step: int) -> None:
        super().__init__(
            f"Updating the practice database to data version {step} failed, "
            "so the update was undone.",
            "Your data is as it was before. Please contact support.",
        )
