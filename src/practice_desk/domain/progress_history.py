"""A client's movement over sessions: markers per session, and each goal's progress over time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from practice_desk.domain.contracts import Goal
from practice_desk.domain.progress_markers import MarkerKind, ProgressMarker
from practice_desk.domain.session_notes import Session


@dataclass(frozen=True)
class SessionProgress:
    session: Session
    markers: tuple[ProgressMarker, ...]

    def count(self, kind: MarkerKind) -> int:
        return sum(1 for marker in self.markers if marker.kind is kind)

    def of_kinds(self, kinds: frozenset[MarkerKind]) -> tuple[ProgressMarker, ...]:
        return tuple(marker for marker in self.markers if marker.kind in kinds)


@dataclass(frozen=True)
class GoalTrack:
    """One contract goal: the sessions that worked on it and the progress logged against it."""

    goal: Goal
    sessions: tuple[int, ...]
    progress: tuple[ProgressMarker, ...]


@dataclass(frozen=True)
class ClientProgress:
    sessions: tuple[SessionProgress, ...]
    goals: tuple[GoalTrack, ...]

    def totals(self, kinds: Iterable[MarkerKind] = tuple(MarkerKind)) -> dict[MarkerKind, int]:
        return {kind: sum(item.count(kind) for item in self.sessions) for kind in kinds}


def build_progress(
    sessions: Iterable[Session],
    markers: Iterable[ProgressMarker],
    goals: Iterable[Goal],
) -> ClientProgress:
    by_session: dict[int, list[ProgressMarker]] = {}
    for marker in markers:
        by_session.setdefault(marker.session_id, []).append(marker)
    ordered = sorted(sessions, key=lambda item: (item.started_at, item.id))
    items = tuple(SessionProgress(s, tuple(by_session.get(s.id, ()))) for s in ordered)
    tracks = []
    for goal in goals:
        worked = tuple(item.session.id for item in items if goal.id in item.session.goal_ids)
        progress = tuple(
            marker
            for item in items
            for marker in item.markers
            if marker.goal_id == goal.id and marker.goal_id is not None
        )
        tracks.append(GoalTrack(goal, worked, progress))
    return ClientProgress(items, tuple(tracks))
