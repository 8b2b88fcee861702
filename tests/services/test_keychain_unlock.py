import os

import pytest

from practice_desk.security.errors import KeychainUnavailable
from practice_desk.security.keychain import SERVICE, Keychain
from practice_desk.services.vault import Vault
from tests.conftest import PASSPHRASE, PROFILE, snapshot


@pytest.fixture
def keychain(memory_keyring):
    return Keychain(memory_keyring)


def remember(vault, keychain):
    practice = vault.unlock(PASSPHRASE)
    try:
        practice.remember_on_this_computer(keychain)
    finally:
        practice.close()


def test_remembered_practice_opens_without_the_passphrase(vault, keychain, clock):
    remember(vault, keychain)
    fresh = Vault(vault.files, clock)  # as after restarting the app
    practice = fresh.unlock_with_keychain(keychain)
    assert practice is not None
    try:
        assert practice.profile == PROFILE
    finally:
        practice.close()


def test_forget_on_this_computer_takes_the_key_out_again(vault, keychain, memory_keyring):
    remember(vault, keychain)
    practice = vault.unlock(PASSPHRASE)
    try:
        practice.forget_on_this_computer(keychain)
    finally:
        practice.close()
    assert memory_keyring.entries == {}
    assert vault.unlock_with_keychain(keychain) is None


def test_nothing_remembered_means_ask_for_the_passphrase(vault, keychain):
    before = snapshot(vault.files.home)
    assert vault.unlock_with_keychain(keychain) is None
    assert snapshot(vault.files.home) == before


def test_a_forgetful_keychain_refuses_to_remember_and_changes_nothing(
    vault, keychain, memory_keyring
):
    memory_keyring.forgetful = True
    key_file_before = vault.files.key_file.read_bytes()
    with pytest.raises(KeychainUnavailable):
        remember(vault, keychain)
    assert vault.unlock_with_keychain(keychain) is None
    assert vault.files.key_file.read_bytes() == key_file_before
    assert sorted(p.name for p in vault.files.home.iterdir()) == ["practice.db", "practice.keys"]


def test_a_keychain_that_later_forgets_sends_back_to_the_passphrase(
    vault, keychain, memory_keyring
):
    remember(vault, keychain)
    memory_keyring.entries.clear()
    before = snapshot(vault.files.home)
    assert vault.unlock_with_keychain(keychain) is None
    assert snapshot(vault.files.home) == before
    vault.unlock(PASSPHRASE).close()  # the practice itself is fine


@pytest.mark.parametrize(
    "stored",
    [os.urandom(32).hex(), os.urandom(16).hex(), "zz-not-hex", ""],
    ids=["other-key", "short-key", "garbled", "empty"],
)
def test_a_keychain_holding_a_wrong_key_changes_nothing(
    vault, keychain, memory_keyring, template, stored
):
    memory_keyring.entries[(SERVICE, f"vault-{template.vault_id}")] = stored
    before = snapshot(vault.files.home)
    assert vault.unlock_with_keychain(keychain) is None
    assert snapshot(vault.files.home) == before
    assert sorted(p.name for p in vault.files.home.iterdir()) == ["practice.db", "practice.keys"]


def test_a_broken_keychain_changes_nothing(vault, keychain, memory_keyring):
    remember(vault, keychain)
    memory_keyring.broken = True
    before = snapshot(vault.files.home)
    assert vault.unlock_with_keychain(keychain) is None
    assert snapshot(vault.files.home) == before


def test_the_remembered_key_survives_a_passphrase_change(vault, keychain):
    remember(vault, keychain)
    practice = vault.unlock(PASSPHRASE)
    try:
        practice.change_passphrase("a different long passphrase")
    finally:
        practice.close()
    practice = vault.unlock_with_keychain(keychain)
    assert practice is not None
    practice.close()
