"""The session room through the services: opening a session ad hoc or from the calendar, the
phase plan it gets, the timer read from stored events against the clock, the note's fields,
progress markers and the goals a session works on.

Every refusal is checked for a plain message and for having written nothing at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from practice_desk.domain.appointments import AppointmentStatus, CancelledBy
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.contracts import ContractKind, ContractStatus
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField, SessionRefused
from practice_desk.domain.session_phases import Cue, ExtendMode, Phase, PhasePlan, PhaseRefused
from practice_desk.services.sessions import SessionNotFound
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.services.calendar_support import CONSULTATION, book_one, new_client, wall
from tests.services.conftest import audit_entries
from tests.services.session_support import (
    GOALS,
    MONDAY,
    book_session,
    coaching_client,
    counts,
    edge_therapy_client,
    move_clock_to,
    plain_therapy_client,
    session_rows,
)

MINUTE = 60.0


def assert_refused_without_writing(practice, error_type, action):
    """Run `action`, expect `error_type` with a plain message, and prove nothing was written."""
    before_counts, before_rows = counts(practice), session_rows(practice)
    with pytest.raises(error_type) as refused:
        action()
    assert counts(practice) == before_counts
    assert session_rows(practice) == before_rows
    assert isinstance(refused.value, PracticeDeskError)
    assert refused.value.message and "practice_desk:" not in str(refused.value)
    return refused.value


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def running(practice):
    """A structured therapy session (coaching edge, 10/30/10) opened ad hoc at 09:00 UTC."""
    client_id, _ = edge_therapy_client(practice)
    return practice.sessions.start(client_id=client_id)


# --- starting --------------------------------------------------------------------------------


def test_an_ad_hoc_session_opens_under_the_clients_active_contract(practice, clock):
    client_id, contract = edge_therapy_client(practice)

    session = practice.sessions.start(client_id=client_id)

    assert session.client_id == client_id
    assert session.contract_id == contract.id
    assert session.appointment_id is None
    assert session.kind is ContractKind.THERAPY
    assert session.started_at == clock.now()
    assert session.is_running and not session.is_signed
    assert session.note.is_empty
    assert session.client_name == practice.clients.get(client_id).details.display_name
    assert practice.sessions.running() == session
    assert practice.sessions.for_client(client_id) == [session]
    started = audit_entries(practice)[-1]
    assert started.action == AuditAction.SESSION_STARTED.value
    assert (started.object_type, started.object_id) == ("session", session.id)
    assert started.client_id == client_id
    assert started.detail == "therapy"


def test_a_session_opens_from_its_appointment_once_the_clock_gets_there(practice, clock):
    client_id, contract = coaching_client(practice)
    appointment = book_session(practice, client_id, contract, hour=10)
    move_clock_to(clock, appointment.starts_at, plus=timedelta(seconds=42))

    session = practice.sessions.start(appointment_id=appointment.id)

    assert session.appointment_id == appointment.id
    assert session.contract_id == contract.id
    assert session.kind is ContractKind.COACHING
    assert session.started_at == appointment.starts_at + timedelta(seconds=42)
    assert practice.sessions.for_appointment(appointment.id) == session
    assert practice.sessions.reading(session).elapsed == 0.0


def test_opening_the_same_appointment_again_returns_its_session(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at)
    first = practice.sessions.start(appointment_id=appointment.id)
    practice.sessions.save_text(first.id, NoteField.AGENDA, "Sleep diary")
    clock.advance(minutes=3)
    before = counts(practice)

    again = practice.sessions.start(appointment_id=appointment.id)

    assert again.id == first.id
    assert again.started_at == first.started_at
    assert again.note.agenda == "Sleep diary"
    assert counts(practice) == before  # no second session, event or audit entry


def test_a_finished_appointment_session_reopens_rather_than_starting_anew(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at)
    first = practice.sessions.start(appointment_id=appointment.id)
    clock.advance(minutes=50)
    practice.sessions.finish(first.id)

    again = practice.sessions.start(appointment_id=appointment.id)

    assert again.id == first.id and not again.is_running
    assert practice.sessions.running() is None


def test_no_active_contract_is_refused_plainly(practice):
    client = new_client(practice)

    refusal = assert_refused_without_writing(
        practice, SessionRefused, lambda: practice.sessions.start(client_id=client.id)
    )

    assert refusal.message == "This client has no active contract."
    assert "contract" in refusal.advice


@pytest.mark.parametrize("status", [ContractStatus.DRAFT, ContractStatus.PAUSED])
def test_a_draft_or_paused_contract_is_no_contract_to_start_under(practice, status):
    client_id, _ = plain_therapy_client(practice, status)

    refusal = assert_refused_without_writing(
        practice, SessionRefused, lambda: practice.sessions.start(client_id=client_id)
    )

    assert "no active contract" in refusal.message
    assert "resume a paused one" in refusal.advice


def test_an_appointment_whose_contract_was_paused_is_refused(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    practice.contracts.update(contract.id, replace(contract.terms, status=ContractStatus.PAUSED))
    move_clock_to(clock, appointment.starts_at)

    refusal = assert_refused_without_writing(
        practice,
        SessionRefused,
        lambda: practice.sessions.start(appointment_id=appointment.id),
    )

    assert refusal.message == "The contract for this session is paused."
    assert "resume it first" in refusal.advice


def test_an_appointment_whose_contract_has_ended_is_refused(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    practice.contracts.end(contract.id)
    move_clock_to(clock, appointment.starts_at)

    refusal = assert_refused_without_writing(
        practice,
        SessionRefused,
        lambda: practice.sessions.start(appointment_id=appointment.id),
    )

    assert refusal.message == "The contract for this session is ended."


def test_the_advice_for_an_ended_contract_can_be_followed(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    practice.contracts.end(contract.id)
    move_clock_to(clock, appointment.starts_at)

    with pytest.raises(SessionRefused) as refused:
        practice.sessions.start(appointment_id=appointment.id)

    assert "resume" not in refused.value.advice


def test_a_consultation_is_not_a_session(practice, clock):
    client = new_client(practice)
    consultation = book_one(practice, CONSULTATION, wall(MONDAY, 10), client.id)
    move_clock_to(clock, consultation.starts_at)

    refusal = assert_refused_without_writing(
        practice,
        SessionRefused,
        lambda: practice.sessions.start(appointment_id=consultation.id),
    )

    assert refusal.message == "The session room is for therapy and coaching sessions."
    assert "consultation" in refusal.advice.lower()


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (AppointmentStatus.CANCELLED, "Cancelled"),
        (AppointmentStatus.LATE_CANCELLED, "Cancelled late"),
    ],
)
def test_a_cancelled_appointment_is_refused(practice, clock, status, label):
    client_id, contract = coaching_client(practice)
    appointment = book_session(practice, client_id, contract)
    practice.bookings.set_status(appointment.id, status, by=CancelledBy.CLIENT)
    move_clock_to(clock, appointment.starts_at)

    refusal = assert_refused_without_writing(
        practice,
        SessionRefused,
        lambda: practice.sessions.start(appointment_id=appointment.id),
    )

    assert refusal.message == f"This appointment is marked “{label}”."
    assert "Undo the mark" in refusal.advice


def test_a_missed_appointment_is_refused(practice, clock):
    client_id, contract = coaching_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at, plus=timedelta(minutes=20))
    practice.bookings.set_status(appointment.id, AppointmentStatus.NO_SHOW)

    refusal = assert_refused_without_writing(
        practice,
        SessionRefused,
        lambda: practice.sessions.start(appointment_id=appointment.id),
    )

    assert "Did not attend" in refusal.message


def test_a_second_session_waits_until_the_first_is_finished(practice, clock, running):
    other_id, _ = coaching_client(practice)

    refusal = assert_refused_without_writing(
        practice, SessionRefused, lambda: practice.sessions.start(client_id=other_id)
    )

    assert refusal.message == "Another session is still open in the session room."
    clock.advance(minutes=50)
    practice.sessions.finish(running.id)
    second = practice.sessions.start(client_id=other_id)
    assert practice.sessions.running() == second


def test_a_second_session_from_an_appointment_is_refused_too(practice, clock, running):
    other_id, contract = coaching_client(practice)
    appointment = book_session(practice, other_id, contract, hour=11, day=MONDAY)
    move_clock_to(clock, appointment.starts_at)

    assert_refused_without_writing(
        practice,
        SessionRefused,
        lambda: practice.sessions.start(appointment_id=appointment.id),
    )
    assert practice.sessions.for_appointment(appointment.id) is None


def test_an_unknown_session_is_reported_plainly(practice):
    with pytest.raises(SessionNotFound) as missing:
        practice.sessions.get(999)
    assert missing.value.message == "This session is no longer in the records."


# --- the plan --------------------------------------------------------------------------------


def test_coaching_gets_the_default_ten_thirty_ten(practice):
    client_id, _ = coaching_client(practice)

    session = practice.sessions.start(client_id=client_id)

    assert session.plan == PhasePlan(10, 30, 10)
    assert session.structured
    reading = practice.sessions.reading(session)
    assert reading.phases == (Phase.BEGINNING, Phase.MIDDLE, Phase.END)
    assert reading.phase is Phase.BEGINNING
    assert reading.phase_left == 10 * MINUTE
    assert reading.session_left == 50 * MINUTE


def test_therapy_with_a_coaching_edge_gets_the_structured_plan(practice, running):
    assert running.plan == PhasePlan(10, 30, 10)
    assert running.structured


def test_plain_therapy_is_one_middle_phase_and_unstructured(practice):
    client_id, _ = plain_therapy_client(practice)

    session = practice.sessions.start(client_id=client_id)

    assert session.plan == PhasePlan(0, 50, 0)
    assert not session.structured
    reading = practice.sessions.reading(session)
    assert reading.phases == (Phase.MIDDLE,)
    assert reading.phase is Phase.MIDDLE
    assert reading.is_last_phase
    assert reading.phase_left == reading.session_left == 50 * MINUTE


def test_a_contract_with_its_own_beginning_and_end_uses_them(practice):
    client_id, _ = coaching_client(practice, session_minutes=60, phase_beginning=5, phase_end=15)

    session = practice.sessions.start(client_id=client_id)

    assert session.plan == PhasePlan(5, 40, 15)
    reading = practice.sessions.reading(session)
    assert reading.phase_left == 5 * MINUTE
    assert reading.total == 60 * MINUTE


def test_a_contract_without_an_end_phase_has_beginning_and_middle(practice):
    client_id, _ = edge_therapy_client(practice, phase_beginning=10, phase_end=0)

    session = practice.sessions.start(client_id=client_id)

    assert session.plan == PhasePlan(10, 40, 0)
    assert session.structured
    assert practice.sessions.reading(session).phases == (Phase.BEGINNING, Phase.MIDDLE)


def test_practice_defaults_apply_per_kind_of_work(practice):
    practice.sessions.settings.save(
        cue_minutes=3,
        cue_sound=False,
        edges={ContractKind.COACHING: (15, 5), ContractKind.THERAPY: (5, 12)},
    )
    coachee, _ = coaching_client(practice)
    edge_client, _ = edge_therapy_client(practice)
    own_client, _ = coaching_client(practice, phase_beginning=8, phase_end=8)

    coaching = practice.sessions.start(client_id=coachee)
    practice.sessions.finish(coaching.id)
    therapy = practice.sessions.start(client_id=edge_client)
    practice.sessions.finish(therapy.id)
    own = practice.sessions.start(client_id=own_client)

    assert coaching.plan == PhasePlan(15, 30, 5)
    assert therapy.plan == PhasePlan(5, 33, 12)
    assert own.plan == PhasePlan(8, 34, 8)  # the contract's own wins over the practice's
    assert practice.sessions.settings.cue_minutes == 3


def test_a_contract_with_only_its_own_beginning_keeps_the_standard_end(practice):
    """A contract's own shape was checked against the standard edges when it was saved, so it
    is kept whole rather than mixed with the practice's defaults."""
    practice.sessions.settings.save(
        cue_minutes=2, cue_sound=False, edges={ContractKind.COACHING: (15, 5)}
    )
    client_id, _ = coaching_client(practice, phase_beginning=5)

    session = practice.sessions.start(client_id=client_id)

    assert session.plan == PhasePlan(5, 35, 10)


