"""A session survives a crash, a forced quit and a sleeping laptop: everything is saved as it
happens, and the timer is replayed from stored events against the clock, so a reopened
session reads exactly as far along as the wall clock says, to the microsecond.

A step that fails halfway leaves nothing half-written."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from practice_desk.domain.appointments import AppointmentStatus
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField
from practice_desk.domain.session_phases import Cue, Phase
from practice_desk.security.keychain import Keychain
from practice_desk.storage import session_store
from tests.conftest import PASSPHRASE
from tests.services.conftest import audit_entries
from tests.services.session_support import (
    book_session,
    counts,
    edge_therapy_client,
    move_clock_to,
    plain_therapy_client,
    session_rows,
)

MINUTE = 60.0


@pytest.fixture
def reopen(vault, memory_keyring):
    """Open the practice again from its files, as the app does after a restart. Every practice
    opened here is locked again after the test."""
    opened = []

    def open_again():
        practice = vault.unlock_with_keychain(Keychain(memory_keyring))
        assert practice is not None
        opened.append(practice)
        return practice

    yield open_again
    for practice in opened:
        practice.close()


def crash(practice) -> None:
    """The process dies: the connection goes away without the lock step (no audit entry, no
    checkpoint). Only what was committed is on disk, in the database and its WAL."""
    practice.conn.close()


def active_seconds(now, started_at, paused=timedelta()) -> float:
    return (now - started_at - paused).total_seconds()


@pytest.fixture
def practice(quick_practice):
    return quick_practice


def test_a_crashed_session_reopens_exactly_as_far_along(practice, clock, reopen):
    sessions = practice.sessions
    client_id, contract = edge_therapy_client(practice)
    clock.advance(0.123456)
    session = sessions.start(client_id=client_id)
    sessions.save_text(session.id, NoteField.AGENDA, "The new manager; sleep")
    sessions.link_goals(session.id, [contract.terms.goals[0].id])
    clock.advance(197.654321)
    insight = sessions.add_marker(session.id, MarkerKind.INSIGHT, text="it's the old fear")
    clock.advance(minutes=6, seconds=3.000007)
    sessions.advance(session.id)
    clock.advance(minutes=2)
    sessions.save_text(session.id, NoteField.WORKING_NOTES, "Sunday dread, the father's voice")
    strength = sessions.add_marker(
        session.id, MarkerKind.STRENGTH, voice=Voice.PRACTITIONER, text="stayed with it"
    )
    sessions.save_process_note(session.id, "Pull to rescue; stay curious.")
    before = sessions.get(session.id)
    soon = clock.now() + timedelta(minutes=7, microseconds=1)
    expected_soon = sessions.reading(session.id, at=soon)
    crash(practice)

    clock.advance(7 * MINUTE + 0.000001)  # seven minutes (and a microsecond) later
    again = reopen()

    running = again.sessions.running()
    assert running == before
    reading = again.sessions.reading(running)
    assert reading == expected_soon
    assert reading.elapsed == pytest.approx(
        active_seconds(clock.now(), session.started_at), abs=1e-6
    )
    assert reading.phase is Phase.MIDDLE
    assert reading.spent[Phase.BEGINNING] == pytest.approx(560.654328, abs=1e-6)
    assert again.sessions.markers(session.id) == [insight, strength]
    assert running.note.agenda == "The new manager; sleep"
    assert running.note.working_notes == "Sunday dread, the father's voice"
    assert running.goal_ids == (contract.terms.goals[0].id,)
    assert again.sessions.process_note(session.id) == "Pull to rescue; stay curious."
    # The work goes on where it stopped.
    clock.advance(minutes=1)
    assert again.sessions.advance(session.id).phase is Phase.END


def test_a_long_sleep_shows_the_time_that_passed(practice, clock, reopen):
    client_id, _ = edge_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=11, seconds=0.5)
    practice.sessions.advance(session.id)
    crash(practice)

    clock.advance(minutes=40)  # the laptop slept through the rest of the hour
    again = reopen()

    reading = again.sessions.reading(again.sessions.running())
    assert reading.elapsed == 51 * MINUTE + 0.5
    assert reading.phase is Phase.MIDDLE  # phases never move on by themselves
    assert reading.session_left == -(MINUTE + 0.5)  # 50 minutes planned, 51 gone
    assert reading.cue is Cue.END_SQUEEZED


def test_a_session_paused_before_the_crash_is_still_paused(practice, clock, reopen):
    client_id, _ = plain_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=20, seconds=0.000003)
    practice.sessions.pause(session.id)
    clock.advance(minutes=5)
    crash(practice)

    clock.advance(minutes=40)
    again = reopen()

    held = again.sessions.reading(session.id)
    assert held.paused
    assert held.elapsed == pytest.approx(20 * MINUTE + 0.000003, abs=1e-6)
    assert held.cue is Cue.NONE
    resumed = again.sessions.resume(session.id)
    assert not resumed.paused
    clock.advance(minutes=10)
    paused_for = timedelta(minutes=45)
    assert again.sessions.reading(session.id).elapsed == pytest.approx(
        active_seconds(clock.now(), session.started_at, paused_for), abs=1e-6
    )


def test_a_lock_and_unlock_picks_the_session_up_too(practice, clock, reopen):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at)
    session = practice.sessions.start(appointment_id=appointment.id)
    clock.advance(minutes=5)
    practice.close("idle")

    clock.advance(minutes=3)
    again = reopen()

    assert again.sessions.for_appointment(appointment.id) == session
    assert again.sessions.start(appointment_id=appointment.id) == session
    assert again.sessions.reading(session.id).elapsed == 8 * MINUTE
    clock.advance(minutes=42)
    again.sessions.finish(session.id)
    assert again.bookings.get(appointment.id).status is AppointmentStatus.ATTENDED


SESSION_IN_A_PROCESS = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime
    from pathlib import Path

    from practice_desk.domain.clock import ManualClock
    from practice_desk.domain.progress_markers import MarkerKind
    from practice_desk.domain.session_notes import NoteField
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault

    home, start, passphrase, client_id = sys.argv[1:]
    clock = ManualClock(datetime.fromisoformat(start))
    vault = Vault(VaultFiles(Path(home)), clock, kdf_params=fast_params_for_tests)
    practice = vault.unlock(passphrase)
    sessions = practice.sessions
    session = sessions.start(client_id=int(client_id))
    clock.advance(190.250001)
    sessions.add_marker(session.id, MarkerKind.AFFECT, text="anger, then relief")
    sessions.save_text(session.id, NoteField.GOAL, "Say no once this week")
    clock.advance(minutes=8)
    sessions.advance(session.id)
    print(session.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_killed_process_loses_nothing_that_was_saved(practice, clock, reopen, files):
    client_id, _ = edge_therapy_client(practice)
    practice.close()
    started = clock.now()

    arguments = [str(files.home), started.isoformat(), PASSPHRASE, str(client_id)]
    done = subprocess.run(
        [sys.executable, "-c", SESSION_IN_A_PROCESS, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == -signal.SIGKILL, done.stderr
    session_id = int(done.stdout.strip())
    clock.advance(190.250001 + 8 * MINUTE + 7 * MINUTE)
    again = reopen()
    assert again.audit_verdict is not None and again.audit_verdict.intact
    running = again.sessions.running()
    assert running is not None and running.id == session_id
    assert running.started_at == started
    assert running.note.goal == "Say no once this week"
    (marker,) = again.sessions.markers(session_id)
    assert (marker.kind, marker.text, marker.phase) == (
        MarkerKind.AFFECT,
        "anger, then relief",
        Phase.BEGINNING,
    )
    assert marker.at == started + timedelta(seconds=190.250001)
    reading = again.sessions.reading(running)
    assert reading.phase is Phase.MIDDLE
    assert reading.elapsed == pytest.approx(active_seconds(clock.now(), started), abs=1e-6)
    # The killed process never locked: its unlock is the last word before this one.
    actions = [entry.action for entry in audit_entries(again)]
    assert actions[-1] == AuditAction.UNLOCKED.value
    assert actions[-2] == AuditAction.SESSION_STARTED.value


# --- a failure halfway through a step -----------------------------------------------------------


def fail_after_writing(monkeypatch, name):
    """Make session_store.`name` do its write and then fail, like a crash before commit."""
    original = getattr(session_store, name)

    def write_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("power cut")

    monkeypatch.setattr(session_store, name, write_then_fail)


def test_a_start_that_fails_halfway_leaves_no_session(practice, clock, monkeypatch):
    client_id, _ = edge_therapy_client(practice)
    before = counts(practice), session_rows(practice)
    fail_after_writing(monkeypatch, "insert_event")

    with pytest.raises(RuntimeError):
        practice.sessions.start(client_id=client_id)

    assert (counts(practice), session_rows(practice)) == before  # no row, event or audit entry
    assert practice.sessions.running() is None
    monkeypatch.undo()
    assert practice.sessions.start(client_id=client_id).is_running


@pytest.mark.parametrize(
    ("step", "write"),
    [
        (lambda s, i: s.advance(i), "insert_event"),
        (lambda s, i: s.pause(i), "insert_event"),
        (lambda s, i: s.finish(i), "insert_event"),
        (lambda s, i: s.finish(i), "set_finished"),
        (lambda s, i: s.sign(i), "insert_event"),
        (lambda s, i: s.sign(i), "set_signed"),
        (lambda s, i: s.save_text(i, NoteField.TAKEAWAYS, "half"), "update_note_field"),
        (lambda s, i: s.link_goals(i, []), "set_goal_links"),
        (lambda s, i: s.add_marker(i, MarkerKind.TAKEAWAY), "insert_marker"),
        (lambda s, i: s.save_process_note(i, "half"), "write_process_note"),
        (lambda s, i: s.discard(i), "delete_unsigned_session"),
        (lambda s, i: s.record(i, include_process_notes="court order"), "insert_disclosure"),
    ],
)
def test_a_step_that_fails_halfway_is_rolled_back_whole(practice, clock, monkeypatch, step, write):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at)
    sessions = practice.sessions
    session = sessions.start(appointment_id=appointment.id)
    sessions.link_goals(session.id, [contract.terms.goals[0].id])
    sessions.add_marker(session.id, MarkerKind.INSIGHT)
    sessions.save_text(session.id, NoteField.TAKEAWAYS, "whole")
    sessions.save_process_note(session.id, "whole")
    clock.advance(minutes=50)
    before = counts(practice), session_rows(practice)
    reading = sessions.reading(session.id)
    fail_after_writing(monkeypatch, write)

    with pytest.raises(RuntimeError):
        step(sessions, session.id)

    assert (counts(practice), session_rows(practice)) == before
    assert sessions.reading(session.id) == reading
    assert sessions.running() == sessions.get(session.id)
    assert practice.bookings.get(appointment.id).status is AppointmentStatus.BOOKED


def test_an_audit_entry_that_cannot_be_written_takes_the_change_with_it(
    practice, clock, monkeypatch
):
    client_id, _ = edge_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=50)
    before = counts(practice), session_rows(practice)

    def refuse(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(practice.audit, "record", refuse)
    for step in (
        lambda: practice.sessions.sign(session.id),
        lambda: practice.sessions.discard(session.id),
        lambda: practice.sessions.record(session.id, include_process_notes="court order"),
    ):
        with pytest.raises(RuntimeError):
            step()
        assert (counts(practice), session_rows(practice)) == before

    assert practice.sessions.running() == practice.sessions.get(session.id)
