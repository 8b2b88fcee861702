"""Exports from the screen: the client's copy of their record (an access request) from the
records panel, and the whole practice as plain files, only once the practitioner has ticked
that they understand it is unprotected. Real widgets over a real encrypted practice; the
folder and password questions are scripted.

The test clock starts on Monday 5 January 2026; the calendar is kept in Berlin time.
"""

from __future__ import annotations

import io
import json

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from practice_desk.domain.audit import AuditAction
from practice_desk.services.exports import CLIENT_JSON_NOTE, WHOLE_EXPORT_WARNING
from practice_desk.ui.client_access_dialog import TITLE, ClientAccessDialog
from practice_desk.ui.client_view import ClientView
from practice_desk.ui.prompts import PROMPTS, PdfPassword
from practice_desk.ui.records_panel import RecordsPanel
from practice_desk.ui.style import STYLESHEET
from practice_desk.ui.whole_export_dialog import WholeExportDialog
from tests.services.document_support import PROCESS, flat, pdf_text, signed_session
from tests.services.session_support import MONDAY, coaching_client, plain_therapy_client
from tests.ui.conftest import WAIT_MS, open_window

PASSWORD = "lighthouse-kettle-47"
REASON = "The client asked for their complete file, letter of 9 January"


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "for-the-client"
    folder.mkdir()
    return folder


@pytest.fixture
def open_panel(qtbot, practice):
    def build(client_id: int) -> RecordsPanel:
        panel = RecordsPanel(practice, client_id)
        panel.setStyleSheet(STYLESHEET)
        qtbot.addWidget(panel)
        panel.resize(760, 900)
        panel.show()
        return panel

    return build


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible(), f"{button.objectName()} is not on screen"
    assert button.isEnabled(), f"{button.objectName()} is not enabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def texts(widget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def audited(practice, action: AuditAction) -> list:
    return [entry for entry in practice.audit.find() if entry.action == action.value]


def open_access_dialog(qtbot, panel: RecordsPanel) -> ClientAccessDialog:
    click(qtbot, panel.copy_button)
    dialog = panel.dialog
    assert isinstance(dialog, ClientAccessDialog)
    qtbot.waitExposed(dialog)
    return dialog


# --- the client's copy -------------------------------------------------------------------------


def test_the_clients_copy_writes_the_pdf_and_the_data_file_into_the_chosen_folder(
    qtbot, practice, clock, out, open_panel
):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    name = practice.clients.get(client_id).details.display_name
    panel = open_panel(client_id)
    dialog = open_access_dialog(qtbot, panel)

    assert dialog.windowTitle() == TITLE
    assert all(part not in dialog.windowTitle() for part in name.split())
    shown = texts(dialog)
    assert f"{name}  ·  Client no. {client_id}" in shown
    assert CLIENT_JSON_NOTE in shown
    base = practice.exports.client_file_base(client_id)
    assert f"Files: {base}.pdf and {base}.json" in shown
    assert dialog.fold.text() == "Private process notes: left out"

    PROMPTS.script(folders=[out], pdf_passwords=[PdfPassword.protect(PASSWORD)])
    click(qtbot, dialog.write_button)

    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)
    assert sorted(path.name for path in out.iterdir()) == [f"{base}.json", f"{base}.pdf"]
    reader = PdfReader(io.BytesIO((out / f"{base}.pdf").read_bytes()))
    assert reader.is_encrypted and reader.decrypt(PASSWORD) != 0
    data = json.loads((out / f"{base}.json").read_text("utf-8"))
    assert data["client"]["id"] == client_id and data["process_notes_included"] is None
    title, text = PROMPTS.told[-1]
    assert title == "The client's copy is written"
    assert f"{base}.pdf" in text and "protected with your password" in text
    assert "hand it over in person" in text
    (entry,) = audited(practice, AuditAction.CLIENT_EXPORTED)
    assert entry.client_id == client_id and entry.detail == "pdf+json;pdf_protected"


def test_process_notes_go_along_only_with_a_reason(qtbot, practice, clock, out, open_panel):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    panel = open_panel(client_id)
    dialog = open_access_dialog(qtbot, panel)

    dialog.fold.setChecked(True)
    dialog.include.setChecked(True)
    assert dialog.fold.text() == "Private process notes: included"
    assert not dialog.write_button.isEnabled(), "no reason yet"
    dialog.reason.setText(REASON)
    assert dialog.write_button.isEnabled()

    PROMPTS.script(folders=[out], pdf_passwords=[PdfPassword.unprotected()], answers=[True])
    click(qtbot, dialog.write_button)

    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)
    result = dialog.written
    assert result is not None and result.process_notes_sessions == 1
    text = flat(pdf_text(result.pdf_path.read_bytes()))
    assert PROCESS in text and REASON in text
    assert json.loads(result.json_path.read_text("utf-8"))["process_notes_included"] == {
        "reason": REASON
    }
    assert "Process notes from 1 session went along" in PROMPTS.told[-1][1]
    assert "Neither file has a password" in PROMPTS.told[-1][1]


