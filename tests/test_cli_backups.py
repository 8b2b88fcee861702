"""The command line's backup, verify-backup and restore: plain output, no client data."""

from __future__ import annotations

from practice_desk import cli
from practice_desk.domain.clients import ClientDetails
from practice_desk.services.vault import Vault
from tests.cli_support import assert_no_names, fast_vault, keep_umask, run, secret_file
from tests.conftest import PASSPHRASE

__all__ = ["fast_vault", "keep_umask", "secret_file"]  # fixtures, used by name


def _backup(files, capsys, secret_file, *extra):
    code, out, err = run(
        capsys,
        "--home", str(files.home),
        "backup",
        "--passphrase-file", secret_file(PASSPHRASE),
        *extra,
    )  # fmt: skip
    assert code == 0, err
    return out


def test_backup_then_verify_then_restore(files, capsys, secret_file, tmp_path):
    out = _backup(files, capsys, secret_file)
    assert "Backup written and checked:" in out
    (path,) = files.automatic_backups.glob("*.pdbackup")
    assert str(path) in out

    code, out, err = run(
        capsys, "verify-backup", str(path), "--secret-file", secret_file(PASSPHRASE)
    )
    assert code == 0, err
    assert "Checksums: all match." in out
    assert "clients: 0 row(s)" in out
    assert_no_names(out)

    vault = Vault(cli.VaultFiles(files.home), cli.SystemClock())
    practice = vault.unlock(PASSPHRASE)
    practice.clients.create(ClientDetails("Łukasz After Backup"))
    practice.close()

    code, out, err = run(
        capsys,
        "--home", str(files.home),
        "restore", str(path),
        "--secret-file", secret_file(PASSPHRASE),
        "--yes",
    )  # fmt: skip
    assert code == 0, err
    assert "Restored." in out and "The replaced files are in" in out
    practice = vault.unlock(PASSPHRASE)
    try:
        assert practice.clients.summaries() == []
    finally:
        practice.close()


def test_a_one_off_backup_goes_into_the_given_folder(files, capsys, secret_file, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    _backup(files, capsys, secret_file, "--folder", str(stick))
    assert len(list(stick.glob("*.pdbackup"))) == 1
    assert not files.automatic_backups.exists()


def test_verify_backup_with_a_wrong_secret_exits_2_and_says_why(files, capsys, secret_file):
    _backup(files, capsys, secret_file)
    (path,) = files.automatic_backups.glob("*.pdbackup")
    code, _, err = run(
        capsys, "verify-backup", str(path), "--secret-file", secret_file("not the passphrase")
    )
    assert code == 2
    assert "valid on the day it was made" in err
    assert "Traceback" not in err


def test_restore_of_a_file_that_is_not_a_backup_changes_nothing(files, capsys, secret_file):
    from tests.conftest import snapshot

    before = snapshot(files.home)
    code, _, err = run(
        capsys,
        "--home", str(files.home),
        "restore", str(files.key_file),
        "--secret-file", secret_file(PASSPHRASE),
        "--yes",
    )  # fmt: skip
    assert code == 2
    assert "isn't a Practice Desk backup" in err
    assert snapshot(files.home) == before


def test_export_client_writes_pdf_and_json_named_without_the_name(
    files, capsys, secret_file, tmp_path
):
    vault = Vault(cli.VaultFiles(files.home), cli.SystemClock())
    practice = vault.unlock(PASSPHRASE)
    client_id = practice.clients.create(ClientDetails("Ελένη Export")).id
    practice.close()
    folder = tmp_path / "for-the-client"
    folder.mkdir()

    code, out, err = run(
        capsys,
        "--home", str(files.home),
        "export-client", str(client_id), str(folder),
        "--passphrase-file", secret_file(PASSPHRASE),
    )  # fmt: skip
    assert code == 0, err
    assert_no_names(out)
    assert "Ελένη" not in out
    written = sorted(p.suffix for p in folder.iterdir())
    assert written == [".json", ".pdf"]
    assert all("Ελένη" not in p.name for p in folder.iterdir())
    assert "Ελένη Export" in next(folder.glob("*.json")).read_text("utf-8")
