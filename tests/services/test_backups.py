"""Writing backups: encrypted, verified, complete, rotated, and honest when they fail."""

from __future__ import annotations

import contextlib
import json
import resource
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import date

import pytest

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.backup_rotation import KeepPolicy
from practice_desk.domain.clients import ClientDetails
from practice_desk.services.backup_errors import BackupFailed, BackupFolderUnavailable
from practice_desk.storage.database import integrity_report
from tests.services.backup_support import (
    PLANTED,
    file_bytes_under,
    plaintext_forms,
    planted_practice,
)


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """The operating system refuses to grow any file past `limit` bytes, as a full drive
    refuses a write (the signal that would end the process is ignored meanwhile)."""
    saved_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    saved_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, saved_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, saved_limit)
        signal.signal(signal.SIGXFSZ, saved_handler)


def test_a_backup_holds_the_database_key_file_and_manifest_and_is_verified(practice, clock):
    planted_practice(practice, clock)
    result = practice.backups.write("manual")

    assert result.path.parent == practice.files.automatic_backups
    assert result.path.name.endswith(".pdbackup")
    with zipfile.ZipFile(result.path) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "practice.db", "practice.keys"]
        manifest = json.loads(zf.read("manifest.json"))
        assert zf.read("practice.keys") == practice.files.key_file.read_bytes()
    assert manifest["data_version"] == practice.health_report().data_version
    assert manifest["vault_id"] == practice.vault_id
    assert result.tables["clients"] == 1 and result.tables["sessions"] == 1
    # the row counts are sealed: the manifest shows no numbers about the practice
    assert "clients" not in json.dumps(manifest)
    entries = practice.audit.find()
    assert entries[0].action == AuditAction.BACKUP_WRITTEN.value
    assert entries[0].detail == "manual"


def test_no_planted_word_appears_in_any_backup_file_or_scratch_space(practice, clock):
    planted_practice(practice, clock)
    practice.backups.write("manual")
    practice.backups.write("lock")

    written = file_bytes_under(practice.files.backups)
    assert [p for p in written if p.suffix == ".pdbackup"]
    assert not [p for p in written if p.parent == practice.files.work]
    for path, data in written.items():
        for word in PLANTED:
            for form in plaintext_forms(word):
                assert form not in data, f"{word} readable in {path.name}"


def test_a_backup_is_a_snapshot_even_while_the_practice_keeps_writing(practice, clock):
    """Clients are written one per transaction with their audit entry while the backup runs
    on another thread: the backup holds whole operations only, each client with its entry."""
    stop = threading.Event()
    written = []

    def keep_writing() -> None:
        while not stop.is_set():
            written.append(practice.clients.create(ClientDetails(f"Writer {len(written)}")).id)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        job = practice.backups.prepare("daily")
        result = job.run()
    finally:
        stop.set()
        writer.join()

    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault
    from tests.conftest import PASSPHRASE

    elsewhere = Vault(VaultFiles(practice.files.home.parent / "elsewhere"), clock)
    restored = elsewhere.restore(result.path, PASSPHRASE).practice
    try:
        clients = restored.conn.execute("SELECT count(*) FROM clients").fetchone()[0]
        created = restored.conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = ?", (AuditAction.CLIENT_CREATED.value,)
        ).fetchone()[0]
        assert clients == created == result.tables["clients"]
        assert 20 <= clients <= len(written)
        assert restored.audit.verify().intact
    finally:
        restored.close()


def test_rotation_keeps_the_newest_of_each_day_week_and_month(practice, clock):
    practice.backups.set_keep(KeepPolicy(daily=3, weekly=2, monthly=2))
    folder = practice.files.automatic_backups
    stranger = folder / "practice-desk-00000000-20250101-090000.pdbackup"
    folder.mkdir(parents=True, exist_ok=True)
    stranger.write_bytes(b"another practice's backup")
    (folder / "notes.txt").write_text("not ours")

    daily = []
    for day in range(40):  # a backup every day from Monday 5 January, then one more
        if day:
            clock.advance(minutes=24 * 60)
        daily.append(practice.backups.write("daily"))
    clock.advance(minutes=60)
    last = practice.backups.write("manual")

    kept = [found.path for found in practice.backups.found()]
    assert kept[0] == last.path
    assert not daily[-1].path.exists()  # the same day's earlier backup
    # the three newest days; the newest of last week; the newest of January
    assert [found.created_at.date() for found in practice.backups.found()] == [
        date(2026, 2, 13),
        date(2026, 2, 12),
        date(2026, 2, 11),
        date(2026, 2, 8),
        date(2026, 1, 31),
    ]
    assert stranger.exists() and (folder / "notes.txt").exists()


