"""What a session's note holds, and the rule that a signed note never changes.

A structured session (coaching, or therapy with a coaching edge) asks for today's agenda and
goal at the beginning, working notes in the middle, and at the end the client's takeaways, an
open comment on progress and the next steps. A plain therapy session keeps one field of notes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields, replace
from datetime import datetime

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import multi_line
from practice_desk.domain.session_phases import Phase, PhasePlan

UNSIGNED_REMINDER_DAYS = 3
ADDENDUM_MAX = 10_000
PROCESS_NOTE_MAX = 50_000
DISCLOSURE_REASON_MAX = 500


class NoteField(enum.Enum):
    AGENDA = "agenda"
    GOAL = "goal"
    WORKING_NOTES = "working_notes"
    TAKEAWAYS = "takeaways"
    PROGRESS_COMMENT = "progress_comment"
    NEXT_STEPS = "next_steps"

    @property
    def label(self) -> str:
        return _FIELDS[self][0]

    @property
    def limit(self) -> int:
        return _FIELDS[self][1]

    @property
    def phase(self) -> Phase:
        return _FIELDS[self][2]


_FIELDS = {
    NoteField.AGENDA: ("Today's agenda", 4000, Phase.BEGINNING),
    NoteField.GOAL: ("Today's goal", 1000, Phase.BEGINNING),
    NoteField.WORKING_NOTES: ("Working notes", 50_000, Phase.MIDDLE),
    NoteField.TAKEAWAYS: ("The client's takeaways, in their words", 4000, Phase.END),
    NoteField.PROGRESS_COMMENT: ("Your comment on progress", 4000, Phase.END),
    NoteField.NEXT_STEPS: ("Next steps and agreed actions", 4000, Phase.END),
}


def fields_for(phase: Phase, structured: bool) -> tuple[NoteField, ...]:
    """The prompts shown in a phase. A plain session has working notes only."""
    if not structured:
        return (NoteField.WORKING_NOTES,)
    return tuple(item for item in NoteField if item.phase is phase)


def clean_note_text(which: NoteField, text: str) -> str:
    return multi_line(which.value, which.label, text, which.limit)


@dataclass(frozen=True)
class SessionNote:
    agenda: str = ""
    goal: str = ""
    working_notes: str = ""
    takeaways: str = ""
    progress_comment: str = ""
    next_steps: str = ""

    def text(self, which: NoteField) -> str:
        return str(getattr(self, which.value))

    def with_text(self, which: NoteField, text: str) -> SessionNote:
        return replace(self, **{which.value: text})

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def uses_prompts(kind: ContractKind, coaching_edge: bool) -> bool:
    """Coaching, and therapy with a coaching edge, get the structured prompts."""
    return kind is ContractKind.COACHING or coaching_edge


@dataclass(frozen=True)
class Session:
    id: int
    client_id: int
    contract_id: int
    appointment_id: int | None
    kind: ContractKind
    structured: bool
    plan: PhasePlan
    started_at: datetime
    finished_at: datetime | None
    signed_at: datetime | None
    note: SessionNote
    goal_ids: tuple[int, ...] = ()
    client_name: str = ""

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_running(self) -> bool:
        return self.finished_at is None


@dataclass(frozen=True)
class Addendum:
    id: int
    session_id: int
    body: str
    written_at: datetime


def clean_addendum(text: str) -> str:
    return multi_line("addendum", "An addendum", text, ADDENDUM_MAX)


def clean_process_note(text: str) -> str:
    return multi_line("process_note", "The process notes", text, PROCESS_NOTE_MAX)


class SessionSigned(PracticeDeskError):
    title = "This note is signed"

    def __init__(self) -> None:
        super().__init__(
            "A signed session note can't be changed.",
            "Add a dated addendum beneath it instead.",
        )


class SessionRefused(PracticeDeskError):
    title = "The session can't go ahead"
