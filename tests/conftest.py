"""Fixtures shared by every test: a private home folder, an in-memory keychain, a clock, and
a template practice built once per session (Argon2id is deliberately slow) and copied."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest

from practice_desk.domain.clock import ManualClock
from practice_desk.domain.profile import PracticeProfile
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.locations import HOME_ENV, VaultFiles
from practice_desk.services.vault import Vault
from tests.support.memory_keyring import MemoryKeyring

PASSPHRASE = "quiet harbour morning tide"
PROFILE = PracticeProfile("Harbour Practice", "Dr. Mara Lindqvist", "Psychotherapist (HCPC)")


@dataclass(frozen=True)
class Template:
    folder: Path
    recovery_code: str
    vault_id: str


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's real data folder, never the real OS keychain."""
    home = tmp_path / "home"
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder = tmp_path_factory.mktemp("template") / "home"
    vault = Vault(VaultFiles(folder), ManualClock(), kdf_params=fast_params_for_tests)
    created = vault.create(PROFILE, PASSPHRASE)
    vault_id = created.practice.vault_id
    created.practice.close()
    return Template(folder, created.recovery_code, vault_id)


@pytest.fixture
def files(private_home: Path, template: Template) -> VaultFiles:
    """A fresh copy of the template practice in this test's own home folder."""
    shutil.copytree(template.folder, private_home)
    return VaultFiles(private_home)


@pytest.fixture
def vault(files: VaultFiles, clock: ManualClock) -> Vault:
    return Vault(files, clock, kdf_params=fast_params_for_tests)


@pytest.fixture
def new_vault(private_home: Path, clock: ManualClock) -> Vault:
    """An empty home folder, ready for the setup wizard."""
    return Vault(VaultFiles(private_home), clock, kdf_params=fast_params_for_tests)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its exact bytes, to prove nothing was written."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
