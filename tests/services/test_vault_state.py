import pytest

from practice_desk.security.errors import KeyFileDamaged
from practice_desk.services.vault import KeyFileMissing, VaultState
from practice_desk.storage.errors import DatabaseMissing


def test_an_empty_folder_is_new(new_vault):
    assert new_vault.state() is VaultState.NEW
    assert new_vault.problem() is None


def test_a_folder_that_does_not_exist_yet_is_new(new_vault):
    assert not new_vault.files.home.exists()
    assert new_vault.state() is VaultState.NEW


def test_key_file_and_database_make_a_locked_practice(vault):
    assert vault.state() is VaultState.LOCKED
    assert vault.problem() is None


def test_deleted_database_is_missing_not_new(vault):
    vault.files.database.unlink()
    assert vault.state() is VaultState.DATABASE_MISSING
    assert isinstance(vault.problem(), DatabaseMissing)


def test_truncated_database_is_missing_not_new(vault):
    vault.files.database.write_bytes(b"")
    assert vault.state() is VaultState.DATABASE_MISSING
    assert isinstance(vault.problem(), DatabaseMissing)


def test_database_without_key_file_is_key_file_missing(vault):
    vault.files.key_file.unlink()
    assert vault.state() is VaultState.KEY_FILE_MISSING
    problem = vault.problem()
    assert isinstance(problem, KeyFileMissing)
    assert "practice.keys" in str(problem)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b'"version": 1', b'"version": 7'),
        lambda data: b"{" + data,
    ],
    ids=["emptied", "truncated", "edited", "garbled"],
)
def test_damaged_key_file_is_reported(vault, damage):
    path = vault.files.key_file
    path.write_bytes(damage(path.read_bytes()))
    assert vault.state() is VaultState.KEY_FILE_DAMAGED
    assert isinstance(vault.problem(), KeyFileDamaged)


def test_damaged_key_file_wins_over_missing_database(vault):
    vault.files.key_file.write_bytes(b"nonsense")
    vault.files.database.unlink()
    assert vault.state() is VaultState.KEY_FILE_DAMAGED


def test_key_file_summary_names_no_one(vault, template):
    summary = vault.key_file_summary()
    assert summary.vault_id == template.vault_id
    assert summary.memory_kib == 64 * 1024
    assert summary.iterations >= 1
