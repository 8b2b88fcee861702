"""The client list: type to find, filter by status and kind of work, sort by any column.

Keyboard first: the search field has focus; Down moves into the list; Enter opens the client.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.client_search import ClientSummary
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import ContractKind
from practice_desk.ui.client_table_model import ClientTableModel
from practice_desk.ui.style import heading, muted, primary

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ClientListView(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, rows: list[ClientSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_list_view")
        self.model = ClientTableModel(rows)

        self.search = QLineEdit(objectName="client_search")
        self.search.setPlaceholderText("Find a client by name, e-mail or phone   (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.search.installEventFilter(self)

        self.status_filter = QComboBox(objectName="status_filter")
        self.status_filter.addItem("Every status", None)
        for status in ClientStatus:
            self.status_filter.addItem(status.label, status)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)

        self.kind_filter = QComboBox(objectName="kind_filter")
        self.kind_filter.addItem("Therapy and coaching", None)
        for kind in ContractKind:
            self.kind_filter.addItem(kind.label, kind)
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)

        self.new_button = primary(QPushButton("New client", objectName="new_client"))
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_requested)

        self.table = QTableView(objectName="client_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        rows_header = self.table.verticalHeader()
        rows_header.hide()
        # Fixed row heights: the view never measures thousands of rows.
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(30)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        for column, width in enumerate((260, 120, 110, 260)):
            columns.resizeSection(column, width)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._open_index)
        self.table.installEventFilter(self)

        self.count = muted("", "client_count")
        self.empty = muted("", "client_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(heading("Clients"))
        top.addStretch(1)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.kind_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.count)
        self._show_counts()

    # --- filtering ----------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(
            self.search.text(), self.status_filter.currentData(), self.kind_filter.currentData()
        )
        self._show_counts()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _show_counts(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if total == 0:
            self.empty.setText(
                "No clients yet. Press Ctrl+N to add your first client, or use the "
                "New client button above."
            )
        elif shown == 0:
            self.empty.setText("No client matches. Check the spelling, or clear the filters.")
        self.empty.setVisible(shown == 0)
        self.table.setVisible(shown > 0)
        noun = "client" if total == 1 else "clients"
        self.count.setText(
            f"{total:,} {noun}" if shown == total else f"Showing {shown:,} of {total:,} {noun}"
        )

    def load(self, rows: list[ClientSummary]) -> None:
        self.model.set_rows(rows)
        self._apply_filter()

    def find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def client_saved(self, row: ClientSummary) -> None:
        """Show a new or changed client at once, without reloading the list."""
        self.model.upsert(row)
        self._show_counts()
        position = self.model.row_of(row.id)
        if position is not None:
            self.table.selectRow(position)

    # --- opening ------------------------------------------------------------------------------

    def selected_client(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.client_at(rows[0].row()).id
        if self.model.rowCount() == 1:
            return self.model.client_at(0).id
        return None

    def _open_index(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.model.client_at(index.row()).id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _OPEN_KEYS:
                chosen = self.selected_client()
                if chosen is not None:
                    self.open_requested.emit(chosen)
                    return True
            if watched is self.search and key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
