"""Book an appointment (or a weekly series), or move one that exists.

The client decides what can be booked: someone without a contract gets an initial
consultation, a client with an active contract gets sessions of its kind and length. A
refusal names the appointment in the way; a warning (outside working hours, a short gap, a
time already past) turns Save into "Book anyway".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.appointments import (
    MAX_SESSION_MINUTES,
    MIN_MINUTES,
    Appointment,
    AppointmentKind,
    AppointmentRequest,
    BlockReason,
)
from practice_desk.domain.booking_rules import NeedsConfirmation, OverlapRefused
from practice_desk.domain.client_search import ClientSummary
from practice_desk.domain.recurrence import MAX_INTERVAL_WEEKS, MAX_OCCURRENCES, SeriesPlan
from practice_desk.services.bookings import Bookings, Scope, SeriesConflicts
from practice_desk.ui.appointment_text import day_text, describe, warning_text
from practice_desk.ui.form_dialog import FormDialog, text_box
from practice_desk.ui.qt_dates import pydate, qdate, qdatetime, qtime
from practice_desk.ui.style import muted

_CLIENT_KINDS = (
    AppointmentKind.CONSULTATION,
    AppointmentKind.THERAPY_SESSION,
    AppointmentKind.COACHING_SESSION,
)


class BookingDialog(FormDialog):
    booked = Signal(list)  # list[Appointment]

    def __init__(
        self,
        bookings: Bookings,
        clients: list[ClientSummary],
        start: datetime,
        parent: QWidget | None,
        *,
        client_id: int | None = None,
        kind: AppointmentKind | None = None,
        moving: Appointment | None = None,
    ) -> None:
        super().__init__(
            "Move appointment" if moving else "Book",
            parent,
            save_label=("Move" if moving else "Book"),
        )
        self.setObjectName("booking_dialog")
        self._bookings = bookings
        self._moving = moving
        self._confirmed = False
        self._skip: list[date] = []

        self.client = QComboBox(objectName="booking_client")
        self.client.setEditable(True)
        self.client.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.client.lineEdit().setPlaceholderText("Type a name")
        self.client.addItem("", None)
        for summary in sorted(clients, key=lambda s: s.display_name.casefold()):
            self.client.addItem(summary.display_name, summary.id)
        completer = self.client.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.kind = QComboBox(objectName="booking_kind")
        for option in AppointmentKind:
            self.kind.addItem(option.label, option)
        self.reason = QComboBox(objectName="booking_reason")
        for reason in BlockReason:
            self.reason.addItem(reason.label, reason)
        self.contract_note = muted("", "booking_contract_note")

        self.day = QDateEdit(objectName="booking_date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setDate(qdate(start.date()))
        self.time = QTimeEdit(objectName="booking_time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(qtime(start.time()))
        self.minutes = QSpinBox(objectName="booking_minutes")
        self.minutes.setRange(MIN_MINUTES, MAX_SESSION_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(50)
        self.ends = QDateTimeEdit(objectName="booking_ends")
        self.ends.setCalendarPopup(True)
        self.ends.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        end = start + timedelta(hours=1)
        self.ends.setDateTime(qdatetime(end))
        when = QHBoxLayout()
        when.addWidget(self.day, 1)
        when.addWidget(self.time)

        self.repeat = QCheckBox("Repeat every", objectName="booking_repeat")
        self.interval = QSpinBox(objectName="booking_interval")
        self.interval.setRange(1, MAX_INTERVAL_WEEKS)
        self.interval.setSuffix(" week(s)")
        self.by_count = QRadioButton("times:", objectName="booking_by_count")
        self.by_until = QRadioButton("until", objectName="booking_by_until")
        self.by_count.setChecked(True)
        self.count = QSpinBox(objectName="booking_count")
        self.count.setRange(2, MAX_OCCURRENCES)
        self.count.setValue(10)
        self.until = QDateEdit(objectName="booking_until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("d MMM yyyy")
        self.until.setDate(qdate(start.date() + timedelta(weeks=12)))
        ends_group = QButtonGroup(self)
        ends_group.addButton(self.by_count)
        ends_group.addButton(self.by_until)
        repeat_row = QHBoxLayout()
        for widget in (
            self.repeat,
            self.interval,
            self.by_count,
            self.count,
            self.by_until,
            self.until,
        ):
            repeat_row.addWidget(widget)
        repeat_row.addStretch(1)
        self.repeat_box = QWidget(objectName="booking_repeat_box")
        self.repeat_box.setLayout(repeat_row)
        repeat_row.setContentsMargins(0, 0, 0, 0)

        self.scope_one = QRadioButton("Only this appointment", objectName="scope_one")
        self.scope_rest = QRadioButton(
            "This one and the later ones of the series", objectName="scope_rest"
        )
        self.scope_one.setChecked(True)
        scope_box = QWidget(objectName="booking_scope")
        scope_column = QVBoxLayout(scope_box)
        scope_column.setContentsMargins(0, 0, 0, 0)
        scope_column.addWidget(self.scope_one)
        scope_column.addWidget(self.scope_rest)

        self.note = text_box("booking_note", 60, "For you only: never exported to a calendar")

        self.form = QFormLayout()
        self.form.addRow("Client", self.client)
        self.form.addRow("What", self.kind)
        self.form.addRow("", self.contract_note)
        self.form.addRow("Reason", self.reason)
        self.form.addRow("When", when)
        self.form.addRow("Length", self.minutes)
        self.form.addRow("Ends", self.ends)
        self.form.addRow("Repeat", self.repeat_box)
        self.form.addRow("Apply to", scope_box)
        self.form.addRow("Note", self.note)
        self.body.addLayout(self.form)

        self.notice = QFrame(objectName="booking_notice")
        self.notice.setProperty("role", "notice")
        notice_column = QVBoxLayout(self.notice)
        self.notice_text = QLabel(objectName="booking_notice_text")
        self.notice_text.setWordWrap(True)
        notice_column.addWidget(self.notice_text)
        self.notice.hide()
        self.body.addWidget(self.notice)

        self.fields = {
            "client": self.client,
            "minutes": self.minutes,
            "note": self.note,
            "interval": self.interval,
            "count": self.count,
            "until": self.until,
            "repeat_end": self.count,
        }
        self.client.currentIndexChanged.connect(self._client_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.repeat.toggled.connect(self._repeat_changed)
        self.day.dateChanged.connect(self._edited)
        self.until.dateChanged.connect(self._edited)
        self.time.timeChanged.connect(self._edited)
        self.ends.dateTimeChanged.connect(self._edited)
        for spin in (self.minutes, self.count, self.interval):
            spin.valueChanged.connect(self._edited)
        for button in (self.by_count, self.scope_rest):
            button.toggled.connect(self._edited)

        if moving is not None:
            self._fill_from(moving)
            self.set_row_visible(scope_box, moving.series_id is not None)
            self.set_row_visible(self.repeat_box, False)
        else:
            self.set_row_visible(scope_box, False)
            if client_id is not None:
                self._select_client(client_id)
            if kind is not None:
                self._set_kind(kind)
        self._kind_changed()
        self._repeat_changed(self.repeat.isChecked())
        self.resize(620, 0)

    # --- form state ---------------------------------------------------------------------------

    def set_row_visible(self, field: QWidget, visible: bool) -> None:
        self.form.setRowVisible(field, visible)

    def _select_client(self, client_id: int) -> None:
        index = self.client.findData(client_id)
        if index >= 0:
            self.client.setCurrentIndex(index)

    def _set_kind(self, kind: AppointmentKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _fill_from(self, appointment: Appointment) -> None:
        if appointment.client_id is not None:
            self._select_client(appointment.client_id)
        self._set_kind(appointment.kind)
        if appointment.block_reason:
            self.reason.setCurrentIndex(self.reason.findData(appointment.block_reason))
        local_end = self._bookings.local(appointment.ends_at)
        self.ends.setDateTime(qdatetime(local_end))
        self.minutes.setValue(min(appointment.minutes, MAX_SESSION_MINUTES))
        self.note.setPlainText(appointment.note)
        self.client.setEnabled(False)
        self.kind.setEnabled(False)
        self.reason.setEnabled(False)

    def _client_changed(self) -> None:
        client_id = self.client.currentData()
        if client_id is None or self._moving is not None:
            self._edited()
            return
        suggestion = self._bookings.suggest(client_id)
        self._set_kind(suggestion.kind)
        self.minutes.setValue(suggestion.minutes)
        self._edited()

    def _kind_changed(self) -> None:
        kind: AppointmentKind = self.kind.currentData()
        blocked = kind is AppointmentKind.BLOCKED
        self.set_row_visible(self.client, not blocked)
        self.set_row_visible(self.reason, blocked)
        self.set_row_visible(self.minutes, not blocked)
        self.set_row_visible(self.ends, blocked)
        self.contract_note.setText(self._contract_text(kind))
        self.set_row_visible(self.contract_note, bool(self.contract_note.text()))
        self._edited()

    def _contract_text(self, kind: AppointmentKind) -> str:
        client_id = self.client.currentData()
        if client_id is None or kind.contract_kind is None:
            return ""
        contract = self._bookings.active_contract(client_id, kind)
        if contract is None:
            return f"There is no active {kind.contract_kind.value} contract for this client."
        return f"Part of the {kind.contract_kind.value} contract of {contract.terms.starts_on:%d %b %Y}."

    def _repeat_changed(self, on: bool) -> None:
        for widget in (self.interval, self.by_count, self.count, self.by_until, self.until):
            widget.setEnabled(on)
        self._edited()

    def _edited(self) -> None:
        """Any change means earlier warnings or skipped dates no longer apply."""
        self._confirmed = False
        self._skip = []
        self.notice.hide()
        self.save_button.setText("Move" if self._moving else "Book")

    # --- what was asked -------------------------------------------------------------------------

    def start(self) -> datetime:
        return datetime.combine(pydate(self.day.date()), self.time.time().toPython())

    def request(self) -> AppointmentRequest:
        kind: AppointmentKind = self.kind.currentData()
        start = self.start()
        if kind is AppointmentKind.BLOCKED:
            end = self.ends.dateTime().toPython().replace(second=0, microsecond=0)
            minutes = int((end - start).total_seconds() // 60)
        else:
            minutes = self.minutes.value()
        return AppointmentRequest(
            kind,
            start,
            minutes,
            self.client.currentData() if kind.has_client else None,
            self.reason.currentData() if kind is AppointmentKind.BLOCKED else None,
            self.note.toPlainText(),
        )

    def series(self) -> SeriesPlan | None:
        if self._moving is not None or not self.repeat.isChecked():
            return None
        if self.by_count.isChecked():
            return SeriesPlan(self.interval.value(), count=self.count.value())
        return SeriesPlan(self.interval.value(), until=pydate(self.until.date()))

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        try:
            result = self.attempt(self._submit, passthrough=(OverlapRefused, SeriesConflicts))
        except NeedsConfirmation as asked:
            local = self._bookings.local
            self._show_notice(
                "\n".join(warning_text(w, local) for w in asked.warnings) + "\n\nBook anyway?"
            )
            self._confirmed = True
            self.save_button.setText("Book anyway" if not self._moving else "Move anyway")
            return
        except OverlapRefused as refused:
            self.error.setText(
                f"This would overlap {describe(refused.conflict, self._bookings.local)}. "
                "Please choose another time, or move that appointment first."
            )
            self.error.show()
            return
        except SeriesConflicts as refused:
            lines = [
                f"• {day_text(start.date())}: {describe(conflict, self._bookings.local)}"
                for start, conflict in refused.conflicts[:8]
            ]
            more = len(refused.conflicts) - len(lines)
            if more > 0:
                lines.append(f"• and {more} more")
            self._show_notice(
                "These dates are taken:\n" + "\n".join(lines) + "\n\nBook the series without them?"
            )
            self._skip = [start.date() for start, _ in refused.conflicts]
            self.save_button.setText("Skip these and book")
            return
        if result is not None:
            self.booked.emit(result)
            self.accept()

    def _submit(self) -> list[Appointment]:
        skip = list(self._skip)
        confirmed = self._confirmed
        if self._moving is not None:
            request = self.request()
            return self._bookings.move(
                self._moving.id,
                request.starts_at,
                request.minutes,
                note=request.note,
                scope=Scope.REST if self.scope_rest.isChecked() else Scope.ONE,
                confirmed=confirmed,
            )
        return self._bookings.book(
            self.request(), series=self.series(), skip=skip, confirmed=confirmed
        )

    def _show_notice(self, text: str) -> None:
        self.notice_text.setText(text)
        self.notice.show()
