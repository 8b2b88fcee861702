"""On Home: the session still in the room, and notes left unsigned for more than a few days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.session_notes import UNSIGNED_REMINDER_DAYS
from practice_desk.services.sessions import Sessions
from practice_desk.ui.appointment_text import day_text
from practice_desk.ui.style import muted, primary, subheading


class SessionReminders(QWidget):
    session_activated = Signal(int)

    def __init__(
        self,
        sessions: Sessions,
        local: Callable[[datetime], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("session_reminders")
        self._sessions = sessions
        self._local = local
        self._running_id: int | None = None

        self.running = QWidget(objectName="home_running")
        row = QHBoxLayout(self.running)
        row.setContentsMargins(0, 0, 0, 0)
        self.running_text = muted("", "home_running_text")
        back = QPushButton("Return to the session", objectName="home_running_resume")
        back.clicked.connect(self._resume)
        row.addWidget(self.running_text, 1)
        row.addWidget(primary(back))

        self.heading = subheading("Notes to sign", "home_unsigned_heading")
        self.hint = muted(
            f"These notes are more than {UNSIGNED_REMINDER_DAYS} days old and still unsigned.",
            "home_unsigned_hint",
        )
        self.list = QListWidget(objectName="home_unsigned")
        self.list.itemActivated.connect(
            lambda item: self.session_activated.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.running)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        self.refresh()

    def _resume(self) -> None:
        if self._running_id is not None:
            self.session_activated.emit(self._running_id)

    def refresh(self) -> None:
        running = self._sessions.running()
        self._running_id = running.id if running else None
        self.running.setVisible(running is not None)
        if running is not None:
            self.running_text.setText(f"A session with {running.client_name} is in progress.")
        self.list.clear()
        for session in self._sessions.unsigned_reminders():
            if session.is_running:
                continue
            day = day_text(self._local(session.started_at).date())
            item = QListWidgetItem(f"{day}    {session.client_name}  ·  {session.kind.label}")
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            self.list.addItem(item)
        count = self.list.count()
        for widget in (self.heading, self.hint, self.list):
            widget.setVisible(count > 0)
        self.list.setFixedHeight(min(count, 8) * 30 + 8)
