"""Today's appointments on the home screen, in order, with their status."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from practice_desk.domain.appointments import AppointmentStatus
from practice_desk.services.bookings import Bookings
from practice_desk.ui.appointment_text import clock_text, day_text, who_text
from practice_desk.ui.style import muted, subheading

LOOK_AHEAD_DAYS = 14


class TodayPanel(QWidget):
    appointment_activated = Signal(int)

    def __init__(self, bookings: Bookings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today_panel")
        self._bookings = bookings
        self.list = QListWidget(objectName="home_today")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(
            lambda item: self.appointment_activated.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.empty = muted("Nothing is booked for today.", "home_today_empty")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(subheading("Today", "home_today_heading"))
        layout.addWidget(self.list)
        layout.addWidget(self.empty)

    def refresh(self) -> None:
        self.list.clear()
        today = self._bookings.local_now().date()
        local = self._bookings.local
        for item in self._bookings.on_days(today, 1):
            start, end = local(item.starts_at), local(item.ends_at)
            text = (
                f"{clock_text(start)}–{clock_text(end)}    {who_text(item)}  ·  {item.kind.label}"
            )
            if item.status is not AppointmentStatus.BOOKED:
                text += f"  ·  {item.status.label}"
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            if not item.status.takes_time:
                font = row.font()
                font.setStrikeOut(True)
                row.setFont(font)
            self.list.addItem(row)
        count = self.list.count()
        self.list.setVisible(count > 0)
        self.list.setFixedHeight(min(count, 12) * 30 + 8)
        self.empty.setVisible(count == 0)
        if count == 0:
            self.empty.setText(f"Nothing is booked for today.{self._next_text(today)}")

    def _next_text(self, today: date) -> str:
        """Where the next working day begins, so an empty Home still tells what's ahead."""
        upcoming = [
            item
            for item in self._bookings.on_days(today + timedelta(days=1), LOOK_AHEAD_DAYS)
            if item.status is AppointmentStatus.BOOKED and item.kind.has_client
        ]
        if not upcoming:
            return ""
        start = self._bookings.local(upcoming[0].starts_at)
        return f" The next appointment is on {day_text(start.date())} at {clock_text(start)}."
