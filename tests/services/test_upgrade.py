import stat

from practice_desk.domain.profile import PracticeProfile
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.vault import Vault
from practice_desk.storage.migrations import LATEST_VERSION
from tests.conftest import PASSPHRASE


def test_unlocking_an_old_practice_upgrades_it_after_a_backup(make_old_practice, clock):
    files = make_old_practice()
    vault = Vault(files, clock, kdf_params=fast_params_for_tests)
    practice = vault.unlock(PASSPHRASE)
    try:
        assert practice.profile == PracticeProfile("Old Name Practice", "Dr Old", "")
        assert practice.health_report().data_version == LATEST_VERSION
    finally:
        practice.close()

    backups = list(files.backups.iterdir())
    assert [path.name for path in backups] == ["before-upgrade-20260105-090000.db"]
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(files.backups.stat().st_mode) == 0o700

    # A second unlock finds nothing to do and makes no further backup.
    clock.advance(minutes=5)
    vault.unlock(PASSPHRASE).close()
    assert len(list(files.backups.iterdir())) == 1
