"""A text field that saves itself: a moment after typing pauses, at least every few seconds
while it goes on, when it loses focus, and when the practice locks. A crash loses at most the
last few seconds of typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from practice_desk.domain.errors import PracticeDeskError

IDLE_MS = 1200  # a pause in typing
LONGEST_MS = 4000  # the most typing that may wait for a save


class AutosaveText(QPlainTextEdit):
    save_failed = Signal(str)
    saved = Signal()

    def __init__(
        self,
        save: Callable[[str], object],
        name: str,
        placeholder: str = "",
        text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setPlaceholderText(placeholder)
        self.setPlainText(text)
        self.setTabChangesFocus(True)
        self._save = save
        self.dirty = False
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._longest = QTimer(self, singleShot=True, interval=LONGEST_MS)
        self._idle.timeout.connect(self.flush)
        self._longest.timeout.connect(self.flush)
        self.textChanged.connect(self._typed)

    def _typed(self) -> None:
        if self.isReadOnly():
            return
        self.dirty = True
        self._idle.start()
        if not self._longest.isActive():
            self._longest.start()

    def flush(self) -> bool:
        """Save now if anything is unsaved. False if the text could not be saved: it stays in
        the field, and the reason is shown."""
        self._idle.stop()
        self._longest.stop()
        if not self.dirty:
            return True
        try:
            self._save(self.toPlainText())
        except PracticeDeskError as error:
            self._mark_invalid(True)
            self.save_failed.emit(error.message)
            return False
        self.dirty = False
        self._mark_invalid(False)
        self.saved.emit()
        return True

    def _mark_invalid(self, invalid: bool) -> None:
        if bool(self.property("invalid")) != invalid:
            self.setProperty("invalid", invalid)
            self.style().unpolish(self)
            self.style().polish(self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)
