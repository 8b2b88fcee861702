"""The Records area: find a client on the left, print or save their documents on the right;
below the list, the way to Records retention (how long records are kept, and the ones past it).

The list is the client list's own model (names only, searched the same way), read each time
the area is shown so clients added elsewhere appear. Choosing a client is audited as viewing
them, as on the Clients page.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.practice import Practice
from practice_desk.ui.client_table_model import ClientTableModel
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.records_panel import RecordsPanel
from practice_desk.ui.retention_confirm import count_text
from practice_desk.ui.retention_page import RetentionPage
from practice_desk.ui.style import heading, muted

EMPTY_STATE = "Choose a client to print or save their records."
_LIST_STYLE = """
QListView {
    background: white; border: 1px solid #e4e7eb; border-radius: 8px; outline: 0;
    selection-background-color: #d8e8e7; selection-color: #1f2933;
}
QListView::item { padding: 6px 8px; }
"""


class RecordsArea(QWidget):
    clients_changed = Signal()  # records deleted or brought back: other client lists re-read

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("records_page")
        self._practice = practice
        self.panel: RecordsPanel | None = None
        self.retention: RetentionPage | None = None  # built when first asked for

        self.model = ClientTableModel([])
        self.search = QLineEdit(objectName="records_search")
        self.search.setPlaceholderText("Find a client")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose_only_match)
        self.clients = QListView(objectName="records_clients")
        self.clients.setModel(self.model)  # shows the first column: the name
        self.clients.setUniformItemSizes(True)
        self.clients.setStyleSheet(_LIST_STYLE)
        # Clicked or Enter, not every arrow key: each choice is an audited view of a client.
        self.clients.clicked.connect(self._chosen)
        self.clients.activated.connect(self._chosen)
        self.no_match = muted("", "records_no_match")
        self.retention_button = QPushButton("Records retention", objectName="records_retention")
        self.retention_button.setFlat(True)
        self.retention_button.setToolTip("How long records are kept, and the ones past that time")
        self.retention_button.clicked.connect(self.show_retention)
        self.retention_due = muted("", "records_retention_due")

        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(heading("Records"))
        left.addWidget(self.search)
        left.addWidget(self.clients, 1)
        left.addWidget(self.no_match)
        left.addSpacing(6)
        left.addWidget(self.retention_button, alignment=Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.retention_due)
        column = QWidget(objectName="records_client_column")
        column.setFixedWidth(250)
        column.setLayout(left)

        self.empty = muted(EMPTY_STATE, "records_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget(objectName="records_right")
        self.right.addWidget(self.empty)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.setSpacing(24)
        layout.addWidget(column)
        layout.addWidget(self.right, 1)

    def refresh(self) -> None:
        """Read the clients again and bring what the right side shows up to date."""
        self._reload_clients()
        if self.panel is not None and self.right.currentWidget() is self.panel:
            self._show_panel(self.panel.client.id)
        elif self.retention is not None and self.right.currentWidget() is self.retention:
            self.retention.load()

    def _reload_clients(self) -> None:
        rows = self._practice.clients.summaries()
        self.model.set_rows(rows)
        self._filter()
        if self.panel is not None and self.panel.client.id not in {row.id for row in rows}:
            self._drop_panel()  # deleted under retention: its documents go with it
        self._show_due_count()

    def _show_due_count(self) -> None:
        try:
            due = len(self._practice.retention.report())
        except PracticeDeskError:
            due = 0  # the page itself will say what is wrong
        self.retention_due.setText(f"{count_text(due)} past the retention period" if due else "")
        self.retention_due.setVisible(bool(due))

    def show_retention(self) -> None:
        if self.retention is None:
            self.retention = RetentionPage(self._practice)
            self.retention.changed.connect(self._reload_clients)
            self.retention.changed.connect(self.clients_changed)
            self.right.addWidget(self.retention)
        else:
            self.retention.load()
        self.clients.clearSelection()
        self.right.setCurrentWidget(self.retention)

    def _filter(self) -> None:
        self.model.set_filter(self.search.text())
        shown, total = self.model.rowCount(), self.model.total
        if total == 0:
            self.no_match.setText("No clients yet.")
        else:
            self.no_match.setText("No client matches." if shown == 0 else "")
        self.no_match.setVisible(shown == 0)

    def _choose_only_match(self) -> None:
        if self.model.rowCount() == 1:
            self._chosen(self.model.index(0, 0))

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.choose_client(self.model.client_at(index.row()).id)

    def choose_client(self, client_id: int) -> None:
        try:
            self._practice.clients.open(client_id)  # audited as viewed
        except PracticeDeskError as problem:
            PROMPTS.tell_error(self, problem)
            return
        self._show_panel(client_id)
        row = self.model.row_of(client_id)
        if row is not None:
            self.clients.setCurrentIndex(self.model.index(row, 0))

    def _show_panel(self, client_id: int) -> None:
        panel = RecordsPanel(self._practice, client_id)
        self._drop_panel()
        self.panel = panel
        self.right.addWidget(panel)
        self.right.setCurrentWidget(panel)

    def _drop_panel(self) -> None:
        if self.panel is not None:
            if self.right.currentWidget() is self.panel:
                self.right.setCurrentWidget(self.empty)
            self.right.removeWidget(self.panel)
            self.panel.deleteLater()
            self.panel = None
