"""The progress view's timeline: sessions newest first, each with its markers and takeaways.

One tree row per session and one per marker shown. Long texts wrap rather than being cut off.
Tooltips (a marker's kind, phase and goal) are worked out when asked for, not stored on each
of a thousand rows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QHelpEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
)

from practice_desk.domain.progress_history import ClientProgress, SessionProgress
from practice_desk.domain.progress_markers import MarkerKind, ProgressMarker
from practice_desk.ui.appointment_text import clock_text
from practice_desk.ui.marker_colours import kind_swatch
from practice_desk.ui.progress_text import Localise, long_date, plural

# What a row is, as its item type (QTreeWidgetItem.UserType is 1000); and its one datum, the
# session's or the marker's id. One setData per row: a thousand rows add up.
SESSION_ROW = 1001
MARKER_ROW = 1002
TAKEAWAYS_ROW = 1003
ID_ROLE = Qt.ItemDataRole.UserRole
QUIET_TEXT = QColor("#52606d")


class ProgressTimeline(QTreeWidget):
    def __init__(self, local: Localise) -> None:
        super().__init__(objectName="progress_timeline")
        self._local = local
        self._session_items: dict[int, QTreeWidgetItem] = {}
        self._markers: dict[int, ProgressMarker] = {}
        self._goals: dict[int, str] = {}
        self._swatches = {kind: kind_swatch(kind) for kind in MarkerKind}
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._italic = QFont(self.font())
        self._italic.setItalic(True)
        self._quiet = QBrush(QUIET_TEXT)
        self._laid_out_for = -1
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setIndentation(18)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Row heights are measured against the viewport's width: a scroll bar that came and
        # went would change it after the measuring.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setStyleSheet(
            "QTreeWidget#progress_timeline { background: white; border: 1px solid #e4e7eb;"
            " border-radius: 8px; padding: 4px; }"
            " QTreeWidget#progress_timeline::item { padding: 2px 0; }"
        )

    def show_progress(
        self, progress: ClientProgress, kinds: frozenset[MarkerKind], *, keep_place: bool = False
    ) -> None:
        """Rebuild the rows for these kinds; keep_place keeps the top session in view."""
        place = self._top_session() if keep_place else None
        self._goals = {
            track.goal.id: track.goal.text for track in progress.goals if track.goal.id is not None
        }
        self._markers = {}
        self._session_items = {}
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            items = progress.sessions
            rows = [
                self._session_row(number, item, kinds)
                for number, item in zip(range(len(items), 0, -1), reversed(items), strict=True)
            ]
            self.addTopLevelItems(rows)
            self.expandAll()
        finally:
            self.setUpdatesEnabled(True)
        if place is not None:
            self.show_session(place, select=False)

    def show_session(self, session_id: int, *, select: bool = True) -> None:
        row = self._session_items.get(session_id)
        if row is None:
            return
        if select:
            self.setCurrentItem(row)
        self.scrollToItem(row, QAbstractItemView.ScrollHint.PositionAtTop)

    def _top_session(self) -> int | None:
        item = self.itemAt(4, 4)
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, ID_ROLE) if item is not None else None

    # --- rows ----------------------------------------------------------------------------------

    def _session_row(
        self, number: int, item: SessionProgress, kinds: frozenset[MarkerKind]
    ) -> QTreeWidgetItem:
        session = item.session
        shown = item.of_kinds(kinds)
        parts = [long_date(self._local(session.started_at).date()), f"Session {number}"]
        if len(shown) == len(item.markers):
            parts.append(plural(len(shown), "marker"))
        else:
            parts.append(f"{len(shown)} of {plural(len(item.markers), 'marker')}")
        if not session.is_signed:
            parts.append("not signed yet")
        row = QTreeWidgetItem(["  ·  ".join(parts)], SESSION_ROW)
        row.setData(0, ID_ROLE, session.id)
        row.setFont(0, self._bold)
        row.addChildren([self._marker_row(marker) for marker in shown])
        takeaways = " ".join(session.note.takeaways.split())
        said = {marker.text for marker in shown if marker.kind is MarkerKind.TAKEAWAY}
        if takeaways and takeaways not in said:  # not twice when the marker says the same
            child = QTreeWidgetItem([f"Takeaways, in their words: “{takeaways}”"], TAKEAWAYS_ROW)
            child.setForeground(0, self._quiet)
            child.setFont(0, self._italic)
            row.addChild(child)
        self._session_items[session.id] = row
        return row

    def _marker_row(self, marker: ProgressMarker) -> QTreeWidgetItem:
        kind = marker.kind
        head = f"{kind.label} · {marker.voice.label} · {clock_text(self._local(marker.at))}"
        row = QTreeWidgetItem([f"{head} · {marker.text}" if marker.text else head], MARKER_ROW)
        row.setIcon(0, self._swatches[kind])
        row.setData(0, ID_ROLE, marker.id)
        self._markers[marker.id] = marker
        return row

    def marker_of(self, item: QTreeWidgetItem) -> ProgressMarker | None:
        """The marker a row shows, if it is a marker's row."""
        if item.type() != MARKER_ROW:
            return None
        return self._markers.get(item.data(0, ID_ROLE))

    def _tip(self, item: QTreeWidgetItem) -> str:
        marker = self.marker_of(item)
        if marker is None:
            return ""
        lines = [f"{marker.kind.hint.capitalize()}, in the {marker.phase.label.lower()}"]
        goal = self._goals.get(marker.goal_id) if marker.goal_id is not None else None
        if goal:
            lines.append(f"Goal: {goal}")
        return "\n".join(lines)

    # --- events --------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.itemAt(event.pos())
            tip = self._tip(item) if item is not None else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._laid_out_for:  # row heights depend on the width: measure again
            self._laid_out_for = width
            self.scheduleDelayedItemsLayout()


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights for wrapped text. The view asks without the wrap flag or a width, which
    never wraps, so both are set here: the width is the viewport's less the row's indent."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        depth = 2 if index.parent().isValid() else 1
        wrapped = QStyleOptionViewItem(option)
        width = self._tree.viewport().width() - self._tree.indentation() * depth
        wrapped.rect = QRect(0, 0, max(width, 80), 10_000)  # Qt wraps only in a valid rect
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(wrapped, index)
