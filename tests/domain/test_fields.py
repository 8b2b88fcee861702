from datetime import date

import pytest

from practice_desk.domain.fields import FieldInvalid, multi_line, past_or_today, single_line


def test_single_line_trims_and_collapses_spaces():
    assert single_line("f", "The name", "  Anna \t  Maria\n ", 50) == "Anna Maria"


def test_single_line_stores_precomposed_letters():
    assert single_line("f", "The name", "Zo\u0308e", 50) == "Zöe"


def test_single_line_counts_characters_after_normalising():
    # Five letters typed with combining marks are ten code points, but five characters.
    typed = "e\u0301" * 5
    assert single_line("f", "The name", typed, 5) == "é" * 5


def test_a_required_field_left_blank_names_the_field():
    with pytest.raises(FieldInvalid, match="Please enter the client's name") as caught:
        single_line("display_name", "The client's name", "   ", 120, required=True)
    assert caught.value.field == "display_name"


def test_a_too_long_single_line_says_the_limit_and_not_the_value():
    with pytest.raises(FieldInvalid) as caught:
        single_line("pronouns", "Pronouns", "secretvalue" * 5, 40)
    assert caught.value.field == "pronouns"
    assert "at most 40 characters" in str(caught.value)
    assert "(it has 55)" in str(caught.value)
    assert "secretvalue" not in str(caught.value)


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\r", "\x85"])
def test_control_characters_are_refused_in_a_single_line(control):
    with pytest.raises(FieldInvalid, match="can't be stored") as caught:
        single_line("display_name", "The client's name", f"Anna{control}Maria", 120)
    assert caught.value.field == "display_name"


@pytest.mark.parametrize("control", ["\x00", "\x08", "\x1b", "\x7f"])
def test_control_characters_are_refused_in_multi_line_text(control):
    with pytest.raises(FieldInvalid, match="can't be stored"):
        multi_line("notes", "Notes", f"first line\nsecond{control}line", 1000)


def test_multi_line_keeps_line_breaks_and_tabs_but_drops_trailing_space_and_blank_edges():
    typed = "\n\nFirst line   \n\tindented\n\nlast line  \n\n"
    assert multi_line("notes", "Notes", typed, 1000) == "First line\n\tindented\n\nlast line"


def test_multi_line_accepts_text_pasted_with_windows_line_ends():
    assert multi_line("notes", "Notes", "first\r\nsecond\r\n", 100) == "first\nsecond"


def test_multi_line_limit_is_shown_with_thousands_separators():
    with pytest.raises(FieldInvalid) as caught:
        multi_line("notes", "Notes", "x" * 20_001, 20_000)
    assert "at most 20,000 characters" in str(caught.value)
    assert "(it has 20,001)" in str(caught.value)


def test_multi_line_at_the_limit_is_accepted():
    assert len(multi_line("notes", "Notes", "x" * 20_000, 20_000)) == 20_000


def test_past_or_today_accepts_today_and_refuses_tomorrow():
    today = date(2026, 1, 5)
    assert past_or_today("d", "The date", today, today) == today
    assert past_or_today("d", "The date", None, today) is None
    with pytest.raises(FieldInvalid, match="The date can't be in the future") as caught:
        past_or_today("d", "The date", date(2026, 1, 6), today)
    assert caught.value.field == "d"
