"""The client list as a Qt table model over ClientIndex.

No QSortFilterProxyModel: at thousands of rows its per-keystroke re-sort costs far more than a
frame. The index filters precomputed folded keys and keeps the sort order, and the model just
shows the positions it returns.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from practice_desk.domain.client_search import ClientIndex, ClientSummary
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import ContractKind

COLUMNS = (
    ("name", "Name"),
    ("status", "Status"),
    ("kind", "Work"),
    ("email", "E-mail"),
    ("phone", "Phone"),
)

AnyIndex = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    def __init__(self, rows: list[ClientSummary]) -> None:
        super().__init__()
        self.index_ = ClientIndex(rows)
        self._visible: list[int] = self.index_.search("")
        self._query = ""
        self._status: ClientStatus | None = None
        self._kind: ContractKind | None = None
        self._sorted_by = ("name", False)

    def set_rows(self, rows: list[ClientSummary]) -> None:
        """Replace every row, keeping the sort and the filter."""
        self.index_ = ClientIndex(rows)
        column, descending = self._sorted_by
        self.index_.sort(column, descending=descending)
        self._refresh()

    # --- what to show -------------------------------------------------------------------------

    def set_filter(
        self,
        query: str,
        status: ClientStatus | None = None,
        kind: ContractKind | None = None,
    ) -> None:
        self._query, self._status, self._kind = query, status, kind
        self._refresh()

    def _refresh(self) -> None:
        self.beginResetModel()
        self._visible = self.index_.search(self._query, status=self._status, kind=self._kind)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sorted_by = (COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
        self.index_.sort(self._sorted_by[0], descending=self._sorted_by[1])
        self._refresh()

    def upsert(self, row: ClientSummary) -> None:
        self.index_.replace(row)
        self._refresh()

    def client_at(self, row: int) -> ClientSummary:
        return self.index_.rows[self._visible[row]]

    def row_of(self, client_id: int) -> int | None:
        for row, position in enumerate(self._visible):
            if self.index_.rows[position].id == client_id:
                return row
        return None

    @property
    def total(self) -> int:
        return len(self.index_.rows)

    # --- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = self.index_.rows[self._visible[index.row()]]
        column = COLUMNS[index.column()][0]
        if column == "name":
            return row.display_name
        if column == "status":
            return row.status.label
        if column == "kind":
            return row.kind.label if row.kind else "—"
        if column == "email":
            return row.email
        return row.phone

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None