def test_practice_defaults_leave_plain_therapy_plain(practice):
    practice.sessions.settings.save(
        cue_minutes=2, cue_sound=False, edges={ContractKind.THERAPY: (15, 15)}
    )
    client_id, _ = plain_therapy_client(practice)

    session = practice.sessions.start(client_id=client_id)

    assert session.plan == PhasePlan(0, 50, 0)
    assert not session.structured


def test_a_short_contract_scales_the_practice_edges(practice):
    client_id, _ = coaching_client(practice, session_minutes=20)

    session = practice.sessions.start(client_id=client_id)

    # 10 + 10 would leave no middle: beginning and end take a fifth each.
    assert session.plan == PhasePlan(4, 12, 4)


def test_invalid_practice_defaults_are_refused_and_nothing_saved(practice):
    with pytest.raises(FieldInvalid) as invalid:
        practice.sessions.settings.save(
            cue_minutes=2, cue_sound=False, edges={ContractKind.COACHING: (61, 10)}
        )
    assert invalid.value.field == "phase_plan"
    with pytest.raises(FieldInvalid) as cue:
        practice.sessions.settings.save(cue_minutes=11, cue_sound=False, edges={})
    assert cue.value.field == "cue_minutes"
    assert practice.sessions.settings.edges(ContractKind.COACHING) == (10, 10)
    assert practice.sessions.settings.cue_minutes == 2
    assert practice.sessions.settings.cue_sound is False


