"""Creating and unlocking a practice: the vault's use cases.

The order of checks matters: the key file is read and a slot opened before the database is
touched, so a wrong passphrase writes nothing; the key-check value proves the key right before
a database error is blamed on damage.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from practice_desk.domain.clock import Clock
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.passphrase import MIN_LENGTH, PassphraseRejected
from practice_desk.domain.profile import PracticeProfile
from practice_desk.domain.recovery_code import (
    generate_recovery_code,
    normalize_recovery_code,
)
from practice_desk.domain.unlock_throttle import UnlockThrottle
from practice_desk.safe_files import is_missing_or_empty
from practice_desk.security import keyfile
from practice_desk.security.errors import KeyFileDamaged, WrongPassphrase, WrongRecoveryCode
from practice_desk.security.kdf import KdfParams, calibrate, fast_params_for_tests
from practice_desk.services.locations import VaultFiles
from practice_desk.storage.errors import DatabaseMissing

if TYPE_CHECKING:
    from pathlib import Path

    from practice_desk.security.keychain import Keychain
    from practice_desk.services.backups import FoundBackup
    from practice_desk.services.practice import Practice
    from practice_desk.services.restore import BackupInfo, Restored, VerifiedBackup

WRONG_SECRET_ERRORS = (WrongPassphrase, WrongRecoveryCode)


class VaultState(enum.Enum):
    NEW = "new"  # nothing here yet: run the setup wizard
    LOCKED = "locked"  # key file and database present: ask for the passphrase
    DATABASE_MISSING = "database_missing"
    KEY_FILE_MISSING = "key_file_missing"
    KEY_FILE_DAMAGED = "key_file_damaged"


class PleaseWait(PracticeDeskError):
    title = "Please wait"

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many wrong attempts. Please wait {seconds} seconds before trying again.",
        )
        self.seconds = seconds


class KeyFileMissing(PracticeDeskError):
    title = "Key file missing"

    def __init__(self) -> None:
        super().__init__(
            "The practice's key file is missing, so the database can't be opened.",
            "Nothing has been changed. Put the file 'practice.keys' back from a backup.",
        )


@dataclass(frozen=True)
class KeyFileSummary:
    """What `info` may show about a locked practice: no names, no secrets."""

    vault_id: str
    created_at: str
    memory_kib: int
    iterations: int
    lanes: int


@dataclass(frozen=True)
class NewPractice:
    practice: Practice
    recovery_code: str
    created_at: datetime


class Vault:
    """One practice folder, locked or unlocked. Keeps the unlock throttle in memory."""

    def __init__(
        self,
        files: VaultFiles,
        clock: Clock,
        kdf_params: Callable[[], KdfParams] = calibrate,
    ) -> None:
        self.files = files
        self.clock = clock
        self._kdf_params = kdf_params
        self.throttle = UnlockThrottle()
        self._failed_attempts: list[datetime] = []

    # --- what is on disk ------------------------------------------------------------------------

    @classmethod
    def throwaway(cls, files: VaultFiles, clock: Clock) -> Vault:
        """A vault with the cheapest key derivation the app accepts, for practices that hold
        nothing to protect (the demo, the installation self-check): no calibration wait."""
        return cls(files, clock, kdf_params=fast_params_for_tests)

    def state(self) -> VaultState:
        files = self.files
        if files.setup_marker.exists() or (
            not files.key_file.exists() and not files.database.exists()
        ):
            return VaultState.NEW
        if not files.key_file.exists():
            return VaultState.KEY_FILE_MISSING
        try:
            keyfile.read_key_file(files.key_file)
        except KeyFileDamaged:
            return VaultState.KEY_FILE_DAMAGED
        if is_missing_or_empty(files.database):
            return VaultState.DATABASE_MISSING
        return VaultState.LOCKED

    def problem(self) -> PracticeDeskError | None:
        """The error that explains a damaged state, for the damage screen and the CLI."""
        state = self.state()
        if state is VaultState.KEY_FILE_MISSING:
            return KeyFileMissing()
        if state is VaultState.KEY_FILE_DAMAGED:
            try:
                keyfile.read_key_file(self.files.key_file)
            except KeyFileDamaged as exc:
                return exc
        if state is VaultState.DATABASE_MISSING:
            return DatabaseMissing()
        return None

    def key_file_summary(self) -> KeyFileSummary:
        """How the passphrase slot is protected; raises KeyFileDamaged like unlocking would."""
        key_file = keyfile.read_key_file(self.files.key_file)
        kdf = key_file.slot("passphrase").kdf
        return KeyFileSummary(
            key_file.vault_id, key_file.created_at, kdf.memory_kib, kdf.iterations, kdf.lanes
        )

    # --- first run ------------------------------------------------------------------------------

    def create(self, profile: PracticeProfile, passphrase: str) -> NewPractice:
        """Create a new practice. Refuses to touch a folder that already holds one."""
        profile = profile.validated()
        if len(passphrase) < MIN_LENGTH:
            raise PassphraseRejected(f"A passphrase needs at least {MIN_LENGTH} characters.")
        if self.state() is not VaultState.NEW:
            raise PracticeDeskError(
                "A practice already exists in this folder.", "Nothing was changed."
            )
        files = self.files
        files.ensure_home()
        files.setup_marker.touch(mode=0o600)
        self._remove_partial_setup()
        created_at = self.clock.now()
        raw_key = keyfile.new_raw_key()
        vault_id = uuid.uuid4().hex
        recovery_code = generate_recovery_code()
        key_file = keyfile.create_key_file(
            raw_key, passphrase, recovery_code, self._kdf_params(), vault_id, created_at.isoformat()
        )
        from practice_desk.services.practice import create_practice  # storage loads on demand

        practice = create_practice(files, key_file, raw_key, profile, self.clock)
        files.setup_marker.unlink()
        return NewPractice(practice, recovery_code, created_at)

    def _remove_partial_setup(self) -> None:
        """An interrupted setup leaves files that hold no client data yet. Move them aside
        rather than delete them: if anything ever got this wrong, nothing would be lost."""
        leftovers = [
            p for p in [*self.files.database_companions(), self.files.key_file] if p.exists()
        ]
        if not leftovers:
            return
        stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
        aside = self.files.backups / f"interrupted-setup-{stamp}"
        aside.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path in leftovers:
            path.replace(aside / path.name)

    # --- unlocking ------------------------------------------------------------------------------

    def seconds_to_wait(self) -> int:
        return self.throttle.seconds_to_wait(self.clock.now())

    def unlock(self, passphrase: str) -> Practice:
        return self._unlock_with_secret("passphrase", passphrase)

    def unlock_with_recovery_code(self, typed_code: str) -> Practice:
        """Open with the recovery code; the practitioner must then choose a new passphrase."""
        try:
            code = normalize_recovery_code(typed_code)
        except ValueError:
            self._count_failure()
            raise WrongRecoveryCode() from None
        practice = self._unlock_with_secret("recovery", code)
        practice.must_choose_passphrase = True
        return practice

    def unlock_with_keychain(self, keychain: Keychain) -> Practice | None:
        """Open with the remembered key, or None so the caller asks for the passphrase.

        A keychain that forgot, failed or holds a stale key never leads anywhere else.
        """
        key_file = keyfile.read_key_file(self.files.key_file)
        raw_key = keychain.recall(key_file.vault_id)
        if raw_key is None or not keyfile.key_matches(key_file, raw_key):
            return None
        return self._open(key_file, raw_key, "keychain")

    def forget_remembered_key(self, keychain: Keychain) -> None:
        """Take the key that "Remember on this computer" stored out of the keychain without
        unlocking: before uninstalling, or before a computer is passed on."""
        keychain.forget(keyfile.read_key_file(self.files.key_file).vault_id)

    def _unlock_with_secret(self, kind: keyfile.SlotKind, secret: str) -> Practice:
        wait = self.seconds_to_wait()
        if wait:
            raise PleaseWait(wait)
        if not self.files.key_file.exists():
            raise KeyFileMissing()
        key_file = keyfile.read_key_file(self.files.key_file)
        try:
            raw_key = keyfile.unwrap(key_file, kind, secret)
        except (WrongPassphrase, WrongRecoveryCode):
            self._count_failure()
            raise
        self.throttle.record_success()
        return self._open(key_file, raw_key, "recovery_code" if kind == "recovery" else kind)

    def _count_failure(self) -> None:
        now = self.clock.now()
        self.throttle.record_failure(now)
        # A wrong attempt can't write (there is no key); the next unlock writes it down.
        self._failed_attempts.append(now)

    def _open(self, key_file: keyfile.KeyFile, raw_key: bytes, how: str) -> Practice:
        from practice_desk.services.practice import open_practice  # storage loads on demand

        practice = open_practice(self.files, key_file, raw_key, self.clock)
        try:
            practice.note_unlock(how, self._failed_attempts)
        except BaseException:
            practice.close()
            raise
        self._failed_attempts = []
        return practice

    # --- backups --------------------------------------------------------------------------------

    def found_backups(self) -> list[FoundBackup]:
        """This practice's backups in its backup folder, newest first, readable while locked or
        damaged (for the restore screen). Empty when the key file can't say which practice
        this is: the practitioner then chooses a file."""
        from practice_desk.services.backup_settings import read_settings
        from practice_desk.services.backups import find_backups

        try:
            vault_id = keyfile.read_key_file(self.files.key_file).vault_id
        except (OSError, KeyFileDamaged):
            return []
        return find_backups(read_settings(self.files).target_folder(self.files), vault_id)

    def inspect_backup(self, path: Path) -> BackupInfo:
        """What a backup file says about itself, after checking its checksums (no secret)."""
        from practice_desk.services.restore import inspect_backup

        return inspect_backup(path)

    def verify_backup(self, path: Path, secret: str) -> VerifiedBackup:
        """Open a backup with that day's passphrase or recovery code and check it fully."""
        from practice_desk.services.restore import verify_backup

        return verify_backup(self.files, path, secret, self.clock)

    def restore(
        self,
        path: Path,
        secret: str,
        *,
        current: Practice | None = None,
        replace_other_practice: bool = False,
    ) -> Restored:
        """Replace this folder's practice with a backup, keeping the current state first.
        `current` is the open practice, if any: it gets a verified safety backup and is closed."""
        from practice_desk.services.restore import restore_backup

        restored = restore_backup(
            self.files,
            self.clock,
            path,
            secret,
            current=current,
            replace_other_practice=replace_other_practice,
        )
        self.throttle.record_success()
        return restored
