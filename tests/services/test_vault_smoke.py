from tests.conftest import PASSPHRASE, PROFILE


def test_template_practice_unlocks_with_its_passphrase(vault):
    practice = vault.unlock(PASSPHRASE)
    try:
        assert practice.profile == PROFILE
    finally:
        practice.close()
