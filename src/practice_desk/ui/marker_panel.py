"""Progress markers in the room: one key or click logs one, stamped with the moment and the
phase; a few words can follow, and every marker stays editable until the note is signed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import Goal
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.progress_markers import MarkerKind, ProgressMarker, Voice
from practice_desk.services.sessions import Sessions
from practice_desk.ui.session_text import marker_line
from practice_desk.ui.style import error_label, muted, subheading


class MarkerText(QLineEdit):
    """The few words after a marker. Esc leaves them out and hands the keyboard back."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class MarkerPanel(QWidget):
    logged = Signal(object)  # ProgressMarker
    done = Signal()  # the text entry closed: give the keyboard back

    def __init__(
        self,
        sessions: Sessions,
        session_id: int,
        goals: tuple[Goal, ...],
        local: Callable[[datetime], datetime],
        single_phase: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("marker_panel")
        self._sessions = sessions
        self._session_id = session_id
        self._goals = tuple(goal for goal in goals if goal.id is not None)
        self._local = local
        self._single = single_phase
        self.current: ProgressMarker | None = None
        self.read_only = False
        self.buttons: dict[MarkerKind, QPushButton] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(subheading("Progress markers"))
        self.controls = QWidget(objectName="marker_controls")
        controls = QVBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(
            muted("Press 1–7 (or Ctrl+1–7 while typing) or click. V switches the voice.")
        )
        grid = QGridLayout()
        grid.setSpacing(6)
        for index, kind in enumerate(MarkerKind):
            button = QPushButton(f"{kind.key}  {kind.label}", objectName=f"marker_{kind.value}")
            button.setToolTip(kind.hint.capitalize())
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=kind: self.log(k))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[kind] = button
        controls.addLayout(grid)

        voices = QHBoxLayout()
        voices.addWidget(QLabel("Voiced by"))
        self.voice_group = QButtonGroup(self)
        for voice in Voice:
            button = QPushButton(voice.label, objectName=f"voice_{voice.value}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setChecked(voice is Voice.CLIENT)
            self.voice_group.addButton(button)
            button.setProperty("voice", voice.value)
            voices.addWidget(button)
        voices.addStretch(1)
        controls.addLayout(voices)
        layout.addWidget(self.controls)

        self.entry = QFrame(objectName="marker_entry")
        self.entry.setProperty("role", "notice")
        entry_layout = QVBoxLayout(self.entry)
        self.entry_label = QLabel(objectName="marker_entry_label")
        self.text = MarkerText(objectName="marker_text")
        self.text.setPlaceholderText("A few words (Enter), or Esc to leave it at that")
        self.text.setMaxLength(500)
        self.text.returnPressed.connect(self._save_text)
        self.text.escaped.connect(self._close_entry)
        self.goal = QComboBox(objectName="marker_goal")
        self.goal.addItem("No particular goal", None)
        for goal in self._goals:
            self.goal.addItem(goal.text, goal.id)
        self.entry_voice = QComboBox(objectName="marker_voice")
        for voice in Voice:
            self.entry_voice.addItem(f"Voiced by: {voice.label.lower()}", voice.value)
        remove = QPushButton("Remove", objectName="marker_remove")
        remove.setProperty("flat", True)
        remove.clicked.connect(self.delete_current)
        entry_layout.addWidget(self.entry_label)
        entry_layout.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.goal, 1)
        row.addWidget(self.entry_voice)
        row.addWidget(remove)
        entry_layout.addLayout(row)
        self.entry.hide()
        layout.addWidget(self.entry)

        self.error = error_label("marker_error")
        self.error.hide()
        layout.addWidget(self.error)
        self.list = QListWidget(objectName="session_markers")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.itemActivated.connect(self._edit_item)
        layout.addWidget(self.list, 1)
        self.reload()

    @property
    def voice(self) -> Voice:
        checked = self.voice_group.checkedButton()
        return Voice(checked.property("voice")) if checked else Voice.CLIENT

    def toggle_voice(self) -> None:
        for button in self.voice_group.buttons():
            if not button.isChecked():
                button.setChecked(True)
                return

    def log(self, kind: MarkerKind) -> ProgressMarker | None:
        """Save the marker at once (nothing waits for the text), then offer the text field."""
        self._save_text()
        try:
            marker = self._sessions.add_marker(self._session_id, kind, voice=self.voice)
        except PracticeDeskError as error:
            self.error.setText(error.message)
            self.error.show()
            return None
        self.error.hide()
        self._append(marker)
        self._open_entry(marker)
        self.logged.emit(marker)
        return marker

    def _open_entry(self, marker: ProgressMarker) -> None:
        self.current = marker
        self.entry_label.setText(
            f"{marker.kind.label} · {marker.voice.label} — logged. What was it?"
        )
        self.text.setText(marker.text)
        self.entry_voice.setCurrentIndex(self.entry_voice.findData(marker.voice.value))
        self.goal.setVisible(marker.kind is MarkerKind.GOAL_PROGRESS and bool(self._goals))
        index = self.goal.findData(marker.goal_id)
        self.goal.setCurrentIndex(
            max(index, 0) if marker.goal_id else min(1, self.goal.count() - 1)
        )
        self.entry.show()
        self.text.setFocus()

    def _save_text(self) -> None:
        marker = self.current
        if marker is None:
            return
        goal_id = self.goal.currentData() if marker.kind is MarkerKind.GOAL_PROGRESS else None
        changed = replace(
            marker,
            text=self.text.text(),
            goal_id=goal_id,
            voice=Voice(self.entry_voice.currentData()),
        )
        if changed != marker:
            try:
                self._sessions.update_marker(changed)
            except PracticeDeskError as error:
                self.error.setText(error.message)
                self.error.show()
                return
            self.reload()
        self._close_entry()

    def _close_entry(self) -> None:
        if self.current is None:
            return
        self.current = None
        self.entry.hide()
        self.done.emit()

    def flush(self) -> None:
        self._save_text()

    def _append(self, marker: ProgressMarker) -> None:
        item = QListWidgetItem(marker_line(marker, self._local, self._single))
        item.setData(Qt.ItemDataRole.UserRole, marker)
        self.list.insertItem(0, item)  # newest first, where the eye is

    def reload(self) -> None:
        self.list.clear()
        for marker in self._sessions.markers(self._session_id):
            self._append(marker)

    def set_read_only(self, read_only: bool) -> None:
        """A signed note's markers are shown, not changed."""
        self.read_only = read_only
        self.controls.setVisible(not read_only)
        if read_only:
            self.current = None
            self.entry.hide()

    def _edit_item(self, item: QListWidgetItem) -> None:
        if self.read_only:
            return
        self._save_text()
        self._open_entry(item.data(Qt.ItemDataRole.UserRole))

    def delete_current(self) -> None:
        marker = self.current
        if marker is None:
            return
        try:
            self._sessions.delete_marker(marker.id)
        except PracticeDeskError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self.current = None
        self.entry.hide()
        self.reload()
        self.done.emit()
