"""Booking use cases: book, move, mark, delete, and find free time.

The domain explains the rules; the database triggers stand behind them. A booking that may go
ahead but deserves a second look (outside working hours, closer than the gap, in the past)
raises NeedsConfirmation first and is saved when asked again with `confirmed=True`.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from practice_desk.domain.appointments import (
    Appointment,
    AppointmentKind,
    AppointmentRequest,
    AppointmentStatus,
    CancelledBy,
    default_minutes,
)
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.booking_rules import (
    BookingWarning,
    Caution,
    NeedsConfirmation,
    OverlapRefused,
    StatusChangeRefused,
    check_client,
    check_status_change,
    first_conflict,
    short_gaps,
)
from practice_desk.domain.contracts import Contract, ContractStatus
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.free_slots import SEARCH_DAYS, next_free_slots
from practice_desk.domain.practice_time import day_bounds, to_local, to_utc, zone
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.domain.role_rules import RuleRefusal
from practice_desk.services.audit import utc_stamp
from practice_desk.services.calendar_settings import CalendarSettings
from practice_desk.storage import appointment_store
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice


class AppointmentNotFound(PracticeDeskError):
    title = "Appointment not found"

    def __init__(self) -> None:
        super().__init__(
            "This appointment is no longer in the calendar.", "Please look at the calendar again."
        )


class SeriesConflicts(RuleRefusal):
    """Some appointments of a series collide. `conflicts` pairs each wall-clock start that
    can't be booked with the appointment in its way."""

    title = "Some dates are taken"
    code = "booking_overlap"

    def __init__(self, conflicts: list[tuple[datetime, Appointment]]) -> None:
        super().__init__(
            "Some appointments of this series would overlap others.",
            "You can skip those dates and book the rest, or choose another time.",
        )
        self.conflicts = conflicts


class Scope(enum.Enum):
    ONE = "one"
    REST = "rest"  # this appointment and the later ones of its series


@dataclass(frozen=True)
class Suggestion:
    """What the booking form proposes for a client."""

    kind: AppointmentKind
    minutes: int
    contract: Contract | None


