"""Private, atomic file writes shared by storage, security, reports and services.

A file is either the old one or the complete new one, never half of each: write a temporary
file beside the target, flush it to disk, rename it over the target, then flush the folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def restrict_new_files() -> None:
    """From here on, files and folders this process creates are private to the user (077)."""
    if os.name == "posix":
        os.umask(0o077)


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix":
        os.chmod(path, PRIVATE_DIR_MODE)
    return path


def make_private(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, PRIVATE_FILE_MODE)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_missing_or_empty(path: Path) -> bool:
    try:
        return Path(path).stat().st_size == 0
    except FileNotFoundError:
        return True


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` so that a crash leaves either the old or the new file."""
    with atomic_writer(target) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Write `target` piece by piece (a large export need not sit in memory), with the same
    promise as write_atomic: the file appears complete, private and flushed, or not at all."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)
