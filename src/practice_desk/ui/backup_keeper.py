"""Automatic backups while the window runs: at every lock, before quitting, once a day while the
practice is open, and "Back up now". Failures never interrupt a session with a dialog: the
status bar turns amber and says what happened, and stays so until a backup succeeds.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from practice_desk.domain.clock import Clock
from practice_desk.ui.backup_runner import BackupRunner
from practice_desk.ui.backup_status import BackupStatusWidget
from practice_desk.ui.backup_text import error_text
from practice_desk.ui.prompts import PROMPTS

if TYPE_CHECKING:
    from practice_desk.services.backups import BackupJob, BackupResult, BackupStatus
    from practice_desk.services.practice import Practice

log = logging.getLogger(__name__)

DAILY_CHECK_MS = 10 * 60_000
REFRESH_MS = 60_000


class BackupKeeper(QObject):
    settings_requested = Signal()  # the status bar was clicked: show Settings → Backups
    check_requested = Signal()
    restore_requested = Signal()

    def __init__(
        self,
        clock: Clock,
        parent: QObject | None = None,
        *,
        daily_check_ms: int = DAILY_CHECK_MS,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backup_keeper")
        self._clock = clock
        self._practice: Practice | None = None
        self._paused = False
        self.last_error: BaseException | None = None
        self.runner = BackupRunner(self)
        self.runner.started.connect(self.refresh)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.status_widget = BackupStatusWidget()
        self.status_widget.clicked.connect(self.settings_requested)
        self.status_widget.hide()
        self._refresh_timer = QTimer(self, interval=refresh_ms)
        self._refresh_timer.timeout.connect(self.refresh)
        self._daily_timer = QTimer(self, interval=daily_check_ms)
        self._daily_timer.timeout.connect(self.back_up_if_due)

    # --- the open practice ----------------------------------------------------------------------

    @property
    def practice(self) -> Practice | None:
        practice = self._practice
        return practice if practice is not None and practice.is_open else None

    def attach(self, practice: Practice) -> None:
        self._practice = practice
        self._paused = False
        self.status_widget.show()
        self._refresh_timer.start()
        self._daily_timer.start()
        self.refresh()

    def detach(self) -> None:
        self._practice = None
        self._refresh_timer.stop()
        self._daily_timer.stop()
        self._show_locked()

    def status(self) -> BackupStatus | None:
        practice = self.practice
        return practice.backups.status() if practice is not None else None

    def refresh(self) -> None:
        status = self.status()
        if status is None:
            self._show_locked()
            return
        self.status_widget.show_status(
            status, self._clock.now(), running=self.runner.running, error=self.last_error
        )

    def _show_locked(self) -> None:
        if self.last_error is not None:
            self.status_widget.show_failure_while_locked(self.last_error)
            self.status_widget.show()
        else:
            self.status_widget.hide()

    # --- running backups ------------------------------------------------------------------------

    def prepare(self, reason: str) -> BackupJob | None:
        """A job holding its own copy of the key: prepare it before the practice closes."""
        practice = self.practice
        if practice is None:
            return None
        try:
            return practice.backups.prepare(reason)
        except Exception as error:  # explained in the status bar, never raised
            self._failed(error)
            return None

    def run(self, job: BackupJob | None) -> None:
        if job is not None:
            self.runner.run(job)

    def back_up(self, reason: str = "manual") -> None:
        self.run(self.prepare(reason))

    def back_up_if_due(self) -> None:
        """The daily backup: quietly, in the background, even during a session."""
        if self._paused or self.runner.running:
            return
        status = self.status()
        if status is not None and status.due:
            self.back_up("daily")

    def pause(self) -> None:
        """No automatic backup while a restore replaces the practice."""
        self._paused = True
        self._daily_timer.stop()

    def resume(self) -> None:
        self._paused = False
        if self.practice is not None:
            self._daily_timer.start()

    def _finished(self, _result: BackupResult) -> None:
        self.last_error = None
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        log.warning("a backup was not written (%s)", type(error).__name__)
        self.last_error = error
        self.refresh()

    # --- quitting -------------------------------------------------------------------------------

    def back_up_before_quit(self, parent: QWidget) -> bool:
        """Back up, then say whether the window may close: after a failure, only if the
        practitioner says so plainly (Enter means no)."""
        practice_open = self.practice is not None
        self.runner.wait(parent, "Finishing the backup in progress…")
        if not practice_open:
            return True  # locked: its backup was taken at the lock
        job = self.prepare("quit")
        if job is not None:
            self.runner.run(job)
            self.runner.wait(parent, "Backing up before closing…")
        if self.last_error is None:
            return True
        return PROMPTS.confirm(
            parent,
            "Quit without a backup?",
            f"The backup before closing was not written.\n\n{error_text(self.last_error)}\n\n"
            "Your practice itself is safe on this computer. Quit anyway, without today's "
            "backup?",
            "Quit without a backup",
            no_label="Don't quit",
            cautious=True,
        )
