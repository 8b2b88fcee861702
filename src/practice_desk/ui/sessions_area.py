"""Sessions: the one in the room, notes waiting to be signed, recent sessions, and starting a
session ad hoc. The room itself replaces the list while a session is open. A finished session
chosen in either list can have its record printed or saved without opening it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.session_notes import Session
from practice_desk.services.practice import Practice
from practice_desk.ui.appointment_text import clock_text, day_text
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.session_record_dialog import (
    RecordOutput,
    SessionRecordDialog,
    open_session_record,
    session_line,
)
from practice_desk.ui.session_room import SessionRoom
from practice_desk.ui.style import heading, muted, primary, subheading

RECENT = 30


class SessionsArea(QStackedWidget):
    changed = Signal()  # a session started, finished, was signed or discarded

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessions_area")
        self._practice = practice
        self._sessions = practice.sessions
        self.room: SessionRoom | None = None
        self.record_dialog: SessionRecordDialog | None = None
        self.list_page = self._list_page()
        self.addWidget(self.list_page)
        self.refresh()

    # --- the list ------------------------------------------------------------------------------

    def _list_page(self) -> QWidget:
        page = QWidget(objectName="sessions_list_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading("Sessions"))

        self.running_card = QFrame(objectName="card")
        card = QHBoxLayout(self.running_card)
        card.setContentsMargins(16, 10, 16, 10)
        self.running_text = muted("", "sessions_running_text")
        self.resume_button = QPushButton("Return to the session", objectName="sessions_resume")
        self.resume_button.clicked.connect(self._resume)
        card.addWidget(self.running_text, 1)
        card.addWidget(primary(self.resume_button))
        layout.addWidget(self.running_card)

        start = QHBoxLayout()
        self.client_choice = QComboBox(objectName="sessions_client")
        self.client_choice.setMinimumWidth(260)
        self.start_button = QPushButton("Start a session now", objectName="sessions_start")
        self.start_button.clicked.connect(self._start_chosen)
        start.addWidget(self.client_choice)
        start.addWidget(self.start_button)
        start.addStretch(1)
        layout.addWidget(subheading("Start a session without an appointment"))
        layout.addLayout(start)
        self.start_hint = muted(
            "Sessions booked in the calendar start from the appointment (open it and choose "
            "Start session).",
            "sessions_start_hint",
        )
        layout.addWidget(self.start_hint)

        layout.addWidget(subheading("Notes waiting to be signed"))
        self.unsigned = self._list("sessions_unsigned")
        self.none_unsigned = muted("Every finished session is signed.", "sessions_none_unsigned")
        layout.addWidget(self.unsigned)
        layout.addWidget(self.none_unsigned)
        layout.addWidget(subheading("Recent sessions"))
        self.recent = self._list("sessions_recent")
        layout.addWidget(self.recent, 1)
        layout.addLayout(self._record_row())
        return page

    def _record_row(self) -> QHBoxLayout:
        self.record_hint = muted("", "sessions_record_hint")
        self.record_print = QPushButton("Print…", objectName="sessions_record_print")
        self.record_print.clicked.connect(lambda: self.open_record(RecordOutput.PRINT))
        self.record_save = QPushButton("Save as PDF…", objectName="sessions_record_save")
        self.record_save.clicked.connect(lambda: self.open_record(RecordOutput.SAVE))
        row = QHBoxLayout()
        row.addWidget(self.record_hint, 1)
        row.addWidget(self.record_print)
        row.addWidget(self.record_save)
        return row

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget(objectName=name)
        widget.itemActivated.connect(
            lambda item: self.open_session(item.data(Qt.ItemDataRole.UserRole))
        )
        widget.itemSelectionChanged.connect(lambda: self._chosen_in(widget))
        return widget

    # --- the record of the chosen session ------------------------------------------------------

    def _chosen_in(self, widget: QListWidget) -> None:
        # One session is "the selected one": choosing in one list lets go of the other.
        if widget.selectedItems():
            other = self.recent if widget is self.unsigned else self.unsigned
            other.clearSelection()
        self._update_record_row()

    def selected_session(self) -> Session | None:
        for widget in (self.unsigned, self.recent):
            items = widget.selectedItems()
            if items:
                try:
                    return self._sessions.get(items[0].data(Qt.ItemDataRole.UserRole))
                except PracticeDeskError:
                    return None
        return None

    def _update_record_row(self) -> None:
        session = self.selected_session()
        ready = session is not None and not session.is_running
        self.record_print.setEnabled(ready)
        self.record_save.setEnabled(ready)
        if session is None:
            hint = "Choose a session above to print its record or save it as a PDF."
        elif session.is_running:
            hint = "This session is still in the room: its record can be made once it ends."
        else:
            hint = f"Selected: {session_line(self._practice, session)}"
        self.record_hint.setText(hint)

    def open_record(self, preferred: RecordOutput) -> SessionRecordDialog | None:
        session = self.selected_session()
        if session is None or session.is_running:
            return None
        self.record_dialog = open_session_record(self, self._practice, session, preferred)
        return self.record_dialog

    def _line(self, session: Session) -> str:
        start = self._practice.bookings.local(session.started_at)
        state = "signed" if session.is_signed else "not signed yet"
        if session.is_running:
            state = "in progress"
        return (
            f"{day_text(start.date())}, {clock_text(start)}    {session.client_name}  ·  "
            f"{session.kind.label}  ·  {state}"
        )

    def refresh(self) -> None:
        running = self._sessions.running()
        self.running_card.setVisible(running is not None)
        if running is not None:
            self.running_text.setText(f"In the room now: {self._line(running)}")
        self.client_choice.clear()
        for client_id, name in self._sessions.startable_clients():
            self.client_choice.addItem(name, client_id)
        can_start = self.client_choice.count() > 0 and running is None
        self.start_button.setEnabled(can_start)
        unsigned = [s for s in self._sessions.unsigned_reminders(days=0) if not s.is_running]
        self._fill(self.unsigned, unsigned)
        self.unsigned.setVisible(bool(unsigned))
        self.unsigned.setFixedHeight(min(len(unsigned), 6) * 30 + 8)
        self.none_unsigned.setVisible(not unsigned)
        self._fill(self.recent, self._sessions.recent(RECENT))
        self._update_record_row()

    def _fill(self, widget: QListWidget, sessions: list[Session]) -> None:
        widget.clear()
        for session in sessions:
            item = QListWidgetItem(self._line(session))
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            widget.addItem(item)

    # --- opening the room ----------------------------------------------------------------------

    def _resume(self) -> None:
        running = self._sessions.running()
        if running is not None:
            self.open_session(running.id)

    def _start_chosen(self) -> None:
        client_id = self.client_choice.currentData()
        if client_id is not None:
            self.start_for_client(int(client_id))

    def start_for_client(self, client_id: int) -> None:
        self._start(lambda: self._sessions.start(client_id=client_id))

    def start_for_appointment(self, appointment_id: int) -> None:
        self._start(lambda: self._sessions.start(appointment_id=appointment_id))

    def _start(self, start) -> None:  # noqa: ANN001 - a service call
        try:
            session = start()
        except PracticeDeskError as error:
            PROMPTS.tell_error(self, error)
            return
        self._show_room(session)
        self.changed.emit()

    def open_session(self, session_id: int) -> None:
        try:
            session = self._sessions.get(session_id)
        except PracticeDeskError as error:
            PROMPTS.tell_error(self, error)
            self.refresh()
            return
        self._show_room(session)

    def _show_room(self, session: Session) -> None:
        if self.room is not None and self.room.session.id == session.id:
            self.setCurrentWidget(self.room)
            self.room.setFocus()
            return
        self._close_room()
        self.room = SessionRoom(self._practice, session)
        self.room.closed.connect(self.show_list)
        self.room.changed.connect(self.changed)
        self.addWidget(self.room)
        self.setCurrentWidget(self.room)
        self.room.setFocus()

    def _close_room(self) -> None:
        if self.room is None:
            return
        self.room.flush()
        self.removeWidget(self.room)
        self.room.deleteLater()
        self.room = None

    def show_list(self) -> None:
        self._close_room()
        self.refresh()
        self.setCurrentWidget(self.list_page)

    def shutdown(self) -> None:
        """Before a lock: save what is typed and stop the clock display."""
        if self.room is not None:
            self.room.stop()

    def escape(self) -> None:
        if self.room is not None and self.currentWidget() is self.room:
            self.room.escape()
