"""The package for a designated colleague, from the screen: written in the background into the
chosen folder, its access code shown once and printed in the instructions (read with pypdf),
and opened by the colleague with that code. Real widgets over a real encrypted practice."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.services.locations import VaultFiles
from practice_desk.services.vault import Vault
from practice_desk.ui import custodian_dialog
from practice_desk.ui.custodian_dialog import TITLE, CustodianDialog
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import STYLESHEET
from tests.conftest import PASSPHRASE
from tests.services.document_support import flat, pdf_text
from tests.ui.conftest import WAIT_MS, open_window

COLLEAGUE = "Dr. Ada Okafor"
CLIENT = "Linnea Strand"


@pytest.fixture
def practice(vault):
    opened = vault.unlock(PASSPHRASE)
    opened.clients.create(ClientDetails(CLIENT))
    yield opened
    opened.close()


@pytest.fixture
def dialog(qtbot, practice) -> CustodianDialog:
    shown = CustodianDialog(practice.backups)
    shown.setStyleSheet(STYLESHEET)
    qtbot.addWidget(shown)
    shown.show()
    return shown


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "for-the-colleague"
    folder.mkdir()
    return folder


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_the_code_on_screen_is_the_one_printed_in_the_instructions(
    qtbot, practice, dialog, out, clock, tmp_path
):
    assert dialog.windowTitle() == TITLE
    shown = texts(dialog)
    assert "open your records if you cannot" in shown and "encrypted" in shown
    assert "Keep the package and the printed instructions apart" in shown
    dialog.colleague.setText(COLLEAGUE)

    PROMPTS.script(folders=[out])
    click(qtbot, dialog.write_button)
    assert dialog.busy and not dialog.write_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.showing_code, timeout=WAIT_MS)

    package = dialog.package
    assert package is not None
    code = dialog.code.text()
    assert code == package.formatted_code and len(code) > 20
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [package.package.name, package.instructions.name]
    )
    printed = flat(pdf_text(package.instructions.read_bytes()))
    assert code in printed and COLLEAGUE in printed and package.package.name in printed
    assert CLIENT not in printed
    assert package.instructions.name in dialog.where.text()
    assert any(
        entry.action == AuditAction.CUSTODIAN_PACKAGE_WRITTEN.value
        for entry in practice.audit.find()
    )

    click(qtbot, dialog.close_button)
    assert dialog.code.text() == "", "the code is shown once, not kept"

    colleague = Vault(VaultFiles(tmp_path / "colleague"), clock)
    restored = colleague.restore(package.package, code.lower())
    try:
        assert [c.display_name for c in restored.practice.clients.summaries()] == [CLIENT]
    finally:
        restored.practice.close()


def test_the_instructions_open_with_the_computers_pdf_viewer(qtbot, dialog, out, monkeypatch):
    opened = []
    monkeypatch.setattr(custodian_dialog, "open_file", lambda path: opened.append(path) or True)
    PROMPTS.script(folders=[out])
    click(qtbot, dialog.write_button)
    qtbot.waitUntil(lambda: dialog.showing_code, timeout=WAIT_MS)

    click(qtbot, dialog.open_button)

    assert opened == [dialog.package.instructions]


def test_no_folder_chosen_writes_nothing(qtbot, dialog, out):
    PROMPTS.script(folders=[None])
    click(qtbot, dialog.write_button)

    assert not dialog.busy and not dialog.showing_code
    assert list(out.iterdir()) == []


def test_a_folder_that_is_gone_is_told_and_the_form_stays(qtbot, practice, dialog, tmp_path):
    PROMPTS.script(folders=[tmp_path / "unplugged-stick"])
    click(qtbot, dialog.write_button)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)

    assert PROMPTS.told, "the problem is told"
    assert not dialog.showing_code and dialog.write_button.isEnabled()
    assert not (tmp_path / "unplugged-stick").exists()
    assert not any(
        entry.action == AuditAction.CUSTODIAN_PACKAGE_WRITTEN.value
        for entry in practice.audit.find()
    )


def test_the_backups_settings_and_the_practice_menu_open_it(qtbot, vault, make_window, out):
    window = open_window(qtbot, vault, make_window)
    window.shell.show_backup_settings()
    button = window.shell.settings.backups.findChild(QPushButton, "backup_custodian")
    click(qtbot, button)
    (shown,) = [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, CustodianDialog) and widget.isVisible()
    ]
    shown.reject()

    window.data_actions.custodian_action.trigger()
    dialog = window.data_actions.dialog
    assert isinstance(dialog, CustodianDialog) and dialog.isVisible()
    PROMPTS.script(folders=[out])
    click(qtbot, dialog.write_button)
    qtbot.waitUntil(lambda: dialog.showing_code, timeout=WAIT_MS)

    window.lock()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert not window.data_actions.custodian_action.isEnabled()
