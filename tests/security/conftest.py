"""One real key file, sealed once per session (every wrap costs an Argon2id derivation)."""

from dataclasses import dataclass

import pytest

from practice_desk.domain.recovery_code import generate_recovery_code
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.security.keyfile import KeyFile, create_key_file, new_raw_key

PASSPHRASE = "copper lantern orchard river"


@dataclass(frozen=True)
class Sealed:
    key_file: KeyFile
    raw_key: bytes
    passphrase: str
    recovery_code: str


@pytest.fixture(scope="session")
def sealed() -> Sealed:
    raw_key = new_raw_key()
    code = generate_recovery_code()
    key_file = create_key_file(
        raw_key,
        PASSPHRASE,
        code,
        fast_params_for_tests(),
        vault_id="5f1c0ffee0ddf00d5f1c0ffee0ddf00d",
        created_at="2026-01-05T09:00:00+00:00",
    )
    return Sealed(key_file, raw_key, PASSPHRASE, code)
