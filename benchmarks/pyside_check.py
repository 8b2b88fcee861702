"""A check shared by the benchmarks that drive Qt widgets."""

from __future__ import annotations

import sys


def none_lost_per_call() -> int:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a void method;
    before Python 3.12 None is not immortal, so the interpreter aborts after a few thousand
    calls ("none_dealloc"). pyproject excludes that build; this catches a venv that has it."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("")
    return round((before - sys.getrefcount(None)) / 100)


def quiet_offscreen_warning() -> None:
    """The offscreen platform warns on every top-level show(); let other messages through."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if message != "This plugin does not support propagateSizeHints()":
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)
