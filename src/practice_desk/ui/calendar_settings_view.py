"""Calendar settings: the practice's time zone, working hours, the gap between appointments,
and the neutral label used when the calendar is exported. Each change is saved at once."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.working_hours import MAX_GAP_MINUTES, WEEKDAYS, DayHours, WorkingHours
from practice_desk.services.calendar_settings import (
    EXPORT_LABEL_MAX,
    CalendarSettings,
    zone_names,
)
from practice_desk.ui.qt_dates import qtime
from practice_desk.ui.style import error_label, muted, subheading


class CalendarSettingsView(QWidget):
    def __init__(self, settings: CalendarSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_settings")
        self._settings = settings

        self.zone = QComboBox(objectName="settings_time_zone")
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The full list (some 600 names, read from disk) waits until the page is first shown,
        # so unlocking doesn't pay for it.
        self.zone.addItem(settings.time_zone_name)
        completer = self.zone.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.zone.activated.connect(lambda _index: self._zone_chosen())
        self.zone.lineEdit().editingFinished.connect(self._zone_chosen)

        self.gap = QSpinBox(objectName="settings_gap")
        self.gap.setRange(0, MAX_GAP_MINUTES)
        self.gap.setSuffix(" minutes")
        self.gap.setFixedWidth(140)
        self.gap.setValue(settings.gap_minutes)
        self.gap.valueChanged.connect(self._gap_changed)

        self.label = QLineEdit(objectName="settings_export_label")
        self.label.setMaxLength(EXPORT_LABEL_MAX)
        self.label.setText(settings.export_label)
        self.label.editingFinished.connect(self._label_changed)

        self.days: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        hours = settings.working_hours
        for row, (name, day) in enumerate(zip(WEEKDAYS, hours.days, strict=True)):
            works = QCheckBox(name, objectName=f"settings_works_{name.lower()}")
            start = QTimeEdit(objectName=f"settings_start_{name.lower()}")
            end = QTimeEdit(objectName=f"settings_end_{name.lower()}")
            for edit, value in (
                (start, day.start if day else time(9)),
                (end, day.end if day else time(17)),
            ):
                edit.setDisplayFormat("HH:mm")
                edit.setTime(qtime(value))
                edit.timeChanged.connect(self._hours_changed)
            works.setChecked(day is not None)
            works.toggled.connect(self._hours_changed)
            grid.addWidget(works, row, 0)
            grid.addWidget(start, row, 1)
            grid.addWidget(QLabel("to"), row, 2)
            grid.addWidget(end, row, 3)
            grid.setColumnStretch(4, 1)
            self.days.append((works, start, end))
            self._enable_day(row)

        self.status = muted("", "settings_calendar_status")
        self.error = error_label("settings_calendar_error")
        self.error.hide()

        form = QFormLayout()
        form.addRow("Time zone", self.zone)
        form.addRow("Gap between appointments", self.gap)
        form.addRow("Label in exported calendars", self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(subheading("Calendar"))
        layout.addWidget(
            muted(
                "Appointments keep the practice's time zone, so the calendar stays put when "
                "the laptop travels. If you change the zone, each appointment keeps its moment "
                "in time and shows at that moment's clock time in the new zone. Booking "
                "outside your working hours is allowed; you'll be asked to confirm."
            )
        )
        layout.addLayout(form)
        layout.addWidget(muted("Working hours"))
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.status)

    def showEvent(self, event: QShowEvent) -> None:
        if self.zone.count() == 1:
            current = self.zone.currentText()
            self.zone.blockSignals(True)
            self.zone.clear()
            self.zone.addItems(zone_names())
            self.zone.setCurrentText(current)
            self.zone.blockSignals(False)
        super().showEvent(event)

    def _saved(self, what: str) -> None:
        self.error.hide()
        self.status.setText(f"{what} saved.")

    def _failed(self, problem: PracticeDeskError) -> None:
        self.status.clear()
        self.error.setText(problem.message)
        self.error.show()

    def _zone_chosen(self) -> None:
        name = self.zone.currentText().strip()
        if name == self._settings.time_zone_name:
            return
        try:
            self._settings.set_time_zone(name)
        except PracticeDeskError as problem:
            self._failed(problem)
            return
        self._saved("Time zone")

    def _gap_changed(self, minutes: int) -> None:
        try:
            self._settings.set_gap_minutes(minutes)
        except PracticeDeskError as problem:
            self._failed(problem)
            return
        self._saved("Gap")

    def _label_changed(self) -> None:
        if self.label.text() == self._settings.export_label:
            return
        try:
            self.label.setText(self._settings.set_export_label(self.label.text()))
        except PracticeDeskError as problem:
            self._failed(problem)
            return
        self._saved("Label")

    def _enable_day(self, row: int) -> None:
        works, start, end = self.days[row]
        start.setEnabled(works.isChecked())
        end.setEnabled(works.isChecked())

    def _hours_changed(self) -> None:
        for row in range(len(self.days)):
            self._enable_day(row)
        hours = WorkingHours(
            tuple(
                DayHours(start.time().toPython(), end.time().toPython())
                if works.isChecked()
                else None
                for works, start, end in self.days
            )
        )
        try:
            self._settings.set_working_hours(hours)
        except PracticeDeskError as problem:
            self._failed(problem)
            return
        self._saved("Working hours")
