"""The calendar file (.ics) a practitioner imports into a phone or another calendar.

A calendar that leaves the vault is read by other apps, synced to other companies' servers and
glanced at on a lock screen, so it says only *when* the practitioner is busy: every event is the
practice's neutral label, and nothing about the client travels unless the practitioner turns on
initials (a risk they choose to take). The builder never receives more than that: it works on
`CalendarItem`s, which hold no name, note or kind of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from practice_desk.domain.appointments import Appointment
from practice_desk.domain.practice_time import zone

PRODID = "-//Practice Desk//EN"
# The VTIMEZONE only has to describe the exported span; a week either side covers events that
# straddle the range's ends without writing decades of daylight-saving rules into the file.
_ZONE_MARGIN = timedelta(days=7)


@dataclass(frozen=True)
class CalendarItem:
    """What one exported event may say. `initials` is empty unless the practitioner chose to
    include them."""

    uid: str
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    cancelled: bool = False
    initials: str = ""


def initials(display_name: str) -> str:
    """ "A. B." from the first letters of the first and last words ("Ł. Ö.", "Ε."), so
    that a name's length, middle names and spelling stay at home."""
    letters = []
    for word in display_name.split():
        letter = next((ch for ch in word if ch.isalpha()), "")
        if letter:
            letters.append(letter.upper())
    if not letters:
        return ""
    chosen = letters[:1] if len(letters) == 1 else [letters[0], letters[-1]]
    return " ".join(f"{letter}." for letter in chosen)


def calendar_items(
    appointments: Iterable[Appointment], *, include_initials: bool = False
) -> list[CalendarItem]:
    """Narrow appointments to what may leave the vault. Blocked time has no client, so it
    carries the plain label whatever the option says."""
    return [
        CalendarItem(
            uid=appointment.uid,
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            cancelled=appointment.status.is_cancellation,
            initials=initials(appointment.client_name)
            if include_initials and appointment.kind.has_client
            else "",
        )
        for appointment in appointments
    ]


def calendar_file(
    items: Sequence[CalendarItem], *, zone_name: str, label: str, stamped_at: datetime
) -> bytes:
    """An iCalendar file with one VEVENT per item, in the practice's zone.

    The UID is the appointment's own random one, so importing a later export updates the
    events a phone already has instead of adding copies; cancelled appointments stay in the
    file, marked CANCELLED, so a phone that synced them takes them off the calendar."""
    tz = zone(zone_name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    stamp = stamped_at.astimezone(UTC)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        # Zone-aware values make icalendar write DTSTART;TZID=<zone> (plain Z times for UTC).
        event.start = item.starts_at.astimezone(tz)
        event.end = item.ends_at.astimezone(tz)
        event.add("summary", f"{label} · {item.initials}" if item.initials else label)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        # A cancelled hour is free again on the phone's busy/free view too.
        event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        calendar.add_component(event)
    if items:
        first = min(item.starts_at for item in items).astimezone(tz).date()
        last = max(item.ends_at for item in items).astimezone(tz).date()
        calendar.add_missing_timezones(first - _ZONE_MARGIN, last + _ZONE_MARGIN)
    return calendar.to_ical()