def test_a_coaching_client_is_not_offered_process_notes(qtbot, practice, clock, open_panel):
    client_id, contract = coaching_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    dialog = open_access_dialog(qtbot, open_panel(client_id))

    assert dialog.process_part is None
    assert dialog.findChild(QLabel, "access_json_text").text() == CLIENT_JSON_NOTE
    dialog.reject()


def test_a_refused_export_is_told_and_writes_nothing(qtbot, practice, clock, tmp_path, open_panel):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    panel = open_panel(client_id)
    dialog = open_access_dialog(qtbot, panel)
    gone = tmp_path / "unplugged-stick"

    PROMPTS.script(folders=[gone], pdf_passwords=[PdfPassword.protect(PASSWORD)])
    click(qtbot, dialog.write_button)

    title, text = PROMPTS.told[-1]
    assert title == "The export can't be made" and "nothing was written" in text
    assert not gone.exists()
    assert panel.dialog is dialog and dialog.isVisible(), "stays open to choose again"
    assert audited(practice, AuditAction.CLIENT_EXPORTED) == []


def test_cancelling_the_folder_or_the_password_writes_nothing(
    qtbot, practice, clock, out, open_panel
):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    panel = open_panel(client_id)
    dialog = open_access_dialog(qtbot, panel)

    PROMPTS.script(folders=[None])
    click(qtbot, dialog.write_button)
    PROMPTS.script(folders=[out], pdf_passwords=[PdfPassword.cancelled()])
    click(qtbot, dialog.write_button)
    PROMPTS.script(folders=[out], pdf_passwords=[PdfPassword.unprotected()], answers=[False])
    click(qtbot, dialog.write_button)  # declined the unprotected warning, then cancelled

    assert list(out.iterdir()) == []
    assert dialog.isVisible()
    assert audited(practice, AuditAction.CLIENT_EXPORTED) == []


def test_an_earlier_copy_of_today_is_replaced_only_when_asked(
    qtbot, practice, clock, out, open_panel
):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    practice.exports.client_access(client_id, out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    panel = open_panel(client_id)
    dialog = open_access_dialog(qtbot, panel)

    PROMPTS.script(folders=[out], answers=[False])
    click(qtbot, dialog.write_button)

    title, _text = PROMPTS.told[-1]
    assert title == "Replace the earlier copy?"
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    dialog.reject()


def test_the_client_page_shows_the_clients_number(qtbot, practice):
    client_id, _ = plain_therapy_client(practice)
    client = practice.clients.get(client_id)
    view = ClientView(client, practice.contracts.for_client(client_id), [])
    qtbot.addWidget(view)

    assert view.findChild(QLabel, "client_number").text() == f"Client no. {client_id}"


# --- the whole practice ------------------------------------------------------------------------


def test_the_whole_export_waits_for_the_tick_then_writes_the_folder(qtbot, practice, clock, out):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    dialog = WholeExportDialog(practice)
    qtbot.addWidget(dialog)
    dialog.show()

    assert WHOLE_EXPORT_WARNING in texts(dialog)
    assert dialog.understood.text() == "I understand that these files are not protected"
    assert not dialog.export_button.isEnabled()
    dialog.export()  # Enter or a stray call does nothing either
    assert list(out.iterdir()) == []

    dialog.understood.setChecked(True)
    assert dialog.export_button.isEnabled()
    PROMPTS.script(folders=[out])
    click(qtbot, dialog.export_button)

    (folder,) = out.iterdir()
    assert folder.name.startswith("practice-desk-export-")
    assert (folder / "practice.json").is_file() and (folder / "clients.csv").is_file()
    result = dialog.exported
    assert result is not None and result.folder == folder
    shown = dialog.outcome.text()
    assert shown.startswith(f"Exported {len(result.tables)} tables, {result.rows:,} rows into ")
    assert str(folder) in shown
    assert not dialog.export_button.isVisible() and dialog.close_button.text() == "Close"
    assert len(audited(practice, AuditAction.PRACTICE_EXPORTED)) == 1


def test_a_missing_folder_is_told_and_the_export_can_be_tried_again(qtbot, practice, tmp_path):
    dialog = WholeExportDialog(practice)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.understood.setChecked(True)

    PROMPTS.script(folders=[tmp_path / "not-there"])
    click(qtbot, dialog.export_button)

    assert PROMPTS.told[-1][0] == "The export can't be made"
    assert dialog.export_button.isEnabled() and dialog.close_button.isEnabled()
    assert audited(practice, AuditAction.PRACTICE_EXPORTED) == []


def test_the_menu_offers_the_whole_export_only_while_the_practice_is_open(
    qtbot, vault, make_window, out
):
    window = open_window(qtbot, vault, make_window)
    actions = window.data_actions
    assert actions.export_action.isEnabled() and actions.custodian_action.isEnabled()
    assert actions.export_action.text() == "Export the whole practice (unprotected)…"

    actions.export_action.trigger()
    dialog = actions.dialog
    assert isinstance(dialog, WholeExportDialog) and dialog.isVisible()
    dialog.understood.setChecked(True)
    PROMPTS.script(folders=[out])
    click(qtbot, dialog.export_button)
    assert len(list(out.iterdir())) == 1

    window.lock()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert not actions.export_action.isEnabled() and not actions.custodian_action.isEnabled()
