"""The key file: the database's random raw key, wrapped once per way of unlocking.

(cryptography is imported inside the functions that use it: reading the file to choose the
first screen must not pay for it before the window appears.)

Each slot is AES-256-GCM over the raw key under an Argon2id key. The associated data binds a
slot to this vault and to its own KDF parameters, so neither can be swapped. After a slot
opens, a key-check value and a MAC over the whole file (keyed from the raw key) prove the
file was not altered. A plain SHA-256 checksum tells accidental damage apart early.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from practice_desk.safe_files import write_atomic
from practice_desk.security.errors import (
    KeyFileDamaged,
    KeyFileTampered,
    WrongPassphrase,
    WrongRecoveryCode,
)
from practice_desk.security.kdf import KdfParams, derive_key

FORMAT = "practice-desk-keyfile"
VERSION = 1
RAW_KEY_BYTES = 32
SlotKind = Literal["passphrase", "recovery"]
SLOT_KINDS: tuple[SlotKind, ...] = ("passphrase", "recovery")


@dataclass(frozen=True)
class KeySlot:
    kind: SlotKind
    kdf: KdfParams
    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    created_at: str
    key_check: bytes
    slots: tuple[KeySlot, ...]
    mac: bytes = b""

    def slot(self, kind: SlotKind) -> KeySlot:
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise KeyFileDamaged(f"no {kind} slot")


def new_raw_key() -> bytes:
    return os.urandom(RAW_KEY_BYTES)


def secret_bytes(secret: str) -> bytes:
    """The same passphrase typed on any system must give the same bytes."""
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def create_key_file(
    raw_key: bytes,
    passphrase: str,
    recovery_code: str,
    params: KdfParams,
    vault_id: str,
    created_at: str,
) -> KeyFile:
    slots = tuple(
        _wrap(raw_key, vault_id, kind, secret_bytes(secret), params.with_new_salt())
        for kind, secret in (("passphrase", passphrase), ("recovery", recovery_code))
    )
    draft = KeyFile(vault_id, created_at, _key_check(raw_key, vault_id), slots)
    return _sealed(draft, raw_key)


def unwrap(key_file: KeyFile, kind: SlotKind, secret: str) -> bytes:
    """Return the raw key, or raise WrongPassphrase / WrongRecoveryCode / KeyFileTampered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    slot = key_file.slot(kind)
    kek = derive_key(secret_bytes(secret), slot.kdf)
    try:
        raw_key = AESGCM(kek).decrypt(
            slot.nonce, slot.ciphertext, _slot_ad(key_file.vault_id, slot)
        )
    except InvalidTag:
        raise (WrongPassphrase() if kind == "passphrase" else WrongRecoveryCode()) from None
    verify_raw_key(key_file, raw_key)
    return raw_key


def verify_raw_key(key_file: KeyFile, raw_key: bytes) -> None:
    """Raise KeyFileTampered unless `raw_key` belongs to this file and the file is intact."""
    if len(raw_key) != RAW_KEY_BYTES or not hmac.compare_digest(
        key_file.key_check, _key_check(raw_key, key_file.vault_id)
    ):
        raise KeyFileTampered()
    if not hmac.compare_digest(key_file.mac, _mac(key_file, raw_key)):
        raise KeyFileTampered()


def key_matches(key_file: KeyFile, raw_key: bytes) -> bool:
    try:
        verify_raw_key(key_file, raw_key)
    except KeyFileTampered:
        return False
    return True


def rewrap(key_file: KeyFile, raw_key: bytes, kind: SlotKind, secret: str) -> KeyFile:
    """Replace one slot (a new passphrase or recovery code); the raw key stays the same."""
    verify_raw_key(key_file, raw_key)
    old = key_file.slot(kind)
    fresh = _wrap(raw_key, key_file.vault_id, kind, secret_bytes(secret), old.kdf.with_new_salt())
    slots = tuple(fresh if slot.kind == kind else slot for slot in key_file.slots)
    return _sealed(replace(key_file, slots=slots), raw_key)


# --- file format -----------------------------------------------------------------------------


def dumps(key_file: KeyFile) -> bytes:
    body = _body(key_file)
    body["mac"] = _b64(key_file.mac)
    body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("ascii")


