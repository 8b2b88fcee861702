"""Sessions in the database: a signed note is final, process notes stay with therapy, goals and
appointments that sessions refer to are kept. Raw SQL first, as an import, a restore or a script
with the key would write, with no Python checks in the way; then the session store itself."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlcipher3

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.progress_markers import MARKER_TEXT_MAX, MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField, SessionSigned
from practice_desk.domain.session_phases import (
    EventKind,
    ExtendMode,
    Phase,
    PhasePlan,
    TimerEvent,
    read_timer,
)
from practice_desk.storage import session_store
from practice_desk.storage.database import transaction
from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of
from tests.storage.conftest import NOW, count, insert_client, insert_contract
from tests.storage.test_appointment_triggers import insert_appointment

NINE = "2026-01-12T09:00:00.000000Z"
TEN = "2026-01-12T09:50:00.000000Z"
SIGNED = "2026-01-12T18:00:00.000000Z"


def insert_session(conn, client_id, contract_id, **columns):
    """A session row written as raw SQL: a 10/30/10 therapy session, running unless told."""
    values = {
        "client_id": client_id,
        "contract_id": contract_id,
        "kind": "therapy",
        "structured": 1,
        "plan_beginning": 10,
        "plan_middle": 30,
        "plan_end": 10,
        "started_at": NINE,
        "updated_at": NINE,
        **columns,
    }
    cursor = conn.execute(
        f"INSERT INTO sessions ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
        tuple(values.values()),
    )
    return cursor.lastrowid


def insert_goal(conn, contract_id, text="Set boundaries at work", position=0):
    cursor = conn.execute(
        "INSERT INTO contract_goals (contract_id, position, text, updated_at) VALUES (?, ?, ?, ?)",
        (contract_id, position, text, NOW),
    )
    return cursor.lastrowid


def insert_marker(conn, session_id, goal_id=None, kind="insight", text="sees it"):
    cursor = conn.execute(
        "INSERT INTO progress_markers (session_id, kind, at, phase, voice, text, goal_id, "
        "updated_at) VALUES (?, ?, ?, 'middle', 'client', ?, ?, ?)",
        (session_id, kind, NINE, text, goal_id, NINE),
    )
    return cursor.lastrowid


def refused(rule, conn, sql, params=()):
    """Run a raw write that must be refused, and check which rule the database named."""
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        conn.execute(sql, params)
    assert rule_of(caught.value) == rule, str(caught.value)


def sign(conn, session_id):
    conn.execute(
        "UPDATE sessions SET finished_at = ?, signed_at = ? WHERE id = ?", (TEN, SIGNED, session_id)
    )


def column(conn, table, name, row_id, key="id"):
    return conn.execute(f"SELECT {name} FROM {table} WHERE {key} = ?", (row_id,)).fetchone()[0]


class Practice:
    """One therapy client with an active contract and two goals."""

    def __init__(self, conn):
        self.client = insert_client(conn)
        self.contract = insert_contract(conn, self.client, "therapy", starts_on="2026-01-05")
        self.goal = insert_goal(conn, self.contract)
        self.other_goal = insert_goal(conn, self.contract, "Sleep through the night", 1)


@pytest.fixture
def practice(db):
    return Practice(db)


@pytest.fixture
def running(db, practice):
    """A running session with a started event, one marker and process notes."""
    session = insert_session(db, practice.client, practice.contract)
    db.execute(
        "INSERT INTO session_events (session_id, kind, at) VALUES (?, 'started', ?)",
        (session, NINE),
    )
    db.execute(
        "INSERT INTO session_goals (session_id, goal_id) VALUES (?, ?)", (session, practice.goal)
    )
    insert_marker(db, session, practice.goal)
    db.execute(
        "INSERT INTO process_notes (session_id, body, updated_at) VALUES (?, 'transference', ?)",
        (session, NINE),
    )
    return session


@pytest.fixture
def signed(db, running):
    sign(db, running)
    return running


# --- a session needs its contract -------------------------------------------------------------


def test_a_session_for_the_clients_active_contract_of_its_kind_is_stored(db, practice):
    session = insert_session(db, practice.client, practice.contract)
    assert column(db, "sessions", "contract_id", session) == practice.contract


def test_a_session_cannot_use_another_clients_contract(db, practice):
    other = insert_client(db, "Eva Lund")
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        insert_session(db, other, practice.contract)
    assert rule_of(caught.value) == "session_needs_contract"
    assert count(db, "sessions") == 0


@pytest.mark.parametrize(
    ("contract_kind", "session_kind"), [("therapy", "coaching"), ("coaching", "therapy")]
)
def test_a_session_cannot_be_of_the_other_kind_than_its_contract(db, contract_kind, session_kind):
    client = insert_client(db)
    contract = insert_contract(db, client, contract_kind, starts_on="2026-01-05")
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        insert_session(db, client, contract, kind=session_kind)
    assert rule_of(caught.value) == "session_needs_contract"


@pytest.mark.parametrize("status", ["draft", "paused", "ended"])
def test_a_session_needs_the_contract_to_be_active(db, status):
    client = insert_client(db)
    contract = insert_contract(db, client, "therapy", status, starts_on="2026-01-05")
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        insert_session(db, client, contract)
    assert rule_of(caught.value) == "session_needs_contract"


def test_a_session_for_an_appointment_must_be_that_clients_and_contracts(db, practice):
    other = insert_client(db, "Eva Lund")
    other_contract = insert_contract(db, other, "therapy", starts_on="2026-01-05")
    theirs = insert_appointment(
        db, kind="therapy_session", client_id=other, contract_id=other_contract
    )
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        insert_session(db, practice.client, practice.contract, appointment_id=theirs)
    assert rule_of(caught.value) == "session_needs_contract"

    ours = insert_appointment(
        db,
        "2026-01-12T10:00:00Z",
        "2026-01-12T10:50:00Z",
        kind="therapy_session",
        client_id=practice.client,
        contract_id=practice.contract,
    )
    session = insert_session(db, practice.client, practice.contract, appointment_id=ours)
    assert column(db, "sessions", "appointment_id", session) == ours


def test_an_appointment_has_at_most_one_session(db, practice):
    appointment = insert_appointment(
        db, kind="therapy_session", client_id=practice.client, contract_id=practice.contract
    )
    insert_session(
        db, practice.client, practice.contract, appointment_id=appointment, finished_at=TEN
    )
    with pytest.raises(sqlcipher3.IntegrityError, match=r"sessions\.appointment_id"):
        insert_session(db, practice.client, practice.contract, appointment_id=appointment)


def test_a_plain_session_is_all_middle(db, practice):
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        insert_session(db, practice.client, practice.contract, structured=0)
    assert rule_of(caught.value) == "session_plain_is_all_middle"
    insert_session(
        db,
        practice.client,
        practice.contract,
        structured=0,
        plan_beginning=0,
        plan_middle=50,
        plan_end=0,
    )


@pytest.mark.parametrize(
    "plan",
    [
        PhasePlan.for_session(10),
        PhasePlan.for_session(240),
        PhasePlan.for_session(240, 60, 60),
        PhasePlan.for_session(10, structured=False),
        PhasePlan.for_session(240, structured=False),
    ],
    ids=str,
)
def test_every_plan_the_domain_makes_fits_the_table(db, practice, plan):
    insert_session(
        db,
        practice.client,
        practice.contract,
        structured=int(not plan.is_plain),
        plan_beginning=plan.beginning,
        plan_middle=plan.middle,
        plan_end=plan.end,
    )


# --- one session in the room ------------------------------------------------------------------


def test_only_one_session_runs_at_a_time(db, practice):
    first = insert_session(db, practice.client, practice.contract)
    with pytest.raises(sqlcipher3.IntegrityError, match="sessions_one_running"):
        insert_session(db, practice.client, practice.contract, started_at=TEN)
    db.execute("UPDATE sessions SET finished_at = ? WHERE id = ?", (TEN, first))
    insert_session(db, practice.client, practice.contract, started_at=TEN)
    assert count(db, "sessions") == 2


def test_a_finished_session_cannot_be_reopened_while_another_runs(db, practice):
    first = insert_session(db, practice.client, practice.contract, finished_at=TEN)
    insert_session(db, practice.client, practice.contract, started_at=TEN)
    with pytest.raises(sqlcipher3.IntegrityError, match="sessions_one_running"):
        db.execute("UPDATE sessions SET finished_at = NULL WHERE id = ?", (first,))


def test_many_finished_sessions_are_fine(db, practice):
    for day in range(5):
        insert_session(
            db,
            practice.client,
            practice.contract,
            started_at=f"2026-01-1{day}T09:00:00.000000Z",
            finished_at=f"2026-01-1{day}T09:50:00.000000Z",
        )
    assert count(db, "sessions") == 5


# --- a signed note is final -------------------------------------------------------------------


def test_a_note_is_signed_only_after_the_session_finished(db, practice):
    with pytest.raises(sqlcipher3.IntegrityError) as caught:
        insert_session(db, practice.client, practice.contract, signed_at=SIGNED)
    assert rule_of(caught.value) == "session_signed_after_finish"
    session = insert_session(db, practice.client, practice.contract)
    refused(
        "session_signed_after_finish",
        db,
        "UPDATE sessions SET signed_at = ? WHERE id = ?",
        (SIGNED, session),
    )
    sign(db, session)
    assert column(db, "sessions", "signed_at", session) == SIGNED


@pytest.mark.parametrize(
    "assignment",
    [
        *(f"{which.value} = 'changed afterwards'" for which in NoteField),
        "signed_at = NULL",
        "signed_at = '2026-01-13T09:00:00.000000Z'",
        "finished_at = '2026-01-12T09:55:00.000000Z'",
        "updated_at = '2026-01-13T09:00:00.000000Z'",
        # Identity columns "changed" to their own value still touch a signed row.
        "client_id = client_id",
        "started_at = started_at",
        "plan_middle = plan_middle",
    ],
)
def test_no_column_of_a_signed_session_changes(db, signed, assignment):
    before = db.execute("SELECT * FROM sessions WHERE id = ?", (signed,)).fetchone()
    refused("session_signed", db, f"UPDATE sessions SET {assignment} WHERE id = ?", (signed,))
    assert db.execute("SELECT * FROM sessions WHERE id = ?", (signed,)).fetchone() == before


def test_a_signed_session_is_never_deleted(db, practice):
    # Nothing hangs on it, so only the rule stands in the way.
    session = insert_session(db, practice.client, practice.contract, finished_at=TEN)
    sign(db, session)
    refused("session_signed", db, "DELETE FROM sessions WHERE id = ?", (session,))
    assert count(db, "sessions") == 1


@pytest.mark.parametrize(
    ("sql", "uses_goal"),
    [
        (
            "INSERT INTO progress_markers (session_id, kind, at, phase, voice, updated_at) "
            "VALUES (:session, 'insight', '2026-01-12T09:30:00.000000Z', 'middle', 'client', 'n')",
            False,
        ),
        ("UPDATE progress_markers SET text = 'rewritten' WHERE session_id = :session", False),
        ("UPDATE progress_markers SET goal_id = NULL WHERE session_id = :session", False),
        ("DELETE FROM progress_markers WHERE session_id = :session", False),
        ("INSERT INTO session_goals (session_id, goal_id) VALUES (:session, :goal)", True),
        ("DELETE FROM session_goals WHERE session_id = :session", False),
        (
            "INSERT INTO session_events (session_id, kind, at) "
            "VALUES (:session, 'paused', '2026-01-12T09:40:00.000000Z')",
            False,
        ),
        ("DELETE FROM session_events WHERE session_id = :session", False),
        ("UPDATE process_notes SET body = 'rewritten' WHERE session_id = :session", False),
        ("DELETE FROM process_notes WHERE session_id = :session", False),
    ],
    ids=[
        "insert marker",
        "update marker text",
        "update marker goal",
        "delete marker",
        "link goal",
        "unlink goal",
        "insert event",
        "delete event",
        "update process notes",
        "delete process notes",
    ],
)
def test_nothing_that_hangs_on_a_signed_session_changes(db, practice, signed, sql, uses_goal):
    tables = ["progress_markers", "session_goals", "session_events", "process_notes"]
    before = {table: db.execute(f"SELECT * FROM {table}").fetchall() for table in tables}
    params = {"session": signed}
    if uses_goal:
        params["goal"] = practice.other_goal
    refused("session_signed", db, sql, params)
    assert {table: db.execute(f"SELECT * FROM {table}").fetchall() for table in tables} == before


def test_process_notes_cannot_be_added_to_a_signed_session(db, practice):
    session = insert_session(db, practice.client, practice.contract, finished_at=TEN)
    sign(db, session)
    refused(
        "session_signed",
        db,
        "INSERT INTO process_notes (session_id, body, updated_at) VALUES (?, 'late', ?)",
        (session, NOW),
    )
    refused(
        "session_signed",
        db,
        "INSERT INTO process_notes (session_id, body, updated_at) VALUES (?, 'late', ?) "
        "ON CONFLICT (session_id) DO UPDATE SET body = excluded.body",
        (session, NOW),
    )


def test_an_unsigned_session_stays_editable(db, practice, running):
    db.execute(
        "UPDATE sessions SET working_notes = 'draft', finished_at = ? WHERE id = ?", (TEN, running)
    )
    db.execute(
        "UPDATE progress_markers SET text = 'sees the pattern' WHERE session_id = ?", (running,)
    )
    db.execute("DELETE FROM session_goals WHERE session_id = ?", (running,))
    db.execute(
        "INSERT INTO session_goals (session_id, goal_id) VALUES (?, ?)",
        (running, practice.other_goal),
    )
    db.execute(
        "UPDATE process_notes SET body = 'countertransference' WHERE session_id = ?", (running,)
    )
    assert column(db, "sessions", "working_notes", running) == "draft"
    assert column(db, "process_notes", "body", running, key="session_id") == "countertransference"


@pytest.mark.parametrize(
    ("assignment", "value"),
    [
        ("client_id", 999),
        ("contract_id", 999),
        ("appointment_id", 999),
        ("kind", "coaching"),
        ("structured", 0),
        ("started_at", "2026-01-12T08:00:00.000000Z"),
        ("plan_beginning", 5),
        ("plan_middle", 35),
        ("plan_end", 5),
    ],
)
def test_what_a_session_is_never_changes(db, running, assignment, value):
    before = db.execute("SELECT * FROM sessions WHERE id = ?", (running,)).fetchone()
    refused(
        "session_identity",
        db,
        f"UPDATE sessions SET {assignment} = ? WHERE id = ?",
        (value, running),
    )
    assert db.execute("SELECT * FROM sessions WHERE id = ?", (running,)).fetchone() == before


def test_the_timer_is_never_rewritten(db, running):
    refused(
        "session_events_append_only",
        db,
        "UPDATE session_events SET at = '2026-01-12T08:00:00.000000Z' WHERE session_id = ?",
        (running,),
    )


@pytest.mark.parametrize(
    ("kind", "minutes", "mode"),
    [
        ("extended", 0, "run_over"),
        ("extended", 5, None),
        ("advanced", 5, "run_over"),
        ("paused", 5, "shrink_rest"),
    ],
)
def test_only_an_extension_has_minutes_and_a_mode(db, running, kind, minutes, mode):
    refused(
        "session_event_extension",
        db,
        "INSERT INTO session_events (session_id, kind, at, minutes, mode) VALUES (?, ?, ?, ?, ?)",
        (running, kind, TEN, minutes, mode),
    )


def test_a_marker_cannot_move_to_another_session(db, practice, running):
    db.execute("UPDATE sessions SET finished_at = ? WHERE id = ?", (TEN, running))
    other = insert_session(db, practice.client, practice.contract, started_at=TEN)
    refused("session_identity", db, "UPDATE progress_markers SET session_id = ?", (other,))


# --- addenda ----------------------------------------------------------------------------------


def test_an_addendum_needs_a_signed_note(db, running):
    refused(
        "addendum_needs_signed_note",
        db,
        "INSERT INTO session_addenda (session_id, body, written_at) VALUES (?, 'fix', ?)",
        (running, NOW),
    )
    db.execute("UPDATE sessions SET finished_at = ? WHERE id = ?", (TEN, running))
    refused(
        "addendum_needs_signed_note",
        db,
        "INSERT INTO session_addenda (session_id, body, written_at) VALUES (?, 'fix', ?)",
        (running, NOW),
    )


def test_an_addendum_is_never_changed_or_removed(db, signed):
    db.execute(
        "INSERT INTO session_addenda (session_id, body, written_at) VALUES (?, 'The date was Monday.', ?)",
        (signed, SIGNED),
    )
    refused("session_signed", db, "UPDATE session_addenda SET body = 'rewritten'")
    refused("session_signed", db, "UPDATE session_addenda SET written_at = ?", (NINE,))
    refused("session_signed", db, "DELETE FROM session_addenda")
    assert db.execute("SELECT body, written_at FROM session_addenda").fetchall() == [
        ("The date was Monday.", SIGNED)
    ]


def test_an_addendum_is_not_empty(db, signed):
    refused(
        "constraint",
        db,
        "INSERT INTO session_addenda (session_id, body, written_at) VALUES (?, '', ?)",
        (signed, SIGNED),
    )


# --- process notes ----------------------------------------------------------------------------


def test_process_notes_are_for_therapy_only(db):
    client = insert_client(db)
    contract = insert_contract(db, client, "coaching", starts_on="2026-01-05")
    session = insert_session(db, client, contract, kind="coaching")
    refused(
        "process_notes_therapy_only",
        db,
        "INSERT INTO process_notes (session_id, body, updated_at) VALUES (?, 'private', ?)",
        (session, NOW),
    )
    assert count(db, "process_notes") == 0


def test_a_disclosure_of_process_notes_is_never_changed_or_removed(db, signed):
    db.execute(
        "INSERT INTO process_note_disclosures (session_id, reason, chosen_at) VALUES (?, ?, ?)",
        (signed, "Court order 12/2026", SIGNED),
    )
    refused("audit_append_only", db, "UPDATE process_note_disclosures SET reason = 'other'")
    refused("audit_append_only", db, "DELETE FROM process_note_disclosures")
    assert db.execute("SELECT reason FROM process_note_disclosures").fetchall() == [
        ("Court order 12/2026",)
    ]


# --- goals a session refers to ----------------------------------------------------------------


@pytest.fixture
def elsewhere(db, practice):
    """Goals of another contract of the same client, and of another client."""
    ended = insert_contract(
        db, practice.client, "therapy", "ended", starts_on="2025-01-06", ends_on="2025-12-15"
    )
    other = insert_client(db, "Eva Lund")
    theirs = insert_contract(db, other, "therapy", starts_on="2026-01-05")
    return [insert_goal(db, ended, "An old goal"), insert_goal(db, theirs, "Someone else's goal")]


def test_a_session_links_only_goals_of_its_own_contract(db, running, elsewhere):
    for goal in elsewhere:
        refused(
            "session_goal_elsewhere",
            db,
            "INSERT INTO session_goals (session_id, goal_id) VALUES (?, ?)",
            (running, goal),
        )
    assert count(db, "session_goals") == 1


def test_a_marker_points_only_at_goals_of_its_sessions_contract(db, running, elsewhere):
    for goal in elsewhere:
        with pytest.raises(sqlcipher3.IntegrityError) as caught:
            insert_marker(db, running, goal)
        assert rule_of(caught.value) == "session_goal_elsewhere"
        refused(
            "session_goal_elsewhere",
            db,
            "UPDATE progress_markers SET goal_id = ? WHERE session_id = ?",
            (goal, running),
        )
    assert count(db, "progress_markers") == 1


def test_a_goal_a_session_worked_on_is_kept(db, practice, running):
    refused("goal_in_sessions", db, "DELETE FROM contract_goals WHERE id = ?", (practice.goal,))
    assert count(db, "contract_goals") == 2


def test_a_goal_a_marker_points_at_is_kept(db, practice):
    session = insert_session(db, practice.client, practice.contract)
    insert_marker(db, session, practice.other_goal, kind="goal_progress")
    refused(
        "goal_in_sessions", db, "DELETE FROM contract_goals WHERE id = ?", (practice.other_goal,)
    )


def test_a_goal_no_session_refers_to_can_still_be_removed(db, practice, running):
    db.execute("DELETE FROM contract_goals WHERE id = ?", (practice.other_goal,))
    assert count(db, "contract_goals") == 1


# --- appointments and clients -----------------------------------------------------------------


def test_an_appointment_with_a_session_is_kept(db, practice):
    appointment = insert_appointment(
        db, kind="therapy_session", client_id=practice.client, contract_id=practice.contract
    )
    insert_session(db, practice.client, practice.contract, appointment_id=appointment)
    refused("session_has_appointment", db, "DELETE FROM appointments WHERE id = ?", (appointment,))
    assert count(db, "appointments") == 1


# --- writes that replace a row instead of updating it -----------------------------------------


REPLACE_SESSION = (
    "INSERT OR REPLACE INTO sessions (id, client_id, contract_id, kind, structured, "
    "plan_beginning, plan_middle, plan_end, started_at, finished_at, signed_at, working_notes, "
    "updated_at) VALUES (?, ?, ?, 'therapy', 1, 10, 30, 10, ?, ?, ?, 'rewritten', ?)"
)


def test_replacing_a_signed_session_row_is_refused(db, practice, signed):
    refused(
        "session_signed",
        db,
        REPLACE_SESSION,
        (signed, practice.client, practice.contract, NINE, TEN, SIGNED, SIGNED),
    )
    assert column(db, "sessions", "working_notes", signed) == ""


def test_replacing_an_addendum_is_refused(db, signed):
    db.execute(
        "INSERT INTO session_addenda (id, session_id, body, written_at) VALUES (1, ?, 'first', ?)",
        (signed, SIGNED),
    )
    refused(
        "session_signed",
        db,
        "INSERT OR REPLACE INTO session_addenda (id, session_id, body, written_at) "
        "VALUES (1, ?, 'rewritten', ?)",
        (signed, SIGNED),
    )


def test_replacing_a_disclosure_is_refused(db, signed):
    db.execute(
        "INSERT INTO process_note_disclosures (id, session_id, reason, chosen_at) "
        "VALUES (1, ?, 'Court order', ?)",
        (signed, SIGNED),
    )
    refused(
        "audit_append_only",
        db,
        "INSERT OR REPLACE INTO process_note_disclosures (id, session_id, reason, chosen_at) "
        "VALUES (1, ?, 'other', ?)",
        (signed, SIGNED),
    )


@pytest.mark.parametrize("table", ["session_events", "progress_markers"])
def test_replacing_a_signed_sessions_timer_or_markers_is_refused(db, practice, signed, table):
    unsigned = insert_session(db, practice.client, practice.contract, started_at=TEN)
    row = db.execute(f"SELECT id FROM {table} WHERE session_id = ?", (signed,)).fetchone()[0]
    if table == "session_events":
        sql = (
            "INSERT OR REPLACE INTO session_events (id, session_id, kind, at) "
            "VALUES (?, ?, 'started', ?)"
        )
    else:
        sql = (
            "INSERT OR REPLACE INTO progress_markers (id, session_id, kind, at, phase, voice, "
            "updated_at) VALUES (?, ?, 'insight', ?, 'middle', 'client', 'n')"
        )
    refused("session_signed", db, sql, (row, unsigned, TEN))


# --- note lengths agree with the domain -------------------------------------------------------


@pytest.mark.parametrize("which", list(NoteField), ids=lambda which: which.value)
def test_the_table_holds_exactly_what_a_note_field_allows(db, running, which):
    db.execute(f"UPDATE sessions SET {which.value} = ? WHERE id = ?", ("a" * which.limit, running))
    with pytest.raises(sqlcipher3.IntegrityError):
        db.execute(
            f"UPDATE sessions SET {which.value} = ? WHERE id = ?",
            ("a" * (which.limit + 1), running),
        )
    assert len(column(db, "sessions", which.value, running)) == which.limit


def test_the_table_holds_exactly_what_a_marker_text_allows(db, running):
    insert_marker(db, running, text="a" * MARKER_TEXT_MAX)
    with pytest.raises(sqlcipher3.IntegrityError):
        insert_marker(db, running, text="a" * (MARKER_TEXT_MAX + 1))


def test_the_table_knows_every_marker_kind_phase_and_voice(db, running):
    for kind in MarkerKind:
        for phase in Phase:
            for voice in Voice:
                db.execute(
                    "INSERT INTO progress_markers (session_id, kind, at, phase, voice, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (running, kind.value, NINE, phase.value, voice.value, NINE),
                )
    assert count(db, "progress_markers") == 1 + len(MarkerKind) * len(Phase) * len(Voice)


# --- through the session store ----------------------------------------------------------------

START = datetime(2026, 1, 12, 9, 0, 0, 123456, tzinfo=UTC)


def new_session(db, practice, started_at=START, **changes):
    values = {
        "client_id": practice.client,
        "contract_id": practice.contract,
        "appointment_id": None,
        "kind": ContractKind.THERAPY,
        "structured": True,
        "plan": PhasePlan.for_session(50),
        "started_at": started_at,
        **changes,
    }
    return session_store.insert_session(db, **values)


def test_a_session_reads_back_as_written_to_the_microsecond(db, practice):
    berlin = timezone(timedelta(hours=1))
    session_id = new_session(db, practice, started_at=START.astimezone(berlin))
    session = session_store.read_session(db, session_id)
    assert session.started_at == START
    assert session.started_at.tzinfo is UTC
    assert session.started_at.microsecond == 123456
    assert (session.client_id, session.contract_id) == (practice.client, practice.contract)
    assert session.kind is ContractKind.THERAPY
    assert session.structured
    assert session.plan == PhasePlan(10, 30, 10)
    assert session.client_name == "Anna Berg"
    assert session.note.is_empty
    assert session.goal_ids == ()
    assert session.is_running and not session.is_signed
    assert session_store.read_session(db, session_id + 1) is None


def test_a_plain_session_reads_back_plain(db, practice):
    plan = PhasePlan.for_session(50, structured=False)
    session_id = new_session(db, practice, structured=False, plan=plan)
    session = session_store.read_session(db, session_id)
    assert not session.structured
    assert session.plan.is_plain


def test_finishing_signing_and_notes_read_back(db, practice):
    session_id = new_session(db, practice)
    session_store.update_note_field(db, session_id, NoteField.TAKEAWAYS, "I can say no.", START)
    session_store.set_goal_links(
        db, session_id, [practice.other_goal, practice.goal, practice.goal]
    )
    done = START + timedelta(minutes=50, microseconds=1)
    session_store.set_finished(db, session_id, done)
    session_store.set_signed(db, session_id, done + timedelta(hours=2))
    session = session_store.read_session(db, session_id)
    assert session.note.takeaways == "I can say no."
    assert session.goal_ids == tuple(sorted([practice.goal, practice.other_goal]))
    assert session.finished_at == done
    assert session.signed_at == done + timedelta(hours=2)
    assert session.is_signed and not session.is_running


def test_goal_links_are_replaced_not_added(db, practice):
    session_id = new_session(db, practice)
    session_store.set_goal_links(db, session_id, [practice.goal, practice.other_goal])
    session_store.set_goal_links(db, session_id, [practice.other_goal])
    assert session_store.read_session(db, session_id).goal_ids == (practice.other_goal,)
    session_store.set_goal_links(db, session_id, [])
    assert session_store.read_session(db, session_id).goal_ids == ()


def timer_events():
    return [
        TimerEvent(EventKind.STARTED, START),
        TimerEvent(EventKind.ADVANCED, START + timedelta(minutes=9, microseconds=654321)),
        TimerEvent(EventKind.PAUSED, START + timedelta(minutes=20)),
        TimerEvent(EventKind.RESUMED, START + timedelta(minutes=20, seconds=30)),
        # Two events in the same microsecond keep the order they were written in.
        TimerEvent(EventKind.EXTENDED, START + timedelta(minutes=30), 5, ExtendMode.SHRINK_REST),
        TimerEvent(EventKind.EXTENDED, START + timedelta(minutes=30), 2, ExtendMode.RUN_OVER),
        TimerEvent(EventKind.ADVANCED, START + timedelta(minutes=41)),
    ]


def test_the_timer_reads_back_in_order_and_reads_the_same_after_a_restart(db, practice):
    session_id = new_session(db, practice)
    written = timer_events()
    for event in written:
        session_store.insert_event(db, session_id, event)
    stored = session_store.events(db, session_id)
    assert stored == written
    plan = session_store.read_session(db, session_id).plan
    now = START + timedelta(minutes=44, seconds=3)
    assert read_timer(plan, stored, now) == read_timer(plan, written, now)
    assert session_store.events(db, session_id + 1) == []


def test_markers_are_written_read_changed_and_removed(db, practice):
    session_id = new_session(db, practice)
    at = START + timedelta(minutes=12, microseconds=5)
    marker = session_store.insert_marker(
        db, session_id, MarkerKind.INSIGHT, at, Phase.MIDDLE, Voice.CLIENT, "sees it", None
    )
    assert session_store.read_marker(db, marker.id) == marker
    assert marker.at == at

    changed = replace(
        marker,
        kind=MarkerKind.GOAL_PROGRESS,
        voice=Voice.PRACTITIONER,
        text="named the step",
        goal_id=practice.goal,
    )
    session_store.update_marker(db, changed, at + timedelta(minutes=1))
    assert session_store.read_marker(db, marker.id) == changed  # the moment and phase stay

    session_store.delete_marker(db, marker.id)
    assert session_store.read_marker(db, marker.id) is None
    assert session_store.markers(db, session_id) == []


def test_markers_come_in_the_order_they_happened(db, practice):
    first = new_session(db, practice)

    def log(session_id, minute, kind=MarkerKind.INSIGHT):
        at = START + timedelta(minutes=minute)
        return session_store.insert_marker(
            db, session_id, kind, at, Phase.MIDDLE, Voice.CLIENT, "", None
        ).id

    late, early, same_moment = log(first, 30), log(first, 5), log(first, 30)
    assert [m.id for m in session_store.markers(db, first)] == [early, late, same_moment]

    session_store.set_finished(db, first, START + timedelta(minutes=50))
    second = new_session(db, practice, started_at=START + timedelta(weeks=1))
    next_week = log(second, 60 * 24 * 7 + 3)
    other_client = insert_client(db, "Eva Lund")
    other_contract = insert_contract(db, other_client, "therapy", starts_on="2026-01-05")
    session_store.set_finished(db, second, START + timedelta(weeks=1, minutes=50))
    theirs = session_store.insert_session(
        db,
        client_id=other_client,
        contract_id=other_contract,
        appointment_id=None,
        kind=ContractKind.THERAPY,
        structured=False,
        plan=PhasePlan.for_session(50, structured=False),
        started_at=START + timedelta(days=1),
    )
    log(theirs, 60 * 24 + 1)
    assert [m.id for m in session_store.markers_for_client(db, practice.client)] == [
        early,
        late,
        same_moment,
        next_week,
    ]


def test_sessions_are_listed_and_found(db, practice):
    appointment = insert_appointment(
        db, kind="therapy_session", client_id=practice.client, contract_id=practice.contract
    )
    later = new_session(
        db, practice, started_at=START + timedelta(weeks=1), appointment_id=appointment
    )
    session_store.set_finished(db, later, START + timedelta(weeks=1, minutes=50))
    earlier = new_session(db, practice)
    assert session_store.running_session_id(db) == earlier
    assert session_store.session_for_appointment(db, appointment) == later
    assert [s.id for s in session_store.sessions_for_client(db, practice.client)] == [
        earlier,
        later,
    ]
    assert [s.id for s in session_store.unsigned_started_before(db, START + timedelta(days=1))] == [
        earlier
    ]
    session_store.set_finished(db, earlier, START + timedelta(minutes=50))
    session_store.set_signed(db, earlier, START + timedelta(hours=3))
    assert session_store.running_session_id(db) is None
    assert session_store.unsigned_started_before(db, START + timedelta(weeks=2)) == [
        session_store.read_session(db, later)
    ]


@pytest.fixture
def signed_session(db, practice):
    session_id = new_session(db, practice)
    session_store.insert_event(db, session_id, TimerEvent(EventKind.STARTED, START))
    session_store.set_finished(db, session_id, START + timedelta(minutes=50))
    session_store.set_signed(db, session_id, START + timedelta(hours=1))
    return session_id


@pytest.mark.parametrize(
    "write",
    [
        lambda db, s, p: session_store.update_note_field(db, s, NoteField.AGENDA, "x", START),
        lambda db, s, p: session_store.set_goal_links(db, s, [p.goal]),
        lambda db, s, p: session_store.set_finished(db, s, START),
        lambda db, s, p: session_store.set_signed(db, s, START),
        lambda db, s, p: session_store.insert_event(db, s, TimerEvent(EventKind.PAUSED, START)),
        lambda db, s, p: session_store.insert_marker(
            db, s, MarkerKind.TAKEAWAY, START, Phase.END, Voice.CLIENT, "late", None
        ),
        lambda db, s, p: session_store.write_process_note(db, s, "late", START),
        lambda db, s, p: session_store.delete_unsigned_session(db, s),
    ],
    ids=["note", "goals", "finish", "sign", "event", "marker", "process_note", "delete"],
)
def test_the_store_explains_a_signed_note(db, practice, signed_session, write):
    with pytest.raises(SessionSigned), transaction(db):
        write(db, signed_session, practice)
    assert session_store.read_session(db, signed_session).note.is_empty
    assert len(session_store.events(db, signed_session)) == 1


def test_the_store_explains_the_other_rules_by_name(db, practice):
    running = new_session(db, practice)
    with pytest.raises(RefusedByDatabase) as caught:
        new_session(db, practice, started_at=START + timedelta(hours=1))
    assert caught.value.rule == "one_running_session"

    with pytest.raises(RefusedByDatabase) as caught:
        session_store.update_note_field(db, running, NoteField.GOAL, "g" * 1001, START)
    assert caught.value.rule == "constraint"

    coaching_client = insert_client(db, "Eva Lund")
    coaching = insert_contract(db, coaching_client, "coaching", starts_on="2026-01-05")
    with pytest.raises(RefusedByDatabase) as caught:
        new_session(db, practice, contract_id=coaching, kind=ContractKind.COACHING)
    assert caught.value.rule == "session_needs_contract"

    session_store.set_finished(db, running, START + timedelta(minutes=50))
    coached = new_session(
        db, practice, client_id=coaching_client, contract_id=coaching, kind=ContractKind.COACHING
    )
    with pytest.raises(RefusedByDatabase) as caught:
        session_store.write_process_note(db, coached, "private", START)
    assert caught.value.rule == "process_notes_therapy_only"
    with pytest.raises(RefusedByDatabase) as caught:
        session_store.insert_addendum(db, coached, "too early", START)
    assert caught.value.rule == "addendum_needs_signed_note"


def test_addenda_read_back_in_the_order_written(db, signed_session):
    first = session_store.insert_addendum(db, signed_session, "The date was Monday.", START)
    second = session_store.insert_addendum(
        db, signed_session, "Line one\nline two", START - timedelta(days=1)
    )
    assert session_store.addenda(db, signed_session) == [first, second]
    assert first.written_at == START


def test_process_notes_are_written_over_until_signed(db, practice):
    session_id = new_session(db, practice)
    assert session_store.read_process_note(db, session_id) == ""
    session_store.write_process_note(db, session_id, "first thoughts", START)
    session_store.write_process_note(db, session_id, "second thoughts", START)
    assert session_store.read_process_note(db, session_id) == "second thoughts"
    assert count(db, "process_notes") == 1


def test_a_session_started_by_mistake_goes_with_everything_on_it(db, practice):
    keep = new_session(db, practice)
    session_store.insert_event(db, keep, TimerEvent(EventKind.STARTED, START))
    session_store.set_finished(db, keep, START + timedelta(minutes=50))
    mistake = new_session(db, practice, started_at=START + timedelta(hours=1))
    session_store.insert_event(db, mistake, TimerEvent(EventKind.STARTED, START))
    session_store.set_goal_links(db, mistake, [practice.goal])
    session_store.insert_marker(
        db, mistake, MarkerKind.AFFECT, START, Phase.BEGINNING, Voice.CLIENT, "", practice.goal
    )
    session_store.write_process_note(db, mistake, "oops", START)
    with transaction(db):
        session_store.delete_unsigned_session(db, mistake)
    assert session_store.read_session(db, mistake) is None
    for table in ("session_events", "session_goals", "progress_markers", "process_notes"):
        assert (
            db.execute(f"SELECT count(*) FROM {table} WHERE session_id = ?", (mistake,)).fetchone()[
                0
            ]
            == 0
        )
    assert session_store.read_session(db, keep) is not None
    assert len(session_store.events(db, keep)) == 1
    # The goal it linked is free again.
    db.execute("DELETE FROM contract_goals WHERE id = ?", (practice.goal,))


def test_a_session_whose_process_notes_were_disclosed_is_not_removed(db, practice):
    session_id = new_session(db, practice)
    session_store.write_process_note(db, session_id, "disclosed", START)
    session_store.insert_disclosure(db, session_id, "Court order", START)
    with pytest.raises(RefusedByDatabase), transaction(db):
        session_store.delete_unsigned_session(db, session_id)
    assert session_store.read_session(db, session_id) is not None
    assert session_store.read_process_note(db, session_id) == "disclosed"
