"""A client's movement over sessions: the timeline and chart read from sessions and markers."""

from datetime import UTC, datetime, timedelta

from practice_desk.domain.contracts import ContractKind, Goal, GoalStatus
from practice_desk.domain.progress_history import build_progress
from practice_desk.domain.progress_markers import MarkerKind, ProgressMarker, Voice
from practice_desk.domain.session_notes import Session, SessionNote
from practice_desk.domain.session_phases import Phase, PhasePlan

MONDAY = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
BOUNDARIES = Goal("Set boundaries at work", GoalStatus.PROGRESSING, id=11)
SLEEP = Goal("Sleep through the night", id=12)
UNTOUCHED = Goal("Return to running", id=13)


def session(session_id: int, week: int, goal_ids=()) -> Session:
    started = MONDAY + timedelta(weeks=week)
    return Session(
        id=session_id,
        client_id=1,
        contract_id=1,
        appointment_id=None,
        kind=ContractKind.THERAPY,
        structured=True,
        plan=PhasePlan.for_session(50),
        started_at=started,
        finished_at=started + timedelta(minutes=50),
        signed_at=None,
        note=SessionNote(),
        goal_ids=tuple(goal_ids),
    )


def marker(marker_id, session_id, kind, week, minute, goal_id=None) -> ProgressMarker:
    return ProgressMarker(
        id=marker_id,
        session_id=session_id,
        kind=kind,
        at=MONDAY + timedelta(weeks=week, minutes=minute),
        phase=Phase.MIDDLE,
        voice=Voice.CLIENT,
        text=f"marker {marker_id}",
        goal_id=goal_id,
    )


# Three sessions handed over out of order; ids don't give the order (session 4 came last).
FIRST = session(3, 0, goal_ids=[11])
SECOND = session(5, 1)
THIRD = session(4, 2, goal_ids=[11, 12])
MARKERS = [
    marker(1, 3, MarkerKind.INSIGHT, 0, 5),
    marker(2, 3, MarkerKind.GOAL_PROGRESS, 0, 30, goal_id=11),
    marker(3, 3, MarkerKind.TAKEAWAY, 0, 45),
    marker(4, 5, MarkerKind.INSIGHT, 1, 12),
    marker(5, 5, MarkerKind.AFFECT, 1, 20),
    marker(6, 4, MarkerKind.STRENGTH, 2, 8, goal_id=12),
    marker(7, 4, MarkerKind.GOAL_PROGRESS, 2, 25, goal_id=11),
    marker(8, 4, MarkerKind.INSIGHT, 2, 40),
]


def progress():
    return build_progress([THIRD, FIRST, SECOND], MARKERS, [BOUNDARIES, SLEEP, UNTOUCHED])


def test_sessions_come_in_the_order_they_happened():
    assert [item.session.id for item in progress().sessions] == [3, 5, 4]


def test_sessions_started_at_the_same_moment_keep_a_stable_order():
    twin = session(2, 0)
    ordered = build_progress([FIRST, twin], [], []).sessions
    assert [item.session.id for item in ordered] == [2, 3]


def test_each_session_carries_its_own_markers():
    by_session = {item.session.id: [m.id for m in item.markers] for item in progress().sessions}
    assert by_session == {3: [1, 2, 3], 5: [4, 5], 4: [6, 7, 8]}


def test_a_session_without_markers_is_still_on_the_timeline():
    result = build_progress([FIRST, SECOND], [], [])
    assert [(item.session.id, item.markers) for item in result.sessions] == [(3, ()), (5, ())]
    assert result.totals() == dict.fromkeys(MarkerKind, 0)


def test_markers_of_sessions_not_shown_are_left_out():
    result = build_progress([SECOND], MARKERS, [])
    assert [m.id for m in result.sessions[0].markers] == [4, 5]
    assert sum(result.totals().values()) == 2


def test_each_session_counts_its_markers_by_kind():
    first, second, third = progress().sessions
    assert first.count(MarkerKind.INSIGHT) == 1
    assert first.count(MarkerKind.TAKEAWAY) == 1
    assert second.count(MarkerKind.GOAL_PROGRESS) == 0
    assert third.count(MarkerKind.INSIGHT) == 1
    chart = frozenset({MarkerKind.INSIGHT, MarkerKind.AFFECT})
    assert [m.id for m in second.of_kinds(chart)] == [4, 5]
    assert [m.id for m in third.of_kinds(chart)] == [8]


def test_totals_cover_every_kind_even_those_never_logged():
    totals = progress().totals()
    assert list(totals) == list(MarkerKind)
    assert totals == {
        MarkerKind.INSIGHT: 3,
        MarkerKind.COGNITION: 0,
        MarkerKind.AFFECT: 1,
        MarkerKind.STRENGTH: 1,
        MarkerKind.SELF_REFLECTION: 0,
        MarkerKind.TAKEAWAY: 1,
        MarkerKind.GOAL_PROGRESS: 2,
    }
    assert progress().totals([MarkerKind.AFFECT, MarkerKind.INSIGHT]) == {
        MarkerKind.AFFECT: 1,
        MarkerKind.INSIGHT: 3,
    }


def test_each_goal_shows_the_sessions_that_worked_on_it_in_order():
    tracks = {track.goal.id: track for track in progress().goals}
    assert [track.goal for track in progress().goals] == [BOUNDARIES, SLEEP, UNTOUCHED]
    assert tracks[11].sessions == (3, 4)
    assert tracks[12].sessions == (4,)
    assert tracks[13].sessions == ()


def test_each_goal_shows_the_markers_that_point_at_it_in_order():
    tracks = {track.goal.id: track for track in progress().goals}
    assert [m.id for m in tracks[11].progress] == [2, 7]
    # Any kind of marker may point at a goal: a strength shown on the way counts too.
    assert [(m.id, m.kind) for m in tracks[12].progress] == [(6, MarkerKind.STRENGTH)]
    assert tracks[13].progress == ()


def test_a_goal_not_yet_saved_has_an_empty_track():
    unsaved = Goal("Not saved yet")
    (track,) = build_progress([FIRST], MARKERS, [unsaved]).goals
    assert (track.sessions, track.progress) == ((), ())


def test_no_sessions_is_no_progress():
    result = build_progress([], MARKERS, [BOUNDARIES])
    assert result.sessions == ()
    assert result.goals[0].sessions == ()
    assert result.goals[0].progress == ()
