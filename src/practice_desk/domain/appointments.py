"""Appointments: consultations, sessions and blocked time, with their statuses.

Times are UTC instants; `time_zone` is the practice's zone when the appointment was booked,
which is the zone its wall-clock time means.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from practice_desk.domain.contracts import DEFAULT_SESSION_MINUTES, ContractKind
from practice_desk.domain.fields import FieldInvalid, multi_line

CONSULTATION_MINUTES = 50
MIN_MINUTES = 10
MAX_SESSION_MINUTES = 240
MAX_BLOCK_DAYS = 62  # a longer absence is entered as two blocks; keeps range look-ups bounded
NOTE_MAX = 1000


class AppointmentKind(enum.Enum):
    CONSULTATION = "consultation"
    THERAPY_SESSION = "therapy_session"
    COACHING_SESSION = "coaching_session"
    BLOCKED = "blocked"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def contract_kind(self) -> ContractKind | None:
        """The kind of contract a session needs; None for consultations and blocked time."""
        return {
            AppointmentKind.THERAPY_SESSION: ContractKind.THERAPY,
            AppointmentKind.COACHING_SESSION: ContractKind.COACHING,
        }.get(self)

    @property
    def has_client(self) -> bool:
        return self is not AppointmentKind.BLOCKED

    @classmethod
    def session_for(cls, kind: ContractKind) -> AppointmentKind:
        return cls.THERAPY_SESSION if kind is ContractKind.THERAPY else cls.COACHING_SESSION


_KIND_LABELS = {
    AppointmentKind.CONSULTATION: "Initial consultation",
    AppointmentKind.THERAPY_SESSION: "Therapy session",
    AppointmentKind.COACHING_SESSION: "Coaching session",
    AppointmentKind.BLOCKED: "Blocked time",
}


class BlockReason(enum.Enum):
    HOLIDAY = "holiday"
    SUPERVISION = "supervision"
    ADMIN = "admin"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class AppointmentStatus(enum.Enum):
    BOOKED = "booked"
    ATTENDED = "attended"
    CANCELLED = "cancelled"
    LATE_CANCELLED = "late_cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def takes_time(self) -> bool:
        """Whether the appointment keeps its time from others (a cancelled one frees it)."""
        return self in (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED)

    @property
    def is_cancellation(self) -> bool:
        return self in (AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED)


_STATUS_LABELS = {
    AppointmentStatus.BOOKED: "Booked",
    AppointmentStatus.ATTENDED: "Attended",
    AppointmentStatus.CANCELLED: "Cancelled",
    AppointmentStatus.LATE_CANCELLED: "Cancelled late",
    AppointmentStatus.NO_SHOW: "Did not attend",
}

# Corrections go back through BOOKED ("undo"), except the two slips that are common in
# practice: a late cancellation that was really in time, and a no-show who did turn up.
NEXT_STATUSES: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    AppointmentStatus.BOOKED: frozenset(
        {
            AppointmentStatus.ATTENDED,
            AppointmentStatus.CANCELLED,
            AppointmentStatus.LATE_CANCELLED,
            AppointmentStatus.NO_SHOW,
        }
    ),
    AppointmentStatus.ATTENDED: frozenset({AppointmentStatus.BOOKED}),
    AppointmentStatus.CANCELLED: frozenset({AppointmentStatus.BOOKED}),
    AppointmentStatus.LATE_CANCELLED: frozenset(
        {AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED}
    ),
    AppointmentStatus.NO_SHOW: frozenset({AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED}),
}

# Only once the appointment has begun can anyone have attended it or not turned up.
NEEDS_START = frozenset({AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW})

LATE_CANCELLATION_HOURS = 24


class CancelledBy(enum.Enum):
    CLIENT = "client"
    PRACTITIONER = "practitioner"

    @property
    def label(self) -> str:
        return "the client" if self is CancelledBy.CLIENT else "you"


@dataclass(frozen=True)
class Appointment:
    id: int
    uid: str  # random, kept for calendar export so a phone updates rather than duplicates
    kind: AppointmentKind
    client_id: int | None
    contract_id: int | None
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    time_zone: str
    status: AppointmentStatus = AppointmentStatus.BOOKED
    block_reason: BlockReason | None = None
    note: str = ""
    series_id: int | None = None
    cancelled_by: CancelledBy | None = None
    cancelled_at: datetime | None = None
    client_name: str = ""  # for display; read with the appointment, never stored with it

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def overlaps(self, starts_at: datetime, ends_at: datetime, margin: timedelta) -> bool:
        return self.starts_at < ends_at + margin and starts_at < self.ends_at + margin


@dataclass(frozen=True)
class AppointmentRequest:
    """What the booking form produces. `starts_at` is wall-clock time (naive) in the
    practice's zone; for blocked time `client_id` is None and `block_reason` set."""

    kind: AppointmentKind
    starts_at: datetime
    minutes: int
    client_id: int | None = None
    block_reason: BlockReason | None = None
    note: str = ""

    def validated(self) -> AppointmentRequest:
        if self.starts_at.tzinfo is not None:
            raise ValueError("a booking's start is wall-clock time")
        if self.kind.has_client and self.client_id is None:
            raise FieldInvalid("client", "Please choose the client.")
        limit = (
            MAX_BLOCK_DAYS * 24 * 60
            if self.kind is AppointmentKind.BLOCKED
            else (MAX_SESSION_MINUTES)
        )
        if not MIN_MINUTES <= self.minutes <= limit:
            message = (
                f"Blocked time lasts from {MIN_MINUTES} minutes to {MAX_BLOCK_DAYS} days."
                if self.kind is AppointmentKind.BLOCKED
                else f"An appointment lasts between {MIN_MINUTES} and {MAX_SESSION_MINUTES} minutes."
            )
            raise FieldInvalid("minutes", message)
        return replace(
            self,
            starts_at=self.starts_at.replace(second=0, microsecond=0),
            client_id=self.client_id if self.kind.has_client else None,
            block_reason=(self.block_reason or BlockReason.OTHER)
            if self.kind is AppointmentKind.BLOCKED
            else None,
            note=multi_line("note", "The note", self.note, NOTE_MAX),
        )


def default_minutes(kind: AppointmentKind, contract_minutes: int | None = None) -> int:
    if kind is AppointmentKind.CONSULTATION:
        return CONSULTATION_MINUTES
    return contract_minutes or DEFAULT_SESSION_MINUTES


def is_late_cancellation(cancelled_at: datetime, starts_at: datetime) -> bool:
    """A client's cancellation less than a day ahead is usually charged: suggest marking it."""
    return starts_at - cancelled_at < timedelta(hours=LATE_CANCELLATION_HOURS)
