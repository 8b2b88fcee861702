"""The next free times of a chosen length, within working hours and keeping the gap."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.appointments import CONSULTATION_MINUTES, MAX_SESSION_MINUTES, MIN_MINUTES
from practice_desk.services.bookings import Bookings
from practice_desk.ui.appointment_text import clock_text, day_text
from practice_desk.ui.style import muted

SLOTS_SHOWN = 8


class FreeSlotsDialog(QDialog):
    slot_chosen = Signal(object, int)  # wall-clock start, minutes

    def __init__(self, bookings: Bookings, parent: QWidget | None, minutes: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("free_slots_dialog")
        self.setWindowTitle("Find a free time")
        self.setModal(True)
        self._bookings = bookings
        self.minutes = QSpinBox(objectName="free_minutes")
        self.minutes.setRange(MIN_MINUTES, MAX_SESSION_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(minutes or CONSULTATION_MINUTES)
        self.slots = QListWidget(objectName="free_slots")
        self.slots.setMinimumHeight(220)
        self.empty = muted(
            "No free time of this length in the next eight weeks of your working hours.",
            "free_empty",
        )
        buttons = QDialogButtonBox()
        self.book_button = buttons.addButton(
            "Book this time", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.book_button.setObjectName("free_book")
        self.book_button.setProperty("primary", True)
        buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        self.slots.itemActivated.connect(lambda _item: self._choose())

        form = QFormLayout()
        form.addRow("Length", self.minutes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(muted("Within your working hours, keeping your usual gap."))
        layout.addLayout(form)
        layout.addWidget(self.slots, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.minutes.valueChanged.connect(self.refresh)
        self.refresh()
        self.resize(420, 420)

    def refresh(self) -> None:
        self.slots.clear()
        minutes = self.minutes.value()
        for start in self._bookings.next_free_slots(minutes, count=SLOTS_SHOWN):
            local = self._bookings.local(start)
            end = local + timedelta(minutes=minutes)
            item = QListWidgetItem(
                f"{day_text(local.date())}   {clock_text(local)}–{clock_text(end)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, local)
            self.slots.addItem(item)
        found = self.slots.count() > 0
        self.empty.setVisible(not found)
        self.book_button.setEnabled(found)
        if found:
            self.slots.setCurrentRow(0)

    def _choose(self) -> None:
        item = self.slots.currentItem()
        if item is None:
            return
        start: datetime = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.slot_chosen.emit(start, self.minutes.value())
