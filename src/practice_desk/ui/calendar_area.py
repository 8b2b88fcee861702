"""The Calendar area: a week or a day of appointments, and the dialogs that change them.

The calendar is read when the area is first shown and again after every change, one week
(or day) at a time. Dialogs open with open(), so a lock closes them like any other.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.appointments import Appointment, AppointmentKind
from practice_desk.domain.client_search import ClientSummary
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.practice_time import week_start
from practice_desk.services.practice import Practice
from practice_desk.ui.appointment_dialog import AppointmentDialog
from practice_desk.ui.appointment_text import Localise, describe, long_day_text, who_text
from practice_desk.ui.booking_dialog import BookingDialog
from practice_desk.ui.calendar_export_dialog import CalendarExportDialog
from practice_desk.ui.free_slots_dialog import FreeSlotsDialog
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.qt_dates import pydate, qdate
from practice_desk.ui.style import primary
from practice_desk.ui.week_grid import GridItem, WeekGrid


def grid_items(appointments: list[Appointment], local: Localise) -> list[GridItem]:
    return [
        GridItem(
            id=item.id,
            start=local(item.starts_at),
            end=local(item.ends_at),
            who=who_text(item),
            what=item.kind.label,
            kind=item.kind,
            status=item.status,
            tooltip=describe(item, local),
        )
        for item in appointments
    ]


class CalendarArea(QWidget):
    open_client_requested = Signal(int)
    outcome_requested = Signal(int)
    session_requested = Signal(int)  # appointment id
    changed = Signal()

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_page")
        self._practice = practice
        self._bookings = practice.bookings
        self.day_count = 7
        self.first_day = week_start(practice.bookings.local_now().date())
        self.appointments: list[Appointment] = []
        self.dialog: QDialog | None = None

        self.today_button = QPushButton("Today", objectName="calendar_today")
        self.previous_button = QPushButton("‹", objectName="calendar_previous")
        self.next_button = QPushButton("›", objectName="calendar_next")
        for button, tip in (
            (self.previous_button, "Earlier (Page Up)"),
            (self.next_button, "Later (Page Down)"),
        ):
            button.setToolTip(tip)
            button.setFixedWidth(40)
        self.range_label = QLabel(objectName="calendar_range")
        self.range_label.setProperty("role", "subheading")
        self.jump = QDateEdit(objectName="calendar_jump")
        self.jump.setCalendarPopup(True)
        self.jump.setDisplayFormat("d MMM yyyy")
        self.jump.setToolTip("Go to a date")
        self.week_button = QPushButton("Week", objectName="calendar_week")
        self.day_button = QPushButton("Day", objectName="calendar_day")
        views = QButtonGroup(self)
        for button in (self.week_button, self.day_button):
            button.setCheckable(True)
            views.addButton(button)
        self.week_button.setChecked(True)
        self.find_button = QPushButton("Find a free time…", objectName="calendar_find")
        self.book_button = primary(QPushButton("Book…", objectName="calendar_book"))

        self.grid = WeekGrid()
        scroll = QScrollArea(objectName="calendar_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.grid)

        bar = QHBoxLayout()
        bar.addWidget(self.today_button)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(8)
        bar.addWidget(self.range_label, 1)
        bar.addWidget(self.jump)
        bar.addSpacing(8)
        bar.addWidget(self.week_button)
        bar.addWidget(self.day_button)
        bar.addSpacing(8)
        bar.addWidget(self.find_button)
        bar.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.day_sheet_button = QPushButton("Day sheet…", objectName="calendar_day_sheet")
        self.day_sheet_button.setToolTip("A confidential PDF of the day's schedule")
        self.export_button = QPushButton("Export…", objectName="calendar_export")
        self.export_button.setToolTip("An .ics file for your phone: times only, no names")
        extra = QHBoxLayout()
        extra.addStretch(1)
        extra.addWidget(self.day_sheet_button)
        extra.addWidget(self.export_button)
        layout.addLayout(extra)

        self.today_button.clicked.connect(self.go_today)
        self.previous_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        self.jump.dateChanged.connect(self._jumped)
        self.week_button.clicked.connect(lambda: self.set_days(7))
        self.day_button.clicked.connect(lambda: self.set_days(1))
        self.find_button.clicked.connect(self.find_free_time)
        self.book_button.clicked.connect(lambda: self.book_at(self._default_start()))
        self.day_sheet_button.clicked.connect(self.save_day_sheet)
        self.export_button.clicked.connect(self.export_calendar)
        self.grid.slot_chosen.connect(self.book_at)
        self.grid.appointment_chosen.connect(self.open_appointment)
        self.grid.page_requested.connect(self.turn)
        self.grid.today_requested.connect(self.go_today)

    # --- navigation ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        # Read again each time: bookings, clients or working hours may have changed elsewhere.
        self.refresh()
        super().showEvent(event)

    def set_days(self, count: int) -> None:
        """Switch between the week (7) and the day (1) around the cursor's day."""
        cursor_day = self.grid.cursor.date()
        self.day_count = count
        self.week_button.setChecked(count == 7)
        self.day_button.setChecked(count == 1)
        self.first_day = week_start(cursor_day) if count == 7 else cursor_day
        self.refresh()
        self.grid.setFocus()

    def show_date(self, day: date) -> None:
        self.first_day = week_start(day) if self.day_count == 7 else day
        self.grid.cursor = datetime.combine(day, self.grid.cursor.time())
        self.refresh()

    def go_today(self) -> None:
        self.show_date(self._bookings.local_now().date())

    def turn(self, pages: int) -> None:
        self.first_day += timedelta(days=self.day_count * pages)
        self.refresh()

    def _jumped(self, value: QDate) -> None:
        day = pydate(value)
        if not self.first_day <= day < self.first_day + timedelta(days=self.day_count):
            self.show_date(day)

    def refresh(self) -> None:
        self.appointments = self._bookings.on_days(self.first_day, self.day_count)
        settings = self._bookings.settings
        now = self._bookings.local_now()
        self.grid.show_days(
            self.first_day,
            self.day_count,
            grid_items(self.appointments, self._bookings.local),
            today=now.date(),
            now=now,
            hours=settings.working_hours,
        )
        self.range_label.setText(self._range_text())
        self.jump.blockSignals(True)
        self.jump.setDate(qdate(self.grid.cursor.date()))
        self.jump.blockSignals(False)

    def _range_text(self) -> str:
        first = self.first_day
        if self.day_count == 1:
            return long_day_text(first)
        last = first + timedelta(days=6)
        if first.month == last.month:
            return f"{first.day} – {last.day} {last:%B %Y}"
        if first.year == last.year:
            return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
        return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"

    def _default_start(self) -> datetime:
        return self.grid.cursor

    # --- dialogs ------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.grid.setFocus()

    def _open_clients(self) -> list[ClientSummary]:
        return [
            summary
            for summary in self._practice.clients.summaries()
            if summary.status is not ClientStatus.CLOSED
        ]

    def book_at(
        self,
        start: datetime,
        *,
        client_id: int | None = None,
        minutes: int | None = None,
        kind: AppointmentKind | None = None,
    ) -> BookingDialog:
        dialog = BookingDialog(
            self._bookings, self._open_clients(), start, self, client_id=client_id, kind=kind
        )
        if minutes:
            dialog.minutes.setValue(minutes)
        dialog.booked.connect(self._booked)
        self._open(dialog)
        return dialog

    def book_for(self, client_id: int | None) -> BookingDialog:
        """Book for a client at the next free time of the length they need."""
        minutes = self._bookings.suggest(client_id).minutes if client_id else None
        free = self._bookings.next_free_slots(minutes or 50, count=1)
        start = self._bookings.local(free[0]) if free else self.grid.cursor
        if free:
            self.show_date(start.date())
            self.grid.cursor = start
        return self.book_at(start, client_id=client_id, minutes=minutes)

    def move(self, appointment: Appointment) -> BookingDialog:
        start = self._bookings.local(appointment.starts_at)
        dialog = BookingDialog(
            self._bookings, self._open_clients(), start, self, moving=appointment
        )
        dialog.booked.connect(self._booked)
        self._open(dialog)
        return dialog

    def open_appointment(self, appointment_id: int) -> AppointmentDialog | None:
        try:
            appointment = self._bookings.get(appointment_id)
        except PracticeDeskError:
            self.refresh()
            return None
        dialog = AppointmentDialog(self._bookings, appointment, self)
        dialog.changed.connect(self._after_change)
        dialog.move_requested.connect(self.move)
        dialog.open_client_requested.connect(self.open_client_requested)
        dialog.outcome_requested.connect(self.outcome_requested)
        dialog.session_requested.connect(self.session_requested)
        self._open(dialog)
        return dialog

    def find_free_time(self) -> FreeSlotsDialog:
        dialog = FreeSlotsDialog(self._bookings, self)
        dialog.slot_chosen.connect(self._slot_chosen)
        self._open(dialog)
        return dialog

    def export_calendar(self) -> CalendarExportDialog:
        dialog = CalendarExportDialog(self._practice, self.first_day, self)
        self._open(dialog)
        return dialog

    def save_day_sheet(self) -> None:
        """Ask where, then write the cursor day's confidential schedule as a PDF."""
        from practice_desk.services.day_sheet import save_day_sheet

        day = self.grid.cursor.date()
        target = PROMPTS.ask_save_path(
            self, "Save day sheet", f"day-sheet-{day.isoformat()}.pdf", "PDF files (*.pdf)"
        )
        if target is None:
            return
        try:
            path = save_day_sheet(self._practice, day, target)
        except (PracticeDeskError, OSError) as error:
            PROMPTS.tell_error(self, error)
            return
        PROMPTS.tell(
            self,
            "Day sheet saved",
            f"The day sheet for {long_day_text(day)} was saved as {path.name}. It holds "
            "client names: keep it as you would a session record.",
        )

    def _slot_chosen(self, start: datetime, minutes: int) -> None:
        self.show_date(start.date())
        self.grid.cursor = start
        self.book_at(start, minutes=minutes)

    def _booked(self, booked: list[Appointment]) -> None:
        if booked:
            first = self._bookings.local(booked[0].starts_at)
            self.first_day = week_start(first.date()) if self.day_count == 7 else first.date()
            self.grid.cursor = first
        self._after_change()

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()

    def focus_grid(self) -> None:
        self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)