# --- finishing and the calendar ----------------------------------------------------------------


def test_finishing_a_session_marks_its_begun_appointment_attended(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)
    move_clock_to(clock, appointment.starts_at, plus=timedelta(minutes=2))
    session = practice.sessions.start(appointment_id=appointment.id)
    clock.advance(minutes=51)

    finished = practice.sessions.finish(session.id)

    assert finished.finished_at == clock.now()
    assert practice.bookings.get(appointment.id).status is AppointmentStatus.ATTENDED
    assert practice.sessions.running() is None
    actions = [entry.action for entry in audit_entries(practice)[-2:]]
    assert actions == [AuditAction.SESSION_FINISHED.value, AuditAction.APPOINTMENT_STATUS.value]


def test_finishing_an_ad_hoc_session_leaves_the_calendar_alone(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    appointment = book_session(practice, client_id, contract)  # next Monday, not today
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=50)

    practice.sessions.finish(session.id)

    assert practice.bookings.get(appointment.id).status is AppointmentStatus.BOOKED


def test_finishing_twice_changes_nothing(practice, clock, running):
    clock.advance(minutes=50)
    finished = practice.sessions.finish(running.id)
    before = session_rows(practice), counts(practice)
    clock.advance(minutes=5)

    again = practice.sessions.finish(running.id)

    assert again == finished
    assert (session_rows(practice), counts(practice)) == before


