"""How appointments read on screen. Client names appear here, inside the open practice only:
never in window titles, logs or exception messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from practice_desk.domain.appointments import Appointment, AppointmentKind
from practice_desk.domain.booking_rules import BookingWarning, Caution

Localise = Callable[[datetime], datetime]


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def long_day_text(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock_text(moment: datetime) -> str:
    # Not strftime: a progress timeline formats a thousand of these, three times faster so.
    return f"{moment.hour:02d}:{moment.minute:02d}"


def span_text(appointment: Appointment, local: Localise) -> str:
    """ "Tue 6 Jan, 10:00–10:50", or with both days when it runs past midnight."""
    start, end = local(appointment.starts_at), local(appointment.ends_at)
    if start.date() == end.date():
        return f"{day_text(start.date())}, {clock_text(start)}–{clock_text(end)}"
    return (
        f"{day_text(start.date())}, {clock_text(start)} – {day_text(end.date())}, {clock_text(end)}"
    )


def who_text(appointment: Appointment) -> str:
    if appointment.kind is AppointmentKind.BLOCKED:
        reason = appointment.block_reason.label if appointment.block_reason else "Blocked"
        return reason
    return appointment.client_name


def title_text(appointment: Appointment) -> str:
    """ "Therapy session with Anna Berg", or "Blocked time: Supervision"."""
    if appointment.kind is AppointmentKind.BLOCKED:
        return f"Blocked time: {who_text(appointment)}"
    return f"{appointment.kind.label} with {appointment.client_name}"


def describe(appointment: Appointment, local: Localise) -> str:
    return f"{title_text(appointment)}, {span_text(appointment, local)}"


def warning_text(warning: BookingWarning, local: Localise) -> str:
    if warning.caution is Caution.OUTSIDE_HOURS:
        return "This is outside your working hours."
    if warning.caution is Caution.IN_THE_PAST:
        return "This time has already passed."
    neighbour = warning.neighbour
    detail = f" ({describe(neighbour, local)})" if neighbour else ""
    return f"This leaves less than your usual gap before or after another appointment{detail}."
