"""The Practice menu's two deliberate ways for the practice to leave the vault (a package for a
designated colleague, the whole practice as plain files), and the final deletion of records
whose 30 days for bringing back are over, once after every unlock.

Kept out of main_window.py, which only builds this and hands it the menu: it follows the
window's `unlocked` and `locked` signals by itself.

Final deletion runs on the GUI thread, a moment after the open practice is on screen: it
works on the practice's own connection (a transaction, then VACUUM), which must not meet the
screens' reads and writes from another thread. With nothing due it is one small query; with
records due it takes a moment under a wait cursor. A failure is told calmly and never stands
in the way of the practice being open: the service tries again at the next unlock.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu

from practice_desk.domain.retention import UNDO_DAYS
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.retention_confirm import count_text

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice
    from practice_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

FINAL_DELETION_DELAY_MS = 150


def destroyed_text(count: int) -> str:
    were = "was" if count == 1 else "were"
    return (
        f"{count_text(count)} deleted more than {UNDO_DAYS} days ago {were} destroyed for good "
        "just now, as planned. Only the names and dates remain: see Records → Records "
        "retention."
    )


class DataActions(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.setObjectName("data_actions")
        self._window = window
        self.dialog: QDialog | None = None  # the last dialog opened here, for tests
        self.custodian_action = QAction("Package for a designated colleague…", window)
        self.custodian_action.setObjectName("custodian_action")
        self.custodian_action.triggered.connect(self.package_for_colleague)
        self.export_action = QAction("Export the whole practice (unprotected)…", window)
        self.export_action.setObjectName("whole_export_action")
        self.export_action.triggered.connect(self.export_whole_practice)
        menu.addSeparator()
        menu.addAction(self.custodian_action)
        menu.addAction(self.export_action)
        window.unlocked.connect(self._unlocked)
        window.locked.connect(lambda: self._set_enabled(False))
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        self.custodian_action.setEnabled(on)
        self.export_action.setEnabled(on)

    def _open_practice(self) -> Practice | None:
        practice = self._window.practice
        if practice is None or not practice.is_open or self._window.shell is None:
            return None
        return practice

    # --- the menu -------------------------------------------------------------------------------

    def package_for_colleague(self) -> None:
        from practice_desk.ui.custodian_dialog import open_custodian

        practice = self._open_practice()
        if practice is not None:
            self.dialog = open_custodian(self._window, practice.backups)

    def export_whole_practice(self) -> None:
        from practice_desk.ui.whole_export_dialog import open_whole_export

        practice = self._open_practice()
        if practice is not None:
            self.dialog = open_whole_export(self._window, practice)

    # --- after each unlock ----------------------------------------------------------------------

    def _unlocked(self) -> None:
        self._set_enabled(True)
        # A moment later, so the open practice is painted before any work starts.
        QTimer.singleShot(FINAL_DELETION_DELAY_MS, self, self.destroy_expired)

    def destroy_expired(self) -> int:
        """Destroy the records whose time for bringing back is over; how many were."""
        practice = self._open_practice()
        if practice is None:
            return 0
        status = self._window.status
        before = status.text()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            now = practice.clock.now()
            if any(not item.can_undo(now) for item in practice.retention.pending()):
                status.setText(f"Destroying records deleted more than {UNDO_DAYS} days ago…")
                status.repaint()
            count = practice.retention.destroy_expired()
        except Exception as error:  # told, never in the way of the open practice
            log.warning("final deletion at unlock did not run (%s)", type(error).__name__)
            self._restore(status, before)
            PROMPTS.tell_error(self._window, error)
            return 0
        self._restore(status, before)
        if count:
            PROMPTS.tell(self._window, "Records destroyed for good", destroyed_text(count))
        return count

    @staticmethod
    def _restore(status: QLabel, text: str) -> None:
        QApplication.restoreOverrideCursor()
        status.setText(text)
