import os
import stat

import pytest

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.profile import PracticeProfile, ProfileInvalid
from practice_desk.domain.recovery_code import normalize_recovery_code
from practice_desk.security.keyfile import read_key_file
from practice_desk.services.practice import PassphraseRejected
from practice_desk.services.vault import VaultState
from practice_desk.storage.migrations import LATEST_VERSION
from tests.conftest import PASSPHRASE, PROFILE, snapshot


def test_create_then_unlock(new_vault, clock):
    created = new_vault.create(PROFILE, PASSPHRASE)
    try:
        assert created.created_at == clock.now()
        assert normalize_recovery_code(created.recovery_code) == created.recovery_code
        assert created.practice.profile == PROFILE
        assert created.practice.health_report().data_version == LATEST_VERSION
    finally:
        created.practice.close()
    assert new_vault.state() is VaultState.LOCKED
    assert read_key_file(new_vault.files.key_file).created_at == clock.now().isoformat()
    new_vault.unlock(PASSPHRASE).close()
    new_vault.unlock_with_recovery_code(created.recovery_code).close()


def test_the_profile_is_stored_trimmed(new_vault):
    messy = PracticeProfile("  Ελένη   Praxis ", " Ελένη  Παπαδοπούλου ", "")
    created = new_vault.create(messy, PASSPHRASE)
    created.practice.close()
    practice = new_vault.unlock(PASSPHRASE)
    try:
        assert practice.profile == PracticeProfile("Ελένη Praxis", "Ελένη Παπαδοπούλου", "")
    finally:
        practice.close()


def test_home_folder_and_files_are_private(new_vault):
    old = os.umask(0o022)
    try:
        new_vault.files.home.mkdir(mode=0o755)
        new_vault.create(PROFILE, PASSPHRASE).practice.close()
    finally:
        os.umask(old)
    home = new_vault.files.home
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    names = sorted(path.name for path in home.iterdir())
    assert names == ["practice.db", "practice.keys"]  # no setup marker, no temp files
    for name in names:
        assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name


def test_every_practice_gets_its_own_key_and_code(new_vault, tmp_path, clock):
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault

    first = new_vault.create(PROFILE, PASSPHRASE)
    first.practice.close()
    other = Vault(VaultFiles(tmp_path / "other"), clock, kdf_params=fast_params_for_tests)
    second = other.create(PROFILE, PASSPHRASE)
    second.practice.close()
    assert first.recovery_code != second.recovery_code
    assert first.practice.vault_id != second.practice.vault_id


def test_create_refuses_when_a_practice_already_exists(vault):
    before = snapshot(vault.files.home)
    with pytest.raises(PracticeDeskError, match="already exists"):
        vault.create(PROFILE, PASSPHRASE)
    assert snapshot(vault.files.home) == before


@pytest.mark.parametrize(
    "remove", ["practice.keys", "practice.db"], ids=["only-database", "only-key-file"]
)
def test_create_refuses_next_to_half_a_practice(vault, remove):
    (vault.files.home / remove).unlink()
    before = snapshot(vault.files.home)
    with pytest.raises(PracticeDeskError, match="already exists"):
        vault.create(PROFILE, PASSPHRASE)
    assert snapshot(vault.files.home) == before


def test_create_refuses_next_to_an_emptied_database(vault):
    vault.files.database.write_bytes(b"")
    before = snapshot(vault.files.home)
    with pytest.raises(PracticeDeskError):
        vault.create(PROFILE, PASSPHRASE)
    assert snapshot(vault.files.home) == before


def test_short_passphrase_is_refused_before_anything_is_written(new_vault):
    with pytest.raises(PassphraseRejected):
        new_vault.create(PROFILE, "too short")
    assert not new_vault.files.home.exists()


def test_invalid_profile_is_refused_before_anything_is_written(new_vault):
    with pytest.raises(ProfileInvalid):
        new_vault.create(PracticeProfile(" ", "Dr. A"), PASSPHRASE)
    assert not new_vault.files.home.exists()


@pytest.mark.parametrize(
    "leftovers",
    [
        {"practice.db": os.urandom(4096)},
        {"practice.db": b"", "practice.db-wal": b"x" * 100},
        {"practice.keys": b'{"half": '},
        {"practice.db": os.urandom(8192), "practice.keys": b"{}"},
    ],
    ids=["database-only", "empty-db-and-wal", "half-key-file", "both"],
)
def test_an_interrupted_setup_shows_new_and_can_be_run_again(new_vault, leftovers):
    home = new_vault.files.home
    home.mkdir(mode=0o700)
    new_vault.files.setup_marker.touch()
    for name, data in leftovers.items():
        (home / name).write_bytes(data)
    assert new_vault.state() is VaultState.NEW

    created = new_vault.create(PROFILE, PASSPHRASE)
    created.practice.close()
    assert not new_vault.files.setup_marker.exists()
    assert new_vault.state() is VaultState.LOCKED
    practice = new_vault.unlock(PASSPHRASE)
    try:
        assert practice.profile == PROFILE
    finally:
        practice.close()


def test_files_of_an_interrupted_setup_are_moved_aside_not_deleted(new_vault):
    home = new_vault.files.home
    home.mkdir(mode=0o700)
    new_vault.files.setup_marker.touch()
    leftover = os.urandom(4096)
    new_vault.files.database.write_bytes(leftover)

    new_vault.create(PROFILE, PASSPHRASE).practice.close()

    kept = list((home / "backups").glob("interrupted-setup-*/practice.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == leftover
