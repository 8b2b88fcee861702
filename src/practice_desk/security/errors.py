from __future__ import annotations

from practice_desk.domain.errors import PracticeDeskError


class WrongPassphrase(PracticeDeskError):
    title = "Wrong passphrase"

    def __init__(self) -> None:
        super().__init__(
            "That passphrase does not open this practice.",
            "Check Caps Lock and the keyboard layout, then try again. "
            "If you have forgotten it, use the recovery code from your recovery kit.",
        )


class WrongRecoveryCode(PracticeDeskError):
    title = "Wrong recovery code"

    def __init__(self) -> None:
        super().__init__(
            "That recovery code does not open this practice.",
            "Compare it letter by letter with your printed recovery kit.",
        )


class KeyFileDamaged(PracticeDeskError):
    title = "Key file damaged"

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The practice's key file is damaged and can't be read"
            + (f" ({detail})." if detail else "."),
            "Nothing has been changed. Restore the key file from a backup, "
            "or contact support with the data folder untouched.",
        )


class KeyFileTampered(PracticeDeskError):
    title = "Key file altered"

    def __init__(self) -> None:
        super().__init__(
            "The practice's key file has been altered outside Practice Desk, so it is not trusted.",
            "Nothing has been opened or changed. Restore the key file from a backup.",
        )


class KeychainUnavailable(PracticeDeskError):
    title = "Keychain unavailable"


class SealBroken(PracticeDeskError):
    title = "Backup details altered"

    def __init__(self) -> None:
        super().__init__(
            "Part of this backup's description was changed after it was written, or it was "
            "written by another practice.",
            "Nothing has been changed. Use another backup.",
        )
