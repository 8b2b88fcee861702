"""Process notes (psychotherapy notes in the HIPAA sense) are the most private thing in the
practice: therapy only, stored apart from the session note, never part of a session, a
progress view or a record unless the practitioner includes them deliberately, with a reason
that is kept and audited. And no clinical text of a session reaches an export, a printed
day sheet, the audit trail, a log line or the files on disk in the clear."""

from __future__ import annotations

import io
import logging
from dataclasses import fields

import pytest
from pypdf import PdfReader

from practice_desk.domain.appointments import AppointmentKind
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField, Session, SessionRefused, SessionSigned
from practice_desk.domain.session_phases import ExtendMode
from practice_desk.services.calendar_export import export_calendar
from practice_desk.services.day_sheet import day_sheet_bytes, save_day_sheet
from tests.conftest import snapshot
from tests.services.conftest import audit_entries
from tests.services.session_support import (
    MONDAY,
    book_session,
    coaching_client,
    counts,
    edge_therapy_client,
    move_clock_to,
    plain_therapy_client,
    session_rows,
)

PROCESS = "PROC-ZEBRA-7731"
NOTE = "NOTE-OTTER-4410"
MARKER = "MARK-HERON-5521"
ADDENDUM = "ADDM-LYNX-9902"
REASON = "REAS-IBIS-3317"
PLANTED = (PROCESS, NOTE, MARKER, ADDENDUM, REASON)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


def run_full_session(practice, clock, *, disclose=True):
    """A booked therapy session (coaching edge) from start to signed note, with every kind of
    text planted: the note's fields, markers, process notes, an addendum and a disclosure."""
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract, hour=10, day=MONDAY)
    move_clock_to(clock, appointment.starts_at)
    sessions = practice.sessions
    session = sessions.start(appointment_id=appointment.id)
    for which in NoteField:
        sessions.save_text(session.id, which, f"{NOTE} {which.value}")
    sessions.link_goals(session.id, [contract.terms.goals[0].id])
    clock.advance(minutes=4)
    marker = sessions.add_marker(session.id, MarkerKind.INSIGHT, text=f"{MARKER} first")
    sessions.update_marker(marker)
    sessions.save_process_note(session.id, f"{PROCESS}: countertransference, the pull to rescue")
    sessions.advance(session.id)
    sessions.pause(session.id)
    clock.advance(minutes=2)
    sessions.resume(session.id)
    sessions.extend(session.id, 5, ExtendMode.RUN_OVER)
    clock.advance(minutes=30)
    sessions.add_marker(
        session.id,
        MarkerKind.GOAL_PROGRESS,
        voice=Voice.PRACTITIONER,
        text=f"{MARKER} goal",
        goal_id=contract.terms.goals[0].id,
    )
    sessions.advance(session.id)
    clock.advance(minutes=18)
    with pytest.raises(FieldInvalid):  # a refused save must not echo the text anywhere
        sessions.save_text(session.id, NoteField.GOAL, f"{NOTE} " * 200)
    sessions.sign(session.id)
    with pytest.raises(SessionSigned):
        sessions.save_process_note(session.id, f"{PROCESS} after signing")
    sessions.add_addendum(session.id, f"{ADDENDUM}: a dated correction")
    sessions.record(session.id)
    if disclose:
        sessions.record(session.id, include_process_notes=f"{REASON} subpoena")
    sessions.progress(client_id)
    return session.id, client_id


# --- therapy only, stored apart ------------------------------------------------------------------


def test_process_notes_belong_to_therapy_not_coaching(practice):
    client_id, _ = coaching_client(practice)
    session = practice.sessions.start(client_id=client_id)
    before = counts(practice), session_rows(practice)

    with pytest.raises(SessionRefused) as refused:
        practice.sessions.save_process_note(session.id, PROCESS)

    assert refused.value.message == "Process notes belong to therapy sessions."
    assert (counts(practice), session_rows(practice)) == before
    assert practice.sessions.process_note(session.id) == ""


