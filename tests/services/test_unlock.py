import os
import shutil

import pytest

from practice_desk.security.errors import KeyFileDamaged, WrongPassphrase, WrongRecoveryCode
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.locations import VaultFiles
from practice_desk.services.practice import PassphraseRejected
from practice_desk.services.vault import KeyFileMissing, PleaseWait, Vault
from practice_desk.storage.errors import (
    DatabaseBelongsElsewhere,
    DatabaseDamaged,
    DatabaseMissing,
)
from tests.conftest import PASSPHRASE, PROFILE, snapshot

NEW_PASSPHRASE = "lantern meadow copper violin"


def test_right_passphrase_opens_the_practice(vault):
    practice = vault.unlock(PASSPHRASE)
    try:
        assert practice.is_open
        assert practice.profile == PROFILE
        assert not practice.must_choose_passphrase
    finally:
        practice.close()
    assert not practice.is_open
    with pytest.raises(RuntimeError, match="locked"):
        practice.conn  # noqa: B018


@pytest.mark.parametrize(
    "wrong",
    [
        "quiet harbour morning tidE",
        "QUIET HARBOUR MORNING TIDE",
        PASSPHRASE + " ",
        " " + PASSPHRASE,
        "",
    ],
)
def test_wrong_passphrase_changes_no_file(vault, wrong):
    before = snapshot(vault.files.home)
    with pytest.raises(WrongPassphrase) as caught:
        vault.unlock(wrong)
    assert snapshot(vault.files.home) == before
    assert "Caps Lock" in str(caught.value)


def test_truncated_database_is_refused_and_stays_empty(vault):
    vault.files.database.write_bytes(b"")
    with pytest.raises(DatabaseMissing):
        vault.unlock(PASSPHRASE)
    assert vault.files.database.stat().st_size == 0
    assert sorted(os.listdir(vault.files.home)) == ["practice.db", "practice.keys"]


def test_deleted_database_is_refused_and_not_recreated(vault):
    vault.files.database.unlink()
    with pytest.raises(DatabaseMissing):
        vault.unlock(PASSPHRASE)
    assert not vault.files.database.exists()


def test_missing_key_file_is_named(vault):
    vault.files.key_file.unlink()
    before = snapshot(vault.files.home)
    with pytest.raises(KeyFileMissing):
        vault.unlock(PASSPHRASE)
    assert snapshot(vault.files.home) == before


def test_damaged_key_file_is_named_and_nothing_is_written(vault):
    vault.files.key_file.write_bytes(vault.files.key_file.read_bytes()[:100])
    before = snapshot(vault.files.home)
    with pytest.raises(KeyFileDamaged):
        vault.unlock(PASSPHRASE)
    assert snapshot(vault.files.home) == before


def damage_page(path, page):
    with open(path, "r+b") as handle:
        handle.seek(page * 4096 + 1000)
        handle.write(os.urandom(64))


@pytest.mark.parametrize("page", [0, 1], ids=["first-page", "meta-page"])
def test_damaged_database_after_right_passphrase_is_damage_not_wrong_passphrase(vault, page):
    damage_page(vault.files.database, page)
    before = snapshot(vault.files.home)
    with pytest.raises(DatabaseDamaged) as caught:
        vault.unlock(PASSPHRASE)
    assert "passphrase is right" in str(caught.value)
    assert snapshot(vault.files.home) == before
    assert vault.throttle.failures == 0  # the practitioner typed it correctly


def test_key_file_from_another_practice_never_opens(vault, tmp_path, clock):
    other = Vault(VaultFiles(tmp_path / "other"), clock, kdf_params=fast_params_for_tests)
    other.create(PROFILE, PASSPHRASE).practice.close()
    shutil.copy(other.files.key_file, vault.files.key_file)
    before = snapshot(vault.files.home)
    with pytest.raises((DatabaseBelongsElsewhere, DatabaseDamaged)):
        vault.unlock(PASSPHRASE)
    assert snapshot(vault.files.home) == before


def test_recovery_code_opens_and_asks_for_a_new_passphrase(vault, template):
    practice = vault.unlock_with_recovery_code(template.recovery_code)
    try:
        assert practice.must_choose_passphrase
        assert practice.profile == PROFILE
        practice.change_passphrase(NEW_PASSPHRASE)
        assert not practice.must_choose_passphrase
    finally:
        practice.close()

    vault.unlock(NEW_PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        vault.unlock(PASSPHRASE)
    again = vault.unlock_with_recovery_code(template.recovery_code)
    again.close()


def test_recovery_code_may_be_typed_loosely(vault, template):
    code = template.recovery_code
    typed = " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()
    vault.unlock_with_recovery_code(typed).close()


@pytest.mark.parametrize("typed", ["ABCD", "0000-0000-0000-0000-0000-0000"])
def test_wrong_or_malformed_recovery_code_is_refused_without_writing(vault, typed):
    before = snapshot(vault.files.home)
    with pytest.raises(WrongRecoveryCode):
        vault.unlock_with_recovery_code(typed)
    assert snapshot(vault.files.home) == before
    assert vault.throttle.failures == 1


def test_change_passphrase_refuses_a_short_one_and_keeps_the_old(vault):
    practice = vault.unlock(PASSPHRASE)
    before = vault.files.key_file.read_bytes()
    try:
        with pytest.raises(PassphraseRejected):
            practice.change_passphrase("short")
    finally:
        practice.close()
    assert vault.files.key_file.read_bytes() == before
    vault.unlock(PASSPHRASE).close()


def test_change_passphrase_does_not_rewrite_the_database(vault):
    before = vault.files.database.stat()
    salt_before = vault.files.database.read_bytes()[:16]
    practice = vault.unlock(PASSPHRASE)
    try:
        practice.change_passphrase(NEW_PASSPHRASE)
    finally:
        practice.close()
    # Same file, same salt: only the key file's passphrase slot was rewrapped. (The database
    # itself grew by the audit entries for this unlock and lock.)
    assert vault.files.database.stat().st_ino == before.st_ino
    assert vault.files.database.read_bytes()[:16] == salt_before
    assert sorted(os.listdir(vault.files.home)) == ["practice.db", "practice.keys"]


def test_five_wrong_attempts_then_a_pause_even_for_the_right_one(vault, clock):
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            vault.unlock("not the passphrase at all")
    assert vault.seconds_to_wait() == 5
    with pytest.raises(PleaseWait) as caught:
        vault.unlock(PASSPHRASE)
    assert caught.value.seconds == 5
    assert "5 seconds" in str(caught.value)
    clock.advance(3)
    with pytest.raises(PleaseWait) as caught:
        vault.unlock(PASSPHRASE)
    assert caught.value.seconds == 2
    clock.advance(2)
    vault.unlock(PASSPHRASE).close()
    assert vault.throttle.failures == 0


def test_four_wrong_attempts_do_not_delay(vault):
    for _ in range(4):
        with pytest.raises(WrongPassphrase):
            vault.unlock("not the passphrase at all")
    assert vault.seconds_to_wait() == 0
    vault.unlock(PASSPHRASE).close()


def test_wrong_recovery_codes_count_towards_the_pause(vault, template):
    for _ in range(5):
        with pytest.raises(WrongRecoveryCode):
            vault.unlock_with_recovery_code("nonsense")
    with pytest.raises(PleaseWait):
        vault.unlock_with_recovery_code(template.recovery_code)
