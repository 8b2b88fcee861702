"""Choosing a backup, then checking it or restoring the practice from it.

Both dialogs look alike: the backups found (or any file), what the chosen one says about itself,
and one field for the passphrase or the recovery code that was valid on the day it was made.
The slow part (Argon2id, reading the whole backup) runs off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.backup_errors import BackupOfAnotherPractice
from practice_desk.services.vault import Vault
from practice_desk.ui.backup_list import BackupList
from practice_desk.ui.backup_text import error_text, moment_text
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import error_label, heading, muted, primary
from practice_desk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from practice_desk.services.backups import FoundBackup
    from practice_desk.services.practice import Practice
    from practice_desk.services.restore import BackupInfo, Restored, VerifiedBackup
    from practice_desk.ui.backup_runner import BackupRunner

FILTERS = "Practice Desk backups (*.pdbackup);;All files (*)"


def counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class BackupDialog(QDialog):
    """The shared part: choose a backup, see what it is, type that day's secret."""

    action_label = ""
    busy_text = ""

    def __init__(
        self,
        vault: Vault,
        found: list[FoundBackup],
        *,
        title: str,
        explanation: str,
        start_folder: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._vault = vault
        self._start_folder = start_folder
        self._info: BackupInfo | None = None
        self._looking_at: Path | None = None
        self._busy = False

        self.choices = BackupList("backup_choices", choosing=True)
        self.choices.setFixedHeight(176)
        for backup in found:
            self.choices.add(backup.path, moment_text(backup.created_at))
        if not found:
            self.choices.show_empty("No backups were found in the backup folder.")
        self.choices.currentItemChanged.connect(self._choice_changed)
        self.choose_file = QPushButton("Choose a file…", objectName="backup_choose_file")
        self.choose_file.clicked.connect(self._choose_file)

        self.info = muted("Choose a backup.", "backup_info")
        self.info.setProperty("role", "")
        self.secret = QLineEdit(objectName="backup_secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("Passphrase or recovery code from that day")
        self.secret.textChanged.connect(self._refresh)
        self.secret.returnPressed.connect(self._act)
        self.show_secret = QCheckBox("Show what I type", objectName="backup_show_secret")
        self.show_secret.toggled.connect(
            lambda on: self.secret.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.message = error_label("backup_message")
        self.outcome = QLabel(objectName="backup_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setProperty("role", "success")
        self.outcome.hide()
        self.busy = QProgressBar(objectName="backup_busy")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.busy_label = muted("", "backup_busy_text")
        self.busy_label.hide()

        self.close_button = QPushButton("Cancel", objectName="backup_dialog_close")
        self.close_button.clicked.connect(self.reject)
        self.action = primary(QPushButton(self.action_label, objectName="backup_dialog_action"))
        self.action.clicked.connect(self._act)

        choice_row = QHBoxLayout()
        choice_row.addStretch(1)
        choice_row.addWidget(self.choose_file)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.show_secret)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.action)

        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(28, 24, 28, 20)
        self.body.setSpacing(8)
        self.body.addWidget(heading(title, "backup_dialog_title"))
        self.explanation = muted(explanation, "backup_dialog_explanation")
        self.explanation_box = QFrame(objectName="backup_dialog_notice")
        notice = QVBoxLayout(self.explanation_box)
        notice.setContentsMargins(0, 0, 0, 0)
        notice.addWidget(self.explanation)
        self.body.addWidget(self.explanation_box)
        self.body.addSpacing(6)
        self.body.addWidget(QLabel("Backup"))
        self.body.addWidget(self.choices)
        self.body.addLayout(choice_row)
        self.body.addWidget(self.info)
        self.body.addSpacing(6)
        secret_label = QLabel("Passphrase or recovery code from that day")
        secret_label.setBuddy(self.secret)
        self.body.addWidget(secret_label)
        self.body.addLayout(secret_row)
        # One place for what happens next, always the same size: the dialog never jumps.
        feedback = QWidget(objectName="backup_feedback")
        feedback.setFixedHeight(92)
        feedback_layout = QVBoxLayout(feedback)
        feedback_layout.setContentsMargins(0, 4, 0, 0)
        for widget in (self.message, self.outcome, self.busy_label, self.busy):
            feedback_layout.addWidget(widget)
        feedback_layout.addStretch(1)
        self.body.addWidget(feedback)
        self.body.addSpacing(6)
        self.body.addLayout(buttons)
        self.setFixedWidth(600)

        if found:
            self.choices.setCurrentItem(self.choices.topLevelItem(0))
        self._refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Everything that changes has a fixed place, so the dialog keeps one size: the height
        its wrapped texts need at its width (Qt alone may squeeze them)."""
        super().showEvent(event)
        self.layout().activate()
        self.setFixedHeight(self.layout().totalHeightForWidth(self.width()))

    # --- choosing ------------------------------------------------------------------------------

    @property
    def chosen(self) -> Path | None:
        return self.choices.path_of(self.choices.currentItem())

    def choose(self, path: Path) -> None:
        """Show `path` at the top of the list and look at it."""
        if not self.choices.select_path(path):
            self.choices.setCurrentItem(self.choices.add(path, path.name, first=True))

    def _choose_file(self) -> None:
        chosen = PROMPTS.ask_open_path(self, "Choose a backup", self._start_folder, FILTERS)
        if chosen is not None:
            self.choose(chosen)

    def _choice_changed(self) -> None:
        self._info = None
        self.message.clear()
        self.outcome.hide()
        path = self.chosen
        self._looking_at = path
        if path is None:
            self.info.setText("Choose a backup.")
            self._refresh()
            return
        self.info.setText("Reading the backup…")
        vault = self._vault
        run_in_background(
            lambda: vault.inspect_backup(path),
            lambda info: self._inspected(path, info),
            lambda error: self._inspect_failed(path, error),
        )
        self._refresh()

    def _inspected(self, path: Path, info: BackupInfo) -> None:
        if not shiboken6.isValid(self) or path != self._looking_at:
            return  # another backup was chosen meanwhile
        self._info = info
        self.info.setText(
            f"Made on {moment_text(info.created_at)}, by Practice Desk {info.app_version}."
        )
        self._refresh()

    def _inspect_failed(self, path: Path, error: BaseException) -> None:
        if not shiboken6.isValid(self) or path != self._looking_at:
            return
        self.info.setText("This backup can't be used.")
        self.message.setText(error_text(error))
        self._refresh()

    # --- acting --------------------------------------------------------------------------------

    def _refresh(self) -> None:
        ready = self._info is not None and bool(self.secret.text()) and not self._busy
        self.action.setEnabled(ready)
        for widget in (self.choices, self.choose_file, self.secret, self.show_secret):
            widget.setEnabled(not self._busy)
        self.close_button.setEnabled(not self._busy)

    def _act(self) -> None:
        if self.action.isEnabled():
            self.act()

    def act(self) -> None:
        raise NotImplementedError

    def set_busy(self, text: str) -> None:
        self._busy = bool(text)
        self.busy.setVisible(self._busy)
        self.busy_label.setText(text)
        self.busy_label.setVisible(self._busy)
        if self._busy:
            self.message.clear()
            self.outcome.hide()
        self._refresh()

    def show_failure(self, error: BaseException) -> None:
        self.set_busy("")
        self.secret.selectAll()
        self.secret.setFocus()
        if isinstance(error, PracticeDeskError):
            self.message.setText(error_text(error))
        else:
            PROMPTS.tell_error(self, error)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
        else:
            super().closeEvent(event)


class CheckBackupDialog(BackupDialog):
    """Open a backup with that day's secret and read all of it; nothing is changed."""

    action_label = "Check"

    def __init__(
        self,
        vault: Vault,
        found: list[FoundBackup],
        *,
        start_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            vault,
            found,
            title="Check a backup",
            explanation=(
                "Checking opens the backup with the passphrase or recovery code from the day "
                "it was made and reads every part of it, as a restore would. Nothing is "
                "changed."
            ),
            start_folder=start_folder,
            parent=parent,
        )
        self.setObjectName("check_backup_dialog")
        self.close_button.setText("Close")

    def act(self) -> None:
        path, secret, vault = self.chosen, self.secret.text(), self._vault
        if path is None or not secret:
            return
        self.set_busy("Checking the backup… this takes a few seconds.")
        run_in_background(lambda: vault.verify_backup(path, secret), self._checked, self._failed)

    def _checked(self, verified: VerifiedBackup) -> None:
        if not shiboken6.isValid(self):
            return
        self.set_busy("")
        self.secret.clear()
        tables = verified.tables
        self.outcome.setText(
            "This backup is complete and opens correctly: "
            f"{counted(tables.get('clients', 0), 'client')}, "
            f"{counted(tables.get('sessions', 0), 'session')}."
        )
        self.outcome.show()

    def _failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self.show_failure(error)


class RestoreDialog(BackupDialog):
    """Replace the practice with a backup. The window pauses around it: `starting` comes just
    before the practice may be closed, then `restored` or `abandoned`."""

    action_label = "Restore"
    starting = Signal()
    restored = Signal(object)  # Restored
    abandoned = Signal()

    def __init__(
        self,
        vault: Vault,
        found: list[FoundBackup],
        *,
        current: Practice | None = None,
        runner: BackupRunner | None = None,
        start_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        kept = (
            "The practice as it is now is kept as a safety copy first."
            if current is not None
            else "Whatever is in the data folder now is moved aside first, never deleted."
        )
        super().__init__(
            vault,
            found,
            title="Restore from a backup",
            explanation=f"Your practice will be replaced by this backup. {kept}",
            start_folder=start_folder,
            parent=parent,
        )
        self.setObjectName("restore_dialog")
        self.explanation.setProperty("role", "")  # the main text here, in a notice
        self.explanation_box.setProperty("role", "notice")
        self._current = current
        self._runner = runner
        self._started = False

    def act(self) -> None:
        if self.chosen is None or not self.secret.text() or self._info is None:
            return
        if not PROMPTS.confirm(
            self,
            "Replace your practice?",
            f"Your practice will be replaced by the backup made on "
            f"{moment_text(self._info.created_at)}. Anything written since then will no "
            "longer be in it.\n\n"
            + (
                "The practice as it is now is kept as a safety copy first."
                if self._current is not None
                else "The files in the data folder now are moved aside first, never deleted."
            ),
            "Restore",
            cautious=True,
        ):
            return
        self._restore(replace_other=False)

    def _restore(self, *, replace_other: bool) -> None:
        runner = self._runner
        if runner is not None and runner.running:
            self.set_busy("Waiting for the backup in progress to finish…")

            def when_idle() -> None:
                runner.idle.disconnect(when_idle)
                if shiboken6.isValid(self):
                    self._restore(replace_other=replace_other)

            runner.idle.connect(when_idle)
            return
        if not self._started:
            self._started = True
            self.starting.emit()
        self.set_busy("Restoring your practice… this takes a few seconds.")
        vault, path, secret, current = self._vault, self.chosen, self.secret.text(), self._current
        assert path is not None
        run_in_background(
            lambda: vault.restore(
                path, secret, current=current, replace_other_practice=replace_other
            ),
            self._done,
            self._failed,
        )

    def _done(self, restored: Restored) -> None:
        if not shiboken6.isValid(self):  # the window went away meanwhile: leave it locked
            restored.practice.close()
            return
        self.set_busy("")
        self.secret.clear()
        self.restored.emit(restored)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(error, BackupOfAnotherPractice) and PROMPTS.confirm(
            self,
            "A different practice",
            "This backup belongs to a different practice from the one in this folder.\n\n"
            "Replace the practice in this folder with it? The practice here now is kept "
            "first (as a safety copy, and its files are moved aside), never deleted.",
            "Replace it",
            cautious=True,
        ):
            self._restore(replace_other=True)
            return
        self._started = False
        self.show_failure(error)
        self.abandoned.emit()
