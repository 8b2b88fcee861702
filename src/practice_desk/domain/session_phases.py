"""The beginning / middle / end of a session, worked out from stored events.

Nothing here counts ticks. The timer is a list of events (started, advanced, extended, paused,
resumed, finished), each with its moment; every reading replays them against the clock's now.
A crash, a forced quit or a sleeping laptop therefore loses nothing: reopening replays the same
events and the session is exactly as far along as the wall clock says.

Times inside a session are "active" seconds: wall time since the start minus paused time.

Phases move on by hand: a client is mid-sentence, and only the practitioner can tell when the
beginning is over. The timer says when a phase should end, and the middle is aimed at the
moment that leaves the end phase its full length, so time saved or spent early flows into the
middle and the end is protected. A middle that runs on past that moment squeezes the end, and
the cue says so.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from practice_desk.domain.errors import PracticeDeskError

DEFAULT_BEGINNING_MINUTES = 10
DEFAULT_END_MINUTES = 10
MIN_MIDDLE_MINUTES = 5
MIN_END_MINUTES = 5  # an extension that shrinks the end stops here; longer means running over
MAX_PHASE_EDGE_MINUTES = 60  # beginning or end
MAX_EXTENSION_MINUTES = 60
DEFAULT_CUE_MINUTES = 2
MAX_CUE_MINUTES = 10


class Phase(enum.Enum):
    BEGINNING = "beginning"
    MIDDLE = "middle"
    END = "end"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PhaseRefused(PracticeDeskError):
    title = "Not possible right now"


@dataclass(frozen=True)
class PhasePlan:
    """Minutes planned for each phase. A plain session (no coaching edge) is all middle."""

    beginning: int
    middle: int
    end: int

    @classmethod
    def for_session(
        cls,
        session_minutes: int,
        beginning: int | None = None,
        end: int | None = None,
        *,
        structured: bool = True,
    ) -> PhasePlan:
        """The plan for a session of this length. Without a room for the middle (a short
        session with long edges), beginning and end take a fifth of the time each."""
        if not structured:
            return cls(0, session_minutes, 0)
        first = DEFAULT_BEGINNING_MINUTES if beginning is None else beginning
        last = DEFAULT_END_MINUTES if end is None else end
        if session_minutes - first - last < MIN_MIDDLE_MINUTES:
            first = last = session_minutes // 5
        return cls(first, session_minutes - first - last, last)

    @property
    def total(self) -> int:
        return self.beginning + self.middle + self.end

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The phases this session has, in order; the middle is always there."""
        return tuple(phase for phase in Phase if self.minutes(phase) > 0)

    @property
    def is_plain(self) -> bool:
        return self.phases == (Phase.MIDDLE,)

    def minutes(self, phase: Phase) -> int:
        return {Phase.BEGINNING: self.beginning, Phase.MIDDLE: self.middle, Phase.END: self.end}[
            phase
        ]


def check_phase_edges(session_minutes: int, beginning: int | None, end: int | None) -> None:
    """Raise PhaseRefused unless a contract's own beginning and end leave room for a middle.
    Without its own, a short contract's plan is scaled (see PhasePlan.for_session)."""
    if beginning is None and end is None:
        return
    for value in (beginning, end):
        if value is not None and not 0 <= value <= MAX_PHASE_EDGE_MINUTES:
            raise PhaseRefused(
                f"The beginning and the end can each last up to {MAX_PHASE_EDGE_MINUTES} minutes."
            )
    first = DEFAULT_BEGINNING_MINUTES if beginning is None else beginning
    last = DEFAULT_END_MINUTES if end is None else end
    if session_minutes - first - last < MIN_MIDDLE_MINUTES:
        raise PhaseRefused(
            f"A {session_minutes}-minute session with a {first}-minute beginning and a "
            f"{last}-minute end leaves too little for the middle.",
            f"Leave the middle at least {MIN_MIDDLE_MINUTES} minutes.",
        )


class EventKind(enum.Enum):
    STARTED = "started"
    ADVANCED = "advanced"
    EXTENDED = "extended"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISHED = "finished"


class ExtendMode(enum.Enum):
    SHRINK_REST = "shrink_rest"  # the session still ends on time; a later phase gives way
    RUN_OVER = "run_over"  # the session ends later


