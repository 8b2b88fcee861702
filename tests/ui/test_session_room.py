"""The session room driven like a practitioner would, with the test clock standing in for the
wall clock: start from the calendar, type, log markers by key, move through the phases, finish,
sign; lock in the middle of a session; the quiet cues.

The clock stands at Monday 5 January 2026, 09:00 UTC; the practice is in Europe/London."""

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from practice_desk.domain.appointments import AppointmentKind, AppointmentRequest, AppointmentStatus
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import (
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    TherapyTerms,
)
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField
from practice_desk.domain.session_phases import Phase
from tests.conftest import PASSPHRASE
from tests.ui.conftest import WAIT_MS, open_window, unlock_with

EDGE = TherapyTerms(coaching_edge=True, screening_reason="Can use a directive, active style.")


def seed(vault, *, therapy=EDGE, book_at=None):
    """Anna Berg, in therapy (with a coaching edge unless told otherwise) with one goal; a
    session booked at `book_at` (wall clock) if given. Returns (client id, appointment id)."""
    practice = vault.unlock(PASSPHRASE)
    try:
        practice.bookings.settings.set_time_zone("Europe/London")
        client = practice.clients.create(ClientDetails("Anna Berg"))
        practice.contracts.create(
            client.id,
            ContractTerms(
                ContractKind.THERAPY,
                ContractStatus.ACTIVE,
                date(2026, 1, 2),
                goals=(Goal("Sleep through the night most weeks"),),
                therapy=therapy,
            ),
        )
        appointment_id = None
        if book_at is not None:
            (booked,) = practice.bookings.book(
                AppointmentRequest(AppointmentKind.THERAPY_SESSION, book_at, 50, client.id),
                confirmed=True,
            )
            appointment_id = booked.id
    finally:
        practice.close()
    return client.id, appointment_id


def stored(window, session_id):
    return window.practice.sessions.get(session_id)


