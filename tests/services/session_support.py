"""Helpers for the session tests: clients under contract, a booked session reached by the
clock, and snapshots of the session tables to prove a refusal wrote nothing.

The test clock starts on Monday 2026-01-05 at 09:00 UTC (10:00 in Berlin)."""

from __future__ import annotations

from datetime import timedelta

from practice_desk.domain.contracts import ContractKind, ContractStatus, Goal, TherapyTerms
from tests.services.calendar_support import (
    COACHING_SESSION,
    MONDAY,
    THERAPY_SESSION,
    book_one,
    client_in,
    wall,
)
from tests.services.conftest import row_counts

SESSION_TABLES = (
    "sessions",
    "session_events",
    "session_goals",
    "progress_markers",
    "session_addenda",
    "process_notes",
    "process_note_disclosures",
)

SCREENING = "Stable, resourced, asked for a practical focus."
GOALS = (Goal("Sleep through most nights"), Goal("Speak up in team meetings"))


def counts(practice) -> dict[str, int]:
    """Rows in every client, contract, calendar, audit and session table."""
    found = row_counts(practice)
    for table in SESSION_TABLES:
        found[table] = practice.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return found


def session_rows(practice) -> dict[str, list[tuple]]:
    """Every stored row of the session tables, exactly as SQLite holds it."""
    return {
        table: practice.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in SESSION_TABLES
    }


def edge_therapy_client(practice, *, goals=GOALS, **terms):
    """A therapy client with an active contract with a coaching edge: structured sessions."""
    return client_in(
        practice,
        ContractKind.THERAPY,
        therapy=TherapyTerms(coaching_edge=True, screening_reason=SCREENING),
        goals=goals,
        **terms,
    )


def plain_therapy_client(practice, status=ContractStatus.ACTIVE, **terms):
    """A therapy client without a coaching edge: one field of notes, no phases."""
    return client_in(practice, ContractKind.THERAPY, status, **terms)


def coaching_client(practice, *, goals=GOALS, **terms):
    return client_in(practice, ContractKind.COACHING, goals=goals, **terms)


def session_kind_for(contract):
    return THERAPY_SESSION if contract.kind is ContractKind.THERAPY else COACHING_SESSION


def book_session(practice, client_id, contract, hour=10, day=MONDAY):
    """Book the contract's kind of session at `hour` (practice time) on `day`."""
    return book_one(practice, session_kind_for(contract), wall(day, hour), client_id)


def move_clock_to(clock, instant, *, plus: timedelta = timedelta()) -> None:
    """Set the manual clock to `instant` (+ `plus`); it only moves forward."""
    step = (instant + plus - clock.now()).total_seconds()
    assert step >= 0, "the test clock only moves forward"
    clock.advance(step)
