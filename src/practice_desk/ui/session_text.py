"""Words for the session room: time left, the quiet cues, a marker's line."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from practice_desk.domain.progress_markers import ProgressMarker
from practice_desk.domain.session_phases import Cue, Phase, TimerReading
from practice_desk.ui.appointment_text import clock_text


def minutes_seconds(seconds: float) -> str:
    """Whole seconds as m:ss, counted the way a wall clock shows them (never ahead)."""
    whole = max(0, math.floor(abs(seconds)))
    return f"{whole // 60}:{whole % 60:02d}"


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(abs(seconds) / 60))


def phase_name(reading: TimerReading, phase: Phase | None = None) -> str:
    if phase is None and reading.finished:
        return "Finished"
    phase = phase or reading.phase
    return "Session" if len(reading.phases) == 1 else phase.label


def phase_left_text(reading: TimerReading) -> str:
    if reading.finished:
        return f"Lasted {minutes_seconds(reading.elapsed)}"
    name = phase_name(reading).lower()
    if reading.phase_left < 0:
        return f"{name.capitalize()} over by {minutes_seconds(reading.phase_left)}"
    where = "in the session" if reading.is_last_phase else f"in the {name}"
    return f"{minutes_seconds(reading.phase_left)} left {where}"


def spent_text(reading: TimerReading) -> str:
    """Time actually spent per phase: "Beginning 10:00 · Middle 33:12 · End 2:00"."""
    return "  ·  ".join(
        f"{phase_name(reading, phase)} {minutes_seconds(reading.spent[phase])}"
        for phase in reading.phases
    )


def session_left_text(reading: TimerReading) -> str:
    if reading.finished:
        return spent_text(reading)
    if reading.session_left < 0:
        return f"Session over time by {minutes_seconds(reading.session_left)}"
    text = f"Session: {minutes_seconds(reading.session_left)} left"
    if reading.run_over > 0:
        text += f" (running over by {_minutes(reading.run_over)} min, as you chose)"
    return text


def cue_text(reading: TimerReading) -> str:
    """The quiet nudge. Empty when there is nothing to say."""
    if reading.paused:
        return "Paused. The session clock waits until you resume."
    cue = reading.cue
    name = phase_name(reading).lower()
    following = reading.next_phase
    if cue is Cue.PHASE_ENDING and following is not None:
        return (
            f"The {name} ends in {_minutes(reading.phase_left)} min. Next: the {following.value}."
        )
    if cue is Cue.PHASE_OVER and following is not None:
        return f"The {name} is running over; the {following.value} is getting shorter."
    if cue is Cue.END_SQUEEZED:
        kept = max(0.0, reading.session_left)
        planned = reading.planned.get(Phase.END, 0.0)
        return (
            f"The middle is running into the end: {_minutes(kept)} of its "
            f"{_minutes(planned)} min left for takeaways and next steps."
            if kept > 0
            else "The middle has used up the time kept for the end."
        )
    if cue is Cue.SESSION_ENDING:
        return f"The session ends in {_minutes(reading.session_left)} min."
    if cue is Cue.SESSION_OVER:
        return f"The session is {_minutes(reading.session_left)} min over time."
    return ""


def is_warning(cue: Cue) -> bool:
    return cue in (Cue.PHASE_OVER, Cue.END_SQUEEZED, Cue.SESSION_OVER)


def marker_line(marker: ProgressMarker, local: Callable[[datetime], datetime], single: bool) -> str:
    phase = "" if single else f" · {marker.phase.label}"
    text = f" — {marker.text}" if marker.text else ""
    return (
        f"{clock_text(local(marker.at))}{phase} · {marker.kind.label} · {marker.voice.label}{text}"
    )