def test_a_finished_session_stops_the_clock(practice, clock, running):
    clock.advance(minutes=47)
    practice.sessions.finish(running.id)
    clock.advance(minutes=30)

    reading = practice.sessions.reading(running.id)

    assert reading.finished
    assert reading.elapsed == 47 * MINUTE
    assert reading.cue is Cue.NONE


# --- the timer ---------------------------------------------------------------------------------


def test_the_timer_follows_the_clock_and_moves_on_by_hand(practice, clock, running):
    sessions = practice.sessions
    clock.advance(minutes=8, seconds=30)
    early = sessions.reading(running.id)
    assert early.phase is Phase.BEGINNING
    assert early.elapsed == 8.5 * MINUTE
    assert early.phase_left == 1.5 * MINUTE
    assert early.cue is Cue.PHASE_ENDING  # two minutes' quiet notice by default

    moved = sessions.advance(running.id)

    assert moved.phase is Phase.MIDDLE
    assert moved.spent[Phase.BEGINNING] == 8.5 * MINUTE
    # Time saved in the beginning flows into the middle; the end keeps its ten minutes.
    assert moved.phase_left == 31.5 * MINUTE
    assert moved.session_left == 41.5 * MINUTE
    assert sessions.reading(running.id).phase is Phase.MIDDLE
    clock.advance(minutes=31.5)
    assert sessions.advance(running.id).phase is Phase.END
    clock.advance(minutes=10)
    last = sessions.reading(running.id)
    assert last.session_left == 0
    assert last.cue is Cue.SESSION_OVER


