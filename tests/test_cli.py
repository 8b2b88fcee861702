import io
import stat

from pypdf import PdfReader

from practice_desk import cli
from practice_desk.domain.clients import ClientDetails
from practice_desk.services.keychain import Keychain, KeychainOffer
from practice_desk.services.vault import Vault
from tests.cli_support import assert_no_names, fast_vault, keep_umask, run, secret_file
from tests.conftest import PASSPHRASE, snapshot

__all__ = ["fast_vault", "keep_umask", "secret_file"]  # fixtures, used by name


def test_init_creates_a_practice_and_shows_the_recovery_code_once(tmp_path, capsys, secret_file):
    home = tmp_path / "practice"
    kit = tmp_path / "Recovery kit"
    code, out, err = run(
        capsys,
        "--home", str(home),
        "init",
        "--practice-name", "Łukasz Öztürk Praxis",
        "--practitioner-name", "Ελένη",
        "--passphrase-file", secret_file(PASSPHRASE),
        "--recovery-kit", str(kit),
    )  # fmt: skip
    assert code == 0, err
    assert f"Practice created in {home}" in out
    printed_code = out.split("Recovery code (shown once; store it safely): ")[1].strip()
    assert len(printed_code) == 29 and printed_code.count("-") == 5
    saved = tmp_path / "Recovery kit.pdf"
    assert f"Recovery kit saved to {saved}" in out
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert printed_code in PdfReader(io.BytesIO(saved.read_bytes())).pages[0].extract_text()

    # The printed code really opens the practice, and so does the passphrase.
    vault = Vault(cli.VaultFiles(home), cli.SystemClock())
    vault.unlock_with_recovery_code(printed_code).close()
    practice = vault.unlock(PASSPHRASE)
    try:
        assert practice.profile.practitioner_name == "Ελένη"
    finally:
        practice.close()


def test_init_refuses_a_short_passphrase_plainly_and_writes_nothing(tmp_path, capsys, secret_file):
    home = tmp_path / "practice"
    code, _, err = run(
        capsys,
        "--home", str(home),
        "init",
        "--practice-name", "P",
        "--practitioner-name", "Dr P",
        "--passphrase-file", secret_file("short"),
    )  # fmt: skip
    assert code == 2
    assert "at least 12 characters" in err
    assert "Traceback" not in err
    assert not home.exists()


def test_init_refuses_an_empty_name_plainly(tmp_path, capsys, secret_file):
    home = tmp_path / "practice"
    code, _, err = run(
        capsys,
        "--home", str(home),
        "init",
        "--practice-name", "   ",
        "--practitioner-name", "Dr P",
        "--passphrase-file", secret_file(PASSPHRASE),
    )  # fmt: skip
    assert code == 2
    assert "name for your practice" in err
    assert not home.exists()


def test_init_refuses_an_existing_practice(files, capsys, secret_file):
    before = snapshot(files.home)
    code, _, err = run(
        capsys,
        "--home", str(files.home),
        "init",
        "--practice-name", "Another",
        "--practitioner-name", "Someone",
        "--passphrase-file", secret_file(PASSPHRASE),
    )  # fmt: skip
    assert code == 2
    assert "already exists" in err
    assert snapshot(files.home) == before


def test_info_shows_a_locked_practice_without_names(files, template, capsys):
    code, out, _ = run(capsys, "--home", str(files.home), "info")
    assert code == 0
    assert "State: locked" in out
    assert f"Practice ID: {template.vault_id}" in out
    assert "Argon2id, 64 MiB" in out
    assert_no_names(out)


def test_info_on_an_empty_folder_says_new(tmp_path, capsys):
    code, out, _ = run(capsys, "--home", str(tmp_path / "nothing"), "info")
    assert code == 0
    assert "State: new" in out


def test_info_names_a_missing_database(files, capsys):
    files.database.write_bytes(b"")
    code, out, _ = run(capsys, "--home", str(files.home), "info")
    assert code == 1
    assert "State: database missing" in out
    assert "Problem: The practice database is missing or empty" in out
    assert files.database.stat().st_size == 0


def test_check_reports_all_clean_without_names(files, capsys, secret_file):
    code, out, err = run(
        capsys, "--home", str(files.home), "check", "--passphrase-file", secret_file(PASSPHRASE)
    )
    assert code == 0, err
    assert "All clean." in out
    assert "Encryption check (cipher_integrity_check): clean" in out
    assert "practice_profile: 1 row(s)" in out
    assert_no_names(out + err)


def test_check_reports_damage_with_exit_1(files, capsys, secret_file):
    from practice_desk.services.practice import Practice

    practice: Practice = Vault(files, cli.SystemClock()).unlock(PASSPHRASE)
    try:
        for number in range(300):
            practice.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (f"pad-{number}", "x" * 1000)
            )
    finally:
        practice.close()
    pages = files.database.stat().st_size // 4096
    with open(files.database, "r+b") as handle:
        handle.seek((pages - 3) * 4096 + 700)
        handle.write(b"\xff" * 40)
    code, out, err = run(
        capsys, "--home", str(files.home), "check", "--passphrase-file", secret_file(PASSPHRASE)
    )
    assert code == 1, err
    assert "Problems found: restore from a backup" in out
    assert "Traceback" not in err


