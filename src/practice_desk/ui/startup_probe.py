"""Measuring start-up: print when a widget is first on screen, then leave at once.

Off unless asked for. `practice-desk` turns it on for the unlock screen when the environment
has PRACTICE_DESK_STARTUP_PROBE=1, so the start-up benchmark times the app run from source and
the installed (frozen) app in exactly the same way. The line printed holds a timestamp only.

"On screen": an event filter notices the widget's first QEvent.Paint and schedules a zero-delay
timer. Qt paints all dirty widgets of a window and flushes its backing store in one pass, so
the timer runs once the first frame showing the widget has been handed to the platform. Then it
prints `EXPOSED <time.time_ns()> ok` (or `not-on-screen`), flushes, and leaves with os._exit,
which also ends any background thread without waiting for it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

PROBE_ENV = "PRACTICE_DESK_STARTUP_PROBE"
EXPOSED_TAG = "EXPOSED"


def wanted() -> bool:
    return os.environ.get(PROBE_ENV) == "1"


def exit_when_painted(widget: QWidget, on_screen: Callable[[], bool] | None = None) -> None:
    """Print the wall-clock time once `widget` has been painted for the first time, then exit."""

    def report() -> None:
        exposed_ns = time.time_ns()
        handle = widget.window().windowHandle()
        ok = (
            handle is not None
            and handle.isExposed()
            and widget.isVisible()
            and (on_screen is None or on_screen())
        )
        sys.stdout.write(f"{EXPOSED_TAG} {exposed_ns} {'ok' if ok else 'not-on-screen'}\n")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0 if ok else 3)

    class FirstPaint(QObject):
        fired = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.fired and event.type() == QEvent.Type.Paint:
                self.fired = True
                QTimer.singleShot(0, report)
            return False

    widget.installEventFilter(FirstPaint(widget))  # parented to the widget: lives as long
