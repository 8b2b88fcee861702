"""What a session note asks for in each phase, the limits of each field, and signing."""

from datetime import UTC, datetime

import pytest

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.session_notes import (
    ADDENDUM_MAX,
    PROCESS_NOTE_MAX,
    NoteField,
    Session,
    SessionNote,
    SessionSigned,
    clean_addendum,
    clean_note_text,
    clean_process_note,
    fields_for,
    uses_prompts,
)
from practice_desk.domain.session_phases import Phase, PhasePlan

NINE = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


def test_a_structured_session_asks_for_agenda_and_goal_at_the_beginning():
    assert fields_for(Phase.BEGINNING, True) == (NoteField.AGENDA, NoteField.GOAL)


def test_a_structured_session_keeps_working_notes_in_the_middle():
    assert fields_for(Phase.MIDDLE, True) == (NoteField.WORKING_NOTES,)


def test_a_structured_session_closes_with_takeaways_progress_and_next_steps():
    assert fields_for(Phase.END, True) == (
        NoteField.TAKEAWAYS,
        NoteField.PROGRESS_COMMENT,
        NoteField.NEXT_STEPS,
    )


@pytest.mark.parametrize("phase", list(Phase))
def test_a_plain_session_has_working_notes_only(phase):
    assert fields_for(phase, False) == (NoteField.WORKING_NOTES,)


def test_every_field_is_asked_for_in_exactly_one_phase():
    asked = [item for phase in Phase for item in fields_for(phase, True)]
    assert sorted(asked, key=list(NoteField).index) == list(NoteField)
    assert len(asked) == len(set(asked))


def test_the_prompts_speak_the_practitioners_language():
    assert NoteField.AGENDA.label == "Today's agenda"
    assert NoteField.GOAL.label == "Today's goal"
    assert "in their words" in NoteField.TAKEAWAYS.label
    assert NoteField.PROGRESS_COMMENT.label == "Your comment on progress"
    assert "agreed actions" in NoteField.NEXT_STEPS.label


@pytest.mark.parametrize(
    ("kind", "coaching_edge", "expected"),
    [
        (ContractKind.COACHING, False, True),
        (ContractKind.COACHING, True, True),
        (ContractKind.THERAPY, False, False),
        (ContractKind.THERAPY, True, True),
    ],
)
def test_coaching_and_therapy_with_a_coaching_edge_get_the_prompts(kind, coaching_edge, expected):
    assert uses_prompts(kind, coaching_edge) is expected


@pytest.mark.parametrize(
    ("which", "limit"),
    [
        (NoteField.AGENDA, 4000),
        (NoteField.GOAL, 1000),
        (NoteField.WORKING_NOTES, 50_000),
        (NoteField.TAKEAWAYS, 4000),
        (NoteField.PROGRESS_COMMENT, 4000),
        (NoteField.NEXT_STEPS, 4000),
    ],
)
def test_each_field_holds_up_to_its_limit(which, limit):
    assert which.limit == limit
    assert clean_note_text(which, "a" * limit) == "a" * limit
    with pytest.raises(FieldInvalid) as caught:
        clean_note_text(which, "a" * (limit + 1))
    assert caught.value.field == which.value
    assert f"at most {limit:,} characters" in caught.value.message
    assert which.label in caught.value.message


def test_note_text_keeps_its_line_breaks_and_loses_stray_space():
    typed = "\r\n\n  First point.   \r\n\n\t- second  \n\n\n"
    assert clean_note_text(NoteField.WORKING_NOTES, typed) == "  First point.\n\n\t- second"


@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\x0c", "\r"])
def test_note_text_with_control_characters_is_refused(bad):
    with pytest.raises(FieldInvalid) as caught:
        clean_note_text(NoteField.AGENDA, f"one{bad}two")
    assert caught.value.field == "agenda"
    assert "can't be stored" in caught.value.message


def test_a_note_gives_and_takes_each_field_by_name():
    note = SessionNote()
    assert note.is_empty
    written = note.with_text(NoteField.TAKEAWAYS, "I can say no.")
    assert written.text(NoteField.TAKEAWAYS) == "I can say no."
    assert written.takeaways == "I can say no."
    assert not written.is_empty
    assert note.is_empty  # notes are values: the old one is unchanged
    for which in NoteField:
        assert note.with_text(which, "x").text(which) == "x"
        assert not note.with_text(which, "x").is_empty


def session(**changes) -> Session:
    values = {
        "id": 1,
        "client_id": 2,
        "contract_id": 3,
        "appointment_id": None,
        "kind": ContractKind.THERAPY,
        "structured": True,
        "plan": PhasePlan.for_session(50),
        "started_at": NINE,
        "finished_at": None,
        "signed_at": None,
        "note": SessionNote(),
    }
    return Session(**{**values, **changes})


def test_a_session_is_running_until_finished_and_open_until_signed():
    running = session()
    assert running.is_running and not running.is_signed
    done = session(finished_at=NINE)
    assert not done.is_running and not done.is_signed
    signed = session(finished_at=NINE, signed_at=NINE)
    assert not signed.is_running and signed.is_signed


def test_an_addendum_holds_up_to_10000_characters_and_keeps_its_lines():
    assert ADDENDUM_MAX == 10_000
    assert clean_addendum("  Correction:\r\nthe date was Monday.  \n") == (
        "  Correction:\nthe date was Monday."
    )
    assert len(clean_addendum("a" * ADDENDUM_MAX)) == ADDENDUM_MAX
    with pytest.raises(FieldInvalid) as caught:
        clean_addendum("a" * (ADDENDUM_MAX + 1))
    assert caught.value.field == "addendum"


def test_process_notes_hold_up_to_50000_characters():
    assert PROCESS_NOTE_MAX == 50_000
    assert len(clean_process_note("a" * PROCESS_NOTE_MAX)) == PROCESS_NOTE_MAX
    with pytest.raises(FieldInvalid) as caught:
        clean_process_note("a" * (PROCESS_NOTE_MAX + 1))
    assert caught.value.field == "process_note"
    with pytest.raises(FieldInvalid):
        clean_process_note("dream\x00")


def test_a_signed_note_explains_itself_and_points_to_an_addendum():
    error = SessionSigned()
    assert isinstance(error, PracticeDeskError)
    assert error.title == "This note is signed"
    assert error.message == "A signed session note can't be changed."
    assert "addendum" in error.advice
    assert str(error) == f"{error.message} {error.advice}"
