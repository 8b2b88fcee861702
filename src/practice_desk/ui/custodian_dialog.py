"""A package for a designated colleague (a professional will): an encrypted copy of the practice
that a colleague can open if the practitioner cannot, and printed instructions carrying its
access code.

Writing it is a backup (seconds), so it runs in the background behind a busy note. The access
code is shown once, to check against the printout, and wiped from the dialog when it closes.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.services.backups import Backups
from practice_desk.services.custodian import COLLEAGUE_MAX, CustodianPackage
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import fit_height, muted, primary, subheading
from practice_desk.ui.tasks import run_in_background

TITLE = "Package for a designated colleague"
WHY = (
    "If you fall ill or die, someone has to tell your clients and look after their records. "
    "This package lets a colleague you trust open your records if you cannot."
)
HOW = (
    "The package is an encrypted copy of your whole practice as it is today. It opens only "
    "with its own access code, which is printed on the instructions page written beside it. "
    "Your passphrase and your recovery code are not in it and stay yours alone."
)
APART = (
    "Keep the package and the printed instructions apart: for example, the package with your "
    "colleague, and the instructions in a sealed envelope with your will or your solicitor. "
    "Whoever has both can read every record."
)
RENEW = "Make a new package now and then: it holds your records only as they are today."
CODE_NOTE = (
    "This is the package's access code. It is printed in the instructions; check that the "
    "printout shows the same. Practice Desk does not keep it, and shows it only now."
)
_CODE_STYLE = (
    'font-family: "DejaVu Sans Mono", monospace; font-size: 18pt; letter-spacing: 1px; '
    "background: white; border: 1px solid #cbd2d9; border-radius: 6px; padding: 14px;"
)


def open_file(path: Path) -> bool:
    """Open a file with the computer's own program for it (a PDF viewer, to print from)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class CustodianDialog(QDialog):
    def __init__(self, backups: Backups, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("custodian_dialog")
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.setMinimumWidth(580)
        self._backups = backups
        self.busy = False
        self.package: CustodianPackage | None = None

        # One page at a time; the dialog fits the one shown (a stack would keep the taller).
        self.form_page = self._form_page()
        self.done_page = self._done_page()
        self.done_page.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.form_page)
        layout.addWidget(self.done_page)

    @property
    def showing_code(self) -> bool:
        return self.done_page.isVisibleTo(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    # --- the form -----------------------------------------------------------------------------

    def _form_page(self) -> QWidget:
        page = QWidget(objectName="custodian_form")
        self.colleague = QLineEdit(objectName="custodian_colleague")
        self.colleague.setMaxLength(COLLEAGUE_MAX)  # the service checks again, with a message
        self.colleague.setPlaceholderText("e.g. Dr. Ada Okafor (optional)")
        self.write_button = primary(
            QPushButton("Choose folder and write…", objectName="custodian_write")
        )
        self.write_button.clicked.connect(self.write)
        self.cancel_button = QPushButton("Cancel", objectName="custodian_cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setAutoDefault(False)
        self.write_button.setDefault(True)
        self.progress = QProgressBar(objectName="custodian_busy")
        self.progress.setRange(0, 0)
        self.progress_text = muted(
            "Writing and checking the package… This takes a few seconds.", "custodian_busy_text"
        )
        for widget in (self.progress, self.progress_text):
            widget.hide()

        form = QFormLayout()
        form.addRow("Colleague's name", self.colleague)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.write_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(subheading("A package for your designated colleague", "custodian_head"))
        why = muted(WHY, "custodian_why")
        why.setProperty("role", "")
        layout.addWidget(why)
        layout.addWidget(muted(HOW, "custodian_how"))
        layout.addWidget(muted(APART, "custodian_apart"))
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(
            muted(
                "Printed on the instructions, so the right person is named.", "custodian_name_note"
            )
        )
        layout.addWidget(self.progress_text)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def write(self) -> None:
        if self.busy:
            return
        folder = PROMPTS.ask_folder(self, "Choose a folder for the package", None)
        if folder is None:
            return
        backups, colleague = self._backups, self.colleague.text()
        self._set_busy(True)
        run_in_background(
            lambda: backups.write_custodian_package(folder, colleague),
            self._written,
            self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.progress, self.progress_text):
            widget.setVisible(busy)
        for widget in (self.write_button, self.cancel_button, self.colleague):
            widget.setEnabled(not busy)
        fit_height(self)

    def _written(self, package: CustodianPackage) -> None:
        # Closed meanwhile (by a lock, say): the package is written all the same, and its
        # code is in the printed instructions; nothing is shown on a closed dialog.
        if not shiboken6.isValid(self) or not self.isVisible():
            return
        self._set_busy(False)
        self.package = package
        self.code.setText(package.formatted_code)
        self.where.setText(
            f"Written to {package.package.parent}:\n"
            f"•  {package.package.name}: the encrypted package, for your colleague\n"
            f"•  {package.instructions.name}: the instructions to print"
        )
        self.form_page.hide()
        self.done_page.show()
        fit_height(self)
        self.close_button.setFocus()

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self) or not self.isVisible():
            return
        self._set_busy(False)
        PROMPTS.tell_error(self, error)

    # --- the result ---------------------------------------------------------------------------

    def _done_page(self) -> QWidget:
        page = QWidget(objectName="custodian_done")
        self.code = QLabel(objectName="custodian_code")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code.setStyleSheet(_CODE_STYLE)
        self.where = QLabel(objectName="custodian_where")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(
            "Open the instructions to print", objectName="custodian_open"
        )
        self.open_button.clicked.connect(self.open_instructions)
        self.close_button = primary(QPushButton("Done", objectName="custodian_close"))
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(subheading("The package is written and checked", "custodian_done_head"))
        layout.addWidget(self.where)
        layout.addWidget(muted(CODE_NOTE, "custodian_code_note"))
        layout.addWidget(self.code)
        layout.addWidget(muted(APART, "custodian_apart_again"))
        layout.addWidget(muted(RENEW, "custodian_renew"))
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def open_instructions(self) -> None:
        if self.package is None:
            return
        if not open_file(self.package.instructions):
            PROMPTS.tell(
                self,
                "The instructions could not be opened",
                f"No program on this computer opened the PDF. It is here, to print from "
                f"another program:\n\n{self.package.instructions}",
            )

    # --- closing ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.busy and event.key() == Qt.Key.Key_Escape:
            return  # the package is being written; it finishes in seconds
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self.code.clear()  # shown once; not kept in a dialog that may linger
        self.colleague.clear()
        super().done(result)


def open_custodian(parent: QWidget, backups: Backups) -> CustodianDialog:
    """From the Practice menu or Settings → Backups; opened without blocking."""
    dialog = CustodianDialog(backups, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
