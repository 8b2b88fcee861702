"""'Remember on this computer': the raw key in the operating system's keychain.

Only keychains that the operating system protects count. keyring's `fail` and `null`
backends, and the file-based ones from keyrings.alt, would either do nothing or leave the key
in a file beside the data, so they are refused. A keychain that fails or forgets only ever
sends the practitioner back to the passphrase prompt: it never causes a new key or database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from practice_desk.security.errors import KeychainUnavailable

SERVICE = "Practice Desk"
TRUSTED_BACKEND_MODULES = (
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.libsecret",
)

log = logging.getLogger(__name__)


def refusal_reason(backend: Any) -> str | None:
    """None when `backend` is a real OS keychain, else one plain sentence saying why not."""
    module = type(backend).__module__
    if module.startswith("keyrings.alt"):
        return "This computer's keychain stores secrets in a plain file, so it isn't offered."
    if module in ("keyring.backends.fail", "keyring.backends.null"):
        return "No system keychain was found on this computer."
    if any(
        module == trusted or module.startswith(trusted + ".") for trusted in TRUSTED_BACKEND_MODULES
    ):
        return None
    return "This computer's keychain is not one Practice Desk can trust."


@dataclass(frozen=True)
class KeychainOffer:
    """What the setup and settings screens may offer: a store, or the reason there is none."""

    store: Keychain | None
    reason: str = ""


class Keychain:
    def __init__(self, backend: Any) -> None:
        self._backend = backend

    @staticmethod
    def detect() -> KeychainOffer:
        """Find the system keychain. Slow (backend discovery), so call it off the GUI thread."""
        try:
            import keyring
            from keyring.backends.chainer import ChainerBackend

            chosen = keyring.get_keyring()
            candidates = chosen.backends if isinstance(chosen, ChainerBackend) else [chosen]
        except Exception:  # keyring discovery can fail in many platform-specific ways
            log.warning("keychain discovery failed", exc_info=False)
            return KeychainOffer(None, "The system keychain could not be reached.")
        reasons = []
        for backend in candidates:
            reason = refusal_reason(backend)
            if reason is None:
                return KeychainOffer(Keychain(backend))
            reasons.append(reason)
        return KeychainOffer(None, reasons[0] if reasons else "No system keychain was found.")

    def remember(self, vault_id: str, raw_key: bytes) -> None:
        """Store the key and read it back; raise KeychainUnavailable if it did not stick."""
        account = _account(vault_id)
        try:
            self._backend.set_password(SERVICE, account, raw_key.hex())
            stored = self._backend.get_password(SERVICE, account)
        except Exception:
            raise KeychainUnavailable(
                "The system keychain refused to store the key.",
                "Your practice is fine; unlock it with your passphrase as usual.",
            ) from None
        if stored != raw_key.hex():
            self.forget(vault_id)
            raise KeychainUnavailable(
                "The system keychain did not keep the key.",
                "Your practice is fine; unlock it with your passphrase as usual.",
            )

    def recall(self, vault_id: str) -> bytes | None:
        """The remembered key, or None for any failure: the caller then asks for the passphrase."""
        try:
            stored = self._backend.get_password(SERVICE, _account(vault_id))
            return bytes.fromhex(stored) if stored else None
        except Exception:
            log.warning("keychain read failed")
            return None

    def forget(self, vault_id: str) -> None:
        try:
            self._backend.delete_password(SERVICE, _account(vault_id))
        except Exception:
            log.info("nothing to forget in the keychain")


def _account(vault_id: str) -> str:
    return f"vault-{vault_id}"
