import pytest

from practice_desk.domain.recovery_code import (
    ALPHABET,
    GROUP_SIZE,
    GROUPS,
    LENGTH,
    InvalidRecoveryCode,
    format_recovery_code,
    generate_recovery_code,
    normalize_recovery_code,
)

CODE = "0123456789ABCDEFGHJKMNPQ"


def test_generated_codes_are_24_unambiguous_symbols_and_never_repeat():
    codes = {generate_recovery_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == LENGTH == 24
        assert set(code) <= set(ALPHABET)
        assert not set(code) & set("ILOU")


def test_a_generated_code_survives_formatting_and_typing_back():
    code = generate_recovery_code()
    printed = format_recovery_code(code)
    assert normalize_recovery_code(printed) == code
    assert normalize_recovery_code(printed.lower().replace("-", " ")) == code


@pytest.mark.parametrize(
    "typed",
    [
        "0123456789abcdefghjkmnpq",
        "0123-4567-89AB-CDEF-GHJK-MNPQ",
        "0123 4567 89ab cdef ghjk mnpq",
        "  0123-4567 89ab\tcdef\nghjk - mnpq  ",
        "O123456789ABCDEFGHJKMNPQ",  # letter O for zero
        "o123456789ABCDEFGHJKMNPQ",
        "0I23456789ABCDEFGHJKMNPQ",  # letter I for one
        "0l23456789ABCDEFGHJKMNPQ",  # small L for one
        "0L23456789ABCDEFGHJKMNPQ",
    ],
)
def test_typing_is_forgiving(typed):
    assert normalize_recovery_code(typed) == CODE


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "0123456789ABCDEFGHJKMNP",  # 23 symbols
        "0123456789ABCDEFGHJKMNPQR",  # 25 symbols
        "0123456789ABCDEFGHJKMNPU",  # U is not in the alphabet
        "0123456789ABCDEFGHJKMNP!",
        "0123456789ABCDEFGHJKMNP_",
        "0123456789ABCDEFGHJKMNPÄ",
        "0123.4567.89AB.CDEF.GHJK.MNPQ",  # dots are not separators
    ],
)
def test_wrong_length_or_bad_symbol_is_refused_with_a_plain_message(typed):
    with pytest.raises(InvalidRecoveryCode) as caught:
        normalize_recovery_code(typed)
    assert "24 letters and digits in 6 groups of 4" in str(caught.value)


def test_invalid_code_is_a_value_error_for_forms():
    assert issubclass(InvalidRecoveryCode, ValueError)


def test_format_groups_of_four_joined_with_dashes():
    printed = format_recovery_code(CODE)
    assert printed == "0123-4567-89AB-CDEF-GHJK-MNPQ"
    groups = printed.split("-")
    assert len(groups) == GROUPS
    assert all(len(group) == GROUP_SIZE for group in groups)


def test_format_accepts_messy_input_and_is_idempotent():
    messy = "o123 4567-89ab cdef-ghjk mnpq"
    printed = format_recovery_code(messy)
    assert printed == "0123-4567-89AB-CDEF-GHJK-MNPQ"
    assert format_recovery_code(printed) == printed


def test_format_refuses_an_invalid_code():
    with pytest.raises(InvalidRecoveryCode):
        format_recovery_code("ABCD")
