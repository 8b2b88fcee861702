"""Runs backup jobs one at a time, off the GUI thread.

A job carries its own copy of the key; once it has run, that copy is dropped. A job asked for
while another runs waits its turn (only the newest waits: it would back up the same practice,
later), so two backups never write at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QProgressBar, QVBoxLayout, QWidget

from practice_desk.ui.style import muted
from practice_desk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from practice_desk.services.backups import BackupJob, BackupResult


class BackupRunner(QObject):
    started = Signal()
    finished = Signal(object)  # BackupResult
    failed = Signal(object)  # the error, to be explained
    idle = Signal()  # nothing running, nothing waiting

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_runner")
        self._current: BackupJob | None = None
        self._waiting: BackupJob | None = None
        self.last_result: BackupResult | None = None

    @property
    def running(self) -> bool:
        return self._current is not None or self._waiting is not None

    def run(self, job: BackupJob) -> None:
        if self._current is not None:
            self._waiting = job
            return
        self._start(job)

    def _start(self, job: BackupJob) -> None:
        self._current = job
        self.started.emit()
        run_in_background(job.run, self._done, self._failed)

    def _done(self, result: BackupResult) -> None:
        if not shiboken6.isValid(self):  # the window went away while the job ran
            return
        self._forget_current()
        self.last_result = result
        self.finished.emit(result)
        self._next()

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._forget_current()
        self.failed.emit(error)
        self._next()

    def _forget_current(self) -> None:
        if self._current is not None:
            self._current.raw_key = b""  # the job's copy of the key goes with the job
        self._current = None

    def _next(self) -> None:
        job, self._waiting = self._waiting, None
        if job is not None:
            self._start(job)
        else:
            self.idle.emit()

    def wait(self, parent: QWidget, text: str) -> None:
        """Return once nothing runs, showing a small modal note meanwhile."""
        if not self.running:
            return
        dialog = BackupWaitDialog(text, parent)
        loop = QEventLoop()
        self.idle.connect(loop.quit)
        dialog.show()
        try:
            if self.running:
                loop.exec()
        finally:
            self.idle.disconnect(loop.quit)
            dialog.done_waiting()


class BackupWaitDialog(QDialog):
    """'Backing up before closing…': nothing to click, it goes away by itself."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("backup_wait_dialog")
        self.setWindowTitle("Backing up")
        self.setModal(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._closable = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        label = muted(text, "backup_wait_text")
        label.setProperty("role", "")
        layout.addWidget(label)
        bar = QProgressBar(objectName="backup_wait_busy")
        bar.setRange(0, 0)
        layout.addWidget(bar)
        self.setFixedWidth(380)

    def done_waiting(self) -> None:
        self._closable = True
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closable:
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)