def test_a_beginning_that_runs_long_shows_as_over(practice, clock, running):
    clock.advance(minutes=12)

    reading = practice.sessions.reading(running.id)

    assert reading.phase is Phase.BEGINNING  # phases never move on by themselves
    assert reading.phase_left == -2 * MINUTE
    assert reading.cue is Cue.PHASE_OVER


def test_a_middle_that_runs_into_the_end_is_flagged(practice, clock, running):
    practice.sessions.advance(running.id)
    clock.advance(minutes=43)

    reading = practice.sessions.reading(running.id)

    assert reading.phase is Phase.MIDDLE
    assert reading.phase_left == -3 * MINUTE
    assert reading.session_left == 7 * MINUTE
    assert reading.cue is Cue.END_SQUEEZED


def test_the_cue_lead_is_the_practices_setting(practice, clock, running):
    practice.sessions.settings.save(cue_minutes=5, cue_sound=False, edges={})
    clock.advance(minutes=4, seconds=30)

    assert practice.sessions.reading(running.id).cue is Cue.NONE
    clock.advance(seconds=31)
    assert practice.sessions.reading(running.id).cue is Cue.PHASE_ENDING


def test_extending_the_beginning_takes_time_from_the_middle(practice, clock, running):
    clock.advance(minutes=9)

    reading = practice.sessions.extend(running.id, 5, ExtendMode.SHRINK_REST)

    assert reading.phase_left == 6 * MINUTE
    assert reading.planned[Phase.BEGINNING] == 15 * MINUTE
    assert reading.total == 50 * MINUTE and reading.run_over == 0
    clock.advance(minutes=6)
    after = practice.sessions.advance(running.id)
    assert after.phase_left == 25 * MINUTE  # the middle gave way, the end did not
    assert after.planned[Phase.END] == 10 * MINUTE


def test_running_over_lengthens_the_session_and_keeps_the_end(practice, clock, running):
    practice.sessions.advance(running.id)
    clock.advance(minutes=38)

    reading = practice.sessions.extend(running.id, 5, ExtendMode.RUN_OVER)

    assert reading.total == 55 * MINUTE
    assert reading.run_over == 5 * MINUTE
    assert reading.session_left == 17 * MINUTE
    assert reading.phase_left == 7 * MINUTE
    assert reading.planned[Phase.END] == 10 * MINUTE
    assert practice.sessions.reading(running.id) == reading


def test_extending_the_middle_may_shrink_the_end_down_to_five_minutes(practice, clock, running):
    practice.sessions.advance(running.id)
    clock.advance(minutes=35)

    reading = practice.sessions.extend(running.id, 4, ExtendMode.SHRINK_REST)

    assert reading.planned[Phase.END] == 6 * MINUTE
    assert reading.phase_left == 9 * MINUTE
    assert reading.total == 50 * MINUTE

    refusal = assert_refused_without_writing(
        practice,
        PhaseRefused,
        lambda: practice.sessions.extend(running.id, 2, ExtendMode.SHRINK_REST),
    )
    assert "less than 5 minutes" in refusal.message
    assert "run over" in refusal.advice


def test_a_session_without_an_end_phase_lets_the_beginning_run_over_instead(practice, clock):
    client_id, _ = edge_therapy_client(practice, phase_beginning=10, phase_end=0)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=9)

    reading = practice.sessions.extend(session.id, 5, ExtendMode.SHRINK_REST)

    assert reading.phase_left == 6 * MINUTE
    assert reading.total == 50 * MINUTE
    assert practice.sessions.advance(session.id).phase is Phase.MIDDLE


def test_a_session_without_an_end_phase_keeps_a_middle_when_the_beginning_grows(practice, clock):
    client_id, _ = edge_therapy_client(practice, phase_beginning=10, phase_end=0)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=5)

    refusal = assert_refused_without_writing(
        practice,
        PhaseRefused,
        lambda: practice.sessions.extend(session.id, 45, ExtendMode.SHRINK_REST),
    )

    assert "the middle less than 5 minutes" in refusal.message


