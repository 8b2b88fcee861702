"""How the session room behaves: the quiet cue, and the practice's default phase plan per kind
of work (a contract may set its own)."""

from __future__ import annotations

from collections.abc import Callable

from practice_desk.domain.contracts import Contract, ContractKind
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.session_notes import uses_prompts
from practice_desk.domain.session_phases import (
    DEFAULT_BEGINNING_MINUTES,
    DEFAULT_CUE_MINUTES,
    DEFAULT_END_MINUTES,
    MAX_CUE_MINUTES,
    MAX_PHASE_EDGE_MINUTES,
    PhasePlan,
)
from practice_desk.storage import profile_store
from practice_desk.storage.database import Connection, transaction

CUE_MINUTES = "session_cue_minutes"
CUE_SOUND = "session_cue_sound"
_EDGES = "session_phase_edges_"  # + kind: "beginning/end" minutes


class SessionSettings:
    def __init__(self, conn: Callable[[], Connection]) -> None:
        self._connect = conn

    def _read_int(self, key: str, default: int, low: int, high: int) -> int:
        stored = profile_store.read_setting(self._connect(), key)
        try:
            value = int(stored) if stored else default
        except ValueError:
            return default
        return min(max(value, low), high)

    @property
    def cue_minutes(self) -> int:
        """How long before a phase ends the timer quietly says so (0: no early cue)."""
        return self._read_int(CUE_MINUTES, DEFAULT_CUE_MINUTES, 0, MAX_CUE_MINUTES)

    @property
    def cue_sound(self) -> bool:
        """Off unless chosen: a client is in the room."""
        return profile_store.read_setting(self._connect(), CUE_SOUND) == "1"

    def edges(self, kind: ContractKind) -> tuple[int, int]:
        """The practice's default beginning and end, in minutes, for this kind of work."""
        stored = profile_store.read_setting(self._connect(), _EDGES + kind.value) or ""
        try:
            first, last = (int(part) for part in stored.split("/"))
        except ValueError:
            return DEFAULT_BEGINNING_MINUTES, DEFAULT_END_MINUTES
        return first, last

    def plan_for(self, contract: Contract) -> PhasePlan:
        terms = contract.terms
        first, last = self.edges(contract.kind)
        if terms.phase_beginning is not None or terms.phase_end is not None:
            # A contract's own shape is checked against the standard edges; keep it whole.
            first, last = DEFAULT_BEGINNING_MINUTES, DEFAULT_END_MINUTES
        structured = uses_prompts(
            contract.kind, bool(terms.therapy and terms.therapy.coaching_edge)
        )
        return PhasePlan.for_session(
            terms.session_minutes,
            first if terms.phase_beginning is None else terms.phase_beginning,
            last if terms.phase_end is None else terms.phase_end,
            structured=structured,
        )

    def save(
        self,
        *,
        cue_minutes: int,
        cue_sound: bool,
        edges: dict[ContractKind, tuple[int, int]],
    ) -> None:
        if not 0 <= cue_minutes <= MAX_CUE_MINUTES:
            raise FieldInvalid(
                "cue_minutes", f"The cue can come up to {MAX_CUE_MINUTES} minutes early."
            )
        for first, last in edges.values():
            if not (0 <= first <= MAX_PHASE_EDGE_MINUTES and 0 <= last <= MAX_PHASE_EDGE_MINUTES):
                raise FieldInvalid(
                    "phase_plan",
                    f"The beginning and the end can each last up to {MAX_PHASE_EDGE_MINUTES} "
                    "minutes.",
                )
        with transaction(self._connect()) as conn:
            profile_store.write_setting(conn, CUE_MINUTES, str(cue_minutes))
            profile_store.write_setting(conn, CUE_SOUND, "1" if cue_sound else "0")
            for kind, (first, last) in edges.items():
                profile_store.write_setting(conn, _EDGES + kind.value, f"{first}/{last}")