class Bookings:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    @cached_property
    def settings(self) -> CalendarSettings:
        return CalendarSettings(lambda: self._practice.conn)

    # --- reading ---------------------------------------------------------------------------

    def get(self, appointment_id: int) -> Appointment:
        found = appointment_store.read_appointment(self._practice.conn, appointment_id)
        if found is None:
            raise AppointmentNotFound()
        return found

    def between(self, start: datetime, end: datetime) -> list[Appointment]:
        return appointment_store.between(self._practice.conn, start, end)

    def on_days(self, first: date, days: int) -> list[Appointment]:
        """Everything that touches the local days [first, first + days)."""
        tz = self.settings.tz
        start, _ = day_bounds(first, tz)
        _, end = day_bounds(first + timedelta(days=days - 1), tz)
        return self.between(start, end)

    def deleted_on_days(self, first: date, days: int) -> list[tuple[str, datetime, datetime]]:
        """(uid, start, end) of bookings deleted from these days: an export marks them
        cancelled, so a phone that imported them earlier takes them off."""
        tz = self.settings.tz
        start, _ = day_bounds(first, tz)
        _, end = day_bounds(first + timedelta(days=days - 1), tz)
        return appointment_store.deleted_between(self._practice.conn, start, end)

    def for_client(self, client_id: int) -> list[Appointment]:
        return appointment_store.for_client(self._practice.conn, client_id)

    def local(self, instant: datetime) -> datetime:
        return to_local(instant, self.settings.tz)

    def now(self) -> datetime:
        return self._practice.clock.now()

    def local_now(self) -> datetime:
        return self.local(self.now())

    def has_begun(self, appointment: Appointment) -> bool:
        return appointment.starts_at <= self.now()

    def active_contract(self, client_id: int, kind: AppointmentKind) -> Contract | None:
        wanted = kind.contract_kind
        if wanted is None:
            return None
        for contract in self._practice.contracts.for_client(client_id):
            if contract.kind is wanted and contract.status is ContractStatus.ACTIVE:
                return contract
        return None

    def suggest(self, client_id: int) -> Suggestion:
        """A consultation for someone without a contract; otherwise a session of their kind
        with the contract's length."""
        held = self._practice.contracts.kind_of_work(client_id)
        if held is None:
            kind = AppointmentKind.CONSULTATION
            return Suggestion(kind, default_minutes(kind), None)
        kind = AppointmentKind.session_for(held)
        contract = self.active_contract(client_id, kind)
        minutes = contract.terms.session_minutes if contract else None
        return Suggestion(kind, default_minutes(kind, minutes), contract)

    def next_free_slots(
        self, minutes: int, *, after: datetime | None = None, count: int = 6
    ) -> list[datetime]:
        """UTC starts of the next free times of `minutes` within working hours."""
        after = max(after or self._practice.clock.now(), self._practice.clock.now())
        settings = self.settings
        busy = appointment_store.busy_spans(
            self._practice.conn, after, after + timedelta(days=SEARCH_DAYS + 1)
        )
        return next_free_slots(
            after=after,
            minutes=minutes,
            hours=settings.working_hours,
            tz=settings.tz,
            busy=busy,
            gap_minutes=settings.gap_minutes,
            count=count,
        )

    # --- booking ---------------------------------------------------------------------------

    def book(
        self,
        request: AppointmentRequest,
        *,
        series: SeriesPlan | None = None,
        skip: Iterable[date] = (),
        confirmed: bool = False,
    ) -> list[Appointment]:
        """Book one appointment, or a weekly series. Returns what was booked, by start.

        Raises a RuleRefusal (OverlapRefused, SeriesConflicts, ...), FieldInvalid, or
        NeedsConfirmation."""
        request = request.validated()
        client_id = request.client_id
        with self._refusals_recorded(client_id):
            contract = self._check_client(request.kind, client_id)
            starts = [request.starts_at]
            if series is not None:
                starts = series.validated(request.starts_at.date()).starts(request.starts_at)
                if request.minutes >= series.interval_weeks * 7 * 24 * 60:
                    raise FieldInvalid(
                        "minutes", "A repeating appointment has to end before the next begins."
                    )
            skipped = set(skip)
            starts = [start for start in starts if start.date() not in skipped]
            if not starts:
                raise PracticeDeskError(
                    "Every date of this series was skipped.", "Nothing was booked."
                )
            tz_name = self.settings.time_zone_name
            planned = [
                self._planned(request, start, tz_name, contract.id if contract else None)
                for start in starts
            ]
            self._check_room(planned, ignore=(), confirmed=confirmed, series=series is not None)
            now = self._now()
            with transaction(self._practice.conn) as conn:
                series_id = (
                    appointment_store.insert_series(conn, series.interval_weeks, now)
                    if series
                    else None
                )
                ids = []
                for item in planned:
                    appointment_id = appointment_store.insert_appointment(
                        conn, replace(item, series_id=series_id), now
                    )
                    ids.append(appointment_id)
                    self._audit(
                        AuditAction.APPOINTMENT_BOOKED, appointment_id, item, item.kind.value
                    )
        return [self.get(appointment_id) for appointment_id in ids]

    def move(
        self,
        appointment_id: int,
        starts_at: datetime,
        minutes: int,
        *,
        note: str | None = None,
        scope: Scope = Scope.ONE,
        confirmed: bool = False,
    ) -> list[Appointment]:
        """Reschedule to the wall-clock `starts_at`. With Scope.REST the later booked
        appointments of the series move the same way: same weekday shift, same time."""
        current = self.get(appointment_id)
        request = AppointmentRequest(
            current.kind,
            starts_at,
            minutes,
            current.client_id,
            current.block_reason,
            current.note if note is None else note,
        ).validated()
        with self._refusals_recorded(current.client_id, appointment_id):
            if current.status is not AppointmentStatus.BOOKED:
                raise StatusChangeRefused(
                    f"An appointment marked “{current.status.label}” stays where it was.",
                    "Undo the mark first if it was a mistake.",
                )
            if current.kind.has_client:
                self._check_client(current.kind, current.client_id, moving=True)
            tz_name = self.settings.time_zone_name
            moving = [current]
            if scope is Scope.REST and current.series_id is not None:
                moving = [
                    item
                    for item in appointment_store.in_series(
                        self._practice.conn, current.series_id, from_start=current.starts_at
                    )
                    if item.status is AppointmentStatus.BOOKED
                ]
            shift = request.starts_at.date() - self.local(current.starts_at).date()
            planned = [
                replace(
                    self._planned(
                        request,
                        datetime.combine(
                            self.local(item.starts_at).date() + shift, request.starts_at.time()
                        ),
                        tz_name,
                        item.contract_id,
                    ),
                    id=item.id,
                    uid=item.uid,
                    note=request.note if item.id == current.id else item.note,
                )
                for item in moving
            ]
            self._check_room(
                planned,
                ignore={item.id for item in moving},
                confirmed=confirmed,
                series=len(planned) > 1,
            )
            now = self._now()
            # Move the far end first, so no appointment lands on one that hasn't moved yet.
            forward = planned[0].starts_at >= moving[0].starts_at
            with transaction(self._practice.conn) as conn:
                for item in reversed(planned) if forward else planned:
                    appointment_store.update_time(
                        conn, item.id, item.starts_at, item.ends_at, tz_name, item.note, now
                    )
                    self._audit(AuditAction.APPOINTMENT_MOVED, item.id, item, scope.value)
        return [self.get(item.id) for item in planned]

    def set_status(
        self,
        appointment_id: int,
        status: AppointmentStatus,
        *,
        by: CancelledBy | None = None,
    ) -> Appointment:
        current = self.get(appointment_id)
        now = self._practice.clock.now()
        with self._refusals_recorded(current.client_id, appointment_id):
            check_status_change(current, status, now, by)
            if status is current.status:
                return current
            if status.takes_time and not current.status.takes_time:
                others = self.between(current.starts_at, current.ends_at)
                conflict = first_conflict(
                    current.starts_at,
                    current.ends_at,
                    [other for other in others if other.id != current.id],
                )
                if conflict is not None:
                    raise OverlapRefused(conflict)
            cancelled = status.is_cancellation
            # Correcting the kind of cancellation (late -> in time) doesn't change when the
            # cancellation was made.
            cancelled_at = current.cancelled_at if current.status.is_cancellation else now
            with transaction(self._practice.conn) as conn:
                appointment_store.update_status(
                    conn,
                    appointment_id,
                    status,
                    by if cancelled else None,
                    cancelled_at if cancelled else None,
                    utc_stamp(now),
                )
                self._audit(
                    AuditAction.APPOINTMENT_STATUS,
                    appointment_id,
                    current,
                    f"{current.status.value}->{status.value}",
                )
        return self.get(appointment_id)

    def delete(self, appointment_id: int, *, scope: Scope = Scope.ONE) -> list[int]:
        """Remove a booking made by mistake (or the rest of a series). Attended, cancelled and
        missed appointments are part of the record and stay."""
        current = self.get(appointment_id)
        with self._refusals_recorded(current.client_id, appointment_id):
            if current.status is not AppointmentStatus.BOOKED:
                raise StatusChangeRefused(
                    f"An appointment marked “{current.status.label}” is part of the record "
                    "and can't be deleted.",
                    "Nothing was changed.",
                )
            doomed = [current]
            if scope is Scope.REST and current.series_id is not None:
                doomed = [
                    item
                    for item in appointment_store.in_series(
                        self._practice.conn, current.series_id, from_start=current.starts_at
                    )
                    if item.status is AppointmentStatus.BOOKED
                ]
            with transaction(self._practice.conn) as conn:
                for item in doomed:
                    appointment_store.delete_appointment(conn, item.id)
                    self._audit(AuditAction.APPOINTMENT_DELETED, item.id, item, scope.value)
        return [item.id for item in doomed]

    # --- rules -------------------------------------------------------------------------------

    def _check_client(
        self, kind: AppointmentKind, client_id: int | None, *, moving: bool = False
    ) -> Contract | None:
        if client_id is None:
            return None
        client = self._practice.clients.get(client_id)
        held = self._practice.contracts.kind_of_work(client_id)
        contract = self.active_contract(client_id, kind)
        if moving and kind is AppointmentKind.CONSULTATION:
            held = None  # a consultation booked before the contract may still be moved
        check_client(kind, client.details.status, held, contract.id if contract else None)
        return contract

    def _planned(
        self,
        request: AppointmentRequest,
        local_start: datetime,
        tz_name: str,
        contract_id: int | None,
    ) -> Appointment:
        tz = zone(tz_name)
        starts_at = to_utc(local_start, tz)
        return Appointment(
            id=0,
            uid=uuid.uuid4().hex,
            kind=request.kind,
            client_id=request.client_id,
            contract_id=contract_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=request.minutes),
            time_zone=tz_name,
            block_reason=request.block_reason,
            note=request.note,
        )

    def _check_room(
        self, planned: list[Appointment], *, ignore: Iterable[int], confirmed: bool, series: bool
    ) -> None:
        """Refuse overlaps (naming what is in the way); then, unless confirmed, ask about
        working hours, the gap and the past."""
        ignored = set(ignore)
        gap = timedelta(minutes=self.settings.gap_minutes)
        others = [
            other
            for other in self.between(planned[0].starts_at - gap, planned[-1].ends_at + gap)
            if other.id not in ignored
        ]
        conflicts = []
        for index, item in enumerate(planned):
            conflict = first_conflict(item.starts_at, item.ends_at, others)
            if conflict is None:
                # Appointments moving together may land on each other (when one of them had
                # been moved on its own to the same day): name the other as it stands now.
                landed = first_conflict(item.starts_at, item.ends_at, planned[:index])
                conflict = self.get(landed.id) if landed is not None else None
            if conflict is not None:
                conflicts.append((self.local(item.starts_at), conflict))
        if conflicts and not series:
            raise OverlapRefused(conflicts[0][1])
        if conflicts:
            raise SeriesConflicts(conflicts)
        if confirmed:
            return
        warnings: list[BookingWarning] = []
        hours = self.settings.working_hours
        if any(
            not hours.covers(self.local(item.starts_at), self.local(item.ends_at))
            for item in planned
            if item.kind is not AppointmentKind.BLOCKED
        ):
            warnings.append(BookingWarning(Caution.OUTSIDE_HOURS))
        for item in planned:
            near = short_gaps(item.starts_at, item.ends_at, others, gap)
            if near:
                warnings.append(BookingWarning(Caution.SHORT_GAP, near[0]))
                break
        if planned[0].starts_at < self._practice.clock.now():
            warnings.append(BookingWarning(Caution.IN_THE_PAST))
        if warnings:
            raise NeedsConfirmation(warnings)

    def _refusals_recorded(
        self, client_id: int | None, appointment_id: int | None = None
    ) -> AbstractContextManager[None]:
        return self._practice.audit.refusals_recorded(
            object_type="appointment" if appointment_id else "client" if client_id else "calendar",
            object_id=appointment_id or client_id,
            client_id=client_id,
        )

    def _audit(
        self, action: AuditAction, appointment_id: int, item: Appointment, detail: str
    ) -> None:
        self._practice.audit.record(
            action,
            object_type="appointment",
            object_id=appointment_id,
            client_id=item.client_id,
            detail=detail,
        )

    def _now(self) -> str:
        return utc_stamp(self._practice.clock.now())
