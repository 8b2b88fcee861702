"""Words for a session's shape: "10 min beginning · 30 min middle · 10 min end", and what is
wrong with a shape that leaves too little for the middle. Shared by the contract form and
Settings → Sessions."""

from __future__ import annotations

from practice_desk.domain.session_phases import MIN_MIDDLE_MINUTES, Phase, PhasePlan

PLAIN_TIMER = "Therapy without a coaching edge uses a plain timer, without phases."


def plan_text(plan: PhasePlan) -> str:
    """Each phase with its minutes; a phase of no length is named as missing."""
    parts = []
    for phase in Phase:
        minutes = plan.minutes(phase)
        parts.append(f"{minutes} min {phase.value}" if minutes else f"no {phase.value}")
    return " · ".join(parts)


def fits(session_minutes: int, beginning: int, end: int) -> bool:
    """Whether this beginning and end leave the middle its minimum."""
    return session_minutes - beginning - end >= MIN_MIDDLE_MINUTES


def too_little_middle(session_minutes: int, beginning: int, end: int) -> str:
    middle = session_minutes - beginning - end
    left = f"{middle} min" if middle > 0 else "no time"
    return (
        f"That leaves {left} for the middle of a {session_minutes}-minute session; "
        f"it needs at least {MIN_MIDDLE_MINUTES}."
    )