def test_pausing_holds_the_timer_and_resuming_goes_on(practice, clock, running):
    sessions = practice.sessions
    clock.advance(minutes=5)
    paused = sessions.pause(running.id)
    assert paused.paused
    clock.advance(minutes=4, seconds=0.25)
    held = sessions.reading(running.id)
    assert held.paused
    assert held.elapsed == 5 * MINUTE
    assert held.cue is Cue.NONE

    resumed = sessions.resume(running.id)
    clock.advance(minutes=2)

    assert not resumed.paused
    assert sessions.reading(running.id).elapsed == 7 * MINUTE
    assert sessions.reading(running.id).phase_left == 3 * MINUTE


@pytest.mark.parametrize(
    ("setup", "action", "message"),
    [
        (None, lambda s, i: s.resume(i), "The timer is running."),
        (lambda s, i: s.pause(i), lambda s, i: s.pause(i), "The timer is already paused."),
        (
            lambda s, i: (s.advance(i), s.advance(i)),
            lambda s, i: s.advance(i),
            "This is the last phase",
        ),
        (
            lambda s, i: (s.advance(i), s.advance(i)),
            lambda s, i: s.extend(i, 5, ExtendMode.SHRINK_REST),
            "Nothing comes after this phase",
        ),
        (None, lambda s, i: s.extend(i, 0, ExtendMode.RUN_OVER), "1 to 60 minutes"),
        (None, lambda s, i: s.extend(i, 61, ExtendMode.RUN_OVER), "1 to 60 minutes"),
        (None, lambda s, i: s.extend(i, 40, ExtendMode.SHRINK_REST), "the middle less than"),
        (lambda s, i: s.finish(i), lambda s, i: s.advance(i), "already finished"),
        (lambda s, i: s.finish(i), lambda s, i: s.pause(i), "already finished"),
        (lambda s, i: s.finish(i), lambda s, i: s.resume(i), "already finished"),
    ],
)
def test_timer_refusals_say_why_and_write_nothing(practice, clock, running, setup, action, message):
    sessions = practice.sessions
    clock.advance(minutes=3)
    if setup is not None:
        setup(sessions, running.id)
    clock.advance(minutes=1)
    before = sessions.reading(running.id)

    refusal = assert_refused_without_writing(
        practice, PhaseRefused, lambda: action(sessions, running.id)
    )

    assert message in refusal.message
    assert sessions.reading(running.id) == before


def test_a_plain_session_has_no_phase_to_move_to(practice, clock):
    client_id, _ = plain_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=45)

    assert_refused_without_writing(
        practice, PhaseRefused, lambda: practice.sessions.advance(session.id)
    )
    reading = practice.sessions.extend(session.id, 10, ExtendMode.RUN_OVER)
    assert reading.phase is Phase.MIDDLE
    assert reading.session_left == 15 * MINUTE


def test_a_clock_set_back_never_reorders_the_session(practice, clock, running):
    clock.advance(minutes=12)
    practice.sessions.advance(running.id)
    clock.advance(minutes=-5)  # the computer's clock was corrected backwards

    reading = practice.sessions.pause(running.id)

    assert reading.paused
    stamps = [
        row[0]
        for row in practice.conn.execute(
            "SELECT at FROM session_events WHERE session_id = ? ORDER BY id", (running.id,)
        )
    ]
    assert stamps == sorted(stamps)
    assert stamps[-1] == stamps[-2]  # the pause is stamped at the last event, not earlier
    assert reading.spent[Phase.BEGINNING] == 12 * MINUTE


# --- markers -----------------------------------------------------------------------------------


def test_a_marker_is_stamped_with_the_moment_and_the_phase(practice, clock, running):
    sessions = practice.sessions
    clock.advance(minutes=4, seconds=12.345678)

    first = sessions.add_marker(running.id, MarkerKind.INSIGHT, text="  sees   the pattern  ")

    assert first.at == clock.now()
    assert first.phase is Phase.BEGINNING
    assert first.voice is Voice.CLIENT
    assert first.text == "sees the pattern"
    sessions.advance(running.id)
    clock.advance(minutes=20)
    second = sessions.add_marker(
        running.id, MarkerKind.STRENGTH, voice=Voice.PRACTITIONER, text="held the silence"
    )
    assert second.phase is Phase.MIDDLE and second.voice is Voice.PRACTITIONER
    sessions.advance(running.id)
    clock.advance(minutes=3)
    third = sessions.add_marker(running.id, MarkerKind.TAKEAWAY, text="I can say no")
    assert third.phase is Phase.END
    assert sessions.markers(running.id) == [first, second, third]


