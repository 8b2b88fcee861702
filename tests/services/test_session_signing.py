"""Signing: a signed note is final. Every later change is refused in the services and in the
database itself; corrections are dated addenda beneath the note. Unsigned notes are brought
back as reminders after a few days, and a session opened by mistake can be discarded."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import sqlcipher3

from practice_desk.domain.appointments import AppointmentStatus
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import (
    ADDENDUM_MAX,
    NoteField,
    SessionRefused,
    SessionSigned,
)
from practice_desk.domain.session_phases import ExtendMode
from tests.services.conftest import audit_entries
from tests.services.session_support import (
    book_session,
    coaching_client,
    counts,
    edge_therapy_client,
    move_clock_to,
    session_rows,
)

MINUTE = 60.0


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def written(practice, clock):
    """A therapy session (coaching edge) with a note, markers, a goal and process notes,
    still running after 48 minutes. Returns (session, marker)."""
    client_id, contract = edge_therapy_client(practice)
    sessions = practice.sessions
    session = sessions.start(client_id=client_id)
    sessions.save_text(session.id, NoteField.AGENDA, "Sleep, and the new manager")
    sessions.link_goals(session.id, [contract.terms.goals[0].id])
    clock.advance(minutes=9)
    marker = sessions.add_marker(session.id, MarkerKind.INSIGHT, text="sees the pattern")
    sessions.advance(session.id)
    clock.advance(minutes=30)
    sessions.save_text(session.id, NoteField.WORKING_NOTES, "Worked on the Sunday dread.")
    sessions.save_process_note(session.id, "Felt protective; notice the pull to reassure.")
    sessions.advance(session.id)
    clock.advance(minutes=9)
    sessions.add_marker(session.id, MarkerKind.TAKEAWAY, text="write it down first")
    return sessions.get(session.id), marker


@pytest.fixture
def signed(practice, clock, written):
    session, marker = written
    clock.advance(minutes=2)
    return practice.sessions.sign(session.id), marker


def test_signing_a_running_session_finishes_it_at_that_moment(practice, clock, written):
    session, _ = written
    clock.advance(minutes=2, seconds=0.5)

    signed = practice.sessions.sign(session.id)

    assert signed.finished_at == signed.signed_at == clock.now()
    assert signed.is_signed and not signed.is_running
    assert practice.sessions.running() is None
    reading = practice.sessions.reading(signed)
    assert reading.finished
    assert reading.elapsed == 50 * MINUTE + 0.5
    actions = [entry.action for entry in audit_entries(practice)[-2:]]
    assert actions == [AuditAction.SESSION_FINISHED.value, AuditAction.SESSION_SIGNED.value]
    # The note, the markers and the goal link are all still there, now final.
    assert signed.note.agenda == "Sleep, and the new manager"
    assert len(practice.sessions.markers(session.id)) == 2
    assert len(signed.goal_ids) == 1


def test_signing_later_keeps_the_moment_the_session_finished(practice, clock, written):
    session, _ = written
    clock.advance(minutes=2)
    finished = practice.sessions.finish(session.id)
    clock.advance(minutes=25)  # the notes are written up after the client has left

    signed = practice.sessions.sign(session.id)

    assert signed.finished_at == finished.finished_at
    assert signed.signed_at == clock.now()
    assert practice.sessions.reading(signed).elapsed == 50 * MINUTE
    actions = [entry.action for entry in audit_entries(practice)[-2:]]
    assert actions == [AuditAction.SESSION_FINISHED.value, AuditAction.SESSION_SIGNED.value]


def test_signing_an_appointments_session_marks_it_attended(practice, clock):
    client_id, contract = coaching_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at)
    session = practice.sessions.start(appointment_id=appointment.id)
    clock.advance(minutes=50)

    practice.sessions.sign(session.id)

    assert practice.bookings.get(appointment.id).status is AppointmentStatus.ATTENDED


def test_signing_a_paused_session_counts_the_pause_out(practice, clock, written):
    session, _ = written
    practice.sessions.pause(session.id)
    clock.advance(minutes=10)

    signed = practice.sessions.sign(session.id)

    reading = practice.sessions.reading(signed)
    assert not reading.paused and reading.finished
    assert reading.elapsed == 48 * MINUTE


def test_a_clock_set_back_never_signs_a_note_before_its_session_finished(practice, clock, written):
    session, _ = written
    clock.advance(minutes=2)
    practice.sessions.pause(session.id)
    clock.advance(minutes=-3)  # the computer's clock is corrected backwards

    signed = practice.sessions.sign(session.id)

    assert signed.signed_at >= signed.finished_at


MUTATIONS = {
    "save_text": lambda s, session, marker: s.save_text(session.id, NoteField.AGENDA, "edit"),
    "save_text_takeaways": lambda s, session, marker: s.save_text(
        session.id, NoteField.TAKEAWAYS, ""
    ),
    "add_marker": lambda s, session, marker: s.add_marker(session.id, MarkerKind.STRENGTH),
    "update_marker": lambda s, session, marker: s.update_marker(
        replace(marker, text="changed later", voice=Voice.PRACTITIONER)
    ),
    "delete_marker": lambda s, session, marker: s.delete_marker(marker.id),
    "link_goals": lambda s, session, marker: s.link_goals(session.id, []),
    "save_process_note": lambda s, session, marker: s.save_process_note(session.id, "later"),
    "advance": lambda s, session, marker: s.advance(session.id),
    "pause": lambda s, session, marker: s.pause(session.id),
    "resume": lambda s, session, marker: s.resume(session.id),
    "extend_shrink": lambda s, session, marker: s.extend(session.id, 5, ExtendMode.SHRINK_REST),
    "extend_run_over": lambda s, session, marker: s.extend(session.id, 5, ExtendMode.RUN_OVER),
    "discard": lambda s, session, marker: s.discard(session.id),
    "sign_again": lambda s, session, marker: s.sign(session.id),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS), ids=list(MUTATIONS))
def test_a_signed_note_refuses_every_change_and_stays_byte_identical(
    practice, clock, signed, mutation
):
    session, marker = signed
    clock.advance(minutes=30)
    rows_before, counts_before = session_rows(practice), counts(practice)

    with pytest.raises(SessionSigned) as refused:
        MUTATIONS[mutation](practice.sessions, session, marker)

    assert refused.value.message == "A signed session note can't be changed."
    assert "addendum" in refused.value.advice
    assert session_rows(practice) == rows_before
    assert counts(practice) == counts_before  # no audit entry either
    assert practice.sessions.get(session.id) == session


def test_finishing_a_signed_session_again_is_a_harmless_no_op(practice, clock, signed):
    session, _ = signed
    clock.advance(minutes=30)
    rows_before = session_rows(practice)

    assert practice.sessions.finish(session.id) == session
    assert session_rows(practice) == rows_before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE sessions SET working_notes = 'silently changed' WHERE id = :id",
        "UPDATE sessions SET signed_at = NULL WHERE id = :id",
        "DELETE FROM sessions WHERE id = :id",
        "UPDATE progress_markers SET text = 'silently changed' WHERE session_id = :id",
        "DELETE FROM progress_markers WHERE session_id = :id",
        "INSERT INTO progress_markers (session_id, kind, at, phase, voice, updated_at) "
        "VALUES (:id, 'insight', '2026-01-05T10:00:00.000000Z', 'end', 'client', 'x')",
        "UPDATE process_notes SET body = 'silently changed' WHERE session_id = :id",
        "DELETE FROM process_notes WHERE session_id = :id",
        "INSERT INTO session_events (session_id, kind, at) "
        "VALUES (:id, 'paused', '2026-01-05T10:00:00.000000Z')",
        "DELETE FROM session_events WHERE session_id = :id",
        "DELETE FROM session_goals WHERE session_id = :id",
    ],
)
def test_the_database_refuses_raw_changes_to_a_signed_session(practice, signed, sql):
    session, _ = signed
    rows_before = session_rows(practice)

    with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:session_signed"):
        practice.conn.execute(sql, {"id": session.id})

    assert session_rows(practice) == rows_before


# --- addenda ----------------------------------------------------------------------------------


def test_an_unsigned_note_takes_no_addendum(practice, written):
    session, _ = written
    before = session_rows(practice), counts(practice)

    with pytest.raises(SessionRefused) as refused:
        practice.sessions.add_addendum(session.id, "A correction")

    assert refused.value.message == "Addenda are for signed notes."
    assert "edit it directly" in refused.value.advice
    assert (session_rows(practice), counts(practice)) == before


def test_addenda_are_dated_listed_in_order_and_audited(practice, clock, signed):
    session, _ = signed
    clock.advance(minutes=24 * 60 + 5)
    first = practice.sessions.add_addendum(session.id, "The agenda also covered work.  \n\n")
    first_written = clock.now()
    clock.advance(minutes=3 * 24 * 60)
    second = practice.sessions.add_addendum(session.id, "Correction: it was the Monday dread.")

    assert first.body == "The agenda also covered work."
    assert first.written_at == first_written
    assert second.written_at == clock.now()
    assert second.written_at.date().isoformat() == "2026-01-09"
    assert practice.sessions.addenda(session.id) == [first, second]
    # The signed note itself is unchanged beneath them.
    assert practice.sessions.get(session.id) == session
    written = [
        entry
        for entry in audit_entries(practice)
        if entry.action == AuditAction.ADDENDUM_WRITTEN.value
    ]
    assert [(entry.object_type, entry.object_id) for entry in written] == [
        ("session", session.id),
        ("session", session.id),
    ]
    assert all(entry.client_id == session.client_id for entry in written)
    assert all(entry.detail == "" for entry in written)
    assert written[0].at.startswith("2026-01-06T")


@pytest.mark.parametrize(
    ("text", "why"),
    [("", "write the addendum first"), (" \n\n ", "write the addendum first")],
)
def test_an_empty_addendum_is_refused(practice, signed, text, why):
    session, _ = signed
    before = counts(practice)

    with pytest.raises(FieldInvalid) as refused:
        practice.sessions.add_addendum(session.id, text)

    assert why in refused.value.message
    assert counts(practice) == before


def test_an_over_long_addendum_is_refused(practice, signed):
    session, _ = signed
    before = counts(practice)

    with pytest.raises(FieldInvalid) as refused:
        practice.sessions.add_addendum(session.id, "a" * (ADDENDUM_MAX + 1))

    assert refused.value.field == "addendum"
    assert counts(practice) == before


def test_an_addendum_once_written_never_changes(practice, signed):
    session, _ = signed
    addendum = practice.sessions.add_addendum(session.id, "A dated correction.")

    for sql in (
        "UPDATE session_addenda SET body = 'rewritten' WHERE id = ?",
        "DELETE FROM session_addenda WHERE id = ?",
    ):
        with pytest.raises(sqlcipher3.IntegrityError):
            practice.conn.execute(sql, (addendum.id,))

    assert practice.sessions.addenda(session.id) == [addendum]


# --- reminders ---------------------------------------------------------------------------------


def test_unsigned_notes_older_than_three_days_are_brought_back(practice, clock):
    sessions = practice.sessions
    old_id, _ = edge_therapy_client(practice)
    signed_id, _ = coaching_client(practice)
    recent_id, _ = coaching_client(practice)

    old = sessions.start(client_id=old_id)
    clock.advance(minutes=50)
    sessions.finish(old.id)
    clock.advance(minutes=10)
    done = sessions.start(client_id=signed_id)
    clock.advance(minutes=50)
    sessions.sign(done.id)
    clock.advance(timedelta(days=2).total_seconds())
    recent = sessions.start(client_id=recent_id)
    clock.advance(minutes=50)
    sessions.finish(recent.id)

    # Three days after the first session began, to the second: not yet older than three days.
    move_clock_to(clock, old.started_at, plus=timedelta(days=3))
    assert sessions.unsigned_reminders() == []

    clock.advance(1)
    assert [item.id for item in sessions.unsigned_reminders()] == [old.id]

    move_clock_to(clock, recent.started_at, plus=timedelta(days=3, seconds=1))
    assert [item.id for item in sessions.unsigned_reminders()] == [old.id, recent.id]
    assert all(not item.is_signed for item in sessions.unsigned_reminders())

    sessions.sign(old.id)
    assert [item.id for item in sessions.unsigned_reminders()] == [recent.id]


def test_the_reminder_period_can_be_chosen(practice, clock):
    client_id, _ = coaching_client(practice)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=50)
    practice.sessions.finish(session.id)
    clock.advance(minutes=11 * 60)

    assert practice.sessions.unsigned_reminders() == []
    assert [item.id for item in practice.sessions.unsigned_reminders(days=0)] == [session.id]


# --- discarding --------------------------------------------------------------------------------


def test_discarding_removes_an_unsigned_session_with_everything_on_it(practice, clock, written):
    session, _ = written
    before = counts(practice)

    practice.sessions.discard(session.id)

    after = counts(practice)
    for table in (
        "sessions",
        "session_events",
        "session_goals",
        "progress_markers",
        "process_notes",
    ):
        assert practice.conn.execute(
            f"SELECT count(*) FROM {table} WHERE session_id = ?"
            if table != "sessions"
            else "SELECT count(*) FROM sessions WHERE id = ?",
            (session.id,),
        ).fetchone() == (0,)
    assert after["sessions"] == before["sessions"] - 1
    assert after["audit_log"] == before["audit_log"] + 1
    assert practice.sessions.running() is None
    assert practice.sessions.for_client(session.client_id) == []
    assert practice.sessions.progress(session.client_id).sessions == ()
    entry = audit_entries(practice)[-1]
    assert entry.action == AuditAction.SESSION_DISCARDED.value
    assert (entry.object_type, entry.object_id, entry.client_id) == (
        "session",
        session.id,
        session.client_id,
    )
    assert entry.detail == ""


def test_a_discarded_appointment_session_can_be_opened_again(practice, clock):
    client_id, contract = coaching_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at)
    mistaken = practice.sessions.start(appointment_id=appointment.id)
    practice.sessions.discard(mistaken.id)
    clock.advance(minutes=1)

    fresh = practice.sessions.start(appointment_id=appointment.id)

    assert fresh.started_at == clock.now()
    assert practice.sessions.markers(fresh.id) == []
    assert practice.bookings.get(appointment.id).status is AppointmentStatus.BOOKED


def test_a_session_whose_process_notes_were_disclosed_is_not_discarded(practice, written):
    """A disclosure is part of the trail: the session it points at must stay."""
    session, _ = written
    practice.sessions.record(session.id, include_process_notes="Requested by the client")
    before = session_rows(practice), counts(practice)

    with pytest.raises(SessionRefused) as refused:
        practice.sessions.discard(session.id)

    assert "process notes were included" in refused.value.message
    assert "sign it" in refused.value.advice
    assert (session_rows(practice), counts(practice)) == before
    assert practice.sessions.running() == session
