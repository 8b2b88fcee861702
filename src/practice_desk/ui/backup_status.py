"""The backup line in the status bar: when the last backup was made, calmly amber when it is
old or failed, and a nudge to keep backups somewhere other than this computer."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from practice_desk.services.backups import BackupStatus
from practice_desk.ui.backup_text import error_text, last_backup_text, stale_tooltip, when_text


class BackupStatusWidget(QWidget):
    clicked = Signal()  # open Settings → Backups

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_status_area")
        self.summary = self._button("backup_status")
        self.folder_hint = self._button("backup_folder_hint")
        self.folder_hint.setText("Backups are only on this computer: choose a folder")
        self.folder_hint.setToolTip(
            "If this computer is lost, stolen or breaks, backups kept only on it go too. "
            "Choose a USB drive or a synced folder for them. Click to open the backup "
            "settings."
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(10)
        layout.addWidget(self.folder_hint)
        layout.addWidget(self.summary)

    def _button(self, name: str) -> QPushButton:
        button = QPushButton(objectName=name)
        button.setFlat(True)
        button.setProperty("statusbar", True)
        button.clicked.connect(self.clicked)
        return button

    @property
    def warning(self) -> bool:
        return bool(self.summary.property("warn"))

    def show_status(
        self,
        status: BackupStatus,
        now: datetime,
        *,
        running: bool = False,
        error: BaseException | None = None,
    ) -> None:
        self.folder_hint.setVisible(not status.folder_chosen)
        if running:
            self._set(
                "Backing up…",
                warn=False,
                tip="An encrypted backup is being written and checked. You can keep working.",
            )
        elif error is not None:
            since = (
                f" The last good one was made {when_text(status.last_at, now)}."
                if status.last_at
                else ""
            )
            self._set(
                "Backup not written: see Backups",
                warn=True,
                tip=f"{error_text(error)}{since}",
            )
        elif status.stale:
            self._set(last_backup_text(status, now), warn=True, tip=stale_tooltip(status))
        else:
            self._set(
                last_backup_text(status, now),
                warn=False,
                tip=f"Backups go to {status.folder}. Click to see them or back up now.",
            )

    def show_failure_while_locked(self, error: BaseException) -> None:
        """The backup taken at the lock failed: say so even on the lock screen."""
        self.folder_hint.hide()
        self._set("The backup at locking was not written", warn=True, tip=error_text(error))

    def _set(self, text: str, *, warn: bool, tip: str) -> None:
        self.summary.setText(text)
        self.summary.setToolTip(tip)
        if bool(self.summary.property("warn")) != warn:
            self.summary.setProperty("warn", warn)
            self.summary.style().unpolish(self.summary)
            self.summary.style().polish(self.summary)
