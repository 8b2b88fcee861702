"""A practice as the first data version left it, for upgrade tests."""

import os
import time
import uuid

import pytest

from practice_desk.domain.recovery_code import generate_recovery_code
from practice_desk.safe_files import ensure_private_dir
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.security.keychain import Keychain
from practice_desk.security.keyfile import (
    create_key_file,
    new_raw_key,
    read_key_file,
    unwrap,
    write_key_file,
)
from practice_desk.services.locations import VaultFiles
from practice_desk.storage import profile_store
from practice_desk.storage.database import open_database, transaction
from practice_desk.storage.migrations import migrate
from tests.conftest import PASSPHRASE


@pytest.fixture
def make_old_practice(private_home):
    """Write a version-1 practice (names kept in meta) into the test's home folder."""

    def make(practice_name="Old Name Practice", practitioner_name="Dr Old"):
        files = VaultFiles(private_home)
        ensure_private_dir(files.home)
        raw_key = new_raw_key()
        vault_id = uuid.uuid4().hex
        key_file = create_key_file(
            raw_key,
            PASSPHRASE,
            generate_recovery_code(),
            fast_params_for_tests(),
            vault_id,
            "2025-06-01T09:00:00+00:00",
        )
        conn = open_database(files.database, raw_key, create=True)
        try:
            migrate(conn, raw_key=raw_key, backup_to=None, target=1)
            with transaction(conn):
                profile_store.write_meta(conn, "vault_id", vault_id)
                profile_store.write_meta(conn, "practice_name", practice_name)
                profile_store.write_meta(conn, "practitioner_name", practitioner_name)
        finally:
            conn.close()
        write_key_file(files.key_file, key_file)
        return files

    return make


@pytest.fixture
def local_timezone():
    """Calendar days (today, the audit viewer's days) are the computer's local ones: pin the
    time zone so they don't depend on where the tests run. UTC unless a test picks another."""
    saved = os.environ.get("TZ")

    def use(zone):
        os.environ["TZ"] = zone
        time.tzset()

    use("UTC")
    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def practice(vault, local_timezone):
    """The template practice, unlocked; locked again after the test."""
    opened = vault.unlock(PASSPHRASE)
    yield opened
    opened.close()


TABLES = (
    "clients",
    "contracts",
    "contract_goals",
    "coaching_terms",
    "report_recipients",
    "person_confirmations",
    "referral_notes",
    "appointments",
    "appointment_series",
    "audit_log",
)


def row_counts(practice):
    """How many rows each client, contract and calendar table holds, to prove a refusal
    changed nothing."""
    return {
        table: practice.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in TABLES
    }


def audit_entries(practice):
    """The whole audit trail, oldest first."""
    return practice.audit.find()[::-1]


@pytest.fixture(scope="session")
def template_raw_key(template):
    """The template practice's raw key, unwrapped once: Argon2id is slow by design."""
    key_file = read_key_file(VaultFiles(template.folder).key_file)
    return unwrap(key_file, "passphrase", PASSPHRASE)


@pytest.fixture
def quick_practice(vault, template, template_raw_key, memory_keyring, local_timezone):
    """The template practice opened with its remembered key, so the many calendar tests don't
    each pay for Argon2id. Locked again after the test."""
    keychain = Keychain(memory_keyring)
    keychain.remember(template.vault_id, template_raw_key)
    opened = vault.unlock_with_keychain(keychain)
    yield opened
    opened.close()


@pytest.fixture
def calendar_practice(quick_practice):
    """A quickly opened practice whose calendar is kept in Berlin time (UTC+1 in winter, UTC+2
    in summer), set explicitly so that no test depends on the zone of the computer."""
    quick_practice.bookings.settings.set_time_zone("Europe/Berlin")
    return quick_practice
