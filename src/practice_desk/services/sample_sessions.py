"""Sample sessions: a run of signed sessions for one client, made through the session use cases.

Each session is run as it would be in the room, with the practice's clock moved along as it
goes: practice.sessions.start, the goals it works on linked, progress markers logged at their
moments (so each is stamped with the phase it fell in), the note's fields written in the
phase they belong to, the phases advanced, then finish and sign. The timer rules, the database
triggers and the audit trail see it all as they see a real session. Between sessions the clock
moves on to the next week (or fortnight, for coaching), so the practice's clock must be one
that can be moved: a ManualClock, as in tests, benchmarks and the demo.

Goals move too: a goal with progress logged against it becomes "progressing", and late in a
long run one with steady progress may be marked achieved, with an assessment.

Determinism: one random.Random drives every choice, so the same seed, client and starting
moment give the same sessions. Only the stored times depend on where the clock stood.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import (
    Contract,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    GoalStatus,
    TherapyTerms,
)
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField, Session
from practice_desk.domain.session_phases import Phase
from practice_desk.services import sample_session_texts as texts
from practice_desk.services import sample_texts
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice

# Kinds logged in the middle of a session, with how often (takeaways and goal progress come
# at the end, on their own).
MIDDLE_KINDS = (
    (MarkerKind.INSIGHT, 5),
    (MarkerKind.COGNITION, 4),
    (MarkerKind.AFFECT, 4),
    (MarkerKind.STRENGTH, 3),
    (MarkerKind.SELF_REFLECTION, 3),
)
BEGINNING_KINDS = (MarkerKind.AFFECT, MarkerKind.SELF_REFLECTION, MarkerKind.STRENGTH)
MARKERS_PER_SESSION = ((3, 1), (4, 2), (5, 3), (6, 2), (7, 1))  # about five on average
ACHIEVE_AFTER = 4  # progress markers a goal needs before it may be marked achieved


@runtime_checkable
class MovableClock(Protocol):
    def now(self) -> datetime: ...

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> None: ...


@dataclass(frozen=True)
class SessionFillReport:
    session_ids: tuple[int, ...]
    markers: int
    first_started: datetime | None
    last_started: datetime | None

    @property
    def sessions(self) -> int:
        return len(self.session_ids)


def add_sample_client_in_work(
    practice: Practice,
    *,
    display_name: str = "Sample Client",
    kind: ContractKind = ContractKind.COACHING,
    goals: int = 3,
    seed: int = 1,
) -> int:
    """A new client with an active contract of `kind` and `goals` goals, ready for sessions.
    A therapy contract gets a coaching edge, so its sessions use the structured prompts."""
    rng = random.Random(f"sample client in work {seed}")
    pool = (
        sample_texts.COACHING_GOALS if kind is ContractKind.COACHING else sample_texts.THERAPY_GOALS
    )
    terms = ContractTerms(
        kind,
        ContractStatus.ACTIVE,
        starts_on=practice.today,
        goals=tuple(Goal(text) for text in rng.sample(pool, min(goals, len(pool)))),
        therapy=(
            TherapyTerms(True, rng.choice(sample_texts.EDGE_REASONS))
            if kind is ContractKind.THERAPY
            else None
        ),
    )
    client = practice.clients.create(ClientDetails(display_name))
    practice.contracts.create(client.id, terms)
    return client.id


def fill_sample_sessions(
    practice: Practice,
    client_id: int,
    count: int,
    *,
    seed: int = 1,
    first_at: datetime | None = None,
    batch_size: int = 20,
) -> SessionFillReport:
    """Run `count` signed sessions for a client with an active contract, one a week (coaching:
    a fortnight), the odd week skipped. The first starts at `first_at` (the clock is moved
    there, back or forward) or else at the clock's now; the clock is left just after the last
    signature. Commits every `batch_size` sessions."""
    clock = practice.clock
    if not isinstance(clock, MovableClock):
        raise TypeError("sample sessions need a clock that can be moved, such as ManualClock")
    if count < 0 or batch_size < 1:
        raise ValueError("the count can't be negative; the batch size is at least 1")
    runner = _Runner(practice, clock, client_id, random.Random(f"sample sessions {seed}"))
    if first_at is not None:
        runner.move_to(first_at)
    starts: list[datetime] = []
    ids: list[int] = []
    for first in range(0, count, batch_size):
        with transaction(practice.conn):
            for number in range(first, min(first + batch_size, count)):
                if number:
                    runner.move_to(starts[-1] + timedelta(days=runner.days_to_next()))
                starts.append(clock.now())
                ids.append(runner.session(number, count))
    return SessionFillReport(
        tuple(ids), runner.markers, starts[0] if starts else None, starts[-1] if starts else None
    )


class _Runner:
    """Runs one session after another, remembering how far each goal has come."""

    def __init__(
        self, practice: Practice, clock: MovableClock, client_id: int, rng: random.Random
    ) -> None:
        self.practice = practice
        self.clock = clock
        self.client_id = client_id
        self.rng = rng
        self.markers = 0
        self.progress: dict[int, int] = {}  # goal id -> progress markers so far
        self.last_step: dict[int, str] = {}  # goal id -> its last progress text, not repeated
        self.session_start = clock.now()
        self.kind: ContractKind | None = None
        self.achieved = False  # a goal has been marked achieved in this run

    def move_to(self, moment: datetime) -> None:
        self.clock.advance((moment - self.clock.now()).total_seconds())

    def at_minute(self, minute: float) -> None:
        """Move on to `minute` into the session; never back."""
        target = self.session_start + timedelta(minutes=minute)
        if target > self.clock.now():
            self.move_to(target)

    def days_to_next(self) -> int:
        days = 14 if self.kind is ContractKind.COACHING else 7
        return days + (7 if self.rng.random() < 0.08 else 0)  # a holiday or a cancelled week

    # --- one session -----------------------------------------------------------------------------

    def session(self, number: int, count: int) -> int:
        sessions = self.practice.sessions
        self.session_start = self.clock.now()
        session = sessions.start(client_id=self.client_id)
        self.kind = session.kind
        contract = sessions.contract(session)
        linked = self._pick_goals(contract)
        if linked:
            sessions.link_goals(session.id, [goal.id for goal in linked if goal.id is not None])
        stage = _stage(number, count)
        used: set[str] = set()
        minute = 0.0
        phases = session.plan.phases
        middle_count = self._middle_count(session, linked)
        for index, phase in enumerate(phases):
            length = session.plan.minutes(phase)
            if index < len(phases) - 1:
                length = max(3, length + self.rng.randint(-2, 2))
            self._phase(session, phase, minute, length, middle_count, linked, stage, used)
            minute += length
            if index < len(phases) - 1:
                self.at_minute(minute)
                sessions.advance(session.id)
        self.at_minute(minute + self.rng.uniform(0, 3))
        sessions.finish(session.id)
        self._sign_later()
        sessions.sign(session.id)
        self._update_goals(contract, number, count)
        return session.id

    def _middle_count(self, session: Session, linked: list[Goal]) -> int:
        values, weights = zip(*MARKERS_PER_SESSION, strict=True)
        total = self.rng.choices(values, weights)[0]
        ending = 1 + len(linked)  # the takeaway, and progress on each goal worked on
        return max(1, total - ending)

    def _phase(
        self,
        session: Session,
        phase: Phase,
        start: float,
        length: float,
        middle_count: int,
        linked: list[Goal],
        stage: str,
        used: set[str],
    ) -> None:
        sessions, rng = self.practice.sessions, self.rng

        def moments(how_many: int, low: float, high: float) -> list[float]:
            return sorted(start + rng.uniform(low, high) * length for _ in range(how_many))

        if phase is Phase.BEGINNING:
            self.at_minute(start + 1)
            sessions.save_text(session.id, NoteField.AGENDA, rng.choice(texts.AGENDAS))
            sessions.save_text(session.id, NoteField.GOAL, rng.choice(texts.SESSION_GOALS))
            if rng.random() < 0.3:
                self.at_minute(moments(1, 0.4, 0.9)[0])
                self._marker(session, rng.choice(BEGINNING_KINDS), used)
        elif phase is Phase.MIDDLE:
            kinds, weights = zip(*MIDDLE_KINDS, strict=True)
            for moment in moments(middle_count, 0.05, 0.95):
                self.at_minute(moment)
                self._marker(session, rng.choices(kinds, weights)[0], used)
            notes = rng.sample(texts.WORKING_NOTES, rng.randint(2, 4))
            sessions.save_text(session.id, NoteField.WORKING_NOTES, "\n".join(notes))
            if not session.structured:  # no end phase: the last minutes do its work
                for goal in linked:
                    self.at_minute(start + length - rng.uniform(4, 6))
                    self._goal_marker(session, goal, stage, used)
                self.at_minute(start + length - rng.uniform(1, 3))
                self._marker(session, MarkerKind.TAKEAWAY, used)
        else:
            times = moments(len(linked) + 1, 0.15, 0.7)
            for goal, moment in zip(linked, times, strict=False):
                self.at_minute(moment)
                self._goal_marker(session, goal, stage, used)
            self.at_minute(times[-1])
            takeaway = self._marker(session, MarkerKind.TAKEAWAY, used, voice=Voice.CLIENT)
            if rng.random() < 0.5:  # the note sometimes holds more than the marker did
                takeaway += " " + _fresh(rng, texts.CLIENT_MARKERS[MarkerKind.TAKEAWAY], used)
            self.at_minute(start + length * 0.85)
            sessions.save_text(session.id, NoteField.TAKEAWAYS, takeaway)
            comment = rng.choice(texts.PROGRESS_COMMENTS)
            sessions.save_text(session.id, NoteField.PROGRESS_COMMENT, comment)
            sessions.save_text(session.id, NoteField.NEXT_STEPS, rng.choice(texts.NEXT_STEPS))

    def _marker(
        self, session: Session, kind: MarkerKind, used: set[str], voice: Voice | None = None
    ) -> str:
        rng = self.rng
        if voice is None:
            client_share = 0.9 if kind is MarkerKind.TAKEAWAY else 0.7
            voice = Voice.CLIENT if rng.random() < client_share else Voice.PRACTITIONER
        pool = (texts.CLIENT_MARKERS if voice is Voice.CLIENT else texts.PRACTITIONER_MARKERS)[kind]
        text = _fresh(rng, pool, used)
        self.practice.sessions.add_marker(session.id, kind, voice=voice, text=text)
        self.markers += 1
        return text

    def _goal_marker(self, session: Session, goal: Goal, stage: str, used: set[str]) -> None:
        last = self.last_step.get(goal.id or 0, "")
        text = _fresh(self.rng, texts.GOAL_PROGRESS[stage], used | {last})
        used.add(text)
        self.last_step[goal.id or 0] = text
        self.practice.sessions.add_marker(
            session.id, MarkerKind.GOAL_PROGRESS, voice=Voice.CLIENT, text=text, goal_id=goal.id
        )
        self.markers += 1
        if goal.id is not None:
            self.progress[goal.id] = self.progress.get(goal.id, 0) + 1

    def _pick_goals(self, contract: Contract) -> list[Goal]:
        """One goal most sessions, two sometimes, none now and then; never a finished one."""
        open_goals = [
            goal
            for goal in contract.terms.goals
            if goal.id is not None and goal.status in (GoalStatus.OPEN, GoalStatus.PROGRESSING)
        ]
        wanted = self.rng.choices((0, 1, 2), (1, 5, 2))[0]
        return self.rng.sample(open_goals, min(wanted, len(open_goals)))

    def _sign_later(self) -> None:
        """Most notes are signed straight after the session, some that evening."""
        if self.rng.random() < 0.7:
            self.clock.advance(minutes=self.rng.randint(3, 25))
        else:
            self.clock.advance(minutes=self.rng.randint(4 * 60, 9 * 60))

    def _update_goals(self, contract: Contract, number: int, count: int) -> None:
        contract = self.practice.contracts.get(contract.id)
        # Late in a long run, the goal that has come furthest may be reached: one per run.
        late = count >= 10 and number >= count * 0.85 and not self.achieved
        furthest = max(self.progress, key=lambda goal_id: self.progress[goal_id], default=None)
        goals = []
        for goal in contract.terms.goals:
            done = self.progress.get(goal.id or 0, 0)
            status = goal.status
            if status is GoalStatus.OPEN and done:
                status = GoalStatus.PROGRESSING
            elif (
                status is GoalStatus.PROGRESSING
                and late
                and goal.id == furthest
                and done >= ACHIEVE_AFTER
                and self.rng.random() < 0.4
            ):
                status = GoalStatus.ACHIEVED
                self.achieved = True
            if status is not goal.status:
                assessment = (
                    self.rng.choice(texts.ASSESSMENTS) if status is GoalStatus.ACHIEVED else ""
                )
                goal = replace(goal, status=status, assessment=assessment)
            goals.append(goal)
        if tuple(goals) != contract.terms.goals:
            self.practice.contracts.update(contract.id, replace(contract.terms, goals=tuple(goals)))


def _stage(number: int, count: int) -> str:
    """Early, middle or late in the run: goal progress reads as movement over time."""
    share = number / max(count, 1)
    return "early" if share < 0.34 else "middle" if share < 0.67 else "late"


def _fresh(rng: random.Random, pool: tuple[str, ...], used: set[str]) -> str:
    """A text not yet used in this session, while there are any."""
    unused = [text for text in pool if text not in used] or list(pool)
    text = rng.choice(unused)
    used.add(text)
    return text