def test_a_plain_session_logs_markers_in_its_middle(practice, clock):
    client_id, _ = plain_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)
    clock.advance(minutes=1)

    marker = practice.sessions.add_marker(session.id, MarkerKind.AFFECT)

    assert marker.phase is Phase.MIDDLE
    assert marker.text == ""


def test_a_marker_logged_while_writing_up_keeps_the_sessions_end(practice, clock, running):
    clock.advance(minutes=50)
    finished = practice.sessions.finish(running.id)
    clock.advance(minutes=15)

    marker = practice.sessions.add_marker(running.id, MarkerKind.SELF_REFLECTION)

    assert marker.at == finished.finished_at
    assert marker.phase is Phase.BEGINNING  # never moved on: the phase it finished in


def test_a_marker_can_name_one_of_the_contracts_goals(practice, clock):
    client_id, contract = coaching_client(practice)
    session = practice.sessions.start(client_id=client_id)
    goal = contract.terms.goals[1]

    marker = practice.sessions.add_marker(
        session.id, MarkerKind.GOAL_PROGRESS, text="spoke first at the board", goal_id=goal.id
    )

    assert marker.goal_id == goal.id
    track = practice.sessions.progress(client_id).goals[1]
    assert track.goal.text == GOALS[1].text
    assert track.progress == (marker,)


def test_a_marker_on_another_clients_goal_is_refused(practice, clock, running):
    _, other = coaching_client(practice)
    practice.sessions.finish(running.id)

    assert_refused_without_writing(
        practice,
        RefusedByDatabase,
        lambda: practice.sessions.add_marker(
            running.id, MarkerKind.GOAL_PROGRESS, goal_id=other.terms.goals[0].id
        ),
    )


@pytest.mark.parametrize(
    ("text", "why"), [("x" * 501, "at most 500"), ("bad\x00byte", "can't be stored")]
)
def test_unstorable_marker_text_is_refused(practice, running, text, why):
    refusal = assert_refused_without_writing(
        practice,
        FieldInvalid,
        lambda: practice.sessions.add_marker(running.id, MarkerKind.INSIGHT, text=text),
    )
    assert refusal.field == "marker_text"
    assert why in refusal.message


def test_a_marker_can_be_corrected_but_keeps_its_moment_and_phase(practice, clock, running):
    sessions = practice.sessions
    clock.advance(minutes=2)
    marker = sessions.add_marker(running.id, MarkerKind.INSIGHT, text="frist thought")
    sessions.advance(running.id)
    clock.advance(minutes=10)
    goal_id = practice.contracts.get(running.contract_id).terms.goals[0].id

    changed = sessions.update_marker(
        replace(
            marker,
            kind=MarkerKind.COGNITION,
            at=clock.now(),  # ignored: the moment stays
            phase=Phase.END,  # ignored: so does the phase
            voice=Voice.PRACTITIONER,
            text="  first   thought ",
            goal_id=goal_id,
        )
    )

    assert changed.kind is MarkerKind.COGNITION
    assert changed.voice is Voice.PRACTITIONER
    assert changed.text == "first thought"
    assert changed.goal_id == goal_id
    assert changed.at == marker.at
    assert changed.phase is Phase.BEGINNING
    assert sessions.markers(running.id) == [changed]


def test_a_marker_can_be_deleted_until_signed(practice, clock, running):
    sessions = practice.sessions
    keep = sessions.add_marker(running.id, MarkerKind.AFFECT, text="tears")
    slip = sessions.add_marker(running.id, MarkerKind.STRENGTH, text="wrong key")

    sessions.delete_marker(slip.id)

    assert sessions.markers(running.id) == [keep]
    with pytest.raises(SessionNotFound):
        sessions.delete_marker(slip.id)
    with pytest.raises(SessionNotFound):
        sessions.update_marker(slip)


# --- the note ---------------------------------------------------------------------------------


