import json
import os
import stat
import unicodedata

import pytest

from practice_desk.security.errors import KeyFileDamaged, WrongPassphrase, WrongRecoveryCode
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.security.keyfile import (
    create_key_file,
    dumps,
    key_matches,
    loads,
    read_key_file,
    rewrap,
    unwrap,
    write_key_file,
)


def test_dumps_loads_round_trip_is_exact(sealed):
    data = dumps(sealed.key_file)
    assert loads(data) == sealed.key_file
    assert dumps(loads(data)) == data


def test_the_file_is_plain_ascii_json_and_holds_no_secret(sealed):
    data = dumps(sealed.key_file)
    body = json.loads(data.decode("ascii"))
    assert body["format"] == "practice-desk-keyfile"
    assert sorted(slot["kind"] for slot in body["slots"]) == ["passphrase", "recovery"]
    for secret in (sealed.passphrase, sealed.recovery_code, sealed.raw_key.hex()):
        assert secret.encode() not in data
    assert sealed.raw_key not in data


def test_write_and_read_back_leaves_a_private_file_and_no_temp_files(sealed, tmp_path):
    target = tmp_path / "practice.keys"
    write_key_file(target, sealed.key_file)
    assert read_key_file(target) == sealed.key_file
    assert os.listdir(tmp_path) == ["practice.keys"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_passphrase_and_recovery_code_open_the_same_raw_key(sealed):
    kf = sealed.key_file
    assert unwrap(kf, "passphrase", sealed.passphrase) == sealed.raw_key
    assert unwrap(kf, "recovery", sealed.recovery_code) == sealed.raw_key


def test_wrong_passphrase_is_named_as_such(sealed):
    with pytest.raises(WrongPassphrase):
        unwrap(sealed.key_file, "passphrase", sealed.passphrase + " ")


def test_wrong_recovery_code_is_named_as_such(sealed):
    wrong = ("0" if sealed.recovery_code[0] != "0" else "1") + sealed.recovery_code[1:]
    with pytest.raises(WrongRecoveryCode):
        unwrap(sealed.key_file, "recovery", wrong)


def test_passphrase_does_not_open_the_recovery_slot(sealed):
    with pytest.raises(WrongRecoveryCode):
        unwrap(sealed.key_file, "recovery", sealed.passphrase)


def test_a_passphrase_typed_in_decomposed_unicode_still_opens(tmp_path):
    # macOS keyboards may produce "é" as e + combining accent; Windows as one character.
    composed = "café crème brûlée façade"
    raw_key = os.urandom(32)
    kf = create_key_file(
        raw_key, composed, "0" * 24, fast_params_for_tests(), "v1", "2026-01-05T09:00:00+00:00"
    )
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert unwrap(kf, "passphrase", decomposed) == raw_key


def test_rewrap_changes_only_the_chosen_slot(sealed):
    kf = sealed.key_file
    changed = rewrap(kf, sealed.raw_key, "passphrase", "a brand new passphrase here")
    assert changed.slot("recovery") == kf.slot("recovery")
    assert changed.slot("passphrase") != kf.slot("passphrase")
    assert changed.slot("passphrase").kdf.salt != kf.slot("passphrase").kdf.salt
    assert (changed.vault_id, changed.created_at, changed.key_check) == (
        kf.vault_id,
        kf.created_at,
        kf.key_check,
    )
    assert unwrap(changed, "passphrase", "a brand new passphrase here") == sealed.raw_key
    assert unwrap(changed, "recovery", sealed.recovery_code) == sealed.raw_key
    with pytest.raises(WrongPassphrase):
        unwrap(changed, "passphrase", sealed.passphrase)
    # The rewritten file survives a trip to disk.
    assert loads(dumps(changed)) == changed


def test_rewrap_of_the_recovery_slot_keeps_the_passphrase(sealed):
    new_code = "ABCDEFGHJKMNPQRSTVWXYZ01"
    changed = rewrap(sealed.key_file, sealed.raw_key, "recovery", new_code)
    assert changed.slot("passphrase") == sealed.key_file.slot("passphrase")
    assert unwrap(changed, "recovery", new_code) == sealed.raw_key
    assert unwrap(changed, "passphrase", sealed.passphrase) == sealed.raw_key


def test_rewrap_refuses_a_key_that_is_not_this_files(sealed):
    from practice_desk.security.errors import KeyFileTampered

    with pytest.raises(KeyFileTampered):
        rewrap(sealed.key_file, os.urandom(32), "passphrase", "a brand new passphrase here")


def test_key_matches_only_the_right_key(sealed):
    assert key_matches(sealed.key_file, sealed.raw_key)
    assert not key_matches(sealed.key_file, os.urandom(32))
    assert not key_matches(sealed.key_file, sealed.raw_key[:16])
    assert not key_matches(sealed.key_file, b"")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"not json at all",
        b"[1, 2, 3]",
        b"null",
        b"\xff\xfe\x00garbage",
        b'{"format": "practice-desk-keyfile"}',
        b"[" * 100_000,  # absurd nesting must not crash the app
    ],
    ids=["empty", "blank", "text", "array", "null", "binary", "no-checksum", "deep-nesting"],
)
def test_unreadable_files_are_damaged(data):
    with pytest.raises(KeyFileDamaged):
        loads(data)


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, 0.99])
def test_truncated_file_is_damaged(sealed, keep):
    data = dumps(sealed.key_file)
    with pytest.raises(KeyFileDamaged):
        loads(data[: int(len(data) * keep)])


def test_missing_file_is_damaged_with_a_plain_reason(tmp_path):
    with pytest.raises(KeyFileDamaged) as caught:
        read_key_file(tmp_path / "nothing-here.keys")
    assert "No such file" in str(caught.value)


def test_damage_messages_name_no_secret(sealed):
    data = dumps(sealed.key_file)
    with pytest.raises(KeyFileDamaged) as caught:
        loads(data.replace(b'"format"', b'"formet"'))
    assert "Restore the key file" in str(caught.value)
    assert sealed.key_file.vault_id not in str(caught.value)
