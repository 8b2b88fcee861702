"""Lock after a quiet spell: any key or mouse input anywhere in the app counts as activity."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from practice_desk.domain.clock import Clock
from practice_desk.domain.idle import DEFAULT_MINUTES, IdlePolicy

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, clock: Clock, check_interval_ms: int = 1000, parent: QObject | None = None):
        super().__init__(parent)
        self._clock = clock
        self._policy = IdlePolicy(clock.now(), DEFAULT_MINUTES)
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self, minutes: int) -> None:
        self._policy = IdlePolicy(self._clock.now(), minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self._policy = IdlePolicy(self._clock.now(), minutes)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def check(self) -> None:
        if self.active and self._policy.should_lock(self._clock.now()):
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._policy.touch(self._clock.now())
        return False
