"""The one deliberate way to include private process notes in something that leaves the
practice: a fold, closed and unticked at first, holding a tick box and a reason.

Shared by the session record and the client's copy; the objectName prefix keeps each
dialog's names ("record_include", "access_reason", …) as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.session_notes import DISCLOSURE_REASON_MAX
from practice_desk.ui.style import fit_height, muted

_FOLD = {False: "Private process notes: left out", True: "Private process notes: included"}
# The app's stylesheet doesn't grey out a disabled field; here it should look switched off.
_UNTICKED_STYLE = """
QLabel:disabled, QLineEdit:disabled { color: #9aa5b1; }
QLineEdit:disabled { background: #f5f7fa; }
"""


class ProcessNotesChoice(QWidget):
    changed = Signal()  # ticked, unticked or the reason edited: the dialog's buttons follow
    reshaped = Signal()  # unfolded, folded or the hint came or went: the dialog refits

    def __init__(
        self,
        prefix: str,
        explanation: str,
        reason_example: str,
        reason_hints: Mapping[bool, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}_process_part")
        self._reason_hints = reason_hints
        self.fold = QToolButton(objectName=f"{prefix}_process_fold")
        self.fold.setCheckable(True)
        self.fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fold.setArrowType(Qt.ArrowType.RightArrow)
        self.fold.setStyleSheet("QToolButton { border: none; font-weight: 600; }")
        self.fold.toggled.connect(self._unfold)
        self.include = QCheckBox("Include private process notes", objectName=f"{prefix}_include")
        self.reason = QLineEdit(objectName=f"{prefix}_reason")
        self.reason.setMaxLength(DISCLOSURE_REASON_MAX)  # the service checks again, with a message
        self.reason.setPlaceholderText(reason_example)
        self.reason_hint = muted("", f"{prefix}_reason_hint")
        self.include.toggled.connect(self._update)
        self.include.toggled.connect(
            lambda _ticked: self.reshaped.emit()
        )  # the hint beneath comes and goes
        self.reason.textChanged.connect(self._update)

        self.folded = QWidget(objectName=f"{prefix}_process_options")
        inner = QVBoxLayout(self.folded)
        inner.setContentsMargins(22, 0, 0, 0)  # under the fold's text, past its arrow
        inner.setSpacing(8)
        inner.addWidget(self.include)
        reason_row = QHBoxLayout()
        self.reason_label = QLabel("Reason")
        self.reason_label.setBuddy(self.reason)
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        inner.addLayout(reason_row)
        inner.addWidget(self.reason_hint)
        self.folded.setStyleSheet(_UNTICKED_STYLE)
        self.folded.hide()

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(8)
        column.addWidget(muted(explanation, f"{prefix}_process_explanation"))
        column.addWidget(self.fold)
        column.addWidget(self.folded)
        self._show_state()

    def _unfold(self, open_: bool) -> None:
        self.folded.setVisible(open_)
        self.fold.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        if open_:
            self.include.setFocus()
        self.reshaped.emit()

    def _show_state(self) -> None:
        ticked = self.include.isChecked()
        self.reason.setEnabled(ticked)
        self.reason_label.setEnabled(ticked)
        self.reason_hint.setVisible(ticked)
        self.reason_hint.setText(self._reason_hints[bool(self.reason.text().strip())])
        # Folded again after ticking, the header still says the notes go in.
        self.fold.setText(_FOLD[ticked])

    def _update(self) -> None:
        self._show_state()
        self.changed.emit()

    def reason_given(self) -> str | None:
        """The reason for including process notes, or None when they stay out."""
        if not self.include.isChecked():
            return None
        return self.reason.text().strip() or None

    def ready(self) -> bool:
        """Whether the dialog may go on: the notes stay out, or go in with a reason."""
        return not self.include.isChecked() or self.reason_given() is not None

    def add_to(
        self, dialog: QDialog, layout: QVBoxLayout, on_change: Callable[[], None]
    ) -> ProcessNotesChoice:
        """Put the choice in a dialog's column: the dialog's buttons follow every change, the
        dialog refits its height when the fold opens or the hint comes, and the parts stay
        reachable as dialog.fold, .include, .reason, .reason_hint and .folded, as before."""
        self.changed.connect(on_change)
        self.reshaped.connect(lambda: fit_height(dialog))
        for name in ("fold", "include", "reason", "reason_hint", "folded"):
            setattr(dialog, name, getattr(self, name))
        layout.addWidget(self)
        return self
