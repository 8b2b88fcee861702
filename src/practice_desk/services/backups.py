"""Encrypted backups: written, verified, rotated.

A backup is never a file copy (committed data may still sit in the WAL): a second connection
takes one read snapshot and `sqlcipher_export`s it into a fresh encrypted file, counting the
rows in the same snapshot. That file is checked (opened with the key, cipher_integrity_check,
integrity_check, the same row counts) and packed with the key file and a manifest, and the
packed file is read back against its checksums before anything older is rotated away.

The check runs on a worker thread while the file is packed and read back: all three are
mostly SQLite, hashing and file I/O, which run without the GIL, so on a computer with two cores
or more the check no longer adds its whole time to the backup's. The packed file gets its name
only once the check and the read-back have both passed; anything that fails removes it.

A `BackupJob` holds everything it needs, so it can run on a worker thread, and even finish
after the window has locked and the practice's own connection has closed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from practice_desk import __version__
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.backup_rotation import KeepPolicy, is_due, is_stale, to_keep
from practice_desk.domain.clock import Clock
from practice_desk.safe_files import ensure_private_dir
from practice_desk.security import keyfile, sealing
from practice_desk.services import backup_bundle as bundle
from practice_desk.services.audit import AuditTrail
from practice_desk.services.backup_errors import BackupFailed, BackupFolderUnavailable
from practice_desk.services.backup_settings import (
    BackupSettings,
    note_backup,
    read_settings,
    write_settings,
)
from practice_desk.services.locations import VaultFiles
from practice_desk.storage.database import (
    Connection,
    DatabaseError,
    check_database_file,
    export_encrypted,
    open_database,
)

if TYPE_CHECKING:
    from practice_desk.services.custodian import CustodianPackage
    from practice_desk.services.practice import Practice

log = logging.getLogger(__name__)

AUTOMATIC_PREFIX = "practice-desk"
_NAME = re.compile(
    r"(?P<prefix>[a-z-]+)-(?P<vault>[0-9a-f]{8})-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.pdbackup"
)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    created_at: datetime
    size: int
    tables: dict[str, int]
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class BackupStatus:
    last_at: datetime | None
    folder: Path
    folder_chosen: bool
    stale: bool  # no backup yet, or older than two days: the status bar warns
    due: bool  # a day has passed: the daily backup should run


@dataclass(frozen=True)
class FoundBackup:
    path: Path
    created_at: datetime  # from the file name (UTC); the manifest confirms it when opened


def backup_name(prefix: str, vault_id: str, moment: datetime) -> str:
    stamp = moment.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{prefix}-{vault_id[:8]}-{stamp}{bundle.SUFFIX}"


def find_backups(folder: Path, vault_id: str, prefix: str = AUTOMATIC_PREFIX) -> list[FoundBackup]:
    """This practice's backups in `folder`, newest first. Other files are left alone: a
    shared folder may hold another practice's backups."""
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.fullmatch(path.name)
        if not match or match["prefix"] != prefix or match["vault"] != vault_id[:8]:
            continue
        moment = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
        found.append(FoundBackup(path, moment))
    found.sort(key=lambda item: (item.created_at, item.path.name), reverse=True)
    return found


def rotate(folder: Path, vault_id: str, policy: KeepPolicy) -> list[Path]:
    """Remove the automatic backups the policy no longer keeps; returns what was removed."""
    found = find_backups(folder, vault_id)
    # Rotation thinks in the practitioner's own days, weeks and months.
    keep = to_keep((item.created_at.astimezone() for item in found), policy)
    removed = []
    for item in found:
        if item.created_at.astimezone() not in keep:
            with contextlib.suppress(FileNotFoundError):
                item.path.unlink()
                removed.append(item.path)
    return removed


LEFTOVER_AGE = 24 * 3600  # seconds: older than any backup still being written


def remove_leftovers(folder: Path, pattern: str) -> None:
    """Files an interrupted backup left behind (a crash, a pulled plug): encrypted, but of no
    use to anyone. Only files a day old, so a backup running elsewhere keeps its own."""
    now = time.time()
    for path in folder.glob(pattern):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > LEFTOVER_AGE:
                path.unlink()


