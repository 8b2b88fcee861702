"""The custodian package: a colleague opens it with its own code, and learns nothing else."""

from __future__ import annotations

import pytest

from practice_desk.domain.audit import AuditAction
from practice_desk.services.backup_errors import WrongBackupSecret
from practice_desk.services.locations import VaultFiles
from practice_desk.services.vault import Vault
from tests.conftest import PASSPHRASE
from tests.services.backup_support import PLANTED, plaintext_forms, planted_practice
from tests.services.document_support import flat, pdf_text


def test_the_colleague_opens_the_package_with_the_printed_code(practice, clock, tmp_path):
    client_id = planted_practice(practice, clock)
    client_name = practice.clients.get(client_id).details.display_name
    folder = tmp_path / "for-dr-okafor"
    folder.mkdir()

    package = practice.backups.write_custodian_package(folder, "Dr. Ada Okafor")

    text = flat(pdf_text(package.instructions.read_bytes()))
    assert package.formatted_code in text
    assert package.package.name in text
    assert "Dr. Ada Okafor" in text and "Harbour Practice" in text
    assert client_name not in text
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [package.package.name, package.instructions.name]
    )
    data = package.package.read_bytes()
    for word in PLANTED:
        assert not any(form in data for form in plaintext_forms(word))
    assert practice.audit.find()[0].action == AuditAction.CUSTODIAN_PACKAGE_WRITTEN.value

    colleague = Vault(VaultFiles(tmp_path / "colleague"), clock)
    restored = colleague.restore(package.package, package.formatted_code.lower())
    try:
        assert restored.used_recovery_code and restored.practice.must_choose_passphrase
        names = [c.display_name for c in restored.practice.clients.summaries()]
        assert names == [client_name]
    finally:
        restored.practice.close()


def test_the_practitioners_recovery_code_is_not_in_the_package(practice, template, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    package = practice.backups.write_custodian_package(folder)
    with pytest.raises(WrongBackupSecret):
        Vault(VaultFiles(tmp_path / "x"), practice.clock).verify_backup(
            package.package, template.recovery_code
        )
    # the practice's own key file is unchanged: its recovery code still opens the practice
    practice.close()
    Vault(practice.files, practice.clock).unlock_with_recovery_code(template.recovery_code).close()
    Vault(practice.files, practice.clock).unlock(PASSPHRASE).close()