@pytest.mark.parametrize("which", list(NoteField))
def test_every_field_of_the_note_is_saved_as_typed(practice, clock, running, which):
    clock.advance(minutes=1)

    stored = practice.sessions.save_text(
        running.id, which, "\r\n  First line   \r\nSecond line\t \n\n"
    )

    assert stored == "  First line\nSecond line"
    note = practice.sessions.get(running.id).note
    assert note.text(which) == stored
    assert all(note.text(other) == "" for other in NoteField if other is not which)
    (updated,) = practice.conn.execute(
        "SELECT updated_at FROM sessions WHERE id = ?", (running.id,)
    ).fetchone()
    assert updated == "2026-01-05T09:01:00.000000Z"


@pytest.mark.parametrize("which", list(NoteField))
def test_an_over_long_field_is_refused_and_the_saved_text_kept(practice, running, which):
    practice.sessions.save_text(running.id, which, "kept as it was")
    at_limit = practice.sessions.save_text(running.id, which, "a" * which.limit)
    assert len(at_limit) == which.limit
    practice.sessions.save_text(running.id, which, "kept as it was")

    refusal = assert_refused_without_writing(
        practice,
        FieldInvalid,
        lambda: practice.sessions.save_text(running.id, which, "a" * (which.limit + 1)),
    )

    assert refusal.field == which.value
    assert f"{which.limit:,}" in refusal.message
    assert practice.sessions.get(running.id).note.text(which) == "kept as it was"


def test_saving_the_note_does_not_touch_the_timer(practice, clock, running):
    clock.advance(minutes=6)
    before = practice.sessions.reading(running.id)

    practice.sessions.save_text(running.id, NoteField.GOAL, "Name one thing to ask for")

    assert practice.sessions.reading(running.id) == before
    assert practice.sessions.get(running.id).is_running


def test_a_plain_session_keeps_its_working_notes(practice):
    client_id, _ = plain_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)

    practice.sessions.save_text(session.id, NoteField.WORKING_NOTES, "Spoke about her father.")

    assert practice.sessions.get(session.id).note.working_notes == "Spoke about her father."


# --- goals -------------------------------------------------------------------------------------


def test_a_session_links_the_contract_goals_it_works_on(practice, running):
    goals = practice.contracts.get(running.contract_id).terms.goals
    first, second = (goal.id for goal in goals)

    linked = practice.sessions.link_goals(running.id, [second, first, second])

    assert linked.goal_ids == (first, second)
    assert practice.sessions.link_goals(running.id, [second]).goal_ids == (second,)
    assert practice.sessions.link_goals(running.id, []).goal_ids == ()


def test_linking_another_contracts_goal_is_refused_and_keeps_the_links(practice, running):
    own = practice.contracts.get(running.contract_id).terms.goals[0].id
    _, other = coaching_client(practice)
    practice.sessions.link_goals(running.id, [own])

    assert_refused_without_writing(
        practice,
        RefusedByDatabase,
        lambda: practice.sessions.link_goals(running.id, [own, other.terms.goals[0].id]),
    )

    assert practice.sessions.get(running.id).goal_ids == (own,)


def test_progress_shows_sessions_markers_and_goal_tracks(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    sleep, speak = (goal.id for goal in contract.terms.goals)
    sessions = practice.sessions
    first = sessions.start(client_id=client_id)
    sessions.link_goals(first.id, [sleep])
    sessions.add_marker(first.id, MarkerKind.INSIGHT)
    sessions.add_marker(first.id, MarkerKind.GOAL_PROGRESS, goal_id=sleep)
    clock.advance(minutes=50)
    sessions.finish(first.id)
    clock.advance(minutes=7 * 24 * 60)
    second = sessions.start(client_id=client_id)
    sessions.link_goals(second.id, [sleep, speak])
    sessions.add_marker(second.id, MarkerKind.INSIGHT)
    sessions.add_marker(second.id, MarkerKind.TAKEAWAY, text="ask for the meeting")

    progress = sessions.progress(client_id)

    assert [item.session.id for item in progress.sessions] == [first.id, second.id]
    assert progress.totals()[MarkerKind.INSIGHT] == 2
    assert progress.totals()[MarkerKind.TAKEAWAY] == 1
    assert progress.totals()[MarkerKind.AFFECT] == 0
    sleep_track, speak_track = progress.goals
    assert sleep_track.sessions == (first.id, second.id)
    assert [marker.kind for marker in sleep_track.progress] == [MarkerKind.GOAL_PROGRESS]
    assert speak_track.sessions == (second.id,)
    assert speak_track.progress == ()