@dataclass
class BackupJob:
    """One backup, ready to run on any thread. `key_file_bytes` is the key file packed with it
    (the practice's own, or one re-keyed for a designated colleague)."""

    files: VaultFiles
    raw_key: bytes
    key_file_bytes: bytes
    vault_id: str
    clock: Clock
    reason: str
    folder: Path
    prefix: str = AUTOMATIC_PREFIX
    keep: KeepPolicy | None = None  # None: no rotation (safety copies, custodian packages)
    create_folder: bool = False

    def run(self) -> BackupResult:
        self._check_folder()
        moment = self.clock.now()
        target = self._free_name(moment)
        ensure_private_dir(self.files.work)
        remove_leftovers(self.files.work, "*.db")
        remove_leftovers(self.folder, f".*{bundle.SUFFIX}.partial")
        scratch = self.files.work / f"{target.stem}.db"
        conn = open_database(self.files.database, self.raw_key)
        try:
            tables = self._export(conn, scratch)
            # The export carries this version over; the check reads it back from the file.
            (data_version,) = conn.execute("PRAGMA user_version").fetchone()
            self._check_and_pack(target, scratch, moment, tables, int(data_version))
            self._note_in_audit_trail(conn)
        finally:
            conn.close()
            with contextlib.suppress(FileNotFoundError):
                scratch.unlink()
        removed = rotate(self.folder, self.vault_id, self.keep) if self.keep else []
        if self.keep is not None:
            note_backup(self.files, moment)
        return BackupResult(target, moment, target.stat().st_size, tables, removed)

    def _note_in_audit_trail(self, conn: Connection) -> None:
        try:
            AuditTrail(lambda: conn, self.clock).record(
                AuditAction.BACKUP_WRITTEN, detail=self.reason[:40]
            )
        except DatabaseError:
            # The backup is written and verified; a practice that can't take one more line
            # (a full disk) will say so at its next change, where the practitioner sees it.
            log.warning("a verified backup could not be noted in the audit trail")

    def _check_folder(self) -> None:
        if self.create_folder:
            try:
                ensure_private_dir(self.folder)
            except OSError:
                raise BackupFolderUnavailable() from None
        # A chosen folder is never created: on an unplugged USB stick that would quietly put
        # the backups on this computer's own disk instead.
        if not self.folder.is_dir() or not os.access(self.folder, os.W_OK | os.X_OK):
            raise BackupFolderUnavailable()

    def _free_name(self, moment: datetime) -> Path:
        target = self.folder / backup_name(self.prefix, self.vault_id, moment)
        counter = 2
        while target.exists():
            stem = backup_name(self.prefix, self.vault_id, moment).removesuffix(bundle.SUFFIX)
            target = self.folder / f"{stem}-{counter}{bundle.SUFFIX}"
            counter += 1
        return target

    def _export(self, conn: Connection, scratch: Path) -> dict[str, int]:
        try:
            # Not flushed: the packed file is (the scratch copy is removed afterwards).
            return export_encrypted(conn, scratch, self.raw_key, durable=False)
        except DatabaseError as exc:
            # The export writes only to the scratch file: a write failure is about this
            # computer's disk; anything else means the practice itself could not be read.
            message = str(exc).lower()
            if "full" in message or "i/o" in message:
                raise BackupFailed(
                    "There isn't enough free space on this computer to prepare the backup "
                    "(or the disk refused the write). Free some space, then back up again."
                ) from None
            raise BackupFailed(
                "The practice could not be read for the backup, which can mean it is damaged. "
                "Keep your existing backups as they are."
            ) from None
        except OSError as exc:
            raise _write_failure(exc) from None

    def _check_and_pack(
        self,
        target: Path,
        scratch: Path,
        moment: datetime,
        tables: dict[str, int],
        data_version: int,
    ) -> bundle.Manifest:
        """Check the export on a worker thread while it is packed and read back here (see
        the module's docstring). The worker is always finished before this returns or
        raises, so the scratch file can be removed then."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup-check") as pool:
            checking = pool.submit(self._check_export, scratch, tables)

            def verified(packed: Path, manifest: bundle.Manifest) -> None:
                self._check_packed(packed, manifest)
                if checking.result() != manifest.data_version:
                    raise BackupFailed(_CHECK_FAILED)

            try:
                return self._pack(target, scratch, moment, tables, data_version, verified)
            except BaseException:
                checking.result()  # a failed check is the finding to report, even then
                raise

    def _check_export(self, scratch: Path, tables: dict[str, int]) -> int:
        """Both integrity checks and the row counts of the snapshot; returns its data version."""
        check = check_database_file(scratch, self.raw_key)
        if not check.clean or check.tables != tables:
            raise BackupFailed(_CHECK_FAILED)
        return check.data_version

    def _pack(
        self,
        target: Path,
        scratch: Path,
        moment: datetime,
        tables: dict[str, int],
        data_version: int,
        before_naming: Callable[[Path, bundle.Manifest], None],
    ) -> bundle.Manifest:
        sealed = sealing.seal(
            self.raw_key, bundle.COUNTS_PURPOSE, json.dumps(tables, sort_keys=True).encode()
        )

        def manifest_for(members: dict[str, bundle.Member]) -> bundle.Manifest:
            return bundle.Manifest(
                app_version=__version__,
                data_version=data_version,
                created_at=moment.astimezone(UTC),
                vault_id=self.vault_id,
                reason=self.reason,
                members=members,
                sealed_counts=sealed,
            )

        try:
            return bundle.write_bundle(
                target, scratch, self.key_file_bytes, manifest_for, before_naming=before_naming
            )
        except OSError as exc:
            raise _write_failure(exc) from None

    def _check_packed(self, packed: Path, manifest: bundle.Manifest) -> None:
        """Read the packed file back against its checksums (before it gets its name: a
        failure here removes it)."""
        try:
            bundle.check_members(packed, manifest)
        except Exception:
            raise BackupFailed(
                "The backup read back differently from what was written (a failing drive?), "
                "so it was removed. Try another backup folder."
            ) from None


_CHECK_FAILED = "The new backup did not pass its check against the practice, so it was not kept."


def _write_failure(exc: OSError) -> BackupFailed:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BackupFailed(
            "The backup folder is full. Make room there or choose another folder, then back "
            "up again."
        )
    return BackupFailed(
        f"The backup could not be written ({exc.strerror or 'the drive refused it'})."
    )


class Backups:
    """The practice's backups: settings, status, and jobs to run."""

    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    @property
    def files(self) -> VaultFiles:
        return self._practice.files

    @property
    def settings(self) -> BackupSettings:
        return read_settings(self.files)

    def choose_folder(self, folder: Path | None) -> BackupSettings:
        """Back up into `folder` from now on (None: only inside the data folder)."""
        if folder is not None and not Path(folder).is_dir():
            raise BackupFolderUnavailable()
        updated = replace(self.settings, folder=Path(folder) if folder else None)
        write_settings(self.files, updated)
        return updated

    def set_keep(self, keep: KeepPolicy) -> BackupSettings:
        updated = replace(self.settings, keep=keep.validated())
        write_settings(self.files, updated)
        return updated

    def status(self) -> BackupStatus:
        settings = self.settings
        now = self._practice.clock.now()
        last = settings.last_backup_at
        return BackupStatus(
            last_at=last,
            folder=settings.target_folder(self.files),
            folder_chosen=settings.folder is not None,
            stale=is_stale(last, now),
            due=is_due(last, now),
        )

    def prepare(self, reason: str, *, folder: Path | None = None) -> BackupJob:
        """An automatic (or "Back up now") backup into the chosen folder, rotated; or, with
        `folder`, a one-off backup there that rotation leaves alone."""
        if folder is not None:
            return self._job(reason, folder)
        settings = self.settings
        return self._job(
            reason,
            settings.target_folder(self.files),
            keep=settings.keep,
            create_folder=settings.folder is None,
        )

    def write(self, reason: str, *, folder: Path | None = None) -> BackupResult:
        return self.prepare(reason, folder=folder).run()

    def safety_copy(self) -> BackupResult:
        """The practice as it is now, kept inside the data folder before a restore."""
        return self._job("before-restore", self.files.safety_backups, create_folder=True).run()

    def job_with_key_file(self, reason: str, folder: Path, key_file: keyfile.KeyFile) -> BackupJob:
        """A one-off backup carrying another key file (the custodian package's)."""
        job = self._job(reason, folder)
        job.key_file_bytes = keyfile.dumps(key_file)
        job.prefix = f"{AUTOMATIC_PREFIX}-{reason}"
        return job

    def write_custodian_package(self, folder: Path, colleague_name: str = "") -> CustodianPackage:
        """An encrypted package and printable instructions for a designated colleague."""
        from practice_desk.services.custodian import write_custodian_package

        return write_custodian_package(self._practice, folder, colleague_name)

    def found(self) -> list[FoundBackup]:
        return find_backups(self.status().folder, self._practice.vault_id)

    def _job(
        self,
        reason: str,
        folder: Path,
        *,
        keep: KeepPolicy | None = None,
        create_folder: bool = False,
    ) -> BackupJob:
        key_file, raw_key = self._practice.key_material()
        return BackupJob(
            files=self.files,
            raw_key=raw_key,
            key_file_bytes=keyfile.dumps(key_file),
            vault_id=key_file.vault_id,
            clock=self._practice.clock,
            reason=reason,
            folder=Path(folder),
            keep=keep,
            create_folder=create_folder,
        )
