"""The backup file: one zip (stored, not compressed: encrypted pages don't compress) holding

- ``practice.db``: the encrypted database, written by sqlcipher_export;
- ``practice.keys``: the key file as it was that day (the passphrase and recovery code of
  that day open the backup);
- ``manifest.json``: format, app and data version, time, sizes and SHA-256 checksums, and the
  row counts sealed with the practice key (see security/sealing.py).

The checksums can be checked by anyone; the contents only with the key. A file is first
written beside its final name and renamed when complete, so a crash or a full disk never
leaves something that looks like a backup.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from practice_desk.safe_files import PRIVATE_FILE_MODE, fsync_dir
from practice_desk.services.backup_errors import BackupDamaged, BackupTooNew, NotABackup

FORMAT = "practice-desk-backup"
FORMAT_VERSION = 1
SUFFIX = ".pdbackup"
MEMBER_DB = "practice.db"
MEMBER_KEYS = "practice.keys"
MEMBER_MANIFEST = "manifest.json"
COUNTS_PURPOSE = "backup-row-counts"
_CHUNK = 1 << 20
_MANIFEST_MAX = 64 * 1024


@dataclass(frozen=True)
class Member:
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    app_version: str
    data_version: int
    created_at: datetime  # aware, UTC
    vault_id: str
    reason: str  # lock, quit, daily, manual, before-restore, custodian
    members: dict[str, Member]
    sealed_counts: str

    def to_json(self) -> bytes:
        body: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": self.app_version,
            "data_version": self.data_version,
            "created_at": self.created_at.isoformat(),
            "vault_id": self.vault_id,
            "reason": self.reason,
            "files": {
                name: {"size": m.size, "sha256": m.sha256} for name, m in self.members.items()
            },
            "sealed_row_counts": self.sealed_counts,
        }
        return json.dumps(body, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            body = json.loads(data.decode("utf-8"))
            if body["format"] != FORMAT:
                raise NotABackup()
            if int(body["format_version"]) > FORMAT_VERSION:
                raise BackupTooNew()
            members = {
                str(name): Member(int(m["size"]), str(m["sha256"]))
                for name, m in body["files"].items()
            }
            created_at = datetime.fromisoformat(body["created_at"])
            if created_at.tzinfo is None or set(members) != {MEMBER_DB, MEMBER_KEYS}:
                raise NotABackup()
            return cls(
                app_version=str(body["app_version"]),
                data_version=int(body["data_version"]),
                created_at=created_at,
                vault_id=str(body["vault_id"]),
                reason=str(body["reason"]),
                members=members,
                sealed_counts=str(body["sealed_row_counts"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError):
            raise NotABackup() from None


def write_bundle(
    target: Path,
    database: Path,
    key_file_bytes: bytes,
    manifest_for: Any,
    *,
    before_naming: Callable[[Path, Manifest], None] | None = None,
) -> Manifest:
    """Pack `database` and the key file into `target`, then the manifest that
    `manifest_for(members)` returns for their sizes and checksums. Atomic: the file appears
    under its name only when complete and flushed to disk, and after
    `before_naming(partial_path, manifest)` has returned, when given (the caller's last
    checks; whatever it raises removes the file)."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
            with database.open("rb") as source, zf.open(MEMBER_DB, "w", force_zip64=True) as out:
                db_member = _copy_hashing(source, out)
            zf.writestr(MEMBER_KEYS, key_file_bytes)
            members = {
                MEMBER_DB: db_member,
                MEMBER_KEYS: Member(
                    len(key_file_bytes), hashlib.sha256(key_file_bytes).hexdigest()
                ),
            }
            manifest: Manifest = manifest_for(members)
            zf.writestr(MEMBER_MANIFEST, manifest.to_json())
            zf.close()
            raw.flush()
            os.fsync(raw.fileno())
        if before_naming is not None:
            before_naming(partial, manifest)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    fsync_dir(target.parent)
    return manifest


def _copy_hashing(source: IO[bytes], out: IO[bytes] | None) -> Member:
    """Size and SHA-256 of `source`, copied to `out` on the way when there is one."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
        size += len(chunk)
    return Member(size, digest.hexdigest())


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotABackup() from None


def read_manifest(path: Path) -> Manifest:
    with _open(path) as zf:
        try:
            info = zf.getinfo(MEMBER_MANIFEST)
            if info.file_size > _MANIFEST_MAX:
                raise NotABackup()
            return Manifest.from_json(zf.read(info))
        except (KeyError, zipfile.BadZipFile):
            raise NotABackup() from None


def read_key_file_bytes(path: Path, manifest: Manifest) -> bytes:
    with _open(path) as zf:
        try:
            data = zf.read(MEMBER_KEYS)
        except (KeyError, zipfile.BadZipFile):
            raise BackupDamaged() from None
    expected = manifest.members[MEMBER_KEYS]
    if len(data) != expected.size or hashlib.sha256(data).hexdigest() != expected.sha256:
        raise BackupDamaged()
    return data


def check_members(path: Path, manifest: Manifest) -> None:
    """Raise BackupDamaged unless every member matches its size and checksum."""
    with _open(path) as zf:
        for name, expected in manifest.members.items():
            try:
                with zf.open(name) as member:
                    found = _copy_hashing(member, None)
            except (KeyError, zipfile.BadZipFile, OSError):
                raise BackupDamaged() from None
            if found != expected:
                raise BackupDamaged()


def extract_database(path: Path, manifest: Manifest, target: Path) -> None:
    """Write the backup's database to `target` (a new private file), checking its checksum on
    the way; a mismatch removes the partial file and raises BackupDamaged."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as out, _open(path) as zf:
            try:
                with zf.open(MEMBER_DB) as member:
                    found = _copy_hashing(member, out)
            except (KeyError, zipfile.BadZipFile):
                raise BackupDamaged() from None
            out.flush()
            os.fsync(out.fileno())
        if found != manifest.members[MEMBER_DB]:
            raise BackupDamaged()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        raise
