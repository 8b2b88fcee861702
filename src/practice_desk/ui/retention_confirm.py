"""The one question before records past the retention period are deleted: which ones, by name,
and what happens to them now, in 30 days, and after.

The list scrolls, so a first review of many old records still fits on the screen. "Keep them"
is the default and answers Escape and Enter; deleting takes a deliberate click.
Tests answer through PROMPTS.confirm while the real dialog is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.retention import UNDO_DAYS
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import muted, subheading

TITLE = "Delete records"
WHAT_HAPPENS = (
    "They disappear from every list now. For {days} days you can bring them back from the "
    "Records retention page, exactly as they were. After that they are destroyed for good: "
    "only the name, the birth date, the kind of work and the dates of the first and last "
    "activity remain, so the same person is recognised if they come back."
)
BACKUPS = "Backups written before then still hold these records until newer backups replace them."
_NAMES_STYLE = """
QListWidget {
    background: white; border: 1px solid #e4e7eb; border-radius: 8px; padding: 4px;
}
QListWidget::item { padding: 2px 4px; }
"""
_SHOWN_NAMES = 8


def count_text(count: int) -> str:
    return f"{count} record{'' if count == 1 else 's'}"


def deletion_text(names: list[str]) -> str:
    """The whole question in words (what tests and screen readers get)."""
    listed = "\n".join(f"•  {name}" for name in names)
    return f"{listed}\n\n{WHAT_HAPPENS.format(days=UNDO_DAYS)}\n\n{BACKUPS}"


class ConfirmDeletionDialog(QDialog):
    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention_confirm")
        self.setWindowTitle(TITLE)  # the names are inside, never in the title
        self.setModal(True)
        self.setMinimumWidth(520)
        self.names = list(names)
        self.yes_label = f"Delete {count_text(len(names))}"

        listing = QListWidget(objectName="retention_confirm_names")
        listing.addItems(self.names)
        listing.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        listing.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        listing.setStyleSheet(_NAMES_STYLE)
        row = listing.fontMetrics().height() + 6
        listing.setFixedHeight(row * min(len(names), _SHOWN_NAMES) + 14)

        self.keep_button = QPushButton("Keep them", objectName="retention_confirm_keep")
        self.delete_button = QPushButton(self.yes_label, objectName="retention_confirm_delete")
        self.delete_button.setStyleSheet("QPushButton { color: #9b2c2c; font-weight: 600; }")
        self.keep_button.clicked.connect(self.reject)
        self.delete_button.clicked.connect(self.accept)
        self.delete_button.setAutoDefault(False)
        self.keep_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(subheading(f"Delete {count_text(len(names))}?", "retention_confirm_head"))
        layout.addWidget(listing)
        what = muted(WHAT_HAPPENS.format(days=UNDO_DAYS), "retention_confirm_text")
        what.setProperty("role", "")
        layout.addWidget(what)
        layout.addWidget(muted(BACKUPS, "retention_confirm_backups"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.delete_button)
        layout.addSpacing(4)
        layout.addLayout(buttons)


def confirm_deletion(parent: QWidget, names: list[str]) -> bool:
    """True only when the practitioner chose to delete these records."""
    dialog = ConfirmDeletionDialog(names, parent)
    try:
        if PROMPTS.scripted:
            dialog.show()
            QApplication.processEvents()
            answer = PROMPTS.confirm(
                parent, TITLE, deletion_text(names), dialog.yes_label, cautious=True
            )
            (dialog.accept if answer else dialog.reject)()
            return answer
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