def test_plain_therapy_keeps_process_notes_too(practice, clock):
    client_id, _ = plain_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)

    stored = practice.sessions.save_process_note(session.id, f"  {PROCESS}  \n\n")
    clock.advance(minutes=5)
    practice.sessions.save_process_note(session.id, f"{PROCESS} revised")

    assert stored == f"  {PROCESS}"
    assert practice.sessions.process_note(session.id) == f"{PROCESS} revised"
    assert counts(practice)["process_notes"] == 1  # one per session, rewritten in place


def test_process_notes_are_stored_apart_from_the_session_note(practice, clock):
    session_id, _ = run_full_session(practice, clock)
    conn = practice.conn

    assert (
        PROCESS
        in conn.execute(
            "SELECT body FROM process_notes WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
    )
    for table in (
        "sessions",
        "session_events",
        "progress_markers",
        "session_addenda",
        "process_note_disclosures",
        "appointments",
        "audit_log",
    ):
        for row in conn.execute(f"SELECT * FROM {table}"):
            assert PROCESS not in repr(row), table
    # The process notes are kept after signing, for the process-notes screen.
    assert practice.sessions.process_note(session_id).startswith(PROCESS)


def test_no_session_reading_carries_process_notes(practice, clock):
    session_id, client_id = run_full_session(practice, clock, disclose=False)
    sessions = practice.sessions

    readings = [
        sessions.get(session_id),
        sessions.for_client(client_id),
        sessions.for_appointment(sessions.get(session_id).appointment_id),
        sessions.unsigned_reminders(days=0),
        sessions.markers(session_id),
        sessions.addenda(session_id),
        sessions.progress(client_id),
        sessions.reading(session_id),
    ]

    assert NOTE in repr(readings[0]) and MARKER in repr(readings[4])  # the planting worked
    for reading in readings:
        assert PROCESS not in repr(reading)
    assert "process" not in {field.name for field in fields(Session)}


# --- records and disclosure ---------------------------------------------------------------------


def test_a_record_leaves_process_notes_out_by_default(practice, clock):
    session_id, _ = run_full_session(practice, clock, disclose=False)

    record = practice.sessions.record(session_id)

    assert record.process_note is None
    assert PROCESS not in repr(record)
    assert record.session.note.working_notes == f"{NOTE} working_notes"
    assert [marker.text for marker in record.markers] == [f"{MARKER} first", f"{MARKER} goal"]
    assert [addendum.body for addendum in record.addenda] == [f"{ADDENDUM}: a dated correction"]
    assert record.reading.finished
    assert counts(practice)["process_note_disclosures"] == 0
    assert AuditAction.PROCESS_NOTES_DISCLOSED.value not in {
        entry.action for entry in audit_entries(practice)
    }


def test_including_process_notes_keeps_the_reason_and_audits_it(practice, clock):
    session_id, client_id = run_full_session(practice, clock, disclose=False)
    clock.advance(minutes=90)

    record = practice.sessions.record(
        session_id, include_process_notes=f"  {REASON}   court order  "
    )

    assert record.process_note == practice.sessions.process_note(session_id)
    assert record.process_note.startswith(PROCESS)
    (row,) = practice.conn.execute(
        "SELECT id, session_id, reason, chosen_at FROM process_note_disclosures"
    ).fetchall()
    assert row[1:] == (session_id, f"{REASON} court order", "2026-01-12T11:24:00.000000Z")
    entry = audit_entries(practice)[-1]
    assert entry.action == AuditAction.PROCESS_NOTES_DISCLOSED.value
    assert (entry.object_type, entry.object_id, entry.client_id) == (
        "session",
        session_id,
        client_id,
    )
    assert entry.detail == f"disclosure:{row[0]}"
    assert REASON not in entry.detail and "court" not in entry.detail


def test_every_inclusion_is_kept_separately(practice, clock):
    session_id, _ = run_full_session(practice, clock, disclose=False)

    practice.sessions.record(session_id, include_process_notes="Requested by the client")
    clock.advance(minutes=60 * 24)
    practice.sessions.record(session_id, include_process_notes="Supervision, anonymised")

    reasons = practice.conn.execute(
        "SELECT reason FROM process_note_disclosures ORDER BY id"
    ).fetchall()
    assert reasons == [("Requested by the client",), ("Supervision, anonymised",)]
    disclosed = [
        entry
        for entry in audit_entries(practice)
        if entry.action == AuditAction.PROCESS_NOTES_DISCLOSED.value
    ]
    assert len(disclosed) == 2


@pytest.mark.parametrize(
    ("reason", "why"),
    [
        ("", "Please give the reason"),
        ("   \n\t ", "Please give the reason"),
        ("x" * 501, "at most 500"),
        ("bad\x07bell", "can't be stored"),
    ],
)
def test_including_process_notes_needs_a_real_reason(practice, clock, reason, why):
    session_id, _ = run_full_session(practice, clock, disclose=False)
    before = counts(practice), session_rows(practice)

    with pytest.raises(FieldInvalid) as refused:
        practice.sessions.record(session_id, include_process_notes=reason)

    assert refused.value.field == "disclosure_reason"
    assert why in refused.value.message
    assert (counts(practice), session_rows(practice)) == before


# --- nothing leaves by the other channels --------------------------------------------------------


@pytest.mark.parametrize("initials", [False, True])
def test_the_calendar_export_carries_no_session_text(practice, clock, tmp_path, initials):
    run_full_session(practice, clock)

    result = export_calendar(practice, MONDAY, MONDAY, tmp_path / "week", include_initials=initials)

    data = result.path.read_text(encoding="utf-8")
    assert result.count == 1 and "BEGIN:VEVENT" in data  # the session's appointment is there
    for planted in PLANTED:
        assert planted not in data


def test_the_day_sheet_carries_no_session_text(practice, clock, tmp_path):
    _, client_id = run_full_session(practice, clock)
    name = practice.clients.get(client_id).details.display_name

    sheet = pdf_text(day_sheet_bytes(practice, MONDAY))
    saved = save_day_sheet(practice, MONDAY, tmp_path / "monday")

    assert name in sheet and AppointmentKind.THERAPY_SESSION.label in sheet
    assert "Attended" in sheet  # signing marked the appointment attended
    for planted in PLANTED:
        assert planted not in sheet
        assert planted.encode() not in saved.read_bytes()
    assert pdf_text(saved.read_bytes()) == sheet


def test_no_audit_entry_holds_any_session_text(practice, clock):
    run_full_session(practice, clock)

    entries = audit_entries(practice)

    actions = {entry.action for entry in entries}
    assert {
        AuditAction.SESSION_STARTED.value,
        AuditAction.SESSION_FINISHED.value,
        AuditAction.SESSION_SIGNED.value,
        AuditAction.ADDENDUM_WRITTEN.value,
        AuditAction.PROCESS_NOTES_DISCLOSED.value,
    } <= actions
    for entry in entries:
        for planted in PLANTED:
            assert planted not in repr(entry)
        assert "countertransference" not in entry.detail
        assert "subpoena" not in entry.detail


def test_no_log_line_holds_any_session_text(practice, clock, caplog):
    with caplog.at_level(logging.DEBUG):
        session_id, _ = run_full_session(practice, clock)
        practice.sessions.record(session_id, include_process_notes=f"{REASON} again")
        practice.close("manual")

    for record in caplog.records:
        text = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for planted in PLANTED:
            assert planted not in text
    assert all(planted not in caplog.text for planted in PLANTED)


def test_nothing_is_on_disk_in_the_clear(practice, clock, files):
    run_full_session(practice, clock)
    checkpoint_free = snapshot(files.home)  # the database and its write-ahead log, as they are
    practice.close("manual")
    closed = snapshot(files.home)

    for state in (checkpoint_free, closed):
        for name, data in state.items():
            for planted in PLANTED:
                assert planted.encode() not in data, name


def test_a_coaching_record_cannot_include_process_notes_and_writes_nothing(practice):
    client_id, _ = coaching_client(practice)
    session = practice.sessions.start(client_id=client_id)
    before = counts(practice)
    with pytest.raises(SessionRefused, match="Coaching sessions have no process notes"):
        practice.sessions.record(session.id, include_process_notes="Subpoena")
    assert counts(practice) == before
    assert not [e for e in audit_entries(practice) if e.action == "process_notes_disclosed"]