@dataclass(frozen=True)
class TimerEvent:
    kind: EventKind
    at: datetime
    minutes: int = 0  # for EXTENDED
    mode: ExtendMode | None = None  # for EXTENDED


class Cue(enum.Enum):
    """What the timer quietly points out."""

    NONE = "none"
    PHASE_ENDING = "phase_ending"  # a few minutes left in this phase
    PHASE_OVER = "phase_over"  # the beginning has run past its time
    END_SQUEEZED = "end_squeezed"  # the middle runs into the time kept for the end
    SESSION_ENDING = "session_ending"  # a few minutes left in the session
    SESSION_OVER = "session_over"


@dataclass
class _State:
    started_at: datetime
    index: int = 0
    paused_since: datetime | None = None
    paused: timedelta = field(default_factory=timedelta)  # exact: no float sums
    finished_at: datetime | None = None
    phase_starts: list[float] = field(default_factory=lambda: [0.0])
    planned: dict[Phase, float] = field(default_factory=dict)
    total: float = 0.0


@dataclass(frozen=True)
class TimerReading:
    """The timer at one moment. Seconds are active seconds; negative "left" means over."""

    phases: tuple[Phase, ...]
    phase: Phase
    paused: bool
    finished: bool
    elapsed: float
    phase_elapsed: float
    phase_left: float
    session_left: float
    planned: dict[Phase, float]  # the current plan, extensions included
    spent: dict[Phase, float]  # time actually spent in each phase so far
    total: float  # the session's planned length, including any agreed running over
    run_over: float  # how much longer than first planned the session is meant to be
    cue: Cue

    @property
    def is_last_phase(self) -> bool:
        return self.phase is self.phases[-1]

    @property
    def next_phase(self) -> Phase | None:
        index = self.phases.index(self.phase)
        return self.phases[index + 1] if index + 1 < len(self.phases) else None


def _active(state: _State, moment: datetime) -> float:
    end = state.finished_at or moment
    active = end - state.started_at - state.paused
    if state.paused_since is not None:
        active -= end - state.paused_since
    return max(active.total_seconds(), 0.0)


def _target(state: _State, phases: tuple[Phase, ...], index: int) -> float:
    """The active second at which phase `index` should end."""
    last = len(phases) - 1
    if index == last:
        return state.total
    if index == last - 1 and phases[last] is Phase.END:
        return state.total - state.planned[Phase.END]
    return state.phase_starts[index] + state.planned[phases[index]]


def _apply(state: _State, phases: tuple[Phase, ...], event: TimerEvent) -> None:
    if state.finished_at is not None:
        raise PhaseRefused("This session has already finished.")
    at = event.at
    if event.kind is EventKind.STARTED:
        raise PhaseRefused("This session has already started.")
    if event.kind is EventKind.FINISHED:
        if state.paused_since is not None:
            state.paused += at - state.paused_since
            state.paused_since = None
        state.finished_at = at
    elif event.kind is EventKind.PAUSED:
        if state.paused_since is not None:
            raise PhaseRefused("The timer is already paused.")
        state.paused_since = at
    elif event.kind is EventKind.RESUMED:
        if state.paused_since is None:
            raise PhaseRefused("The timer is running.")
        state.paused += at - state.paused_since
        state.paused_since = None
    elif event.kind is EventKind.ADVANCED:
        if state.index == len(phases) - 1:
            raise PhaseRefused("This is the last phase: finish the session when you're ready.")
        state.index += 1
        state.phase_starts.append(_active(state, at))
    elif event.kind is EventKind.EXTENDED:
        _extend(state, phases, event, _active(state, at))