def loads(data: bytes) -> KeyFile:
    """Parse a key file, or raise KeyFileDamaged naming no secret."""
    try:
        body = json.loads(data.decode("ascii"))
        if not isinstance(body, dict):
            raise ValueError("not an object")
        checksum = body.pop("checksum")
        if not hmac.compare_digest(hashlib.sha256(_canonical(body)).hexdigest(), checksum):
            raise KeyFileDamaged("its checksum does not match")
        if body["format"] != FORMAT:
            raise ValueError("not a Practice Desk key file")
        if body["version"] != VERSION:
            raise KeyFileDamaged("it was written by a newer Practice Desk")
        slots = tuple(_slot_from(raw) for raw in body["slots"])
        if sorted(slot.kind for slot in slots) != sorted(SLOT_KINDS):
            raise ValueError("unexpected slots")
        key_file = KeyFile(
            vault_id=str(body["vault_id"]),
            created_at=str(body["created_at"]),
            key_check=_unb64(body["key_check"]),
            slots=slots,
            mac=_unb64(body["mac"]),
        )
    except KeyFileDamaged:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        # RecursionError: a doctored file of deeply nested brackets must not crash the app.
        raise KeyFileDamaged(_safe_reason(exc)) from None
    return key_file


def read_key_file(path: Path) -> KeyFile:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyFileDamaged(exc.strerror or "it can't be read") from None
    return loads(data)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    write_atomic(Path(path), dumps(key_file))


# --- internals -------------------------------------------------------------------------------


def _wrap(
    raw_key: bytes, vault_id: str, kind: SlotKind, secret: bytes, params: KdfParams
) -> KeySlot:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = derive_key(secret, params)
    nonce = os.urandom(12)
    draft = KeySlot(kind, params, nonce, b"")
    ciphertext = AESGCM(kek).encrypt(nonce, raw_key, _slot_ad(vault_id, draft))
    return replace(draft, ciphertext=ciphertext)


def _slot_ad(vault_id: str, slot: KeySlot) -> bytes:
    return _canonical({"vault_id": vault_id, "kind": slot.kind, "kdf": _kdf_dict(slot.kdf)})


def _key_check(raw_key: bytes, vault_id: str) -> bytes:
    return hmac.new(raw_key, b"practice-desk/key-check/" + vault_id.encode(), "sha256").digest()[
        :16
    ]


def _mac(key_file: KeyFile, raw_key: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    mac_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"practice-desk/keyfile-mac"
    ).derive(raw_key)
    return hmac.new(mac_key, _canonical(_body(key_file)), "sha256").digest()


def _sealed(key_file: KeyFile, raw_key: bytes) -> KeyFile:
    return replace(key_file, mac=_mac(key_file, raw_key))


def _body(key_file: KeyFile) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "vault_id": key_file.vault_id,
        "created_at": key_file.created_at,
        "key_check": _b64(key_file.key_check),
        "slots": [
            {
                "kind": slot.kind,
                "kdf": _kdf_dict(slot.kdf),
                "nonce": _b64(slot.nonce),
                "ciphertext": _b64(slot.ciphertext),
            }
            for slot in key_file.slots
        ],
    }


def _kdf_dict(params: KdfParams) -> dict[str, Any]:
    return {
        "name": "argon2id",
        "salt": _b64(params.salt),
        "iterations": params.iterations,
        "memory_kib": params.memory_kib,
        "lanes": params.lanes,
    }


def _slot_from(raw: dict[str, Any]) -> KeySlot:
    kdf_raw = raw["kdf"]
    if kdf_raw["name"] != "argon2id":
        raise ValueError("unknown key derivation")
    params = KdfParams(
        salt=_unb64(kdf_raw["salt"]),
        iterations=_int(kdf_raw["iterations"]),
        memory_kib=_int(kdf_raw["memory_kib"]),
        lanes=_int(kdf_raw["lanes"]),
    )
    params.check_bounds()
    kind = raw["kind"]
    if kind not in SLOT_KINDS:
        raise ValueError("unknown slot")
    nonce, ciphertext = _unb64(raw["nonce"]), _unb64(raw["ciphertext"])
    if len(nonce) != 12 or len(ciphertext) != RAW_KEY_BYTES + 16:
        raise ValueError("slot has the wrong size")
    return KeySlot(kind, params, nonce, ciphertext)


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected a whole number")
    return value


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _safe_reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return "a required entry is missing"
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return "it is not readable"
    return str(exc) if isinstance(exc, ValueError | TypeError) else "it is not readable"
