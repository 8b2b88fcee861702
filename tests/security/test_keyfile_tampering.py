"""A key file altered outside Practice Desk must never give out a key.

Each case edits one field. Without a matching checksum the file is reported as damaged; an
attacker who also recomputes the checksum still gets a wrong-secret or tampered error, whichever
secret they try, because the slots are bound to the vault and their KDF settings and a MAC
covers the whole file.
"""

import base64
import copy
import hashlib
import json

import pytest

from practice_desk.security.errors import (
    KeyFileDamaged,
    KeyFileTampered,
    WrongPassphrase,
    WrongRecoveryCode,
)
from practice_desk.security.kdf import MAX_ITERATIONS, MIN_MEMORY_KIB
from practice_desk.security.keyfile import dumps, loads, unwrap

OPENED = "OPENED"


def recompute_checksum(body):
    body = dict(body)
    body.pop("checksum", None)
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")
    body["checksum"] = hashlib.sha256(canonical).hexdigest()
    return body


def encode(body):
    return json.dumps(body, indent=2, sort_keys=True).encode("ascii")


def flip_b64(text, index=0):
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


def slot_of(body, kind):
    return next(slot for slot in body["slots"] if slot["kind"] == kind)


def outcome(data, kind, secret):
    try:
        key_file = loads(data)
        unwrap(key_file, kind, secret)
    except (KeyFileDamaged, KeyFileTampered, WrongPassphrase, WrongRecoveryCode) as exc:
        return type(exc)
    return OPENED


def set_vault_id(body):
    body["vault_id"] = body["vault_id"][:-1] + ("0" if body["vault_id"][-1] != "0" else "1")


def set_created_at(body):
    body["created_at"] = "2020-01-01T00:00:00+00:00"


def flip_key_check(body):
    body["key_check"] = flip_b64(body["key_check"])


def flip_mac(body):
    body["mac"] = flip_b64(body["mac"], 5)


def flip_salt(body):
    kdf = slot_of(body, "passphrase")["kdf"]
    kdf["salt"] = flip_b64(kdf["salt"])


def more_iterations(body):
    slot_of(body, "passphrase")["kdf"]["iterations"] += 1


def more_memory(body):
    slot_of(body, "passphrase")["kdf"]["memory_kib"] += 1024


def fewer_lanes(body):
    slot_of(body, "passphrase")["kdf"]["lanes"] -= 1


def flip_nonce(body):
    slot = slot_of(body, "passphrase")
    slot["nonce"] = flip_b64(slot["nonce"], 3)


def flip_ciphertext(body):
    slot = slot_of(body, "passphrase")
    slot["ciphertext"] = flip_b64(slot["ciphertext"], 7)


def flip_recovery_ciphertext(body):
    slot = slot_of(body, "recovery")
    slot["ciphertext"] = flip_b64(slot["ciphertext"], 40)  # inside the GCM tag


def swap_kinds(body):
    first, second = body["slots"]
    first["kind"], second["kind"] = second["kind"], first["kind"]


def swap_payloads(body):
    """Move the recovery slot's KDF, nonce and ciphertext under the passphrase label."""
    passphrase, recovery = slot_of(body, "passphrase"), slot_of(body, "recovery")
    for field in ("kdf", "nonce", "ciphertext"):
        passphrase[field], recovery[field] = recovery[field], passphrase[field]


