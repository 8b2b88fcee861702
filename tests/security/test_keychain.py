import os

import keyring
import keyring.backends.fail
import keyring.backends.kwallet
import keyring.backends.libsecret
import keyring.backends.null
import keyring.backends.SecretService
import keyrings.alt.file
import pytest
from keyring.backends.chainer import ChainerBackend

from practice_desk.security.errors import KeychainUnavailable
from practice_desk.security.keychain import SERVICE, Keychain, refusal_reason

VAULT_ID = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("backend", "words"),
    [
        (keyring.backends.fail.Keyring(), "No system keychain"),
        (keyring.backends.null.Keyring(), "No system keychain"),
        (keyrings.alt.file.PlaintextKeyring(), "plain file"),
    ],
    ids=["fail", "null", "alt-plaintext"],
)
def test_backends_that_keep_nothing_or_keep_a_file_are_refused(backend, words):
    reason = refusal_reason(backend)
    assert reason is not None
    assert words in reason
    assert "\n" not in reason
    assert reason.endswith(".")


@pytest.mark.parametrize(
    "backend",
    [ChainerBackend(), object(), "keyring"],
    ids=["chainer", "object", "string"],
)
def test_unknown_backends_are_refused(backend):
    assert refusal_reason(backend) == "This computer's keychain is not one Practice Desk can trust."


def test_the_in_memory_test_keychain_is_not_trusted(memory_keyring):
    assert refusal_reason(memory_keyring) is not None


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.SecretService.Keyring(),
        keyring.backends.libsecret.Keyring(),
        keyring.backends.kwallet.DBusKeyring(),
    ],
    ids=["secret-service", "libsecret", "kwallet"],
)
def test_real_os_keychains_are_accepted(backend):
    assert refusal_reason(backend) is None


def test_detect_offers_nothing_when_only_the_fail_backend_exists():
    keyring.set_keyring(keyring.backends.fail.Keyring())
    offer = Keychain.detect()
    assert offer.store is None
    assert offer.reason == "No system keychain was found on this computer."


def test_detect_never_offers_a_plaintext_file_keychain(tmp_path):
    backend = keyrings.alt.file.PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    keyring.set_keyring(backend)
    offer = Keychain.detect()
    assert offer.store is None
    assert "plain file" in offer.reason


def test_remember_recall_forget_round_trip(memory_keyring):
    chain = Keychain(memory_keyring)
    raw_key = os.urandom(32)
    chain.remember(VAULT_ID, raw_key)
    assert chain.recall(VAULT_ID) == raw_key
    assert chain.recall("another-vault") is None
    chain.forget(VAULT_ID)
    assert chain.recall(VAULT_ID) is None
    assert memory_keyring.entries == {}


def test_the_key_is_stored_under_the_app_and_vault_not_in_the_clear_elsewhere(memory_keyring):
    raw_key = os.urandom(32)
    Keychain(memory_keyring).remember(VAULT_ID, raw_key)
    assert list(memory_keyring.entries) == [(SERVICE, f"vault-{VAULT_ID}")]


def test_forgetting_twice_or_forgetting_nothing_is_harmless(memory_keyring):
    chain = Keychain(memory_keyring)
    chain.forget(VAULT_ID)
    chain.forget(VAULT_ID)
    assert chain.recall(VAULT_ID) is None


def test_a_forgetful_keychain_makes_remember_fail_loudly(memory_keyring):
    memory_keyring.forgetful = True
    chain = Keychain(memory_keyring)
    with pytest.raises(KeychainUnavailable, match="did not keep the key"):
        chain.remember(VAULT_ID, os.urandom(32))
    assert chain.recall(VAULT_ID) is None


def test_a_broken_keychain_makes_remember_fail_and_recall_return_none(memory_keyring):
    chain = Keychain(memory_keyring)
    chain.remember(VAULT_ID, os.urandom(32))
    memory_keyring.broken = True
    assert chain.recall(VAULT_ID) is None
    with pytest.raises(KeychainUnavailable, match="refused to store"):
        chain.remember(VAULT_ID, os.urandom(32))


def test_a_garbled_entry_is_treated_as_nothing_remembered(memory_keyring):
    memory_keyring.entries[(SERVICE, f"vault-{VAULT_ID}")] = "not hex at all"
    assert Keychain(memory_keyring).recall(VAULT_ID) is None