def _extend(state: _State, phases: tuple[Phase, ...], event: TimerEvent, now: float) -> None:
    if not 1 <= event.minutes <= MAX_EXTENSION_MINUTES:
        raise PhaseRefused(f"A phase can be extended by 1 to {MAX_EXTENSION_MINUTES} minutes.")
    seconds = event.minutes * 60.0
    last = len(phases) - 1
    phase = phases[state.index]
    before_end = state.index == last - 1 and phases[last] is Phase.END
    if event.mode is ExtendMode.RUN_OVER:
        state.total += seconds
        if state.index < last and not before_end:
            state.planned[phase] += seconds
        return
    if state.index == last:
        raise PhaseRefused(
            "Nothing comes after this phase to give way.", "Let the session run over instead."
        )
    if before_end:
        kept = state.planned[Phase.END] - seconds
        if kept < MIN_END_MINUTES * 60:
            raise PhaseRefused(
                f"That would leave the end less than {MIN_END_MINUTES} minutes.",
                "Let the session run over instead, so the client keeps time to close.",
            )
        state.planned[Phase.END] = kept
        return
    state.planned[phase] += seconds
    # The phase after this one (the middle, whether or not an end follows) keeps its minimum.
    room_left = _target(state, phases, state.index + 1) - _target(state, phases, state.index)
    if room_left < MIN_MIDDLE_MINUTES * 60:
        state.planned[phase] -= seconds
        raise PhaseRefused(
            f"That would leave the middle less than {MIN_MIDDLE_MINUTES} minutes.",
            "Let the session run over instead.",
        )


def replay(plan: PhasePlan, events: list[TimerEvent]) -> _State:
    """The timer's state after `events`, or PhaseRefused if the last one isn't allowed."""
    if not events or events[0].kind is not EventKind.STARTED:
        raise PhaseRefused("The session has not started.")
    state = _State(started_at=events[0].at)
    state.planned = {phase: plan.minutes(phase) * 60.0 for phase in plan.phases}
    state.total = plan.total * 60.0
    for event in events[1:]:
        _apply(state, plan.phases, event)
    return state


def check_event(plan: PhasePlan, events: list[TimerEvent], event: TimerEvent) -> None:
    """Raise PhaseRefused unless `event` may follow `events`."""
    replay(plan, [*events, event])


def read_timer(
    plan: PhasePlan,
    events: list[TimerEvent],
    now: datetime,
    cue_minutes: int = DEFAULT_CUE_MINUTES,
) -> TimerReading:
    state = replay(plan, events)
    phases = plan.phases
    phase = phases[state.index]
    elapsed = _active(state, now)
    phase_elapsed = elapsed - state.phase_starts[state.index]
    phase_left = _target(state, phases, state.index) - elapsed
    session_left = state.total - elapsed
    spent = {p: 0.0 for p in phases}
    for index, start in enumerate(state.phase_starts):
        end = state.phase_starts[index + 1] if index + 1 < len(state.phase_starts) else elapsed
        spent[phases[index]] = end - start
    paused = state.paused_since is not None
    finished = state.finished_at is not None
    cue = Cue.NONE
    if not paused and not finished:
        cue = _cue(phases, state.index, phase_left, cue_minutes * 60)
    return TimerReading(
        phases=phases,
        phase=phase,
        paused=paused,
        finished=finished,
        elapsed=elapsed,
        phase_elapsed=phase_elapsed,
        phase_left=phase_left,
        session_left=session_left,
        planned=_current_plan(state, phases),
        spent=spent,
        total=state.total,
        run_over=state.total - plan.total * 60.0,
        cue=cue,
    )


def _current_plan(state: _State, phases: tuple[Phase, ...]) -> dict[Phase, float]:
    """Each phase's length as now planned: the middle runs from where it began (or will
    begin) to where it is aimed, so extensions and early moves show in it."""
    plan = dict(state.planned)
    if Phase.MIDDLE in phases:
        index = phases.index(Phase.MIDDLE)
        start = (
            state.phase_starts[index]
            if index < len(state.phase_starts)
            else _target(state, phases, index - 1)
        )
        plan[Phase.MIDDLE] = _target(state, phases, index) - start
    return plan


def _cue(phases: tuple[Phase, ...], index: int, left: float, lead: float) -> Cue:
    last = len(phases) - 1
    if index == last:
        if left <= 0:
            return Cue.SESSION_OVER
        return Cue.SESSION_ENDING if left <= lead else Cue.NONE
    if left <= 0:
        return Cue.END_SQUEEZED if phases[index + 1] is Phase.END else Cue.PHASE_OVER
    return Cue.PHASE_ENDING if left <= lead else Cue.NONE
