"""Fees as whole minor units (cents), so sums never drift; typed and shown as decimals."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from practice_desk.domain.fields import FieldInvalid

MAX_FEE_MINOR = 100_000_00
_CURRENCY = re.compile(r"[A-Z]{3}")


def parse_fee(field: str, typed: str) -> int:
    """'85', '85.5', '85,50' or '1 200.00' -> minor units; FieldInvalid otherwise."""
    text = typed.strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return 0
    # A lone comma is a decimal comma (85,50); next to a point it separates thousands.
    decimal_comma = "," in text and "." not in text
    text = text.replace(",", ".") if decimal_comma else text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise FieldInvalid(
            field, "Please enter the fee as a number, for example 85 or 85.50."
        ) from None
    # Count the decimals as typed: '1,200' (1.200) must not pass as 1.20, and quantize()
    # would raise on a number longer than the decimal context's precision.
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:
        raise FieldInvalid(
            field,
            "A fee is zero or more, with at most two decimals: write 1200 or 1200.00 "
            "rather than 1,200.",
        )
    minor = int(amount * 100)
    if minor > MAX_FEE_MINOR:
        raise FieldInvalid(field, "Please check the fee: it is larger than any session fee.")
    return minor


def format_fee(minor: int, currency: str = "") -> str:
    text = f"{minor // 100:,}.{minor % 100:02d}"
    return f"{text} {currency}".strip()


def check_currency(field: str, code: str) -> str:
    clean = code.strip().upper()
    if not _CURRENCY.fullmatch(clean):
        raise FieldInvalid(field, "A currency is a three-letter code, such as EUR, GBP or USD.")
    return clean
