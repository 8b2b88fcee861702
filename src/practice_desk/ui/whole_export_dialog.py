"""Export the whole practice as plain, unencrypted files (to move to other software, or to keep
a readable archive), but only after the practitioner has read why that is risky and said so.

The export reads every table in one transaction on the practice's own connection, so it runs
here on the GUI thread, modally, under a wait cursor, not in a background task that could meet
other work on that connection.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.exports import WHOLE_EXPORT_WARNING, PracticeExport
from practice_desk.services.practice import Practice
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import button_row, fit_height, muted, notice, primary, subheading

TITLE = "Export the whole practice"
WHAT = (
    "Every client, contract, appointment, session note, process note, invoice and the audit "
    "trail, written as plain files: one data file (practice.json) and one spreadsheet file "
    "(.csv) per table, in a new folder inside the folder you choose. Use it to move to other "
    "software or to keep a readable archive."
)
BACKUP_INSTEAD = "For a safe copy of your practice, use a backup instead: backups are encrypted."
UNDERSTOOD = "I understand that these files are not protected"


def exported_text(result: PracticeExport) -> str:
    tables = len(result.tables)
    return (
        f"Exported {tables:,} table{'' if tables == 1 else 's'}, {result.rows:,} "
        f"row{'' if result.rows == 1 else 's'} into {result.folder}"
    )


class WholeExportDialog(QDialog):
    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whole_export_dialog")
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.setMinimumWidth(560)
        self._practice = practice
        self.exported: PracticeExport | None = None

        self.understood = QCheckBox(UNDERSTOOD, objectName="whole_export_understood")
        self.understood.toggled.connect(self._update)
        self.export_button = primary(
            QPushButton("Choose folder and export…", objectName="whole_export_button")
        )
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton("Cancel", objectName="whole_export_close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.export_button, self.close_button):
            button.setAutoDefault(False)  # Enter must never export by accident
        self.outcome = QLabel(objectName="whole_export_result")
        self.outcome.setProperty("role", "success")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        self.working = muted("Exporting… This can take a moment.", "whole_export_working")
        self.working.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(subheading("Export the whole practice, unprotected", "whole_export_head"))
        layout.addWidget(self._warning())
        what = muted(WHAT, "whole_export_what")
        what.setProperty("role", "")
        layout.addWidget(what)
        layout.addWidget(muted(BACKUP_INSTEAD, "whole_export_backup_note"))
        layout.addSpacing(4)
        layout.addWidget(self.understood)
        layout.addWidget(self.working)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.close_button, self.export_button))
        self._update()

    def _warning(self) -> QFrame:
        frame = notice(WHOLE_EXPORT_WARNING, "whole_export_warning", "whole_export_warning_text")
        frame.findChild(QLabel).setStyleSheet("font-weight: 600; color: #7a4b00;")
        frame.layout().setContentsMargins(10, 8, 10, 8)
        return frame

    def _update(self) -> None:
        self.export_button.setEnabled(self.understood.isChecked() and self.exported is None)

    def export(self) -> None:
        if not self.export_button.isEnabled():
            return
        folder = PROMPTS.ask_folder(self, "Choose where the export folder goes", None)
        if folder is None:
            return
        self._run(folder)

    def _run(self, folder: Path) -> None:
        self.export_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.understood.setEnabled(False)
        self.working.show()
        self.repaint()  # the note shows before the GUI thread gets busy
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self._practice.exports.whole_practice(
                folder, understood_unprotected=self.understood.isChecked()
            )
        except (PracticeDeskError, OSError) as error:
            QApplication.restoreOverrideCursor()
            self.working.hide()
            self.close_button.setEnabled(True)
            self.understood.setEnabled(True)
            self._update()
            PROMPTS.tell_error(self, error)  # nothing is left behind; try again elsewhere
            return
        QApplication.restoreOverrideCursor()
        self.exported = result
        self.working.hide()
        self.understood.hide()
        self.export_button.hide()
        self.outcome.setText(
            f"{exported_text(result)}.\n\nDelete the folder when you no longer need it."
        )
        self.outcome.show()
        self.close_button.setText("Close")
        self.close_button.setEnabled(True)
        self.close_button.setDefault(True)
        fit_height(self)


def open_whole_export(parent: QWidget, practice: Practice) -> WholeExportDialog:
    dialog = WholeExportDialog(practice, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
