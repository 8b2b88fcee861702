"""The composition root: builds the clock, the vault, the keychain offer and the window."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="practice-desk")
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway demonstration practice"
    )
    parser.add_argument("--home", help="use this data folder instead of the usual one")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check that this installation works, with a throwaway practice, and exit",
    )
    return parser.parse_args(argv)


def _close_on_termination(window: QWidget) -> None:
    """A log-out or `kill` closes the window the normal way: locked, database closed cleanly.

    Python runs signal handlers only between bytecodes, so a light timer gives it the chance
    while Qt's event loop waits.
    """
    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: window.close())
    heartbeat = QTimer(window)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(300)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from practice_desk.safe_files import restrict_new_files

    restrict_new_files()
    # Log levels and module names only: no message in this app carries client data.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.self_check:
        from practice_desk.self_check import run

        return run()

    from PySide6.QtWidgets import QApplication

    from practice_desk import APP_NAME
    from practice_desk.domain.clock import SystemClock
    from practice_desk.services.locations import VaultFiles, default_home
    from practice_desk.services.vault import Vault
    from practice_desk.ui import startup_probe
    from practice_desk.ui.main_window import MainWindow
    from practice_desk.ui.style import STYLESHEET, app_icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    # Matches the installed .desktop entry, so Linux desktops show its icon and name.
    app.setDesktopFileName("practice-desk")
    app.setWindowIcon(app_icon())
    app.setStyleSheet(STYLESHEET)
    clock = SystemClock()

    demo = None
    if args.demo:
        from practice_desk.services.demo import create_demo_practice

        demo = create_demo_practice(clock)
        vault = demo.vault
    else:
        home = Path(args.home) if args.home else default_home()
        vault = Vault(VaultFiles(home), clock)

    window = MainWindow(vault, clock, demo_passphrase=demo.passphrase if demo else "")
    if startup_probe.wanted():
        view = window.unlock_view
        startup_probe.exit_when_painted(view, lambda: window.stack.currentWidget() is view)
    window.resize(1100, 720)
    window.show()
    window.start()
    _close_on_termination(window)
    try:
        return app.exec()
    finally:
        if demo is not None:
            demo.discard()
