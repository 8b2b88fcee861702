"""Before a PDF leaves the practice: protect it with a password, or knowingly don't.

The answer keeps three outcomes apart (protect with this password, save without one, cancel)
so no caller can mistake "no password" for "never mind".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.services.documents import MIN_PASSWORD_LENGTH
from practice_desk.ui.style import muted, primary, subheading

WHY_PROTECT = (
    "Anyone who gets hold of an unprotected PDF can read it. Protect it with a password you "
    "share with the recipient separately (not in the same e-mail)."
)


class PdfChoice(enum.Enum):
    PROTECTED = "protected"
    UNPROTECTED = "unprotected"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PdfPassword:
    """The practitioner's answer. `password` is set only for PROTECTED."""

    choice: PdfChoice
    password: str = field(default="", repr=False)  # kept out of reprs, logs and tracebacks

    @classmethod
    def protect(cls, password: str) -> PdfPassword:
        return cls(PdfChoice.PROTECTED, password)

    @classmethod
    def unprotected(cls) -> PdfPassword:
        return cls(PdfChoice.UNPROTECTED)

    @classmethod
    def cancelled(cls) -> PdfPassword:
        return cls(PdfChoice.CANCELLED)


def password_hint(password: str, repeat: str) -> tuple[str, bool]:
    """What to tell the practitioner about the two fields, and whether it is a problem."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters.", bool(repeat)
    if not repeat:
        return "Type the password once more, to be sure it is the one you meant.", False
    if repeat != password:
        return "The two passwords are not the same yet.", True
    return "The passwords match.", False


class PdfPasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_password_dialog")
        self.setWindowTitle("Protect this PDF")
        self.setModal(True)
        self.setMinimumWidth(500)
        self.answer = PdfPassword.cancelled()

        self.password = self._secret_field("pdf_password")
        self.repeat = self._secret_field("pdf_password_repeat")
        self.show_password = QCheckBox("Show the password", objectName="show_password")
        self.hint = muted("", "password_hint")
        self.protected_button = QPushButton("Save protected", objectName="protected_button")
        primary(self.protected_button)
        self.unprotected_button = QPushButton(
            "Save without password", objectName="unprotected_button"
        )
        self.cancel_button = QPushButton("Cancel", objectName="cancel_button")
        self._lay_out()

        self.password.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self.show_password.toggled.connect(self._reveal)
        self.protected_button.clicked.connect(self._choose_protected)
        self.unprotected_button.clicked.connect(self._choose_unprotected)
        self.cancel_button.clicked.connect(self.reject)
        self._update()

    @staticmethod
    def _secret_field(name: str) -> QLineEdit:
        secret = QLineEdit(objectName=name)
        secret.setEchoMode(QLineEdit.EchoMode.Password)
        return secret

    def _lay_out(self) -> None:
        why = QLabel(WHY_PROTECT, objectName="why_protect")
        why.setWordWrap(True)
        form = QFormLayout()
        form.setSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("Password", self.password)
        form.addRow("Repeat the password", self.repeat)
        form.addRow("", self.show_password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unprotected_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.protected_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(subheading("Protect this PDF with a password?", "pdf_password_heading"))
        layout.addWidget(why)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        # Only "Save protected" answers Enter, and only once it is enabled.
        for button in (self.unprotected_button, self.cancel_button):
            button.setAutoDefault(False)
        self.protected_button.setDefault(True)

    def is_acceptable(self) -> bool:
        text = self.password.text()
        return len(text) >= MIN_PASSWORD_LENGTH and text == self.repeat.text()

    def _update(self) -> None:
        text, problem = password_hint(self.password.text(), self.repeat.text())
        self.hint.setText(text)
        self.hint.setProperty("role", "error" if problem else "muted")
        self.hint.style().unpolish(self.hint)  # the colour follows the role
        self.hint.style().polish(self.hint)
        self.protected_button.setEnabled(self.is_acceptable())

    def _reveal(self, shown: bool) -> None:
        # Seeing it helps to read the password out to the recipient later.
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def _choose_protected(self) -> None:
        if not self.is_acceptable():  # Enter can reach here before the button updates
            return
        self.answer = PdfPassword.protect(self.password.text())
        self.accept()

    def _choose_unprotected(self) -> None:
        self.answer = PdfPassword.unprotected()
        self.accept()

    def done(self, result: int) -> None:
        # The password lives on only in the answer, not in fields of a dialog kept around.
        self.password.clear()
        self.repeat.clear()
        super().done(result)
