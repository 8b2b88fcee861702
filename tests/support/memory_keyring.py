"""The one stand-in the tests may use: a keychain that lives in memory."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.forgetful = False  # set to simulate a keychain that silently drops what it's given
        self.broken = False  # set to simulate a keychain that raises on every call

    def get_password(self, service: str, username: str) -> str | None:
        if self.broken:
            raise RuntimeError("keychain unavailable")
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.broken:
            raise RuntimeError("keychain unavailable")
        if not self.forgetful:
            self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("not found")
        del self.entries[(service, username)]
