"""Small sealed values bound to the practice's raw key (AES-256-GCM under an HKDF subkey).

A backup's manifest sits unencrypted beside the database so its checksums can be checked
without the key. What the manifest must not show to whoever holds the file (how many clients
and sessions the practice has) is sealed here; sealing also proves it was written by the
practice and not edited since.
"""

from __future__ import annotations

import base64
import binascii
import os

from practice_desk.security.errors import SealBroken

_NONCE_BYTES = 12


def _subkey(raw_key: bytes, purpose: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"practice-desk/sealed/{purpose}".encode(),
    ).derive(raw_key)


def seal(raw_key: bytes, purpose: str, data: bytes) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_subkey(raw_key, purpose)).encrypt(nonce, data, purpose.encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(raw_key: bytes, purpose: str, text: str) -> bytes:
    """The sealed bytes, or SealBroken if the value was changed or sealed with another key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        blob = base64.b64decode(text.encode("ascii"), validate=True)
        return AESGCM(_subkey(raw_key, purpose)).decrypt(
            blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], purpose.encode()
        )
    except (InvalidTag, ValueError, binascii.Error, UnicodeEncodeError):
        raise SealBroken() from None
