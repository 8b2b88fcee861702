"""A throwaway practice in a temporary folder, for looking around without any setup."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from practice_desk.domain.clock import Clock
from practice_desk.domain.profile import PracticeProfile
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.locations import VaultFiles
from practice_desk.services.vault import Vault

_WORDS = (
    "amber",
    "birch",
    "cedar",
    "delta",
    "ember",
    "fjord",
    "grove",
    "harbor",
    "iris",
    "juniper",
    "kestrel",
    "lagoon",
    "meadow",
    "nectar",
    "orchid",
    "pebble",
    "quartz",
    "river",
    "saffron",
    "tundra",
    "umber",
    "violet",
    "willow",
    "yarrow",
    "zephyr",
)


@dataclass
class DemoPractice:
    vault: Vault
    passphrase: str
    folder: Path

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def create_demo_practice(clock: Clock) -> DemoPractice:
    folder = Path(tempfile.mkdtemp(prefix="practice-desk-demo-"))
    passphrase = "-".join(secrets.choice(_WORDS) for _ in range(4))
    # The demo holds no real data, so it skips calibration and uses the cheapest accepted cost.
    vault = Vault(VaultFiles(folder), clock, kdf_params=fast_params_for_tests)
    created = vault.create(
        PracticeProfile("Demo Practice", "Dr. Alex Demo", "Psychotherapist, executive coach"),
        passphrase,
    )
    created.practice.close()
    return DemoPractice(vault, passphrase, folder)
