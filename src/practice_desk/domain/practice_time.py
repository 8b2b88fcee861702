"""Wall-clock time in the practice's time zone, and the UTC instants it is stored as.

Appointments are kept in UTC. Everything a practitioner sees or types is wall-clock time in
the practice's zone, converted here with the zone's own daylight-saving rules, so a weekly
10:00 session stays at 10:00 across the change of clocks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from practice_desk.domain.errors import PracticeDeskError

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
PRECISE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
FALLBACK_ZONE = "UTC"


class TimeDoesNotExist(PracticeDeskError):
    title = "That time doesn't exist"

    def __init__(self) -> None:
        super().__init__(
            "On that day the clocks go forward, so this time never happens.",
            "Please choose a time an hour later or earlier.",
        )


class UnknownTimeZone(PracticeDeskError):
    title = "Unknown time zone"

    def __init__(self) -> None:
        super().__init__(
            "This time zone isn't known on this computer.",
            "Please choose the practice's time zone from the list in Settings.",
        )


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZone() from None


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time. In the repeated hour when clocks go back, the
    first of the two is meant (fold=0); a time in the skipped hour raises TimeDoesNotExist."""
    if local.tzinfo is not None:
        raise ValueError("expected a wall-clock (naive) time")
    instant = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if to_local(instant, tz) != local:
        raise TimeDoesNotExist()
    return instant


def to_local(instant: datetime, tz: ZoneInfo) -> datetime:
    """Wall-clock time (naive) of a UTC instant."""
    return instant.astimezone(tz).replace(tzinfo=None)


def shifted_to_existing(local: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of `local`, moved past the skipped hour when it falls inside it.

    For working-hour boundaries, which (unlike a booking) need not be exact."""
    try:
        return to_utc(local, tz)
    except TimeDoesNotExist:
        return local.replace(tzinfo=tz, fold=0).astimezone(UTC)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which a local calendar day begins and ends (23 or 25 hours apart
    on the days the clocks change)."""
    start = shifted_to_existing(datetime.combine(day, time()), tz)
    end = shifted_to_existing(datetime.combine(day + timedelta(days=1), time()), tz)
    return start, end


def week_start(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def stamp(instant: datetime) -> str:
    """A UTC instant as stored: one fixed format, so stamps sort and compare as text."""
    if instant.tzinfo is None:
        raise ValueError("expected an aware datetime")
    return instant.astimezone(UTC).strftime(STAMP_FORMAT)


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP_FORMAT).replace(tzinfo=UTC)


def precise_stamp(instant: datetime) -> str:
    """Like `stamp`, with microseconds: for session timer events, where a rounded second
    would show as a jump after reopening."""
    if instant.tzinfo is None:
        raise ValueError("expected an aware datetime")
    return instant.astimezone(UTC).strftime(PRECISE_FORMAT)


def parse_precise_stamp(text: str) -> datetime:
    # fromisoformat reads the fixed format (and its "Z") several times faster than strptime,
    # which matters when a progress view reads hundreds of sessions.
    moment = datetime.fromisoformat(text)
    if moment.utcoffset() != timedelta(0):
        raise ValueError("expected a UTC stamp")
    return moment.astimezone(UTC)


def round_up(instant: datetime, minutes: int) -> datetime:
    """The first moment at or after `instant` that falls on a whole multiple of `minutes`."""
    instant = instant.replace(second=0, microsecond=0) + (
        timedelta(minutes=1) if instant.second or instant.microsecond else timedelta()
    )
    over = (instant.hour * 60 + instant.minute) % minutes
    return instant + timedelta(minutes=(minutes - over) % minutes)
