"""When the files are missing, damaged or altered: say what happened and what to do.

Nothing on this screen writes to the data folder, except a restore from a backup, which the
practitioner asks for (and which moves the damaged files aside, never deletes them).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.ui.style import centered, heading, muted, primary


class DamageView(QWidget):
    quit_requested = Signal()
    retry_requested = Signal()
    restore_requested = Signal()

    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damage_view")
        self._home = home
        self.title = heading("", "damage_title")
        self.message = QLabel(objectName="damage_message")
        self.message.setWordWrap(True)
        self.advice = muted("", "damage_advice")
        self.folder = muted(f"Your data folder: {home}", "damage_folder")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore = primary(QPushButton("Restore from a backup…", objectName="damage_restore"))
        self.restore.clicked.connect(self.restore_requested)
        self.restore.hide()
        open_folder = QPushButton("Open data folder", objectName="damage_open_folder")
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._home)))
        )
        retry = QPushButton("Try again", objectName="damage_retry")
        retry.clicked.connect(self.retry_requested)
        quit_button = QPushButton("Quit", objectName="damage_quit")
        quit_button.clicked.connect(self.quit_requested)

        buttons = QHBoxLayout()
        for button in (self.restore, open_folder, retry):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        card = QVBoxLayout()
        card.addWidget(self.title)
        card.addWidget(self.message)
        card.addWidget(self.advice)
        card.addSpacing(8)
        card.addWidget(self.folder)
        card.addSpacing(12)
        card.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addWidget(centered(card, 560))

    def show_problem(self, problem: PracticeDeskError, *, restore_available: bool = False) -> None:
        self.title.setText(problem.title)
        self.message.setText(problem.message)
        self.advice.setText(problem.advice)
        self.restore.setVisible(restore_available)
