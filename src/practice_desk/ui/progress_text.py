"""How dates, times and counts read in the progress view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache

Localise = Callable[[datetime], datetime]  # a UTC instant to wall-clock time


def computer_local(instant: datetime) -> datetime:
    """Wall-clock time on this computer, for callers that don't pass the practice's zone."""
    return instant.astimezone().replace(tzinfo=None)


@cache
def _weekday(number: int) -> str:
    """Abbreviated weekday names as strftime gives them elsewhere in the app (in the locale Qt
    set up), looked up once: strftime imports the time module on every call, and a timeline
    of two hundred sessions formats over a thousand dates and times."""
    return date(2000, 1, 3 + number).strftime("%a")  # 3 January 2000 was a Monday


@cache
def _month(number: int) -> str:
    return date(2000, number, 1).strftime("%b")


def day_month(day: date) -> str:
    """ "3 Mar"."""
    return f"{day.day} {_month(day.month)}"


def short_date(day: date) -> str:
    """ "3 Mar 2025"."""
    return f"{day_month(day)} {day.year}"


def long_date(day: date) -> str:
    """ "Mon 3 Mar 2025"."""
    return f"{_weekday(day.weekday())} {short_date(day)}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
