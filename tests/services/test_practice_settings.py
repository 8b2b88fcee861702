import pytest

from practice_desk.domain.profile import PracticeProfile, ProfileInvalid
from practice_desk.services.practice import AUTO_LOCK_SETTING
from practice_desk.storage import profile_store
from practice_desk.storage.migrations import LATEST_VERSION
from tests.conftest import PASSPHRASE, PROFILE


@pytest.fixture
def practice(vault):
    opened = vault.unlock(PASSPHRASE)
    yield opened
    opened.close()


def reopen(vault, practice):
    practice.close()
    return vault.unlock(PASSPHRASE)


def test_auto_lock_defaults_to_five_minutes(practice):
    assert practice.auto_lock_minutes == 5


@pytest.mark.parametrize(("asked", "kept"), [(0, 1), (-3, 1), (1, 1), (15, 15), (60, 60), (99, 60)])
def test_auto_lock_is_clamped(practice, asked, kept):
    assert practice.set_auto_lock_minutes(asked) == kept
    assert practice.auto_lock_minutes == kept


def test_auto_lock_survives_lock_and_unlock(vault, practice):
    practice.set_auto_lock_minutes(17)
    again = reopen(vault, practice)
    try:
        assert again.auto_lock_minutes == 17
    finally:
        again.close()


@pytest.mark.parametrize("stored", ["soon", "", "7.5", "9999", "-4"])
def test_a_strange_stored_value_falls_back_safely(practice, stored):
    profile_store.write_setting(practice.conn, AUTO_LOCK_SETTING, stored)
    assert 1 <= practice.auto_lock_minutes <= 60


def test_profile_update_is_trimmed_and_survives_unlocking_again(vault, practice):
    saved = practice.update_profile(PracticeProfile(" Łukasz Öztürk  Praxis", "王芳", " MSc "))
    assert saved == PracticeProfile("Łukasz Öztürk Praxis", "王芳", "MSc")
    assert practice.profile == saved
    again = reopen(vault, practice)
    try:
        assert again.profile == saved
    finally:
        again.close()


def test_an_invalid_profile_update_keeps_the_old_profile(vault, practice):
    with pytest.raises(ProfileInvalid):
        practice.update_profile(PracticeProfile("", "Someone"))
    assert practice.profile == PROFILE
    again = reopen(vault, practice)
    try:
        assert again.profile == PROFILE
    finally:
        again.close()


def test_health_report_of_a_fresh_practice_is_clean(practice):
    report = practice.health_report()
    assert report.clean
    assert report.data_version == LATEST_VERSION
    assert report.cipher_problems == [] and report.integrity_problems == []
    assert report.tables["meta"] == 2
    assert report.tables["practice_profile"] == 1
    assert report.tables["settings"] == 0
    assert report.tables["clients"] == 0
    assert report.tables["audit_log"] == 2  # the lock after setup, and this unlock


def test_health_report_counts_what_was_added(practice):
    practice.set_auto_lock_minutes(10)
    assert practice.health_report().tables["settings"] == 1


def test_health_report_finds_damage_instead_of_crashing(vault, practice):
    for number in range(300):
        profile_store.write_setting(practice.conn, f"padding-{number}", "x" * 1000)
    practice.close()
    path = vault.files.database
    pages = path.stat().st_size // 4096
    assert pages > 20
    with open(path, "r+b") as handle:
        handle.seek((pages - 2) * 4096 + 1500)
        handle.write(b"\x00" * 32)
    damaged = vault.unlock(PASSPHRASE)
    try:
        report = damaged.health_report()
    finally:
        damaged.close()
    assert not report.clean
    assert report.cipher_problems


def test_close_is_idempotent_and_locks(practice):
    practice.close()
    practice.close()
    assert not practice.is_open
    with pytest.raises(RuntimeError):
        practice.profile  # noqa: B018