def test_a_missing_chosen_folder_is_not_created_and_nothing_is_written(practice, tmp_path):
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    practice.backups.choose_folder(stick)
    stick.rmdir()  # unplugged

    with pytest.raises(BackupFolderUnavailable):
        practice.backups.write("lock")
    assert not stick.exists()
    assert practice.backups.status().last_at is None


def test_a_full_disk_is_told_plainly_and_leaves_no_partial_backup(practice, clock, tmp_path):
    planted_practice(practice, clock)
    folder = tmp_path / "small-drive"
    folder.mkdir()
    practice.backups.choose_folder(folder)
    before = practice.conn.execute("SELECT count(*) FROM clients").fetchone()

    # The operating system refuses any file past 64 KiB, as a full drive would.
    with file_size_limit(64 * 1024), pytest.raises(BackupFailed) as refused:
        practice.backups.write("manual")

    assert "space" in str(refused.value) or "full" in str(refused.value)
    assert "unchanged" in str(refused.value)
    assert list(folder.iterdir()) == []
    assert list(practice.files.work.iterdir()) == []
    assert practice.conn.execute("SELECT count(*) FROM clients").fetchone() == before
    assert integrity_report(practice.conn) == ([], [])


def test_status_warns_before_the_first_backup_and_after_two_days(practice, clock):
    status = practice.backups.status()
    assert status.stale and status.due and status.last_at is None
    assert not status.folder_chosen

    practice.backups.write("manual")
    assert not practice.backups.status().stale

    clock.advance(minutes=25 * 60)
    assert practice.backups.status().due and not practice.backups.status().stale
    clock.advance(minutes=24 * 60)
    assert practice.backups.status().stale


def test_a_backup_job_finishes_after_the_practice_has_locked(practice, clock):
    """Locking drops the practice's key and connection at once; the job keeps its own."""
    planted_practice(practice, clock)
    job = practice.backups.prepare("lock")
    files = practice.files
    practice.close("manual")

    result = job.run()
    assert result.path.exists()
    assert result.tables["sessions"] == 1
    assert (files.home / "backups.json").exists()


def test_chosen_folder_and_counts_survive_locking(practice, vault, tmp_path):
    folder = tmp_path / "synced"
    folder.mkdir()
    practice.backups.choose_folder(folder)
    practice.backups.set_keep(KeepPolicy(daily=5, weekly=3, monthly=6))
    practice.close()

    from tests.conftest import PASSPHRASE

    again = vault.unlock(PASSPHRASE)
    try:
        settings = again.backups.settings
        assert settings.folder == folder
        assert settings.keep == KeepPolicy(5, 3, 6)
        assert again.backups.write("manual").path.parent == folder
    finally:
        again.close()


def test_the_settings_file_holds_no_client_data(practice, clock):
    planted_practice(practice, clock)
    practice.backups.write("manual")
    text = (practice.files.home / "backups.json").read_text()
    assert set(json.loads(text)) == {"folder", "keep", "last_backup_at"}
    for word in PLANTED:
        assert word not in text


