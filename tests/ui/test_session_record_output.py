"""Printing and saving a session record from the session room and the Sessions list: process
notes stay out unless ticked with a reason, coaching has none to offer, a draft says so.

The documents are real PDFs about real sessions of the template practice, read back with
pypdf; only the last step (the print preview, the file question) is replaced, except in the
one test that saves for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.disclosure import DocumentKind, Recipient
from practice_desk.domain.session_notes import NoteField
from practice_desk.ui import document_output
from practice_desk.ui.prompts import PdfPassword
from practice_desk.ui.session_record_dialog import (
    DRAFT_NOTICE,
    PROCESS_EXPLANATION,
    RecordOutput,
    SessionRecordDialog,
)
from practice_desk.ui.session_room import SessionRoom
from practice_desk.ui.sessions_area import SessionsArea
from tests.services.calendar_support import MONDAY
from tests.services.document_support import NOTE, PROCESS, flat, pdf_text, signed_session
from tests.services.session_support import (
    book_session,
    coaching_client,
    edge_therapy_client,
    move_clock_to,
    plain_therapy_client,
)

REASON = "Requested by the client's lawyer, letter of 3 March"
PASSWORD = "lighthouse-kettle-47"


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, object]]:
    """What went to the (replaced) printer or file question: ("print" | "save", Document)."""
    out: list[tuple[str, object]] = []

    def fake_print(parent, practice, document):
        out.append(("print", document))
        return True

    def fake_save(parent, practice, document):
        out.append(("save", document))
        return Path("/nowhere/record.pdf")

    monkeypatch.setattr(document_output, "print_document", fake_print)
    monkeypatch.setattr(document_output, "save_document", fake_save)
    return out


def disclosures(practice):
    return practice.audit.find(actions=(AuditAction.PROCESS_NOTES_DISCLOSED,))


def room_for(qtbot, practice, session) -> SessionRoom:
    room = SessionRoom(practice, practice.sessions.get(session.id))
    qtbot.addWidget(room)
    room.resize(1100, 800)
    room.show()
    return room


def visible_texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def finished_unsigned(practice, clock, client_id, contract):
    """A session that has ended, its note written but not signed."""
    appointment = book_session(practice, client_id, contract, hour=15, day=MONDAY)
    move_clock_to(clock, appointment.starts_at)
    session = practice.sessions.start(appointment_id=appointment.id)
    practice.sessions.save_text(session.id, NoteField.WORKING_NOTES, f"{NOTE} working_notes")
    practice.sessions.save_process_note(session.id, f"{PROCESS} unsigned")
    clock.advance(minutes=50)
    return practice.sessions.finish(session.id)


# --- therapy: process notes only on purpose ----------------------------------------------------


def test_a_signed_therapy_record_prints_without_the_process_notes(qtbot, practice, clock, sent):
    client_id, contract = edge_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    room = room_for(qtbot, practice, session)
    assert room.after.print_button.isVisible() and room.after.save_button.isVisible()

    qtbot.mouseClick(room.after.print_button, Qt.MouseButton.LeftButton)
    dialog = room.after.record_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Session record"
    assert session.client_name not in dialog.windowTitle()
    assert PROCESS_EXPLANATION in visible_texts(dialog)
    assert not dialog.draft_notice.isVisible(), "a signed note is no draft"
    assert not dialog.folded.isVisible(), "the process-note option starts folded"
    assert dialog.fold.text() == "Private process notes: left out"
    assert dialog.print_button.isDefault()

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    [(how, document)] = sent
    assert how == "print"
    assert document.kind is DocumentKind.SESSION_RECORD
    assert document.recipient is Recipient.PRACTICE
    text = flat(pdf_text(document.pdf))
    assert f"{NOTE} agenda" in text and "Signed" in text
    assert PROCESS not in text
    assert disclosures(practice) == []
    assert not dialog.isVisible(), "done: the dialog closes"


def test_ticked_with_a_reason_the_process_notes_go_in_and_are_audited(qtbot, practice, clock, sent):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    room = room_for(qtbot, practice, session)
    qtbot.mouseClick(room.after.save_button, Qt.MouseButton.LeftButton)
    dialog = room.after.record_dialog
    assert dialog.save_button.isDefault(), "Save as PDF was asked for"

    qtbot.mouseClick(dialog.fold, Qt.MouseButton.LeftButton)
    assert dialog.folded.isVisible()
    assert not dialog.reason.isEnabled(), "no reason to give until ticked"
    dialog.include.setChecked(True)
    qtbot.keyClicks(dialog.reason, REASON)
    assert dialog.fold.text() == "Private process notes: included"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    [(how, document)] = sent
    assert how == "save" and document.kind is DocumentKind.SESSION_RECORD
    text = flat(pdf_text(document.pdf))
    assert f"{PROCESS} the pull to rescue" in text
    assert REASON in text and "included deliberately" in text
    # The disclosure is kept when the document actually leaves (here the save is stubbed).
    assert disclosures(practice) == []
    assert document.disclosure == (session.id, REASON)
    practice.documents.printed(document)
    [entry] = disclosures(practice)
    assert entry.client_id == client_id
    assert "lawyer" not in entry.detail, "the audit names the disclosure, not its reason"


def test_ticked_without_a_reason_nothing_can_go_out(qtbot, practice, clock, sent):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    dialog = SessionRecordDialog(practice, session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fold.setChecked(True)

    dialog.include.setChecked(True)
    assert dialog.reason.isEnabled()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")
    assert not dialog.print_button.isEnabled(), "spaces are no reason"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    dialog.print_button.click()  # even pressed directly, it does nothing
    assert sent == [] and disclosures(practice) == []
    assert dialog.isVisible()

    dialog.include.setChecked(False)
    assert dialog.print_button.isEnabled(), "unticked, the record goes without them"
    assert dialog.fold.text() == "Private process notes: left out"


def test_a_coaching_record_offers_no_process_notes(qtbot, practice, clock, sent):
    client_id, contract = coaching_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    room = room_for(qtbot, practice, session)

    qtbot.mouseClick(room.after.print_button, Qt.MouseButton.LeftButton)
    dialog = room.after.record_dialog

    assert dialog.findChild(QCheckBox, "record_include") is None
    assert "process notes" not in visible_texts(dialog).lower()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    [(_, document)] = sent
    assert f"{NOTE} agenda" in flat(pdf_text(document.pdf))


def test_an_unsigned_note_prints_as_a_draft(qtbot, practice, clock, sent):
    client_id, contract = plain_therapy_client(practice)
    session = finished_unsigned(practice, clock, client_id, contract)
    room = room_for(qtbot, practice, session)
    assert room.after.sign_button.isVisible() and room.after.print_button.isVisible()

    qtbot.mouseClick(room.after.print_button, Qt.MouseButton.LeftButton)
    dialog = room.after.record_dialog
    assert dialog.draft_notice.isVisible()
    assert DRAFT_NOTICE in visible_texts(dialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    [(_, document)] = sent
    text = flat(pdf_text(document.pdf))
    assert "draft" in text.lower() and f"{NOTE} working_notes" in text
    assert PROCESS not in text


def test_words_typed_just_before_printing_are_in_the_record(qtbot, practice, clock, sent):
    client_id, contract = plain_therapy_client(practice)
    session = finished_unsigned(practice, clock, client_id, contract)
    room = room_for(qtbot, practice, session)
    room.notes.editors[NoteField.WORKING_NOTES].setPlainText("LAST-WORDS-3141 before printing")

    room.after.print_button.click()  # a click need not take the focus (it doesn't on macOS)
    qtbot.mouseClick(room.after.record_dialog.print_button, Qt.MouseButton.LeftButton)

    [(_, document)] = sent
    assert "LAST-WORDS-3141 before printing" in flat(pdf_text(document.pdf))


def test_words_typed_just_before_signing_are_signed_too(
    qtbot, practice, clock, sent, scripted_prompts
):
    client_id, contract = plain_therapy_client(practice)
    session = finished_unsigned(practice, clock, client_id, contract)
    room = room_for(qtbot, practice, session)
    room.notes.editors[NoteField.WORKING_NOTES].setPlainText("LAST-WORDS-2718 before signing")
    scripted_prompts.script(answers=[True])

    room.after.sign_button.click()

    signed = practice.sessions.get(session.id)
    assert signed.is_signed
    assert signed.note.working_notes == "LAST-WORDS-2718 before signing"


def test_a_problem_is_told_and_the_dialog_stays(qtbot, practice, clock, sent, scripted_prompts):
    client_id, contract = plain_therapy_client(practice)
    session = finished_unsigned(practice, clock, client_id, contract)
    room = room_for(qtbot, practice, session)
    qtbot.mouseClick(room.after.print_button, Qt.MouseButton.LeftButton)
    dialog = room.after.record_dialog
    practice.sessions.discard(session.id)  # gone meanwhile, e.g. from another window

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    assert sent == []
    assert scripted_prompts.told[-1][0] == "Session not found"
    assert dialog.isVisible()


# --- the Sessions list -------------------------------------------------------------------------


def test_the_sessions_list_offers_the_record_of_the_chosen_session(qtbot, practice, clock, sent):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    area = SessionsArea(practice)
    qtbot.addWidget(area)
    area.show()
    assert not area.record_print.isEnabled() and not area.record_save.isEnabled()
    assert "Choose a session" in area.record_hint.text()

    area.recent.setCurrentRow(0)
    assert area.record_print.isEnabled() and area.record_save.isEnabled()
    assert session.client_name in area.record_hint.text()
    qtbot.mouseClick(area.record_save, Qt.MouseButton.LeftButton)
    dialog = area.record_dialog
    assert dialog.isVisible() and dialog.session.id == session.id
    assert dialog.fold.isVisible(), "a therapy session: the process-note option is there"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    [(how, document)] = sent
    assert how == "save" and document.client_id == client_id
    assert PROCESS not in flat(pdf_text(document.pdf))


def test_a_session_still_in_the_room_has_no_record_yet(qtbot, practice, clock, sent):
    client_id, contract = plain_therapy_client(practice)
    appointment = book_session(practice, client_id, contract, day=MONDAY)
    move_clock_to(clock, appointment.starts_at)
    practice.sessions.start(appointment_id=appointment.id)
    area = SessionsArea(practice)
    qtbot.addWidget(area)
    area.show()

    area.recent.setCurrentRow(0)

    assert not area.record_print.isEnabled() and not area.record_save.isEnabled()
    assert "still in the room" in area.record_hint.text()
    assert area.open_record(RecordOutput.PRINT) is None and sent == []


# --- the real save, end to end -----------------------------------------------------------------


def test_saving_for_real_writes_a_protected_pdf_with_the_reason(
    qtbot, practice, clock, tmp_path, scripted_prompts
):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    target = tmp_path / "record.pdf"
    scripted_prompts.script(save_paths=[target], pdf_passwords=[PdfPassword.protect(PASSWORD)])
    dialog = SessionRecordDialog(practice, session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fold.setChecked(True)
    dialog.include.setChecked(True)
    dialog.reason.setText(REASON)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    reader = PdfReader(target)
    assert reader.is_encrypted and reader.decrypt(PASSWORD)
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert f"{PROCESS} the pull to rescue" in text and REASON in text
    assert scripted_prompts.told[-1][0] == "PDF saved"
    [saved] = practice.audit.find(actions=(AuditAction.DOCUMENT_SAVED,))
    assert saved.detail == "session_record>practice;protected"
    assert len(disclosures(practice)) == 1
    assert dialog.result() == SessionRecordDialog.DialogCode.Accepted