def test_a_whole_session_from_the_calendar_to_the_signature(
    qtbot, vault, make_window, clock, scripted_prompts
):
    _, appointment_id = seed(vault, book_at=datetime(2026, 1, 5, 9, 0))
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("calendar")
    dialog = window.shell.calendar.open_appointment(appointment_id)
    qtbot.mouseClick(dialog.buttons["session"], Qt.MouseButton.LeftButton)

    area = window.shell.sessions
    qtbot.waitUntil(lambda: area.room is not None and area.room.isVisible(), timeout=WAIT_MS)
    room = area.room
    window.activateWindow()  # the closed dialog had been the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    session_id = room.session.id
    assert room.phase.text() == "Beginning"
    assert room.phase_left.text() == "10:00 left in the beginning"

    # Typing saves itself a moment after the practitioner stops.
    agenda = room.notes.editors[NoteField.AGENDA]
    agenda.setFocus()
    qtbot.keyClicks(agenda, "The night shifts again")
    qtbot.waitUntil(
        lambda: stored(window, session_id).note.agenda == "The night shifts again",
        timeout=WAIT_MS,
    )

    # Ctrl+1 while typing logs an insight, stamped now and in the beginning.
    clock.advance(minutes=3)
    qtbot.keyClick(agenda, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    (marker,) = window.practice.sessions.markers(session_id)
    assert (marker.kind, marker.phase, marker.voice) == (
        MarkerKind.INSIGHT,
        Phase.BEGINNING,
        Voice.CLIENT,
    )
    assert marker.at == clock.now()
    qtbot.keyClicks(room.markers.text, "Tiredness and saying yes go together")
    qtbot.keyClick(room.markers.text, Qt.Key.Key_Return)
    assert window.practice.sessions.markers(session_id)[0].text == (
        "Tiredness and saying yes go together"
    )
    assert agenda.hasFocus(), "the keyboard goes back to the note"

    # Two minutes before the beginning ends, the cue says so, quietly.
    clock.advance(minutes=5)
    room.tick()
    assert room.cue.isVisible()
    assert room.cue.text() == "The beginning ends in 2 min. Next: the middle."

    qtbot.keyClick(room, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert room.phase.text() == "Middle"
    assert room.notes.tabs.currentIndex() == 1, "the note follows the phase"

    # The middle runs on past its time: the cue says the end is being squeezed.
    clock.advance(minutes=34)
    room.tick()
    assert room.cue.text().startswith("The middle is running into the end: 8 of its 10 min")

    room.setFocus()
    qtbot.keyClick(room, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert room.phase.text() == "End"
    takeaways = room.notes.editors[NoteField.TAKEAWAYS]
    takeaways.setFocus()
    qtbot.keyClicks(takeaways, "I can say no and still be a good nurse.")
    room.setFocus()
    qtbot.keyClick(room, Qt.Key.Key_6)
    qtbot.keyClick(room.markers.text, Qt.Key.Key_Escape)
    assert [m.kind for m in window.practice.sessions.markers(session_id)][-1] is MarkerKind.TAKEAWAY

    clock.advance(minutes=8)
    qtbot.mouseClick(room.finish_button, Qt.MouseButton.LeftButton)
    session = stored(window, session_id)
    assert session.note.takeaways == "I can say no and still be a good nurse."
    assert session.finished_at == clock.now()
    assert room.phase.text() == "Finished"
    assert room.session_left.text() == "Beginning 8:00  ·  Middle 34:00  ·  End 8:00"
    appointment = window.practice.bookings.get(appointment_id)
    assert appointment.status is AppointmentStatus.ATTENDED

    scripted_prompts.script(answers=[True])
    qtbot.mouseClick(room.after.sign_button, Qt.MouseButton.LeftButton)
    assert stored(window, session_id).is_signed
    assert room.phase.text() == "Signed"
    assert room.notes.editors[NoteField.AGENDA].isReadOnly()
    assert not room.markers.controls.isVisible()
    assert "Anna" not in window.windowTitle()

    # A correction after signing is a dated addendum beneath the note.
    room.after.addendum_text.setPlainText("Correction: it was the late shift, not the night.")
    qtbot.mouseClick(room.after.add_button, Qt.MouseButton.LeftButton)
    assert [a.body for a in window.practice.sessions.addenda(session_id)] == [
        "Correction: it was the late shift, not the night."
    ]
    assert room.after.addenda.count() == 1


def test_a_lock_saves_what_is_typed_and_the_session_goes_on(qtbot, vault, make_window, clock):
    client_id, _ = seed(vault)
    window = open_window(qtbot, vault, make_window)
    window.shell.start_client_session(client_id)
    room = window.shell.sessions.room
    session_id = room.session.id
    room.advance()
    notes = room.notes.editors[NoteField.WORKING_NOTES]
    notes.setFocus()
    qtbot.keyClicks(notes, "Talked about her father")  # no pause: not saved yet

    window.lock(reason="idle")
    assert window.shell is None

    clock.advance(minutes=12)
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    room = window.shell.sessions.room
    assert room is not None and room.session.id == session_id, "back in the room"
    assert room.notes.editors[NoteField.WORKING_NOTES].toPlainText() == "Talked about her father"
    assert room.phase.text() == "Middle"
    assert room.reading.elapsed == 12 * 60, "the session ran on while the practice was locked"


def test_locking_leaves_no_note_text_in_any_widget(qtbot, vault, make_window):
    client_id, _ = seed(vault)
    window = open_window(qtbot, vault, make_window)
    window.shell.start_client_session(client_id)
    room = window.shell.sessions.room
    room.notes.editors[NoteField.AGENDA].setPlainText("Her sister's diagnosis")
    editors = window.findChildren(QPlainTextEdit)
    window.lock()
    assert all("diagnosis" not in editor.toPlainText() for editor in editors)


def test_plain_therapy_gets_a_plain_timer_and_one_field(qtbot, vault, make_window):
    client_id, _ = seed(vault, therapy=TherapyTerms())
    window = open_window(qtbot, vault, make_window)
    window.shell.start_client_session(client_id)
    room = window.shell.sessions.room
    assert room.notes.tabs is None
    assert list(room.notes.editors) == [NoteField.WORKING_NOTES]
    assert room.phase.text() == "Session"
    assert room.phase_left.text() == "50:00 left in the session"
    assert not room.next_button.isEnabled()


def test_digits_type_in_a_note_and_log_markers_outside_it(qtbot, vault, make_window):
    client_id, _ = seed(vault)
    window = open_window(qtbot, vault, make_window)
    window.shell.start_client_session(client_id)
    room = window.shell.sessions.room
    goal = room.notes.editors[NoteField.GOAL]
    goal.setFocus()
    qtbot.keyClicks(goal, "Sleep 7 hours")
    assert window.practice.sessions.markers(room.session.id) == []

    window.shell._escape()  # Esc leaves the field; now a digit is a marker
    qtbot.keyClick(room, Qt.Key.Key_V)  # the voice switches to the practitioner
    qtbot.keyClick(room, Qt.Key.Key_4)
    (marker,) = window.practice.sessions.markers(room.session.id)
    assert (marker.kind, marker.voice) == (MarkerKind.STRENGTH, Voice.PRACTITIONER)
    assert goal.toPlainText() == "Sleep 7 hours"


def test_an_over_long_field_is_refused_plainly_and_keeps_the_text(qtbot, vault, make_window):
    client_id, _ = seed(vault)
    window = open_window(qtbot, vault, make_window)
    window.shell.start_client_session(client_id)
    room = window.shell.sessions.room
    goal = room.notes.editors[NoteField.GOAL]
    goal.setPlainText("x" * 1001)
    assert not goal.flush()
    assert room.notes.error.isVisible()
    assert "at most 1,000 characters" in room.notes.error.text()
    assert "nothing is lost" in room.notes.error.text()
    assert goal.toPlainText() == "x" * 1001
    assert window.practice.sessions.get(room.session.id).note.goal == ""


def test_home_lists_notes_left_unsigned_and_opens_them(qtbot, vault, make_window, clock):
    client_id, _ = seed(vault)
    practice = vault.unlock(PASSPHRASE)
    try:
        session = practice.sessions.start(client_id=client_id)
        clock.advance(minutes=50)
        practice.sessions.finish(session.id)
    finally:
        practice.close()
    clock.advance(minutes=60 * 24 * 4)
    window = open_window(qtbot, vault, make_window)
    reminders = window.shell.reminders
    assert reminders.list.count() == 1
    assert "Anna Berg" in reminders.list.item(0).text()
    reminders.list.itemActivated.emit(reminders.list.item(0))
    room = window.shell.sessions.room
    assert room is not None and room.session.id == session.id
    assert room.after.sign_button.isVisible()


def test_the_client_page_starts_a_session_and_shows_progress(qtbot, vault, make_window, clock):
    client_id, _ = seed(vault)
    window = open_window(qtbot, vault, make_window)
    window.shell.open_client(client_id)
    view = window.shell.clients.client_view
    qtbot.mouseClick(view.session_button, Qt.MouseButton.LeftButton)
    room = window.shell.sessions.room
    assert room is not None and room.session.client_id == client_id
    room.setFocus()
    qtbot.keyClick(room, Qt.Key.Key_1)
    qtbot.keyClicks(room.markers.text, "Noticed the pattern with her mother")
    qtbot.keyClick(room.markers.text, Qt.Key.Key_Return)
    clock.advance(minutes=50)
    room.finish()

    window.shell.open_client(client_id)
    area = window.shell.clients
    qtbot.mouseClick(area.client_view.progress_button, Qt.MouseButton.LeftButton)
    assert area.currentWidget() is area.progress_page
    timeline = area.progress.timeline
    assert timeline.findItems(
        "Noticed the pattern", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive
    )
    window.shell._escape()
    assert area.currentWidget() is area.client_view
