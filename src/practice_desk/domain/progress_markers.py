"""Progress markers: moments of forward movement, logged as they happen (DOMAIN.md).

Each marker keeps the moment, the phase it happened in, who voiced it and a short text. They
stay editable until the session's note is signed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from practice_desk.domain.fields import single_line
from practice_desk.domain.session_phases import Phase

MARKER_TEXT_MAX = 500


class MarkerKind(enum.Enum):
    INSIGHT = "insight"
    COGNITION = "cognition"
    AFFECT = "affect"
    STRENGTH = "strength"
    SELF_REFLECTION = "self_reflection"
    TAKEAWAY = "takeaway"
    GOAL_PROGRESS = "goal_progress"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def hint(self) -> str:
        return _LABELS[self][1]

    @property
    def key(self) -> str:
        """The digit that logs this marker in the session room."""
        return str(list(MarkerKind).index(self) + 1)


_LABELS = {
    MarkerKind.INSIGHT: ("Insight", "a new insight"),
    MarkerKind.COGNITION: ("Cognition", "a changed way of thinking"),
    MarkerKind.AFFECT: ("Affect", "an expression of feeling"),
    MarkerKind.STRENGTH: ("Strength", "a strength shown in the room"),
    MarkerKind.SELF_REFLECTION: ("Self-reflection", "a moment of honest self-reflection"),
    MarkerKind.TAKEAWAY: ("Takeaway", "what the client takes away, in their words"),
    MarkerKind.GOAL_PROGRESS: ("Goal progress", "progress on a goal or an agreed action"),
}


class Voice(enum.Enum):
    CLIENT = "client"
    PRACTITIONER = "practitioner"

    @property
    def label(self) -> str:
        return "Client" if self is Voice.CLIENT else "You"


@dataclass(frozen=True)
class ProgressMarker:
    id: int
    session_id: int
    kind: MarkerKind
    at: datetime  # UTC
    phase: Phase
    voice: Voice
    text: str = ""
    goal_id: int | None = None


def clean_marker_text(text: str) -> str:
    return single_line("marker_text", "A marker's text", text, MARKER_TEXT_MAX)