def test_wrong_passphrase_exits_2_with_a_plain_message(files, capsys, secret_file):
    before = snapshot(files.home)
    code, _, err = run(
        capsys, "--home", str(files.home), "check", "--passphrase-file", secret_file("wrong " * 4)
    )
    assert code == 2
    assert err.strip().startswith("Wrong passphrase: That passphrase does not open this practice.")
    assert "Traceback" not in err
    assert snapshot(files.home) == before


def test_a_missing_passphrase_file_is_a_plain_error(files, capsys, tmp_path):
    code, _, err = run(
        capsys, "--home", str(files.home), "check", "--passphrase-file", str(tmp_path / "nope")
    )
    assert code == 2
    assert "could not be read" in err


def test_change_passphrase_then_only_the_new_one_works(files, capsys, secret_file):
    old = secret_file(PASSPHRASE, "old.txt")
    new = secret_file("amber kestrel quartz willow", "new.txt")
    code, out, err = run(
        capsys,
        "--home", str(files.home),
        "change-passphrase",
        "--passphrase-file", old,
        "--new-passphrase-file", new,
    )  # fmt: skip
    assert code == 0, err
    assert "Passphrase changed. Your recovery code is unchanged." in out
    assert run(capsys, "--home", str(files.home), "check", "--passphrase-file", new)[0] == 0
    assert run(capsys, "--home", str(files.home), "check", "--passphrase-file", old)[0] == 2


def test_change_passphrase_refuses_a_short_one(files, capsys, secret_file):
    key_file_before = files.key_file.read_bytes()
    code, _, err = run(
        capsys,
        "--home", str(files.home),
        "change-passphrase",
        "--passphrase-file", secret_file(PASSPHRASE, "old.txt"),
        "--new-passphrase-file", secret_file("short", "new.txt"),
    )  # fmt: skip
    assert code == 2
    assert "at least 12 characters" in err
    assert files.key_file.read_bytes() == key_file_before


def add_audit_entries(files, count):
    """Unlock through the app, open a client several times, and lock again."""
    practice = Vault(files, cli.SystemClock()).unlock(PASSPHRASE)
    try:
        client = practice.clients.create(ClientDetails("Łukasz Öztürk"))
        while len(practice.audit.find()) < count:
            practice.clients.open(client.id)
    finally:
        practice.close()


def audit_verify(capsys, files, passphrase_file):
    return run(
        capsys, "--home", str(files.home), "audit", "verify", "--passphrase-file", passphrase_file
    )


def test_audit_verify_reports_an_intact_trail_with_exit_0(files, capsys, secret_file):
    add_audit_entries(files, 9)
    code, out, err = audit_verify(capsys, files, secret_file(PASSPHRASE))
    assert code == 0, err
    assert out.strip() == "Audit trail intact: 10 entries, every link checked."
    assert_no_names(out + err)
    code, out, _ = audit_verify(capsys, files, secret_file(PASSPHRASE))
    assert code == 0
    assert "12 entries" in out  # the first run's unlock and lock are links too


def test_audit_verify_on_a_new_practice_counts_one_entry(files, capsys, secret_file):
    code, out, _ = audit_verify(capsys, files, secret_file(PASSPHRASE))
    assert code == 0
    assert "Audit trail intact: 1 entry," in out


def test_audit_verify_names_the_first_broken_entry_with_exit_1(files, capsys, secret_file):
    add_audit_entries(files, 10)
    practice = Vault(files, cli.SystemClock()).unlock(PASSPHRASE)
    try:
        practice.conn.execute("DROP TRIGGER audit_log_no_delete")
        practice.conn.execute("DELETE FROM audit_log WHERE seq = 5")
    finally:
        practice.close()
    code, out, err = audit_verify(capsys, files, secret_file(PASSPHRASE))
    assert code == 1, err
    assert "Audit trail broken at entry 5:" in out
    assert "The 4 entries before it are intact." in out
    assert "Traceback" not in err
    assert_no_names(out + err)


def test_audit_verify_with_a_wrong_passphrase_exits_2(files, capsys, secret_file):
    before = snapshot(files.home)
    code, _, err = audit_verify(capsys, files, secret_file("wrong " * 4))
    assert code == 2
    assert "Wrong passphrase" in err
    assert snapshot(files.home) == before


def test_forget_key_removes_the_remembered_key_without_the_passphrase(
    files, vault, capsys, memory_keyring, monkeypatch
):
    keychain = Keychain(memory_keyring)
    practice = vault.unlock(PASSPHRASE)
    practice.remember_on_this_computer(keychain)
    practice.close()
    assert memory_keyring.entries, "the key was remembered to begin with"
    before = snapshot(files.home)
    monkeypatch.setattr(cli, "detect_keychain", lambda: KeychainOffer(keychain))

    code, out, _ = run(capsys, "--home", str(files.home), "forget-key")

    assert code == 0
    assert "no longer remembers" in out
    assert vault.unlock_with_keychain(keychain) is None, "the keychain still opens the practice"
    assert memory_keyring.entries == {}
    assert snapshot(files.home) == before, "forgetting the key changes no file of the practice"
    assert_no_names(out)


def test_forget_key_where_there_is_nothing_to_forget_still_succeeds(tmp_path, capsys):
    code, out, _ = run(capsys, "--home", str(tmp_path / "nothing"), "forget-key")
    assert code == 0
    assert "no key to forget" in out
