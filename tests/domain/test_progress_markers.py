"""Progress markers: the seven kinds from DOMAIN.md, their keys in the room, and their text."""

from datetime import UTC, datetime

import pytest

from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.progress_markers import (
    MARKER_TEXT_MAX,
    MarkerKind,
    ProgressMarker,
    Voice,
    clean_marker_text,
)
from practice_desk.domain.session_phases import Phase


def test_the_seven_markers_of_the_domain_are_on_keys_1_to_7_in_order():
    assert [(kind.key, kind.label) for kind in MarkerKind] == [
        ("1", "Insight"),
        ("2", "Cognition"),
        ("3", "Affect"),
        ("4", "Strength"),
        ("5", "Self-reflection"),
        ("6", "Takeaway"),
        ("7", "Goal progress"),
    ]


def test_every_marker_explains_itself_in_a_few_words():
    hints = {kind: kind.hint for kind in MarkerKind}
    assert hints[MarkerKind.COGNITION] == "a changed way of thinking"
    assert "in their words" in hints[MarkerKind.TAKEAWAY]
    assert "goal" in hints[MarkerKind.GOAL_PROGRESS]
    assert all(hint and hint == hint.lower() for hint in hints.values())
    assert len(set(hints.values())) == len(MarkerKind)


def test_who_voiced_a_marker_reads_from_the_practitioners_side():
    assert Voice.CLIENT.label == "Client"
    assert Voice.PRACTITIONER.label == "You"


def test_a_marker_needs_no_text_and_no_goal():
    marker = ProgressMarker(
        1,
        7,
        MarkerKind.INSIGHT,
        datetime(2026, 1, 12, 9, 5, tzinfo=UTC),
        Phase.MIDDLE,
        Voice.CLIENT,
    )
    assert (marker.text, marker.goal_id) == ("", None)
    assert clean_marker_text("") == ""
    assert clean_marker_text("   ") == ""


def test_marker_text_is_one_tidy_line():
    assert clean_marker_text("  sees the  pattern\nwith her\tmother  ") == (
        "sees the pattern with her mother"
    )


def test_marker_text_is_normalised_so_it_searches_and_compares_alike():
    assert clean_marker_text("Caf\u0065\u0301") == "Caf\u00e9"


def test_marker_text_may_be_500_characters():
    assert MARKER_TEXT_MAX == 500
    assert clean_marker_text("x" * 500) == "x" * 500
    # Counted after tidying: spaces that collapse don't count.
    assert len(clean_marker_text("  " + "x " * 250)) == 499
    assert len(clean_marker_text("e\u0301" * 500)) == 500


def test_longer_marker_text_is_refused_with_its_length_and_not_its_words():
    with pytest.raises(FieldInvalid) as caught:
        clean_marker_text("secret " * 100)
    assert caught.value.field == "marker_text"
    assert "at most 500 characters" in caught.value.message
    assert "it has 699" in caught.value.message
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize("bad", ["\x00", "\x1b[2J", "\x07", "\x7f", "\x85"])
def test_control_characters_are_refused(bad):
    with pytest.raises(FieldInvalid) as caught:
        clean_marker_text(f"angry{bad}then calm")
    assert caught.value.field == "marker_text"
    assert "can't be stored" in caught.value.message
