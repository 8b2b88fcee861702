"""Lock when the computer sleeps or its screen locks, where the system tells us (best effort).

- Linux: logind's PrepareForSleep on the system bus, and the freedesktop ScreenSaver's
  ActiveChanged on the session bus (GNOME, KDE and most desktops send one of them).
- Windows: WM_POWERBROADCAST with PBT_APMSUSPEND reaches the window's native event filter.
- macOS: Qt exposes neither event; the idle lock, measured on the wall clock, locks at the
  first check after the Mac wakes if the limit passed while it slept.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QObject, Signal, Slot

log = logging.getLogger(__name__)

_WM_POWERBROADCAST = 0x0218
_PBT_APMSUSPEND = 0x0004


class SystemLockEvents(QObject):
    """Emits `lock_now` when the session is about to sleep or the screen locks."""

    lock_now = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._native_filter: _WindowsPowerFilter | None = None
        self.sources: list[str] = []

    def connect_to_system(self) -> None:
        if sys.platform.startswith("linux"):
            self._connect_dbus()
        elif sys.platform == "win32":
            from PySide6.QtCore import QCoreApplication

            self._native_filter = _WindowsPowerFilter(self.lock_now.emit)
            QCoreApplication.instance().installNativeEventFilter(self._native_filter)
            self.sources.append("windows-power")

    def _connect_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        system = QDBusConnection.systemBus()
        if system.isConnected() and system.connect(
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            self,
            "on_sleep(bool)",
        ):
            self.sources.append("logind")
        session = QDBusConnection.sessionBus()
        if session.isConnected() and session.connect(
            "",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            "ActiveChanged",
            self,
            "on_screensaver(bool)",
        ):
            self.sources.append("screensaver")
        log.info("lock on system events: %s", ", ".join(self.sources) or "none")

    @Slot(bool)
    def on_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock_now.emit()

    @Slot(bool)
    def on_screensaver(self, active: bool) -> None:
        if active:
            self.lock_now.emit()


class _WindowsPowerFilter(QAbstractNativeEventFilter):
    def __init__(self, on_suspend: Any) -> None:
        super().__init__()
        self._on_suspend = on_suspend

    def nativeEventFilter(self, event_type: Any, message: Any) -> tuple[bool, int]:
        if bytes(event_type) == b"windows_generic_MSG":
            import ctypes.wintypes

            msg = ctypes.wintypes.MSG.from_address(int(message))
            if msg.message == _WM_POWERBROADCAST and msg.wParam == _PBT_APMSUSPEND:
                self._on_suspend()
        return False, 0
