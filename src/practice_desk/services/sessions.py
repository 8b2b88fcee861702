"""Session use cases: start, run the timer, write the note, log markers, sign, add addenda.

Everything is saved as it happens, each step in its own short transaction, so a crash loses
at most what was being typed. The timer is read from stored events against the clock; nothing
here keeps time in memory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from practice_desk.domain.appointments import AppointmentKind, AppointmentStatus
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.contracts import Contract, ContractKind, ContractStatus
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid, single_line
from practice_desk.domain.progress_history import ClientProgress, build_progress
from practice_desk.domain.progress_markers import (
    MarkerKind,
    ProgressMarker,
    Voice,
    clean_marker_text,
)
from practice_desk.domain.session_notes import (
    DISCLOSURE_REASON_MAX,
    UNSIGNED_REMINDER_DAYS,
    Addendum,
    NoteField,
    Session,
    SessionRefused,
    SessionSigned,
    clean_addendum,
    clean_note_text,
    clean_process_note,
)
from practice_desk.domain.session_phases import (
    EventKind,
    ExtendMode,
    TimerEvent,
    TimerReading,
    check_event,
    read_timer,
)
from practice_desk.services.session_settings import SessionSettings
from practice_desk.storage import session_store
from practice_desk.storage.database import Connection, transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice

log = logging.getLogger(__name__)

_SESSION_KINDS = (AppointmentKind.THERAPY_SESSION, AppointmentKind.COACHING_SESSION)


class SessionNotFound(PracticeDeskError):
    title = "Session not found"

    def __init__(self) -> None:
        super().__init__("This session is no longer in the records.", "Nothing was changed.")


@dataclass(frozen=True)
class SessionRecord:
    """What a printed or exported session record may contain. Process notes are None unless
    they were deliberately included with a reason."""

    session: Session
    reading: TimerReading
    markers: tuple[ProgressMarker, ...]
    addenda: tuple[Addendum, ...]
    process_note: str | None = None


class Sessions:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    @cached_property
    def settings(self) -> SessionSettings:
        return SessionSettings(lambda: self._practice.conn)

    @property
    def _conn(self) -> Connection:
        return self._practice.conn

    def _now(self) -> datetime:
        return self._practice.clock.now()

    # --- reading -------------------------------------------------------------------------------

    def get(self, session_id: int) -> Session:
        found = session_store.read_session(self._conn, session_id)
        if found is None:
            raise SessionNotFound()
        return found

    def running(self) -> Session | None:
        """The session still in the room, if any: after a crash or a lock it is picked up here."""
        session_id = session_store.running_session_id(self._conn)
        return self.get(session_id) if session_id is not None else None

    def for_appointment(self, appointment_id: int) -> Session | None:
        session_id = session_store.session_for_appointment(self._conn, appointment_id)
        return self.get(session_id) if session_id is not None else None

    def for_client(self, client_id: int) -> list[Session]:
        return session_store.sessions_for_client(self._conn, client_id)

    def recent(self, limit: int = 30) -> list[Session]:
        """The latest sessions, newest first."""
        return session_store.recent_sessions(self._conn, limit)

    def startable_clients(self) -> list[tuple[int, str]]:
        """(client id, name) of clients with an active contract, for an ad hoc session."""
        return session_store.clients_with_active_contracts(self._conn)

    def unsigned_reminders(self, days: int = UNSIGNED_REMINDER_DAYS) -> list[Session]:
        """Unsigned notes of sessions that began more than `days` days ago."""
        return session_store.unsigned_started_before(self._conn, self._now() - timedelta(days=days))

    def contract(self, session: Session) -> Contract:
        return self._practice.contracts.get(session.contract_id)

    def reading(self, session: Session | int, at: datetime | None = None) -> TimerReading:
        """The timer now (or `at`), replayed from the stored events."""
        if isinstance(session, int):
            session = self.get(session)
        return read_timer(
            session.plan,
            session_store.events(self._conn, session.id),
            at or self._now(),
            self.settings.cue_minutes,
        )

    def markers(self, session_id: int) -> list[ProgressMarker]:
        return session_store.markers(self._conn, session_id)

    def addenda(self, session_id: int) -> list[Addendum]:
        return session_store.addenda(self._conn, session_id)

    def progress(self, client_id: int) -> ClientProgress:
        goals = [
            goal
            for contract in self._practice.contracts.for_client(client_id)
            for goal in contract.terms.goals
        ]
        return build_progress(
            self.for_client(client_id),
            session_store.markers_for_client(self._conn, client_id),
            goals,
        )

    # --- starting ------------------------------------------------------------------------------

    def start(self, *, appointment_id: int | None = None, client_id: int | None = None) -> Session:
        """Open the room for an appointment, or ad hoc for a client with an active contract.
        An appointment that already has its session opens that session again."""
        appointment = None
        if appointment_id is not None:
            existing = self.for_appointment(appointment_id)
            if existing is not None:
                return existing
            appointment = self._practice.bookings.get(appointment_id)
            if appointment.kind not in _SESSION_KINDS or appointment.contract_id is None:
                raise SessionRefused(
                    "The session room is for therapy and coaching sessions.",
                    "A consultation ends with its outcome, recorded from the appointment.",
                )
            if not appointment.status.takes_time:
                raise SessionRefused(
                    f"This appointment is marked “{appointment.status.label}”.",
                    "Undo the mark first if the session is taking place after all.",
                )
            client_id = appointment.client_id
            contract = self._practice.contracts.get(appointment.contract_id)
        elif client_id is not None:
            contract = self.active_contract(client_id)
        else:
            raise ValueError("start needs an appointment or a client")
        assert client_id is not None
        if contract.status is not ContractStatus.ACTIVE:
            advice = (
                "An ended contract stays ended: agree a new contract to continue the work."
                if contract.status is ContractStatus.ENDED
                else "Sessions take place under an active contract: resume it first."
            )
            raise SessionRefused(
                f"The contract for this session is {contract.status.label.lower()}.", advice
            )
        running = self.running()
        if running is not None:
            raise SessionRefused(
                "Another session is still open in the session room.",
                "Finish that session first; it is listed under Sessions.",
            )
        now = self._now()
        plan = self.settings.plan_for(contract)
        structured = not plan.is_plain
        with transaction(self._conn):
            session_id = session_store.insert_session(
                self._conn,
                client_id=client_id,
                contract_id=contract.id,
                appointment_id=appointment.id if appointment else None,
                kind=contract.kind,
                structured=structured,
                plan=plan,
                started_at=now,
            )
            session_store.insert_event(self._conn, session_id, TimerEvent(EventKind.STARTED, now))
            self._audit(AuditAction.SESSION_STARTED, session_id, client_id, contract.kind.value)
        return self.get(session_id)

    def active_contract(self, client_id: int) -> Contract:
        for contract in self._practice.contracts.for_client(client_id):
            if contract.status is ContractStatus.ACTIVE:
                return contract
        raise SessionRefused(
            "This client has no active contract.",
            "A session takes place under a contract: add one or resume a paused one first.",
        )

    # --- the timer -----------------------------------------------------------------------------

    def advance(self, session_id: int) -> TimerReading:
        return self._timer_event(session_id, EventKind.ADVANCED)

    def extend(self, session_id: int, minutes: int, mode: ExtendMode) -> TimerReading:
        return self._timer_event(session_id, EventKind.EXTENDED, minutes, mode)

    def pause(self, session_id: int) -> TimerReading:
        return self._timer_event(session_id, EventKind.PAUSED)

    def resume(self, session_id: int) -> TimerReading:
        return self._timer_event(session_id, EventKind.RESUMED)

    def finish(self, session_id: int) -> Session:
        session = self.get(session_id)
        if not session.is_running:
            return session
        with transaction(self._conn):
            self._finish(session)
        self._mark_attended(session)
        return self.get(session_id)

    def _finish(self, session: Session) -> None:
        at = self._event_time(session.id)
        event = TimerEvent(EventKind.FINISHED, at)
        check_event(session.plan, session_store.events(self._conn, session.id), event)
        session_store.insert_event(self._conn, session.id, event)
        session_store.set_finished(self._conn, session.id, at)
        self._audit(AuditAction.SESSION_FINISHED, session.id, session.client_id)

    def _mark_attended(self, session: Session) -> None:
        """The appointment the session came from is attended, once its time has begun."""
        if session.appointment_id is None:
            return
        bookings = self._practice.bookings
        appointment = bookings.get(session.appointment_id)
        if appointment.status is AppointmentStatus.BOOKED and bookings.has_begun(appointment):
            try:
                bookings.set_status(appointment.id, AppointmentStatus.ATTENDED)
            except PracticeDeskError as error:  # the session stands; the calendar can be fixed
                log.warning(
                    "the appointment could not be marked attended (%s)", type(error).__name__
                )

    def _timer_event(
        self,
        session_id: int,
        kind: EventKind,
        minutes: int = 0,
        mode: ExtendMode | None = None,
    ) -> TimerReading:
        session = self._unsigned(session_id)
        event = TimerEvent(kind, self._event_time(session_id), minutes, mode)
        events = session_store.events(self._conn, session_id)
        check_event(session.plan, events, event)
        with transaction(self._conn):
            session_store.insert_event(self._conn, session_id, event)
        return read_timer(session.plan, [*events, event], event.at, self.settings.cue_minutes)

    def _event_time(self, session_id: int) -> datetime:
        """Now, but never before the last stored event: a clock set back must not reorder the
        session."""
        events = session_store.events(self._conn, session_id)
        now = self._now()
        return max(now, events[-1].at) if events else now

    # --- the note ------------------------------------------------------------------------------

    def save_text(self, session_id: int, which: NoteField, text: str) -> str:
        """Save one field of the note as typed so far; returns the stored text."""
        self._unsigned(session_id)
        clean = clean_note_text(which, text)
        with transaction(self._conn):
            session_store.update_note_field(self._conn, session_id, which, clean, self._now())
        return clean

    def link_goals(self, session_id: int, goal_ids: list[int]) -> Session:
        """Which of the contract's goals this session works on."""
        self._unsigned(session_id)
        with transaction(self._conn):
            session_store.set_goal_links(self._conn, session_id, goal_ids)
        return self.get(session_id)

    def process_note(self, session_id: int) -> str:
        """The private process notes, for the process-notes field only."""
        return session_store.read_process_note(self._conn, session_id)

    def save_process_note(self, session_id: int, text: str) -> str:
        session = self._unsigned(session_id)
        if session.kind is not ContractKind.THERAPY:
            raise SessionRefused("Process notes belong to therapy sessions.")
        clean = clean_process_note(text)
        with transaction(self._conn):
            session_store.write_process_note(self._conn, session_id, clean, self._now())
        return clean

    # --- markers -------------------------------------------------------------------------------

    def add_marker(
        self,
        session_id: int,
        kind: MarkerKind,
        *,
        voice: Voice = Voice.CLIENT,
        text: str = "",
        goal_id: int | None = None,
    ) -> ProgressMarker:
        """Stamp a marker with now and the phase the session is in."""
        session = self._unsigned(session_id)
        text = clean_marker_text(text)
        at = self._event_time(session_id)  # in order with the timer, even if the clock went back
        if session.finished_at is not None:
            at = min(at, session.finished_at)
        reading = read_timer(session.plan, session_store.events(self._conn, session_id), at)
        with transaction(self._conn):
            return session_store.insert_marker(
                self._conn, session_id, kind, at, reading.phase, voice, text, goal_id
            )

    def update_marker(self, marker: ProgressMarker) -> ProgressMarker:
        """Save a changed kind, voice, text or goal. The moment, phase and session stay."""
        stored = self._marker(marker.id)
        self._unsigned(stored.session_id)
        changed = replace(
            stored,
            kind=marker.kind,
            voice=marker.voice,
            text=clean_marker_text(marker.text),
            goal_id=marker.goal_id,
        )
        with transaction(self._conn):
            session_store.update_marker(self._conn, changed, self._now())
        return changed

    def delete_marker(self, marker_id: int) -> None:
        marker = self._marker(marker_id)
        self._unsigned(marker.session_id)
        with transaction(self._conn):
            session_store.delete_marker(self._conn, marker_id)

    def _marker(self, marker_id: int) -> ProgressMarker:
        marker = session_store.read_marker(self._conn, marker_id)
        if marker is None:
            raise SessionNotFound()
        return marker

    # --- signing and afterwards ----------------------------------------------------------------

    def sign(self, session_id: int) -> Session:
        """Finalise the note. A session still running is finished at this moment."""
        session = self._unsigned(session_id)
        with transaction(self._conn):
            if session.is_running:
                self._finish(session)
            # Never signed before it finished, even if the computer's clock went back.
            signed_at = self._event_time(session_id)
            session_store.set_signed(self._conn, session_id, signed_at)
            self._audit(AuditAction.SESSION_SIGNED, session_id, session.client_id)
        self._mark_attended(session)
        return self.get(session_id)

    def add_addendum(self, session_id: int, text: str) -> Addendum:
        session = self.get(session_id)
        if not session.is_signed:
            raise SessionRefused(
                "Addenda are for signed notes.", "While a note is unsigned, edit it directly."
            )
        body = clean_addendum(text)
        if not body:
            raise FieldInvalid("addendum", "Please write the addendum first.")
        with transaction(self._conn):
            addendum = session_store.insert_addendum(self._conn, session_id, body, self._now())
            self._audit(AuditAction.ADDENDUM_WRITTEN, session_id, session.client_id)
        return addendum

    def discard(self, session_id: int) -> None:
        """Remove an unsigned session started by mistake, with its markers and notes."""
        session = self._unsigned(session_id)
        if session_store.has_disclosures(self._conn, session_id):
            raise SessionRefused(
                "This session's process notes were included in a document, so it stays in the "
                "records.",
                "Finish and sign it instead.",
            )
        with transaction(self._conn):
            session_store.delete_unsigned_session(self._conn, session_id)
            self._audit(AuditAction.SESSION_DISCARDED, session_id, session.client_id)

    def record(
        self,
        session_id: int,
        *,
        include_process_notes: str | None = None,
        disclose_now: bool = True,
    ) -> SessionRecord:
        """The content a session record may show. Process notes come along only when a reason
        is given; the reason is kept and the inclusion audited, at once or, with
        `disclose_now=False`, by `disclose()` when the document actually leaves."""
        session = self.get(session_id)
        process_note = None
        if include_process_notes is not None:
            reason = self._disclosure_reason(session, include_process_notes)
            if disclose_now:
                self.disclose(session_id, reason)
            process_note = self.process_note(session_id)
        return SessionRecord(
            session,
            self.reading(session),
            tuple(self.markers(session_id)),
            tuple(self.addenda(session_id)),
            process_note,
        )

    def disclose(self, session_id: int, reason: str) -> None:
        """Keep the reason process notes left the practice, and audit it (without the text).
        Joins the caller's transaction, so it commits with the output it belongs to."""
        session = self.get(session_id)
        reason = self._disclosure_reason(session, reason)
        with transaction(self._conn):
            row = session_store.insert_disclosure(self._conn, session_id, reason, self._now())
            self._audit(
                AuditAction.PROCESS_NOTES_DISCLOSED,
                session_id,
                session.client_id,
                f"disclosure:{row}",
            )

    @staticmethod
    def _disclosure_reason(session: Session, text: str) -> str:
        if session.kind is not ContractKind.THERAPY:
            raise SessionRefused("Coaching sessions have no process notes to include.")
        reason = single_line("disclosure_reason", "The reason", text, DISCLOSURE_REASON_MAX)
        if not reason:
            raise FieldInvalid(
                "disclosure_reason", "Please give the reason for including process notes."
            )
        return reason

    # --- helpers -------------------------------------------------------------------------------

    def _unsigned(self, session_id: int) -> Session:
        session = self.get(session_id)
        if session.is_signed:
            raise SessionSigned()
        return session

    def _audit(
        self, action: AuditAction, session_id: int, client_id: int, detail: str = ""
    ) -> None:
        self._practice.audit.record(
            action,
            object_type="session",
            object_id=session_id,
            client_id=client_id,
            detail=detail,
        )
