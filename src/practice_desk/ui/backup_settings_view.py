"""Settings → Backups: where backups go, how many are kept, "Back up now", the backups found,
and the ways to check one or restore from one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.backup_rotation import KeepPolicy
from practice_desk.services.backups import BackupResult
from practice_desk.services.practice import Practice
from practice_desk.ui.backup_keeper import BackupKeeper
from practice_desk.ui.backup_list import BackupList
from practice_desk.ui.backup_text import (
    error_text,
    moment_text,
    size_text,
    when_text,
)
from practice_desk.ui.custodian_dialog import open_custodian
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import error_label, muted, primary, subheading

# Each count, its most, and the words after its box.
_KEEP = {"daily": (60, "days,"), "weekly": (52, "weeks and"), "monthly": (120, "months")}


class BackupSettingsView(QWidget):
    def __init__(
        self, practice: Practice, keeper: BackupKeeper, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backup_settings")
        self._backups = practice.backups
        self._clock = practice.clock
        self._keeper = keeper

        self.folder = QLabel(objectName="backup_folder")
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_note = muted("", "backup_folder_note")
        self.choose_folder = QPushButton("Choose folder…", objectName="backup_choose_folder")
        self.choose_folder.clicked.connect(self._choose_folder)
        self.local_only = QPushButton(
            "Keep them only on this computer", objectName="backup_local_only"
        )
        self.local_only.clicked.connect(self._keep_local)

        self.keep: dict[str, QSpinBox] = {}
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("Keep one backup for each of the last"))
        for name, (most, after) in _KEEP.items():
            box = QSpinBox(objectName=f"backup_keep_{name}")
            box.setRange(0, most)
            box.setFixedWidth(72)
            keep_row.addWidget(box)
            keep_row.addWidget(QLabel(after))
            self.keep[name] = box
        keep_row.addStretch(1)

        self.back_up_now = primary(QPushButton("Back up now", objectName="backup_now"))
        self.back_up_now.clicked.connect(lambda: self._keeper.back_up("manual"))
        self.result = QLabel(objectName="backup_result")
        self.result.setWordWrap(True)
        self.error = error_label("backup_error")
        self.error.hide()

        self.found = BackupList("backup_list", choosing=False)
        self.found.setFixedHeight(170)
        self.found_heading = muted("", "backup_list_heading")
        self.found_heading.setContentsMargins(0, 6, 0, 0)
        check = QPushButton("Check a backup…", objectName="backup_check")
        check.clicked.connect(self._keeper.check_requested)
        restore = QPushButton("Restore from a backup…", objectName="backup_restore")
        restore.clicked.connect(self._keeper.restore_requested)
        colleague = QPushButton(
            "Package for a designated colleague…", objectName="backup_custodian"
        )
        colleague.setToolTip("An encrypted copy that a colleague can open if you cannot")
        colleague.clicked.connect(lambda: open_custodian(self, self._backups))

        folder_buttons = QHBoxLayout()
        folder_buttons.addWidget(self.choose_folder)
        folder_buttons.addWidget(self.local_only)
        folder_buttons.addStretch(1)
        now_row = QHBoxLayout()
        now_row.addWidget(self.result, 1)
        now_row.addWidget(self.back_up_now, alignment=Qt.AlignmentFlag.AlignTop)
        other_buttons = QHBoxLayout()
        other_buttons.addWidget(check)
        other_buttons.addWidget(restore)
        other_buttons.addWidget(colleague)
        other_buttons.addStretch(1)

        where = QGridLayout()
        where.setColumnStretch(1, 1)
        where.addWidget(QLabel("Backups go to"), 0, 0, Qt.AlignmentFlag.AlignTop)
        where.addWidget(self.folder, 0, 1)
        where.addWidget(self.folder_note, 1, 1)
        where.addLayout(folder_buttons, 2, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(subheading("Backups", "backup_heading"))
        layout.addWidget(
            muted(
                "Practice Desk writes an encrypted backup when you lock it, when you quit and "
                "once a day while it is open, and checks each one after writing it. A backup "
                "opens only with the passphrase or recovery code that was valid on the day it "
                "was made."
            )
        )
        layout.addSpacing(4)
        layout.addLayout(where)
        layout.addSpacing(6)
        layout.addLayout(keep_row)
        layout.addWidget(
            muted(
                "Older backups are removed from the folder; the newest is always kept.",
                "backup_keep_note",
            )
        )
        layout.addSpacing(6)
        layout.addLayout(now_row)
        layout.addWidget(self.error)
        layout.addWidget(self.found_heading)
        layout.addWidget(self.found)
        layout.addLayout(other_buttons)

        self.load()
        self._show_last()
        for box in self.keep.values():
            box.valueChanged.connect(self._keep_edited)
        keeper.runner.started.connect(self._started)
        keeper.runner.finished.connect(self._finished)
        keeper.runner.failed.connect(self._failed)
        if keeper.runner.running:
            self._started()

    # --- showing -------------------------------------------------------------------------------

    def load(self) -> None:
        settings, status = self._backups.settings, self._backups.status()
        if status.folder_chosen:
            self.folder.setText(str(status.folder))
            self.folder_note.setText(
                "Keep this drive plugged in, or this folder synced. When it can't be reached, "
                "no backup is written and the status bar says so."
            )
        else:
            self.folder.setText("Only on this computer, in Practice Desk's data folder")
            self.folder_note.setText(
                "If this computer is lost, stolen or breaks, these backups go with it. Choose "
                "a USB drive or a synced folder, so a copy lives somewhere else."
            )
        self.folder.setToolTip(str(status.folder))
        self.local_only.setVisible(status.folder_chosen)
        for name, box in self.keep.items():
            box.blockSignals(True)
            box.setValue(getattr(settings.keep, name))
            box.blockSignals(False)
        self._load_found()

    def _show_last(self) -> None:
        status = self._backups.status()
        if status.last_at is None:
            self.result.setText("No backup has been written yet.")
        else:
            self.result.setText(f"Last backup: {when_text(status.last_at, self._clock.now())}.")

    def _load_found(self) -> None:
        self.found.clear()
        found = self._backups.found()
        self.found_heading.setText(
            f"Backups in this folder ({len(found)})" if found else "Backups in this folder"
        )
        if not found:
            self.found.show_empty("No backups in this folder yet.")
        for backup in found:
            self.found.add(backup.path, moment_text(backup.created_at))

    # --- backing up ----------------------------------------------------------------------------

    def _started(self) -> None:
        self.back_up_now.setEnabled(False)
        self.error.hide()
        self.result.setText("Backing up… You can keep working meanwhile.")

    def _finished(self, result: BackupResult) -> None:
        self.back_up_now.setEnabled(True)
        self.error.hide()
        self.result.setText(
            f"Backup written and checked: {result.path.name}, {size_text(result.size)}."
        )
        self.load()

    def _failed(self, error: BaseException) -> None:
        self.back_up_now.setEnabled(True)
        self.result.setText("The backup was not written.")
        self.error.setText(error_text(error))
        self.error.show()
        self._load_found()

    # --- settings ------------------------------------------------------------------------------

    def _choose_folder(self) -> None:
        status = self._backups.status()
        chosen = PROMPTS.ask_folder(
            self, "Choose a folder for backups", status.folder if status.folder_chosen else None
        )
        if chosen is None:
            return
        try:
            self._backups.choose_folder(chosen)
        except Exception as error:  # told plainly; nothing changed
            PROMPTS.tell_error(self, error)
            return
        self.error.hide()
        self.load()
        self._keeper.refresh()
        self._keeper.back_up("manual")  # the first backup there shows at once that it works

    def _keep_local(self) -> None:
        self._backups.choose_folder(None)
        self.error.hide()
        self.load()
        self._keeper.refresh()

    def _keep_edited(self) -> None:
        policy = KeepPolicy(*(box.value() for box in self.keep.values()))
        self._backups.set_keep(policy)
