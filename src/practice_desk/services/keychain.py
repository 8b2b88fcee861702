"""The OS keychain as the screens see it: an offer (a store, or why there is none)."""

from __future__ import annotations

from practice_desk.security.keychain import Keychain, KeychainOffer

__all__ = ["Keychain", "KeychainOffer", "detect_keychain"]


def detect_keychain() -> KeychainOffer:
    """Slow on first call (keyring looks for backends): run it off the GUI thread."""
    return Keychain.detect()
