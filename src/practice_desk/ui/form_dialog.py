"""A dialog holding a form: Save and Cancel, one calm error line, and the field at fault
focused and outlined. Opened with open(), never exec(), so the app (and tests) keep running."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.ui.style import error_label

T = TypeVar("T")


def line(name: str, placeholder: str = "", max_length: int = 0) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setPlaceholderText(placeholder)
    if max_length:
        field.setMaxLength(max_length)  # the domain checks again, with a message
    return field


def text_box(name: str, height: int, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(objectName=name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # keyboard users move on with Tab, as in every other field
    box.setFixedHeight(height)
    return box


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None, *, save_label: str = "Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)  # never client data: titles show in task switchers
        self.setModal(True)
        self.fields: dict[str, QWidget] = {}
        self.body = QVBoxLayout()
        self.error: QLabel = error_label("form_error")
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.save_button: QPushButton = self.buttons.addButton(
            save_label, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save_button")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_button")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        """Enter saves, from any field: only Save may be the default button (Qt otherwise
        promotes any push button in the dialog, such as "Add a goal")."""
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        super().showEvent(event)

    def save(self) -> None:
        """Subclasses validate and save, calling `attempt` around the service call."""
        raise NotImplementedError

    def attempt(
        self,
        work: Callable[[], T],
        *,
        passthrough: tuple[type[PracticeDeskError], ...] = (),
    ) -> T | None:
        """Run `work`; a problem is shown in the dialog and None returned (nothing saved).
        Problems of the `passthrough` kinds go to the caller, which answers them its own way."""
        self.clear_error()
        try:
            return work()
        except PracticeDeskError as problem:
            if isinstance(problem, passthrough):
                raise
            self.show_error(problem)
            return None

    def show_error(self, problem: PracticeDeskError) -> None:
        self.error.setText(problem.message)
        self.error.show()
        if isinstance(problem, FieldInvalid) and problem.field in self.fields:
            widget = self.fields[problem.field]
            widget.setProperty("invalid", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            widget.setFocus()

    def clear_error(self) -> None:
        self.error.hide()
        self.error.clear()
        for widget in self.fields.values():
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
