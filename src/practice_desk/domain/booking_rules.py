"""What may be booked, for whom, and when.

Refusals carry the appointment they collide with as an id, never as text: the screen names
the conflicting appointment, while the exception itself may reach a log without client data.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from practice_desk.domain.appointments import (
    NEEDS_START,
    NEXT_STATUSES,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    CancelledBy,
)
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.role_rules import RuleRefusal


class OverlapRefused(RuleRefusal):
    title = "That time is taken"
    code = "booking_overlap"

    def __init__(self, conflict: Appointment) -> None:
        super().__init__(
            "This would overlap another appointment.",
            "Please choose another time, or move the other appointment first.",
        )
        self.conflict = conflict


class ClientClosedRefused(RuleRefusal):
    title = "This client is closed"
    code = "booking_client_closed"

    def __init__(self) -> None:
        super().__init__(
            "Nothing can be booked for a closed client.",
            "If the work is starting again, reopen the client first.",
        )


class ConsultationAfterContractRefused(RuleRefusal):
    title = "The consultation comes first"
    code = "booking_consultation_after_contract"

    def __init__(self) -> None:
        super().__init__(
            "An initial consultation is only for someone who has no contract yet.",
            "This client already has a contract, so please book a session instead.",
        )


class SessionNeedsContractRefused(RuleRefusal):
    title = "No active contract"
    code = "booking_needs_contract"

    def __init__(self, wanted: ContractKind, held: ContractKind | None) -> None:
        if held is not None and held is not wanted:
            advice = (
                f"This client's work with you is {held.value}, so only {held.value} sessions "
                "can be booked for them."
            )
        else:
            advice = (
                f"Sessions need an active {wanted.value} contract. Start or resume the "
                "contract on the client's page, or book an initial consultation."
            )
        super().__init__(f"A {wanted.value} session can't be booked for this client.", advice)
        self.wanted = wanted
        self.held = held


class StatusChangeRefused(RuleRefusal):
    title = "Status not changed"
    code = "booking_status"


class Caution(enum.Enum):
    """Reasons to ask "book anyway?" rather than refuse."""

    OUTSIDE_HOURS = "outside_hours"
    SHORT_GAP = "short_gap"
    IN_THE_PAST = "in_the_past"


@dataclass(frozen=True)
class BookingWarning:
    caution: Caution
    neighbour: Appointment | None = None  # for SHORT_GAP


class NeedsConfirmation(Exception):
    """Raised by a booking that may go ahead once the practitioner has seen the warnings."""

    def __init__(self, warnings: list[BookingWarning]) -> None:
        super().__init__("booking needs confirmation")
        self.warnings = warnings


def check_client(
    kind: AppointmentKind,
    client_status: ClientStatus,
    held: ContractKind | None,
    active_contract_id: int | None,
) -> None:
    """Raise the refusal that applies to booking `kind` for this client, if any.

    `held` is the kind of work the client has ever had; `active_contract_id` their active
    contract of the kind the session needs (None if there is none)."""
    if client_status is ClientStatus.CLOSED:
        raise ClientClosedRefused()
    if kind is AppointmentKind.CONSULTATION:
        if held is not None:
            raise ConsultationAfterContractRefused()
        return
    wanted = kind.contract_kind
    if wanted is not None and active_contract_id is None:
        raise SessionNeedsContractRefused(wanted, held)


def first_conflict(
    starts_at: datetime, ends_at: datetime, others: Iterable[Appointment]
) -> Appointment | None:
    """The earliest appointment that keeps its time and overlaps [starts_at, ends_at)."""
    clashing = [
        other
        for other in others
        if other.status.takes_time and other.overlaps(starts_at, ends_at, timedelta())
    ]
    return min(clashing, key=lambda a: a.starts_at) if clashing else None


def short_gaps(
    starts_at: datetime, ends_at: datetime, others: Iterable[Appointment], gap: timedelta
) -> list[Appointment]:
    """Neighbours closer than the gap (but not overlapping)."""
    return [
        other
        for other in others
        if other.status.takes_time
        and other.overlaps(starts_at, ends_at, gap)
        and not other.overlaps(starts_at, ends_at, timedelta())
    ]


def check_status_change(
    appointment: Appointment,
    new: AppointmentStatus,
    now: datetime,
    by: CancelledBy | None,
) -> None:
    if appointment.kind is AppointmentKind.BLOCKED:
        raise StatusChangeRefused(
            "Blocked time has no attendance to record.", "Delete it if it's no longer needed."
        )
    if new is appointment.status:
        return
    if new not in NEXT_STATUSES[appointment.status]:
        raise StatusChangeRefused(
            f"An appointment marked “{appointment.status.label}” can't become “{new.label}”.",
            "Undo the earlier mark first.",
        )
    if new in NEEDS_START and now < appointment.starts_at:
        raise StatusChangeRefused(
            f"“{new.label}” can only be recorded once the appointment has begun.",
            "Nothing was changed.",
        )
    if new.is_cancellation and by is None:
        raise FieldInvalid("cancelled_by", "Please say who cancelled.")
    if new is AppointmentStatus.LATE_CANCELLED and by is not CancelledBy.CLIENT:
        raise FieldInvalid(
            "cancelled_by", "A late cancellation is the client's; when you cancel, it's in time."
        )
