"""Nothing typed into Practice Desk may reach the disk in readable form."""

import pytest

from practice_desk.domain.profile import PracticeProfile
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.vault import Vault
from practice_desk.storage import profile_store
from practice_desk.storage.database import transaction
from tests.conftest import PASSPHRASE

MARKER = "ZQXMARKER-7731-Ωμέγα"


def encodings(text):
    return {name: text.encode(name) for name in ("utf-8", "utf-16-le", "utf-16-be")}


NEEDLES = {**encodings(MARKER), **{f"ascii-part/{k}": v for k, v in encodings("ZQXMARKER").items()}}


def leaks(home):
    found = []
    for path in sorted(home.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [
                f"{path.relative_to(home)}: {name}" for name, n in NEEDLES.items() if n in data
            ]
    return found


def test_the_scan_would_find_a_plaintext_marker(tmp_path):
    (tmp_path / "notes.txt").write_text(f"client {MARKER}", encoding="utf-16")
    assert leaks(tmp_path)


@pytest.fixture
def marked(vault):
    practice = vault.unlock(PASSPHRASE)
    practice.update_profile(PracticeProfile("Harbour Practice", MARKER, f"{MARKER} credentials"))
    with transaction(practice.conn) as conn:
        profile_store.write_setting(conn, "last_client_seen", MARKER)
    return practice


def test_marker_is_not_readable_while_the_practice_is_open(marked):
    home = marked.files.home
    try:
        assert (home / "practice.db-wal").exists()  # the fresh writes sit in the WAL
        assert leaks(home) == []
    finally:
        marked.close()


def test_marker_is_not_readable_after_locking(vault, marked):
    marked.close()
    assert leaks(vault.files.home) == []
    practice = vault.unlock(PASSPHRASE)  # and it really was stored
    try:
        assert practice.profile.practitioner_name == MARKER
    finally:
        practice.close()
    assert leaks(vault.files.home) == []


def test_marker_is_not_readable_in_an_upgrade_backup(make_old_practice, clock):
    files = make_old_practice(practice_name=MARKER, practitioner_name=MARKER)
    vault = Vault(files, clock, kdf_params=fast_params_for_tests)
    practice = vault.unlock(PASSPHRASE)
    try:
        assert practice.profile.practice_name == MARKER
        assert list(files.backups.iterdir())
        assert leaks(files.home) == []
    finally:
        practice.close()
    assert leaks(files.home) == []