def test_old_backups_are_only_rotated_after_a_new_one_is_verified(practice, clock, tmp_path):
    folder = tmp_path / "drive"
    folder.mkdir()
    practice.backups.choose_folder(folder)
    practice.backups.set_keep(KeepPolicy(daily=1, weekly=0, monthly=0))
    first = practice.backups.write("daily")
    clock.advance(minutes=24 * 60)

    with file_size_limit(first.size // 2), pytest.raises(BackupFailed):
        practice.backups.write("daily")

    assert [found.path for found in practice.backups.found()] == [first.path]
    assert practice.backups.status().last_at == first.created_at


def test_a_backup_whose_check_fails_is_not_kept_though_it_was_packed_meanwhile(
    practice, clock, tmp_path, monkeypatch
):
    """The check runs beside the packing: it holds the file's name back until it has passed,
    and a failure leaves nothing behind, nor rotates anything away."""
    from practice_desk.services import backups
    from practice_desk.storage.database import FileCheck

    planted_practice(practice, clock)
    folder = tmp_path / "drive"
    folder.mkdir()
    practice.backups.choose_folder(folder)
    practice.backups.set_keep(KeepPolicy(daily=1, weekly=0, monthly=0))
    first = practice.backups.write("daily")
    clock.advance(minutes=24 * 60)
    real_check = backups.check_database_file
    seen_while_checking = []

    def damaged_check(path, raw_key):
        found = real_check(path, raw_key)
        seen_while_checking.append(sorted(p.name for p in folder.iterdir()))
        return FileCheck(found.data_version, ["page 3: HMAC check failed"], [], found.tables)

    monkeypatch.setattr(backups, "check_database_file", damaged_check)
    with pytest.raises(BackupFailed) as refused:
        practice.backups.write("daily")

    assert "check" in str(refused.value)
    assert [n for n in seen_while_checking[0] if n.endswith(".pdbackup")] == [first.path.name]
    assert sorted(folder.iterdir()) == [first.path]
    assert list(practice.files.work.iterdir()) == []
    assert practice.backups.status().last_at == first.created_at


def test_a_backup_is_named_only_after_its_check_has_passed(practice, clock, tmp_path, monkeypatch):
    """However long the check takes, the packing (which runs meanwhile) waits for its verdict
    before the file gets its name."""
    from practice_desk.services import backups

    planted_practice(practice, clock)
    folder = tmp_path / "drive"
    folder.mkdir()
    practice.backups.choose_folder(folder)
    real_check = backups.check_database_file
    during_check: list[list[str]] = []

    def slow_check(path, raw_key):
        for _ in range(1000):  # until the packing has started, for 10 s at most
            if any(p.name.endswith(".partial") for p in folder.iterdir()):
                break
            time.sleep(0.01)
        time.sleep(0.2)  # the packing gets as far as it can, then waits for the verdict
        during_check.append(sorted(p.name for p in folder.iterdir()))
        return real_check(path, raw_key)

    monkeypatch.setattr(backups, "check_database_file", slow_check)
    result = practice.backups.write("manual")

    (names,) = during_check
    assert len(names) == 1 and names[0].endswith(".partial")
    assert sorted(folder.iterdir()) == [result.path]
    assert result.tables["sessions"] == 1


def test_a_backup_that_reads_back_differently_is_removed_before_it_is_named(
    practice, clock, tmp_path, monkeypatch
):
    from practice_desk.services import backup_bundle
    from practice_desk.services.backup_errors import BackupDamaged

    planted_practice(practice, clock)
    folder = tmp_path / "failing-drive"
    folder.mkdir()
    practice.backups.choose_folder(folder)
    read_back = []

    def damaged_read_back(path, manifest):
        read_back.append(path.name)
        raise BackupDamaged()

    monkeypatch.setattr(backup_bundle, "check_members", damaged_read_back)
    with pytest.raises(BackupFailed) as refused:
        practice.backups.write("manual")

    assert "read back differently" in str(refused.value)
    assert len(read_back) == 1 and read_back[0].endswith(".partial")
    assert list(folder.iterdir()) == []
    assert list(practice.files.work.iterdir()) == []
    assert practice.backups.status().last_at is None


def test_leftovers_of_an_interrupted_backup_are_cleared_a_day_later(practice, clock, tmp_path):
    import os

    folder = tmp_path / "drive"
    folder.mkdir()
    practice.backups.choose_folder(folder)
    practice.files.work.mkdir(parents=True)
    old_partial = folder / ".practice-desk-0000-20260101-090000.pdbackup.partial"
    old_scratch = practice.files.work / "practice-desk-0000-20260101-090000.db"
    fresh_partial = folder / ".practice-desk-0000-20260105-085900.pdbackup.partial"
    for path in (old_partial, old_scratch, fresh_partial):
        path.write_bytes(b"encrypted pages")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (old_partial, old_scratch):
        os.utime(path, (two_days_ago, two_days_ago))

    practice.backups.write("manual")

    assert not old_partial.exists() and not old_scratch.exists()
    assert fresh_partial.exists()  # perhaps another backup, still being written
