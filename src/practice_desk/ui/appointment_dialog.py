"""One appointment: what it is, and what can happen to it next (attended, did not attend,
cancelled, moved, deleted, or undone). Only the actions its status allows are offered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.appointments import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    CancelledBy,
    is_late_cancellation,
)
from practice_desk.domain.booking_rules import OverlapRefused
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.bookings import Bookings, Scope
from practice_desk.ui.appointment_text import clock_text, day_text, describe, span_text, title_text
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import error_label, muted, primary, subheading

BOOKED = AppointmentStatus.BOOKED


class AppointmentDialog(QDialog):
    changed = Signal()
    move_requested = Signal(object)  # Appointment
    open_client_requested = Signal(int)
    outcome_requested = Signal(int)  # client id, after an attended consultation
    session_requested = Signal(int)  # appointment id: open the session room for it

    def __init__(self, bookings: Bookings, appointment: Appointment, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName("appointment_dialog")
        self.setWindowTitle("Appointment")  # never client data
        self.setModal(True)
        self._bookings = bookings
        self.appointment = appointment
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 20, 24, 16)
        self._layout.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self.resize(560, 0)

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        item = self.appointment
        local = self._bookings.local
        self._layout.addWidget(subheading(title_text(item), "appointment_title"))
        self._layout.addWidget(muted(span_text(item, local), "appointment_when"))
        self.status = muted(self._status_text(), "appointment_status")
        self._layout.addWidget(self.status)
        if item.series_id is not None:
            self._layout.addWidget(muted("Part of a weekly series.", "appointment_series"))
        if item.note:
            note = muted(item.note, "appointment_note")
            self._layout.addWidget(note)

        self.cancel_panel = self._cancel_panel()
        self._layout.addWidget(self.cancel_panel)
        self.scope_rest = QCheckBox(
            "Also the later appointments of this series", objectName="appointment_scope_rest"
        )
        self.scope_rest.setVisible(item.series_id is not None and item.status is BOOKED)
        self._layout.addWidget(self.scope_rest)

        self.error = error_label("appointment_error")
        self.error.hide()
        self._layout.addWidget(self.error)

        row = QHBoxLayout()
        for name, label, action in self._actions():
            button = QPushButton(label, objectName=f"appointment_{name}")
            button.clicked.connect(action)
            if name == "session":
                primary(button)
            self.buttons[name] = button
            row.addWidget(button)
        if item.status is BOOKED and not self._bookings.has_begun(item):
            for name in ("attended", "no_show"):
                if name in self.buttons:
                    self.buttons[name].setEnabled(False)
                    self.buttons[name].setToolTip("This can be recorded once it has begun.")
        row.addStretch(1)
        close = QPushButton("Close", objectName="appointment_close")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        self._layout.addLayout(row)

    def _status_text(self) -> str:
        item = self.appointment
        if item.kind is AppointmentKind.BLOCKED:
            return "Blocked in your calendar."
        text = item.status.label
        if item.cancelled_by and item.cancelled_at:
            when = self._bookings.local(item.cancelled_at)
            text += f" by {item.cancelled_by.label} on {day_text(when.date())}, {clock_text(when)}"
        return f"{text}."

    def _actions(self) -> list[tuple[str, str, Callable[[], None]]]:
        item = self.appointment
        status = item.status
        actions: list[tuple[str, str, Callable[[], None]]] = []
        has_client = item.kind.has_client
        if item.kind.contract_kind is not None and status.takes_time:
            label = "Start session" if status is BOOKED else "Open session"
            actions.append(("session", label, self._session))
        if status is BOOKED and has_client:
            actions += [
                ("attended", "Attended", lambda: self._mark(AppointmentStatus.ATTENDED)),
                ("no_show", "Did not attend", lambda: self._mark(AppointmentStatus.NO_SHOW)),
                ("cancel", "Cancel…", self._show_cancel),
            ]
        if status is BOOKED:
            actions += [("move", "Move…", self._move), ("delete", "Delete", self._delete)]
        if status is AppointmentStatus.NO_SHOW:
            actions.append(
                ("attended", "Attended after all", lambda: self._mark(AppointmentStatus.ATTENDED))
            )
        if status is AppointmentStatus.LATE_CANCELLED:
            actions.append(("in_time", "It was in time", self._in_time))
        if status is not BOOKED:
            actions.append(("undo", "Undo: back to booked", lambda: self._mark(BOOKED)))
        if (
            item.kind is AppointmentKind.CONSULTATION
            and status is AppointmentStatus.ATTENDED
            and item.client_id is not None
        ):
            actions.append(("outcome", "Record the outcome…", self._outcome))
        if has_client and item.client_id is not None:
            actions.append(("open_client", "Open client", self._open_client))
        return actions

    def _cancel_panel(self) -> QFrame:
        panel = QFrame(objectName="cancel_panel")
        panel.setProperty("role", "notice")
        column = QVBoxLayout(panel)
        self.by_client = QRadioButton("The client cancelled", objectName="cancel_by_client")
        self.by_me = QRadioButton("I cancelled", objectName="cancel_by_me")
        self.late = QCheckBox("Late cancellation (less than a day ahead)", objectName="cancel_late")
        self.by_client.toggled.connect(self._cancel_choice_changed)
        confirm = primary(QPushButton("Cancel the appointment", objectName="cancel_confirm"))
        confirm.clicked.connect(self._cancel)
        for widget in (self.by_client, self.by_me, self.late):
            column.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(confirm)
        column.addLayout(row)
        panel.hide()
        return panel

    # --- actions ------------------------------------------------------------------------------

    def _run(self, work: Callable[[], object]) -> bool:
        self.error.hide()
        try:
            work()
        except OverlapRefused as refused:
            self.error.setText(
                "This time has since been taken by "
                f"{describe(refused.conflict, self._bookings.local)}."
            )
            self.error.show()
            return False
        except PracticeDeskError as problem:
            self.error.setText(f"{problem.message} {problem.advice}".strip())
            self.error.show()
            return False
        self.changed.emit()
        return True

    def _mark(self, status: AppointmentStatus) -> None:
        if self._run(lambda: self._bookings.set_status(self.appointment.id, status)):
            self._finish_mark(status)

    def _finish_mark(self, status: AppointmentStatus) -> None:
        item = self.appointment
        self.accept()
        if (
            status is AppointmentStatus.ATTENDED
            and item.kind is AppointmentKind.CONSULTATION
            and item.client_id is not None
        ):
            self.outcome_requested.emit(item.client_id)

    def _session(self) -> None:
        self.accept()
        self.session_requested.emit(self.appointment.id)

    def _show_cancel(self) -> None:
        self.cancel_panel.show()
        self.by_client.setChecked(True)
        self._cancel_choice_changed()

    def _cancel_choice_changed(self) -> None:
        by_client = self.by_client.isChecked()
        self.late.setEnabled(by_client)
        now = self._bookings.now()
        self.late.setChecked(by_client and is_late_cancellation(now, self.appointment.starts_at))

    def _cancel(self) -> None:
        by = CancelledBy.CLIENT if self.by_client.isChecked() else CancelledBy.PRACTITIONER
        status = (
            AppointmentStatus.LATE_CANCELLED
            if self.late.isChecked() and by is CancelledBy.CLIENT
            else AppointmentStatus.CANCELLED
        )
        if self._run(lambda: self._bookings.set_status(self.appointment.id, status, by=by)):
            self.accept()

    def _in_time(self) -> None:
        item = self.appointment
        if self._run(
            lambda: self._bookings.set_status(
                item.id, AppointmentStatus.CANCELLED, by=item.cancelled_by
            )
        ):
            self.accept()

    def _move(self) -> None:
        self.accept()
        self.move_requested.emit(self.appointment)

    def _delete(self) -> None:
        rest = self.scope_rest.isChecked()
        what = "this appointment and the later ones of its series" if rest else "this appointment"
        if not PROMPTS.confirm(
            self,
            "Delete appointment",
            f"Delete {what}? Use this for bookings made by mistake; a cancellation keeps "
            "the record.",
            "Delete",
        ):
            return
        scope = Scope.REST if rest else Scope.ONE
        if self._run(lambda: self._bookings.delete(self.appointment.id, scope=scope)):
            self.accept()

    def _outcome(self) -> None:
        self.accept()
        if self.appointment.client_id is not None:
            self.outcome_requested.emit(self.appointment.client_id)

    def _open_client(self) -> None:
        self.accept()
        if self.appointment.client_id is not None:
            self.open_client_requested.emit(self.appointment.client_id)
