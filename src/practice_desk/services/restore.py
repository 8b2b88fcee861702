"""Restoring a practice from a backup.

Order matters, so that a mistake or a crash at any step loses nothing:

1. read the manifest and check every checksum (a damaged backup is refused before anything);
2. open the backup's own key file with what was typed (that day's passphrase or recovery code);
3. unpack the database into the data folder's scratch space and check it with the key: both
   integrity checks, and the row counts sealed in the manifest;
4. keep the current state: a verified safety backup when the practice is open, and in every
   case the current files are moved aside (renamed, never deleted) into the backups folder;
5. put the backup's database and key file in place and open them (an older backup is
   upgraded the usual way).

A crash between steps 4 and 5 leaves a "database missing" state, from which the same restore
can simply be run again; the backup itself is only ever read.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.recovery_code import InvalidRecoveryCode, normalize_recovery_code
from practice_desk.safe_files import ensure_private_dir, fsync_dir, write_atomic
from practice_desk.security import keyfile, sealing
from practice_desk.security.errors import (
    KeyFileDamaged,
    KeyFileTampered,
    SealBroken,
    WrongPassphrase,
    WrongRecoveryCode,
)
from practice_desk.services import backup_bundle as bundle
from practice_desk.services.backup_errors import (
    BackupDamaged,
    BackupOfAnotherPractice,
    BackupTooNew,
    WrongBackupSecret,
)
from practice_desk.storage.database import check_database_file
from practice_desk.storage.errors import DatabaseDamaged, DatabaseMissing
from practice_desk.storage.migrations import LATEST_VERSION

if TYPE_CHECKING:
    from practice_desk.domain.clock import Clock
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.practice import Practice


@dataclass(frozen=True)
class BackupInfo:
    """What a backup says about itself, readable without any secret."""

    path: Path
    created_at: datetime
    app_version: str
    data_version: int
    vault_id: str
    reason: str
    size: int


@dataclass(frozen=True)
class Restored:
    practice: Practice
    used_recovery_code: bool
    kept_aside: Path | None  # the files that were replaced, moved here
    safety_backup: Path | None  # a verified backup of the state before, when it was open


@dataclass(frozen=True)
class VerifiedBackup:
    info: BackupInfo
    tables: dict[str, int]


def inspect_backup(path: Path) -> BackupInfo:
    """The manifest, after checking every member against its checksum."""
    path = Path(path)
    manifest = bundle.read_manifest(path)
    bundle.check_members(path, manifest)
    return _info(path, manifest)


def _info(path: Path, manifest: bundle.Manifest) -> BackupInfo:
    return BackupInfo(
        path=path,
        created_at=manifest.created_at,
        app_version=manifest.app_version,
        data_version=manifest.data_version,
        vault_id=manifest.vault_id,
        reason=manifest.reason,
        size=path.stat().st_size,
    )


def open_backup_key(path: Path, manifest: bundle.Manifest, secret: str) -> tuple[bytes, bool]:
    """The raw key from the backup's own key file, and whether the recovery code opened it.

    One field takes either: the passphrase of that day is tried first, then (when what was
    typed has the shape of one) the recovery code.
    """
    try:
        key_file = keyfile.loads(bundle.read_key_file_bytes(path, manifest))
    except (KeyFileDamaged, KeyFileTampered):
        raise BackupDamaged() from None
    if key_file.vault_id != manifest.vault_id:
        raise BackupDamaged()
    try:
        return keyfile.unwrap(key_file, "passphrase", secret), False
    except WrongPassphrase:
        pass
    except KeyFileTampered:
        raise BackupDamaged() from None
    try:
        code = normalize_recovery_code(secret)
    except InvalidRecoveryCode:
        raise WrongBackupSecret() from None
    try:
        return keyfile.unwrap(key_file, "recovery", code), True
    except WrongRecoveryCode:
        raise WrongBackupSecret() from None
    except KeyFileTampered:
        raise BackupDamaged() from None


def check_backup_contents(
    path: Path, manifest: bundle.Manifest, raw_key: bytes, scratch: Path
) -> dict[str, int]:
    """Unpack the database into `scratch` and check it with the key: both integrity checks and
    the row counts sealed when it was made. Leaves the checked file at `scratch`."""
    bundle.extract_database(path, manifest, scratch)
    try:
        try:
            sealed = json.loads(
                sealing.unseal(raw_key, bundle.COUNTS_PURPOSE, manifest.sealed_counts)
            )
        except SealBroken:
            raise BackupDamaged() from None
        try:
            check = check_database_file(scratch, raw_key)
        except (DatabaseDamaged, DatabaseMissing):
            raise BackupDamaged() from None
        if not check.clean or check.tables != sealed:
            raise BackupDamaged()
        if check.data_version > LATEST_VERSION:
            raise BackupTooNew()
        return check.tables
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            scratch.unlink()
        raise


def verify_backup(files: VaultFiles, path: Path, secret: str, clock: Clock) -> VerifiedBackup:
    """Everything a restore would check, without changing anything."""
    manifest = bundle.read_manifest(Path(path))
    bundle.check_members(Path(path), manifest)
    raw_key, _ = open_backup_key(Path(path), manifest, secret)
    scratch = _scratch(files, clock, "verify")
    try:
        tables = check_backup_contents(Path(path), manifest, raw_key, scratch)
    finally:
        with contextlib.suppress(FileNotFoundError):
            scratch.unlink()
    return VerifiedBackup(_info(Path(path), manifest), tables)


def restore_backup(
    files: VaultFiles,
    clock: Clock,
    path: Path,
    secret: str,
    *,
    current: Practice | None = None,
    replace_other_practice: bool = False,
) -> Restored:
    path = Path(path)
    manifest = bundle.read_manifest(path)
    if manifest.data_version > LATEST_VERSION:
        raise BackupTooNew()
    if not replace_other_practice and _current_vault_id(files) not in (None, manifest.vault_id):
        raise BackupOfAnotherPractice()
    bundle.check_members(path, manifest)
    raw_key, used_recovery_code = open_backup_key(path, manifest, secret)
    key_file_bytes = bundle.read_key_file_bytes(path, manifest)
    scratch = _scratch(files, clock, "restore")
    check_backup_contents(path, manifest, raw_key, scratch)
    try:
        safety = None
        if current is not None and current.is_open:
            safety = current.backups.safety_copy().path
            current.close("restore")
        aside = _move_aside(files, clock)
        os.replace(scratch, files.database)
        write_atomic(files.key_file, key_file_bytes)
        with contextlib.suppress(FileNotFoundError):
            files.setup_marker.unlink()
        fsync_dir(files.home)
    finally:
        with contextlib.suppress(FileNotFoundError):
            scratch.unlink()
    from practice_desk.services.practice import open_practice  # storage loads on demand

    practice = open_practice(files, keyfile.loads(key_file_bytes), raw_key, clock)
    try:
        practice.note_unlock("restore", [])
        practice.audit.record(
            AuditAction.BACKUP_RESTORED,
            detail=manifest.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        # Records destroyed since the backup was made stay destroyed.
        practice.retention.destroy_again_after_restore()
    except BaseException:
        practice.close()
        raise
    practice.must_choose_passphrase = used_recovery_code
    return Restored(practice, used_recovery_code, aside, safety)


def _current_vault_id(files: VaultFiles) -> str | None:
    try:
        return keyfile.read_key_file(files.key_file).vault_id
    except (OSError, KeyFileDamaged):
        return None


def _scratch(files: VaultFiles, clock: Clock, what: str) -> Path:
    ensure_private_dir(files.work)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    scratch = files.work / f"{what}-{stamp}-{os.getpid()}.db"
    with contextlib.suppress(FileNotFoundError):
        scratch.unlink()  # left over from an interrupted attempt: only ever a copy
    return scratch


def _move_aside(files: VaultFiles, clock: Clock) -> Path | None:
    present = [p for p in [*files.database_companions(), files.key_file] if p.exists()]
    if not present:
        return None
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    aside = files.backups / f"replaced-{stamp}"
    counter = 2
    while aside.exists():
        aside = files.backups / f"replaced-{stamp}-{counter}"
        counter += 1
    ensure_private_dir(aside)
    for p in present:
        os.replace(p, aside / p.name)
    fsync_dir(aside)
    fsync_dir(files.home)
    return aside
