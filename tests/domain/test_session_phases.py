"""The session timer: beginning / middle / end, replayed from stored events against a clock.

The clock is just the datetimes passed in: every reading is `read_timer(plan, events, now)`.
Times are "active" seconds, wall time since the start minus time spent paused.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_desk.domain.session_phases import (
    MAX_EXTENSION_MINUTES,
    MIN_END_MINUTES,
    MIN_MIDDLE_MINUTES,
    Cue,
    EventKind,
    ExtendMode,
    Phase,
    PhasePlan,
    PhaseRefused,
    TimerEvent,
    check_event,
    check_phase_edges,
    read_timer,
)

B, M, E = Phase.BEGINNING, Phase.MIDDLE, Phase.END
T0 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
PLAN = PhasePlan.for_session(50)  # 10 / 30 / 10
PLAIN = PhasePlan.for_session(50, structured=False)


def at(minutes: float, seconds: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def started() -> TimerEvent:
    return TimerEvent(EventKind.STARTED, T0)


def advanced(minutes: float, seconds: float = 0) -> TimerEvent:
    return TimerEvent(EventKind.ADVANCED, at(minutes, seconds))


def paused(minutes: float) -> TimerEvent:
    return TimerEvent(EventKind.PAUSED, at(minutes))


def resumed(minutes: float) -> TimerEvent:
    return TimerEvent(EventKind.RESUMED, at(minutes))


def finished(minutes: float) -> TimerEvent:
    return TimerEvent(EventKind.FINISHED, at(minutes))


def extended(minutes: float, by: int, mode: ExtendMode) -> TimerEvent:
    return TimerEvent(EventKind.EXTENDED, at(minutes), by, mode)


def shrink(minutes: float, by: int) -> TimerEvent:
    return extended(minutes, by, ExtendMode.SHRINK_REST)


def run_over(minutes: float, by: int) -> TimerEvent:
    return extended(minutes, by, ExtendMode.RUN_OVER)


def read(events, now_minutes: float, plan=PLAN, cue_minutes: int = 2, now_seconds: float = 0):
    return read_timer(plan, [started(), *events], at(now_minutes, now_seconds), cue_minutes)


def refused(events, event, plan=PLAN) -> PhaseRefused:
    with pytest.raises(PhaseRefused) as caught:
        check_event(plan, [started(), *events], event)
    return caught.value


def minutes(seconds: float) -> float:
    return seconds / 60


def spent_in_minutes(reading) -> dict[Phase, float]:
    return {phase: minutes(value) for phase, value in reading.spent.items()}


# --- the plan --------------------------------------------------------------------------------


def test_a_50_minute_session_is_planned_10_30_10():
    assert PhasePlan(10, 30, 10) == PLAN
    assert PLAN.total == 50
    assert PLAN.phases == (B, M, E)
    assert not PLAN.is_plain
    assert [phase.label for phase in PLAN.phases] == ["Beginning", "Middle", "End"]


@pytest.mark.parametrize(
    ("session_minutes", "expected"),
    [
        (10, PhasePlan(2, 6, 2)),
        (14, PhasePlan(2, 10, 2)),
        (20, PhasePlan(4, 12, 4)),
        (24, PhasePlan(4, 16, 4)),
        (25, PhasePlan(10, 5, 10)),  # 10 + 10 still leaves the 5-minute middle
        (30, PhasePlan(10, 10, 10)),
        (90, PhasePlan(10, 70, 10)),
    ],
)
def test_short_sessions_scale_the_edges_to_leave_a_middle(session_minutes, expected):
    assert PhasePlan.for_session(session_minutes) == expected


@pytest.mark.parametrize("session_minutes", range(10, 241))
def test_every_session_length_gets_a_middle_and_adds_up(session_minutes):
    plan = PhasePlan.for_session(session_minutes)
    assert plan.total == session_minutes
    assert plan.middle >= MIN_MIDDLE_MINUTES
    assert plan.phases == (B, M, E)
    assert plan.beginning == plan.end  # defaults and scaling are symmetrical


def test_a_contract_may_choose_its_own_edges():
    assert PhasePlan.for_session(60, 15, 5) == PhasePlan(15, 40, 5)
    assert PhasePlan.for_session(50, 0, 10).phases == (M, E)
    assert PhasePlan.for_session(50, 10, 0).phases == (B, M)
    # Edges that leave no room for a middle are scaled rather than trusted.
    assert PhasePlan.for_session(30, 20, 20) == PhasePlan(6, 18, 6)


def test_a_plain_session_is_all_middle_whatever_edges_are_given():
    assert PhasePlan(0, 50, 0) == PLAIN
    assert PLAIN.phases == (M,)
    assert PLAIN.is_plain
    assert PhasePlan.for_session(50, 15, 15, structured=False) == PLAIN
    assert PhasePlan.for_session(10, structured=False) == PhasePlan(0, 10, 0)


def test_no_edges_at_all_is_plain_even_when_structured():
    assert PhasePlan.for_session(50, 0, 0).is_plain


# --- contract edges ---------------------------------------------------------------------------


@pytest.mark.parametrize("session_minutes", [10, 14, 24, 50, 240])
def test_no_edges_of_its_own_is_always_fine(session_minutes):
    check_phase_edges(session_minutes, None, None)


@pytest.mark.parametrize(
    ("session_minutes", "beginning", "end"),
    [
        (50, 20, 25),  # middle exactly 5
        (20, 5, None),  # the end defaults to 10, middle 5
        (20, None, 5),
        (50, 0, 0),
        (240, 60, 60),
    ],
)
def test_edges_that_leave_a_5_minute_middle_are_accepted(session_minutes, beginning, end):
    check_phase_edges(session_minutes, beginning, end)


@pytest.mark.parametrize(
    ("session_minutes", "beginning", "end"),
    [
        (50, 20, 26),  # middle 4
        (19, 5, None),  # the default 10-minute end leaves 4
        (10, 0, None),
        (30, 15, 15),
    ],
)
def test_edges_that_squeeze_the_middle_are_refused(session_minutes, beginning, end):
    with pytest.raises(PhaseRefused) as caught:
        check_phase_edges(session_minutes, beginning, end)
    assert "too little for the middle" in caught.value.message
    assert f"at least {MIN_MIDDLE_MINUTES} minutes" in caught.value.advice


@pytest.mark.parametrize(("beginning", "end"), [(61, None), (None, 61), (-1, 10), (10, -5)])
def test_edges_outside_0_to_60_minutes_are_refused(beginning, end):
    with pytest.raises(PhaseRefused, match="up to 60 minutes"):
        check_phase_edges(240, beginning, end)


# --- reading the timer through a session ------------------------------------------------------


def test_at_the_start_the_beginning_has_its_10_minutes():
    reading = read([], 0)
    assert reading.phase is B
    assert reading.phases == (B, M, E)
    assert (reading.elapsed, reading.phase_elapsed) == (0, 0)
    assert reading.phase_left == 10 * 60
    assert reading.session_left == 50 * 60
    assert reading.total == 50 * 60
    assert reading.run_over == 0
    assert reading.planned == {B: 600, M: 1800, E: 600}
    assert reading.spent == {B: 0, M: 0, E: 0}
    assert reading.cue is Cue.NONE
    assert not reading.paused and not reading.finished
    assert reading.next_phase is M and not reading.is_last_phase


def test_halfway_through_the_beginning():
    reading = read([], 5)
    assert reading.phase is B
    assert reading.phase_elapsed == 300
    assert reading.phase_left == 300
    assert reading.session_left == 45 * 60


def test_the_beginning_does_not_end_by_itself():
    reading = read([], 12)
    assert reading.phase is B  # only the practitioner moves on
    assert reading.phase_left == -120
    assert reading.cue is Cue.PHASE_OVER


def test_advancing_on_time_gives_the_middle_its_30_minutes_and_the_end_its_10():
    middle = read([advanced(10)], 10)
    assert middle.phase is M
    assert middle.phase_elapsed == 0
    assert middle.phase_left == 30 * 60
    assert middle.next_phase is E

    halfway = read([advanced(10)], 25)
    assert halfway.phase_elapsed == 15 * 60
    assert halfway.phase_left == 15 * 60
    assert halfway.spent == {B: 600, M: 900, E: 0}

    end = read([advanced(10), advanced(40)], 40)
    assert end.phase is E
    assert end.phase_left == 10 * 60
    assert end.session_left == 10 * 60
    assert end.is_last_phase and end.next_phase is None

    after = read([advanced(10), advanced(40)], 50)
    assert after.phase_left == 0
    assert after.session_left == 0
    assert after.spent == {B: 600, M: 1800, E: 600}
    assert after.cue is Cue.SESSION_OVER


def test_an_early_beginning_gives_its_spare_time_to_the_middle_not_the_end():
    middle = read([advanced(6)], 6)
    assert middle.phase_left == 34 * 60  # 30 planned + 4 saved
    assert middle.planned[E] == 600
    end = read([advanced(6), advanced(40)], 40)
    assert end.phase_left == 10 * 60
    assert spent_in_minutes(end) == {B: 6, M: 34, E: 0}


def test_a_late_beginning_shrinks_the_middle_and_keeps_the_end():
    middle = read([advanced(15)], 15)
    assert middle.phase_left == 25 * 60
    end = read([advanced(15), advanced(40)], 40)
    assert end.phase_left == 10 * 60
    assert end.session_left == 10 * 60


def test_an_early_middle_leaves_the_rest_of_the_session_to_the_end():
    # The session's end stays where it was: finishing the middle early makes the end longer.
    end = read([advanced(10), advanced(35)], 35)
    assert end.phase_left == 15 * 60
    assert end.session_left == 15 * 60


def test_the_middle_running_on_squeezes_the_end_and_says_so():
    squeezed = read([advanced(10)], 42)
    assert squeezed.phase is M
    assert squeezed.phase_left == -120
    assert squeezed.cue is Cue.END_SQUEEZED
    end = read([advanced(10), advanced(42)], 42)
    assert end.phase_left == 8 * 60
    assert end.cue is Cue.NONE
    assert read([advanced(10), advanced(42)], 48).cue is Cue.SESSION_ENDING


def test_a_session_without_a_beginning_squeezes_its_end_too():
    plan = PhasePlan.for_session(50, 0, 10)
    reading = read([], 41, plan=plan)
    assert (reading.phase, reading.phase_left, reading.cue) == (M, -60, Cue.END_SQUEEZED)


def test_a_session_without_an_end_runs_its_middle_to_the_session_end():
    plan = PhasePlan.for_session(50, 10, 0)
    assert read([], 11, plan=plan).cue is Cue.PHASE_OVER
    middle = read([advanced(10)], 10, plan=plan)
    assert middle.is_last_phase
    assert middle.phase_left == middle.session_left == 40 * 60
    assert read([advanced(10)], 50, plan=plan).cue is Cue.SESSION_OVER


def test_a_plain_session_is_one_phase_to_the_end():
    reading = read([], 20, plan=PLAIN)
    assert reading.phases == (M,)
    assert reading.phase is M
    assert reading.is_last_phase and reading.next_phase is None
    assert reading.phase_left == reading.session_left == 30 * 60
    assert reading.planned == {M: 3000}
    assert reading.spent == {M: 1200}
    assert refused([], advanced(20), plan=PLAIN).message.startswith("This is the last phase")


def test_advancing_past_the_last_phase_is_refused():
    error = refused([advanced(10), advanced(40)], advanced(45))
    assert "last phase" in error.message
    assert "finish the session" in error.message


# --- extensions -------------------------------------------------------------------------------


def test_extending_the_beginning_within_the_session_shrinks_the_middle():
    events = [shrink(8, 5)]
    beginning = read(events, 8)
    assert beginning.phase_left == 7 * 60  # 2 left + 5 more
    assert beginning.planned[B] == 15 * 60
    assert beginning.total == 50 * 60
    assert beginning.run_over == 0
    assert beginning.session_left == 42 * 60
    middle = read([*events, advanced(15)], 15)
    assert middle.phase_left == 25 * 60
    end = read([*events, advanced(15), advanced(40)], 40)
    assert end.phase_left == 10 * 60


def test_extending_the_beginning_may_leave_the_middle_exactly_5_minutes():
    check_event(PLAN, [started()], shrink(1, 25))
    middle = read([shrink(1, 25), advanced(35)], 35)
    assert middle.phase_left == MIN_MIDDLE_MINUTES * 60


@pytest.mark.parametrize("events", [[], [shrink(1, 20)]])
def test_extending_the_beginning_into_the_last_5_minutes_of_the_middle_is_refused(events):
    by = 26 if not events else 6
    error = refused(events, shrink(2, by))
    assert "middle less than 5 minutes" in error.message
    assert "run over" in error.advice
    # A refused extension changes nothing; a smaller one is still possible.
    assert read(events, 2).planned[B] == (10 + (20 if events else 0)) * 60
    check_event(PLAN, [started(), *events], shrink(2, by - 1))


def test_a_session_without_an_end_also_keeps_a_5_minute_middle():
    plan = PhasePlan.for_session(50, 10, 0)  # (10, 40, 0): a valid contract's plan
    with pytest.raises(PhaseRefused):
        check_event(plan, [started()], shrink(1, 40))  # nothing left for the middle


def test_extending_the_middle_within_the_session_shrinks_the_end():
    events = [advanced(10), shrink(38, 3)]
    middle = read(events, 38)
    assert middle.phase_left == 5 * 60
    assert middle.planned[E] == 7 * 60
    assert middle.total == 50 * 60
    assert middle.run_over == 0
    end = read([*events, advanced(43)], 43)
    assert end.phase_left == 7 * 60
    assert end.session_left == 7 * 60


def test_the_end_never_shrinks_below_5_minutes():
    error = refused([advanced(10)], shrink(38, 6))
    assert f"end less than {MIN_END_MINUTES} minutes" in error.message
    assert "keeps time to close" in error.advice
    events = [advanced(10), shrink(36, 2), shrink(37, 3)]  # the end now exactly 5
    assert read(events, 37).planned[E] == MIN_END_MINUTES * 60
    assert "end less than" in refused(events, shrink(38, 1)).message


def test_a_short_session_whose_end_is_already_short_cannot_shrink_it():
    plan = PhasePlan.for_session(20)  # 4 / 12 / 4
    assert "end less than" in refused([advanced(4)], shrink(10, 1), plan=plan).message


@pytest.mark.parametrize(
    ("events", "plan"),
    [([advanced(10), advanced(40)], PLAN), ([], PLAIN)],
    ids=["end", "plain"],
)
def test_the_last_phase_can_only_run_over(events, plan):
    error = refused(events, shrink(45, 5), plan=plan)
    assert "Nothing comes after" in error.message
    assert "run over" in error.advice
    check_event(plan, [started(), *events], run_over(45, 5))


def test_running_over_in_the_beginning_moves_everything_later():
    events = [run_over(8, 5)]
    beginning = read(events, 8)
    assert beginning.phase_left == 7 * 60
    assert beginning.total == 55 * 60
    assert beginning.run_over == 5 * 60
    assert beginning.session_left == 47 * 60
    middle = read([*events, advanced(15)], 15)
    assert middle.phase_left == 30 * 60  # the middle keeps its length
    end = read([*events, advanced(15), advanced(45)], 45)
    assert end.phase_left == 10 * 60
    assert end.session_left == 10 * 60


def test_running_over_in_the_middle_keeps_the_end_whole():
    events = [advanced(10), run_over(38, 5)]
    middle = read(events, 38)
    assert middle.phase_left == 7 * 60
    assert middle.cue is Cue.NONE
    assert middle.run_over == 5 * 60
    assert middle.session_left == 17 * 60
    assert middle.planned[E] == 10 * 60
    end = read([*events, advanced(45)], 45)
    assert end.phase_left == 10 * 60
    assert end.session_left == 10 * 60


def test_running_over_in_the_end_moves_the_session_end():
    events = [advanced(10), advanced(40), run_over(49, 5)]
    end = read(events, 49)
    assert end.phase_left == end.session_left == 6 * 60
    assert end.total == 55 * 60
    assert end.run_over == 5 * 60
    assert end.cue is Cue.NONE
    assert read(events, 55).cue is Cue.SESSION_OVER


def test_running_over_adds_up():
    events = [run_over(5, 5), advanced(15), run_over(40, 10), advanced(50), run_over(58, 3)]
    reading = read(events, 58)
    assert reading.run_over == 18 * 60
    assert reading.total == 68 * 60
    assert reading.session_left == 10 * 60


def test_a_plain_session_can_run_over():
    reading = read([run_over(45, 10)], 45, plan=PLAIN)
    assert reading.session_left == reading.phase_left == 15 * 60
    assert reading.run_over == 10 * 60


@pytest.mark.parametrize("by", [0, -5, MAX_EXTENSION_MINUTES + 1])
@pytest.mark.parametrize("mode", list(ExtendMode))
def test_an_extension_is_1_to_60_minutes(by, mode):
    assert "1 to 60 minutes" in refused([advanced(10)], extended(20, by, mode)).message


def test_an_hour_of_running_over_is_allowed():
    assert read([run_over(1, MAX_EXTENSION_MINUTES)], 1).total == 110 * 60


def test_the_plan_shown_includes_an_extension_of_the_middle():
    reading = read([advanced(10), run_over(38, 5)], 38)
    assert reading.planned[M] == 35 * 60
    assert sum(reading.planned.values()) == reading.total


# --- pausing ----------------------------------------------------------------------------------


def test_paused_time_does_not_count():
    events = [paused(5), resumed(15)]
    reading = read(events, 18)
    assert reading.elapsed == 8 * 60
    assert reading.phase_left == 2 * 60
    assert reading.session_left == 42 * 60
    assert reading.cue is Cue.PHASE_ENDING
    assert not reading.paused


def test_a_paused_timer_stands_still_and_stays_quiet():
    events = [paused(12)]  # the beginning is already 2 minutes over
    first = read(events, 13)
    much_later = read(events, 90)
    assert first.paused
    assert first.elapsed == much_later.elapsed == 12 * 60
    assert first.phase_left == much_later.phase_left == -120
    assert first.cue is much_later.cue is Cue.NONE


def test_pauses_add_up():
    events = [paused(5), resumed(7), advanced(12), paused(20), resumed(30), paused(40)]
    reading = read(events, 45)
    assert reading.elapsed == (5 + 5 + 8 + 10) * 60
    assert spent_in_minutes(reading) == {B: 10, M: 18, E: 0}


def test_pausing_twice_is_refused():
    assert "already paused" in refused([paused(5)], paused(6)).message


@pytest.mark.parametrize("events", [[], [paused(5), resumed(6)]])
def test_resuming_a_running_timer_is_refused(events):
    assert "running" in refused(events, resumed(8)).message


def test_moving_on_while_paused_counts_from_the_pause():
    events = [paused(8), advanced(20), resumed(25)]
    reading = read(events, 30)
    assert reading.phase is M
    assert spent_in_minutes(reading) == {B: 8, M: 5, E: 0}


# --- finishing --------------------------------------------------------------------------------


def test_a_finished_session_reads_the_same_forever():
    events = [advanced(10), advanced(40), finished(52)]
    at_finish = read(events, 52)
    assert at_finish.finished
    assert at_finish.elapsed == 52 * 60
    assert at_finish.session_left == -120
    assert at_finish.cue is Cue.NONE
    for later in (53, 60 * 24, 60 * 24 * 365):
        assert read(events, later) == at_finish


def test_finishing_while_paused_leaves_out_the_pause():
    reading = read([advanced(10), advanced(40), paused(45), finished(60)], 70)
    assert reading.finished and not reading.paused
    assert reading.elapsed == 45 * 60


def test_a_session_may_finish_in_any_phase():
    reading = read([finished(3)], 4)
    assert reading.phase is B
    assert reading.spent == {B: 180, M: 0, E: 0}


@pytest.mark.parametrize(
    "event",
    [
        advanced(55),
        paused(55),
        resumed(55),
        finished(55),
        run_over(55, 5),
        TimerEvent(EventKind.STARTED, at(55)),
    ],
    ids=lambda event: event.kind.value,
)
def test_nothing_follows_a_finish(event):
    assert "already finished" in refused([advanced(10), finished(50)], event).message


def test_a_second_start_is_refused():
    assert "already started" in refused([], TimerEvent(EventKind.STARTED, at(1))).message


@pytest.mark.parametrize("events", [[], [advanced(5)]])
def test_a_timer_without_its_start_cannot_be_read(events):
    with pytest.raises(PhaseRefused, match="not started"):
        read_timer(PLAN, events, at(5))


# --- the quiet cue ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "now", "expected"),
    [
        ([], (7, 59), Cue.NONE),
        ([], (8, 0), Cue.PHASE_ENDING),
        ([], (9, 59), Cue.PHASE_ENDING),
        ([], (10, 0), Cue.PHASE_OVER),
        ([advanced(10)], (37, 59), Cue.NONE),
        ([advanced(10)], (38, 0), Cue.PHASE_ENDING),
        ([advanced(10)], (40, 0), Cue.END_SQUEEZED),
        ([advanced(10), advanced(40)], (47, 59), Cue.NONE),
        ([advanced(10), advanced(40)], (48, 0), Cue.SESSION_ENDING),
        ([advanced(10), advanced(40)], (50, 0), Cue.SESSION_OVER),
    ],
)
def test_the_cue_comes_two_minutes_before_each_target(events, now, expected):
    assert read(events, now[0], now_seconds=now[1]).cue is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [((47, 59), Cue.NONE), ((48, 0), Cue.SESSION_ENDING), ((50, 0), Cue.SESSION_OVER)],
)
def test_a_plain_session_is_cued_only_for_its_end(now, expected):
    assert read([], now[0], plan=PLAIN, now_seconds=now[1]).cue is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [((4, 59), Cue.NONE), ((5, 0), Cue.PHASE_ENDING), ((10, 0), Cue.PHASE_OVER)],
)
def test_the_cue_lead_is_a_setting(now, expected):
    assert read([], now[0], cue_minutes=5, now_seconds=now[1]).cue is expected


@pytest.mark.parametrize(
    ("events", "now", "expected"),
    [
        ([], (9, 59), Cue.NONE),
        ([], (10, 0), Cue.PHASE_OVER),
        ([advanced(10)], (39, 59), Cue.NONE),
        ([advanced(10)], (40, 0), Cue.END_SQUEEZED),
        ([advanced(10), advanced(40)], (49, 59), Cue.NONE),
        ([advanced(10), advanced(40)], (50, 0), Cue.SESSION_OVER),
    ],
)
def test_no_early_cue_with_a_lead_of_zero(events, now, expected):
    assert read(events, now[0], cue_minutes=0, now_seconds=now[1]).cue is expected


# --- reopening after a crash or a sleeping laptop ---------------------------------------------

EVENTS = [advanced(9), shrink(20, 2), paused(25), resumed(27), advanced(41)]


def test_replaying_the_stored_events_gives_the_same_reading():
    before = read(EVENTS, 44)
    # What a restart reloads: new objects with the same kinds, moments and minutes.
    reloaded = [replace(event) for event in EVENTS]
    assert read(reloaded, 44) == before
    # Reading often (a ticking display) changes nothing: there is no tick state.
    for second in range(0, 44 * 60, 7):
        read(EVENTS, 0, now_seconds=second)
    assert read(EVENTS, 44) == before


def test_after_a_sleep_the_timer_is_as_far_along_as_the_wall_clock():
    # The laptop slept from minute 20 to minute 35 with the timer running: no events then.
    reading = read([advanced(10)], 35)
    assert reading.elapsed == 35 * 60
    assert reading.phase is M
    assert reading.phase_left == 5 * 60
    assert reading.spent == {B: 600, M: 1500, E: 0}


def test_a_session_left_open_overnight_reads_as_long_over():
    reading = read([advanced(10), advanced(40)], 60 * 14)
    assert reading.session_left == -(60 * 14 - 50) * 60
    assert reading.cue is Cue.SESSION_OVER


def test_a_pause_holds_across_a_restart_and_a_long_gap():
    events = [advanced(10), paused(20)]
    three_hours = 180
    assert read(events, three_hours).elapsed == 20 * 60
    resumed_reading = read([*events, resumed(three_hours)], three_hours + 5)
    assert resumed_reading.elapsed == 25 * 60
    assert resumed_reading.phase_left == 15 * 60


def test_microseconds_are_not_lost_between_events():
    events = [advanced(10, 0.25), paused(20), resumed(21)]
    reading = read(events, 30, now_seconds=0.5)
    assert reading.spent[B] == pytest.approx(600.25)
    assert reading.elapsed == pytest.approx(29 * 60 + 0.5)


# --- time adds up -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "events",
    [
        [],
        [advanced(7)],
        [advanced(7), advanced(38)],
        EVENTS,
        [paused(1), resumed(3), run_over(8, 4), advanced(16), shrink(30, 2), advanced(41)],
        [advanced(10), advanced(40), finished(47)],
    ],
)
def test_time_spent_per_phase_adds_up_to_the_elapsed_time(events):
    reading = read(events, 49)
    assert sum(reading.spent.values()) == pytest.approx(reading.elapsed)
    assert reading.phase_elapsed == pytest.approx(reading.spent[reading.phase])
    assert reading.session_left == pytest.approx(reading.total - reading.elapsed)


PLANS = st.sampled_from(
    [
        PLAN,
        PLAIN,
        PhasePlan.for_session(20),
        PhasePlan.for_session(90, 15, 15),
        PhasePlan.for_session(50, 0, 10),
        PhasePlan.for_session(50, 10, 0),
    ]
)
STEP = st.tuples(
    st.sampled_from([EventKind.ADVANCED, EventKind.EXTENDED, EventKind.PAUSED, EventKind.RESUMED]),
    st.integers(0, 20 * 60 * 1_000_000),  # microseconds after the previous event
    st.integers(1, MAX_EXTENSION_MINUTES),
    st.sampled_from(list(ExtendMode)),
)


@settings(max_examples=300, deadline=None)
@given(
    plan=PLANS,
    steps=st.lists(STEP, max_size=25),
    finish=st.booleans(),
    read_after=st.integers(0, 3 * 3600 * 1_000_000),
)
def test_any_valid_history_adds_up(plan, steps, finish, read_after):
    events = [started()]
    moment = T0
    for kind, gap, by, mode in steps:
        moment += timedelta(microseconds=gap)
        event = TimerEvent(kind, moment, by, mode) if kind is EventKind.EXTENDED else None
        event = event or TimerEvent(kind, moment)
        try:
            check_event(plan, events, event)
        except PhaseRefused:
            continue
        events.append(event)
    if finish:
        events.append(TimerEvent(EventKind.FINISHED, moment))
    now = moment + timedelta(microseconds=read_after)
    reading = read_timer(plan, events, now)

    assert sum(reading.spent.values()) == pytest.approx(reading.elapsed, abs=1e-6)
    assert all(value >= -1e-6 for value in reading.spent.values())
    assert 0 <= reading.elapsed <= (now - T0).total_seconds() + 1e-6
    assert reading.session_left == pytest.approx(reading.total - reading.elapsed)
    assert reading.total >= plan.total * 60
    assert reading.phase in plan.phases
    if Phase.END in reading.planned and plan.end >= MIN_END_MINUTES:
        assert reading.planned[E] >= MIN_END_MINUTES * 60
    # A restart replays the same list and reads the same.
    assert read_timer(plan, list(events), now) == reading
