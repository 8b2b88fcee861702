"""A list of backup files: when each was made and how big it is, newest first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from practice_desk.ui.backup_text import size_text

_PATH = Qt.ItemDataRole.UserRole


def file_size_text(path: Path) -> str:
    try:
        return size_text(path.stat().st_size)
    except OSError:
        return "can't be read just now"


class BackupList(QTreeWidget):
    def __init__(self, name: str, *, choosing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setColumnCount(2)
        self.setHeaderLabels(["Made on", "Size"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        if not choosing:
            self.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def add(self, path: Path, made: str, *, first: bool = False) -> QTreeWidgetItem:
        item = QTreeWidgetItem([made, file_size_text(path)])
        item.setData(0, _PATH, str(path))
        item.setToolTip(0, path.name)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if first:
            self.insertTopLevelItem(0, item)
        else:
            self.addTopLevelItem(item)
        return item

    def show_empty(self, text: str) -> None:
        item = QTreeWidgetItem([text, ""])
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.addTopLevelItem(item)

    def count(self) -> int:
        return self.topLevelItemCount()

    def row_text(self, row: int) -> str:
        item = self.topLevelItem(row)
        return f"{item.text(0)} · {item.text(1)}" if item is not None else ""

    def path_of(self, item: QTreeWidgetItem | None) -> Path | None:
        value = item.data(0, _PATH) if item is not None else None
        return Path(value) if value else None

    def select_path(self, path: Path) -> bool:
        for row in range(self.count()):
            item = self.topLevelItem(row)
            if self.path_of(item) == path:
                self.setCurrentItem(item)
                return True
        return False
