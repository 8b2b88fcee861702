"""Restoring: the same rows come back, the present is kept first, and every wrong turn is
refused before anything changes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.security import sealing
from practice_desk.services.backup_errors import (
    BackupDamaged,
    BackupOfAnotherPractice,
    NotABackup,
    WrongBackupSecret,
)
from practice_desk.services.locations import VaultFiles
from practice_desk.services.vault import Vault, VaultState
from practice_desk.storage.database import integrity_report
from tests.conftest import PASSPHRASE, snapshot
from tests.services.backup_support import last_audit_seq, planted_practice, row_digests

NEW_PASSPHRASE = "evening lantern over still water"


@pytest.fixture
def backed_up(practice, clock):
    """A planted practice, its row digests, and a backup of exactly that state."""
    planted_practice(practice, clock)
    digests = row_digests(practice.conn)
    seq = last_audit_seq(practice.conn)
    result = practice.backups.write("manual")
    return result, digests, seq


def test_round_trip_gives_back_every_row_exactly(practice, vault, clock, backed_up):
    result, digests, seq = backed_up
    practice.clients.create(ClientDetails("Added After The Backup"))
    clock.advance(minutes=5)

    restored = vault.restore(result.path, PASSPHRASE, current=practice)
    try:
        assert not practice.is_open
        assert row_digests(restored.practice.conn, audit_up_to=seq) == digests
        names = [c.display_name for c in restored.practice.clients.summaries()]
        assert "Added After The Backup" not in names
        assert integrity_report(restored.practice.conn) == ([], [])
        assert restored.practice.audit.verify().intact
        actions = [e.action for e in restored.practice.audit.find()[:2]]
        assert actions == [AuditAction.BACKUP_RESTORED.value, AuditAction.UNLOCKED.value]
        assert not restored.used_recovery_code
    finally:
        restored.practice.close()


def test_the_present_state_is_kept_as_a_verified_safety_backup(practice, vault, clock, backed_up):
    result, _, _ = backed_up
    practice.clients.create(ClientDetails("Only In The Present"))
    clock.advance(minutes=5)

    restored = vault.restore(result.path, PASSPHRASE, current=practice)
    restored.practice.close()
    assert restored.safety_backup is not None
    assert restored.safety_backup.parent == vault.files.safety_backups
    assert restored.kept_aside is not None and (restored.kept_aside / "practice.db").exists()

    # the safety backup brings the present back
    again = vault.restore(restored.safety_backup, PASSPHRASE)
    try:
        names = [c.display_name for c in again.practice.clients.summaries()]
        assert "Only In The Present" in names
    finally:
        again.practice.close()


def test_restore_from_a_missing_database(practice, vault, backed_up):
    result, digests, seq = backed_up
    practice.close()
    vault.files.database.unlink()
    assert vault.state() is VaultState.DATABASE_MISSING

    restored = vault.restore(result.path, PASSPHRASE)
    try:
        assert vault.state() is VaultState.LOCKED
        assert row_digests(restored.practice.conn, audit_up_to=seq) == digests
        assert restored.safety_backup is None
    finally:
        restored.practice.close()


def test_restore_from_a_damaged_database_keeps_the_damaged_file(practice, vault, backed_up):
    result, digests, seq = backed_up
    practice.close()
    database = vault.files.database
    data = bytearray(database.read_bytes())
    data[5000:9000] = b"\x00" * 4000
    database.write_bytes(bytes(data))

    restored = vault.restore(result.path, PASSPHRASE)
    try:
        assert row_digests(restored.practice.conn, audit_up_to=seq) == digests
        assert (restored.kept_aside / "practice.db").read_bytes() == bytes(data)
    finally:
        restored.practice.close()


def test_restore_onto_a_new_computer(backed_up, practice, tmp_path, clock):
    result, digests, seq = backed_up
    laptop = Vault(VaultFiles(tmp_path / "new-laptop"), clock)
    assert laptop.state() is VaultState.NEW

    restored = laptop.restore(result.path, PASSPHRASE)
    try:
        assert row_digests(restored.practice.conn, audit_up_to=seq) == digests
        assert restored.kept_aside is None
    finally:
        restored.practice.close()
    assert laptop.unlock(PASSPHRASE).vault_id == practice.vault_id


def test_a_backup_opens_with_the_passphrase_of_its_day(practice, vault, template, backed_up):
    result, _, _ = backed_up
    practice.change_passphrase(NEW_PASSPHRASE)
    before = snapshot(vault.files.home)

    with pytest.raises(WrongBackupSecret):
        vault.restore(result.path, NEW_PASSPHRASE, current=practice)
    assert practice.is_open
    assert snapshot(vault.files.home) == before

    restored = vault.restore(result.path, template.recovery_code, current=practice)
    try:
        assert restored.used_recovery_code
        assert restored.practice.must_choose_passphrase
    finally:
        restored.practice.close()
    # the key file came back with the backup: that day's passphrase opens the practice
    vault.unlock(PASSPHRASE).close()


def test_a_damaged_backup_is_refused_before_anything_changes(practice, vault, backed_up):
    result, _, _ = backed_up
    damaged = result.path.with_name("damaged.pdbackup")
    data = bytearray(result.path.read_bytes())
    data[20000:20010] = b"XXXXXXXXXX"  # inside the stored database
    damaged.write_bytes(bytes(data))
    cut_short = result.path.with_name("cut.pdbackup")
    cut_short.write_bytes(result.path.read_bytes()[:50000])
    before = snapshot(vault.files.home)

    with pytest.raises(BackupDamaged):
        vault.inspect_backup(damaged)
    with pytest.raises(BackupDamaged):
        vault.restore(damaged, PASSPHRASE, current=practice)
    with pytest.raises(NotABackup):
        vault.restore(cut_short, PASSPHRASE, current=practice)
    with pytest.raises(NotABackup):
        vault.inspect_backup(vault.files.key_file)
    assert practice.is_open
    assert snapshot(vault.files.home) == before


def test_edited_row_counts_in_the_manifest_are_caught(practice, vault, backed_up, template_raw_key):
    result, _, _ = backed_up
    with zipfile.ZipFile(result.path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    counts = json.loads(
        sealing.unseal(template_raw_key, "backup-row-counts", manifest["sealed_row_counts"])
    )
    counts["clients"] += 1
    manifest["sealed_row_counts"] = sealing.seal(
        b"\x01" * 32, "backup-row-counts", json.dumps(counts).encode()
    )
    members["manifest.json"] = json.dumps(manifest).encode()
    forged = result.path.with_name("forged.pdbackup")
    with zipfile.ZipFile(forged, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)

    vault.inspect_backup(forged)  # the checksums alone can't tell
    with pytest.raises(BackupDamaged):
        vault.verify_backup(forged, PASSPHRASE)


def test_verify_reports_the_counts_without_changing_anything(practice, vault, backed_up):
    result, _, _ = backed_up
    before = snapshot(vault.files.home)
    verified = vault.verify_backup(result.path, PASSPHRASE)
    assert verified.tables["clients"] == 1
    assert verified.tables["sessions"] == 1
    assert verified.info.vault_id == practice.vault_id
    assert snapshot(vault.files.home) == before


def test_another_practices_backup_needs_an_explicit_yes(practice, vault, clock, tmp_path):
    other = Vault(VaultFiles(tmp_path / "other"), clock, kdf_params=vault._kdf_params)
    from tests.conftest import PROFILE

    created = other.create(PROFILE, PASSPHRASE)
    foreign = created.practice.backups.write("manual").path
    created.practice.close()

    with pytest.raises(BackupOfAnotherPractice):
        vault.restore(foreign, PASSPHRASE, current=practice)
    assert practice.is_open

    restored = vault.restore(foreign, PASSPHRASE, current=practice, replace_other_practice=True)
    try:
        assert restored.practice.vault_id == created.practice.vault_id
    finally:
        restored.practice.close()


def test_restoring_leaves_no_scratch_files(practice, vault, backed_up):
    result, _, _ = backed_up
    restored = vault.restore(result.path, PASSPHRASE, current=practice)
    restored.practice.close()
    assert list(Path(vault.files.work).iterdir()) == []
