import pytest

from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.money import MAX_FEE_MINOR, check_currency, format_fee, parse_fee


@pytest.mark.parametrize(
    ("typed", "minor"),
    [
        ("85", 85_00),
        ("85.5", 85_50),
        ("85.50", 85_50),
        ("85,50", 85_50),
        ("85,5", 85_50),
        ("1,200.00", 1_200_00),
        ("1 200.00", 1_200_00),
        ("1\u00a0200,50", 1_200_50),
        ("  90 ", 90_00),
        ("0", 0),
        ("", 0),
        ("100000", MAX_FEE_MINOR),
    ],
)
def test_fees_are_read_as_typed(typed, minor):
    assert parse_fee("fee", typed) == minor


@pytest.mark.parametrize("typed", ["abc", "85 EUR", "€85", "8..5", "0x10", "1,2,3.4.5"])
def test_a_fee_that_is_not_a_number_is_refused(typed):
    with pytest.raises(FieldInvalid, match="Please enter the fee as a number") as caught:
        parse_fee("fee", typed)
    assert caught.value.field == "fee"


@pytest.mark.parametrize("typed", ["-5", "-0.01", "85.555", "NaN", "Infinity"])
def test_a_negative_or_sub_cent_fee_is_refused(typed):
    with pytest.raises(FieldInvalid, match="zero or more, with at most two decimals"):
        parse_fee("fee", typed)


@pytest.mark.parametrize("typed", ["1,200", "1.200", "85.500"])
def test_three_decimals_are_refused_rather_than_read_as_a_thousandth(typed):
    # '1,200' meant as twelve hundred must never be stored as 1.20.
    with pytest.raises(FieldInvalid, match="at most two decimals"):
        parse_fee("fee", typed)


@pytest.mark.parametrize("typed", ["100000.01", "1e30", "9" * 40])
def test_an_implausibly_large_fee_is_refused_plainly(typed):
    with pytest.raises(FieldInvalid, match="larger than any session fee"):
        parse_fee("fee", typed)


def test_fees_are_shown_with_two_decimals_and_thousands():
    assert format_fee(85_50) == "85.50"
    assert format_fee(1_200_00, "EUR") == "1,200.00 EUR"
    assert format_fee(5) == "0.05"
    assert parse_fee("fee", format_fee(1_234_56)) == 1_234_56


@pytest.mark.parametrize(("typed", "code"), [("EUR", "EUR"), (" gbp ", "GBP"), ("chf", "CHF")])
def test_currency_codes_are_three_letters_in_capitals(typed, code):
    assert check_currency("currency", typed) == code


@pytest.mark.parametrize("typed", ["", "EURO", "€", "E1R", "US"])
def test_anything_else_is_not_a_currency(typed):
    with pytest.raises(FieldInvalid, match="three-letter code") as caught:
        check_currency("currency", typed)
    assert caught.value.field == "currency"
