"""Export a range of the calendar as an .ics file for a phone or another calendar app.

The file carries times and a neutral label only; initials are an explicit, explained choice.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QDateEdit, QFormLayout, QWidget

from practice_desk.services.practice import Practice
from practice_desk.ui.form_dialog import FormDialog, line
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.qt_dates import pydate, qdate
from practice_desk.ui.style import muted

WEEKS_AHEAD = 12


class CalendarExportDialog(FormDialog):
    def __init__(self, practice: Practice, first_day: date, parent: QWidget | None) -> None:
        super().__init__("Export calendar", parent, save_label="Export…")
        self.setObjectName("calendar_export_dialog")
        self._practice = practice
        settings = practice.bookings.settings
        self.first = QDateEdit(objectName="export_first")
        self.last = QDateEdit(objectName="export_last")
        for edit, day in (
            (self.first, first_day),
            (self.last, first_day + timedelta(weeks=WEEKS_AHEAD)),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            edit.setDate(qdate(day))
        self.label = line("export_label", "Appointment", 40)
        self.label.setText(settings.export_label)
        self.initials = QCheckBox("Add the client's initials", objectName="export_initials")
        self.initials_note = muted(
            "Initials can identify a client to anyone who sees your phone or the calendar "
            "service it syncs with. Leave this off unless you are sure.",
            "export_initials_note",
        )
        form = QFormLayout()
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        form.addRow("Label", self.label)
        self.body.addWidget(
            muted(
                "The file holds the times of your appointments and the label below: no names, "
                "notes or kinds of work. Cancelled appointments are marked cancelled, so a "
                "phone that has them takes them off."
            )
        )
        self.body.addLayout(form)
        self.body.addWidget(self.initials)
        self.body.addWidget(self.initials_note)
        self.fields = {"export_label": self.label, "first_day": self.first, "last_day": self.last}
        self.resize(520, 0)

    def save(self) -> None:
        from practice_desk.services.calendar_export import export_calendar

        settings = self._practice.bookings.settings
        label_changed = self.label.text().strip() != settings.export_label
        if (
            label_changed
            and self.attempt(lambda: settings.set_export_label(self.label.text())) is None
        ):
            return
        first, last = pydate(self.first.date()), pydate(self.last.date())
        target = PROMPTS.ask_save_path(
            self, "Export calendar", "practice-calendar.ics", "Calendar files (*.ics)"
        )
        if target is None:
            return
        try:
            result = self.attempt(
                lambda: export_calendar(
                    self._practice, first, last, target, include_initials=self.initials.isChecked()
                )
            )
        except OSError as error:
            PROMPTS.tell_error(self, error)
            return
        if result is None:
            return
        PROMPTS.tell(
            self,
            "Calendar exported",
            f"{result.count} appointments were written to {result.path.name}.",
        )
        self.accept()