TAMPER = pytest.mark.parametrize(
    ("edit", "with_passphrase", "with_code"),
    [
        (set_vault_id, WrongPassphrase, WrongRecoveryCode),
        (set_created_at, KeyFileTampered, KeyFileTampered),
        (flip_key_check, KeyFileTampered, KeyFileTampered),
        (flip_mac, KeyFileTampered, KeyFileTampered),
        (flip_salt, WrongPassphrase, KeyFileTampered),
        (more_iterations, WrongPassphrase, KeyFileTampered),
        (more_memory, WrongPassphrase, KeyFileTampered),
        (fewer_lanes, WrongPassphrase, KeyFileTampered),
        (flip_nonce, WrongPassphrase, KeyFileTampered),
        (flip_ciphertext, WrongPassphrase, KeyFileTampered),
        (flip_recovery_ciphertext, KeyFileTampered, WrongRecoveryCode),
        (swap_kinds, WrongPassphrase, WrongRecoveryCode),
        (swap_payloads, WrongPassphrase, WrongRecoveryCode),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)


def original_body(sealed):
    return json.loads(dumps(sealed.key_file))


@TAMPER
def test_edit_without_new_checksum_is_reported_as_damage(sealed, edit, with_passphrase, with_code):
    body = original_body(sealed)
    edit(body)
    data = encode(body)  # the stale checksum stays
    assert outcome(data, "passphrase", sealed.passphrase) is KeyFileDamaged
    assert outcome(data, "recovery", sealed.recovery_code) is KeyFileDamaged


@TAMPER
def test_edit_with_recomputed_checksum_never_unlocks(sealed, edit, with_passphrase, with_code):
    body = original_body(sealed)
    edit(body)
    data = encode(recompute_checksum(body))
    assert outcome(data, "passphrase", sealed.passphrase) is with_passphrase
    assert outcome(data, "recovery", sealed.recovery_code) is with_code


def test_swapped_kinds_do_not_open_with_either_secret_in_either_slot(sealed):
    body = original_body(sealed)
    swap_kinds(body)
    data = encode(recompute_checksum(body))
    for kind in ("passphrase", "recovery"):
        for secret in (sealed.passphrase, sealed.recovery_code):
            assert outcome(data, kind, secret) is not OPENED


def test_the_untouched_file_still_opens(sealed):
    data = encode(recompute_checksum(original_body(sealed)))
    assert loads(data) == sealed.key_file
    assert unwrap(loads(data), "passphrase", sealed.passphrase) == sealed.raw_key


@pytest.mark.parametrize(
    "edit",
    [
        lambda body: body.update(checksum="0" * 64),
        lambda body: body.update(checksum=body["checksum"].upper()),
        lambda body: body.pop("checksum"),
        lambda body: body.update(checksum=None),
        lambda body: body.update(checksum="é"),
    ],
    ids=["zeros", "upper-case", "missing", "null", "non-ascii"],
)
def test_a_changed_or_missing_checksum_is_damage(sealed, edit):
    body = original_body(sealed)
    edit(body)
    with pytest.raises(KeyFileDamaged):
        loads(json.dumps(body).encode("ascii"))


def set_kdf(field, value):
    def edit(body):
        slot_of(body, "recovery")["kdf"][field] = value

    edit.__name__ = f"{field}={value!r}"
    return edit


@pytest.mark.parametrize(
    "edit",
    [
        set_kdf("memory_kib", MIN_MEMORY_KIB - 1),
        set_kdf("memory_kib", 1024),
        set_kdf("memory_kib", 0),
        set_kdf("memory_kib", 64 * 1024 * 1024),
        set_kdf("iterations", 0),
        set_kdf("iterations", -1),
        set_kdf("iterations", MAX_ITERATIONS + 1),
        set_kdf("iterations", 10**12),
        set_kdf("iterations", True),
        set_kdf("iterations", 1.0),
        set_kdf("iterations", "1"),
        set_kdf("lanes", 0),
        set_kdf("lanes", 1000),
        set_kdf("salt", base64.b64encode(b"short").decode()),
        set_kdf("salt", "not base64!"),
        set_kdf("name", "argon2i"),
        set_kdf("name", "pbkdf2"),
    ],
    ids=lambda edit: edit.__name__,
)
def test_weak_or_absurd_kdf_settings_are_refused_before_any_work(sealed, edit):
    body = original_body(sealed)
    edit(body)
    with pytest.raises(KeyFileDamaged):
        loads(encode(recompute_checksum(body)))


@pytest.mark.parametrize(
    "edit",
    [
        lambda body: body.update(version=2),
        lambda body: body.update(format="something-else"),
        lambda body: body["slots"].pop(),
        lambda body: body["slots"].append(copy.deepcopy(body["slots"][0])),
        lambda body: body.update(slots=[body["slots"][0], copy.deepcopy(body["slots"][0])]),
        lambda body: body.update(slots={}),
        lambda body: slot_of(body, "recovery").update(kind="backdoor"),
        lambda body: slot_of(body, "recovery").update(nonce=base64.b64encode(b"x" * 16).decode()),
        lambda body: slot_of(body, "recovery").update(ciphertext=""),
        lambda body: body.pop("mac"),
        lambda body: body.update(key_check=12345),
    ],
    ids=[
        "newer-version",
        "other-format",
        "slot-removed",
        "slot-duplicated",
        "two-passphrase-slots",
        "slots-not-a-list",
        "unknown-kind",
        "nonce-wrong-size",
        "ciphertext-empty",
        "mac-missing",
        "key-check-not-text",
    ],
)
def test_structural_changes_are_damage(sealed, edit):
    body = original_body(sealed)
    edit(body)
    with pytest.raises(KeyFileDamaged):
        loads(encode(recompute_checksum(body)))


def test_a_newer_version_says_so(sealed):
    body = original_body(sealed)
    body["version"] = 2
    with pytest.raises(KeyFileDamaged, match="newer Practice Desk"):
        loads(encode(recompute_checksum(body)))
