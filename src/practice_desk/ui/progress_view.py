"""A client's progress over sessions: the markers as a chart and a timeline, and each goal's way.

Everything comes from one call to Sessions.progress(): the chart, the timeline and the goals
are built from that object, with no query per row, so the view opens quickly even after
hundreds of sessions. The filter only changes what is drawn; it reads nothing again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.progress_history import ClientProgress
from practice_desk.domain.progress_markers import MarkerKind
from practice_desk.services.sessions import Sessions
from practice_desk.ui.goal_progress import CARD_STYLE, GoalCard
from practice_desk.ui.marker_chart import ChartBar, MarkerChart
from practice_desk.ui.marker_colours import kind_swatch
from practice_desk.ui.progress_text import Localise, computer_local, plural, short_date
from practice_desk.ui.progress_timeline import ProgressTimeline
from practice_desk.ui.style import heading, muted, subheading


class ProgressView(QWidget):
    def __init__(
        self,
        sessions: Sessions,
        client_id: int,
        *,
        local: Localise = computer_local,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progress_view")
        self._sessions = sessions
        self._client_id = client_id
        self._local = local
        self._visible: frozenset[MarkerKind] = frozenset(MarkerKind)
        self._progress = ClientProgress((), ())
        self._cards: list[GoalCard] = []

        self.summary = muted("", "progress_summary")
        self.hint = muted(
            "Markers you log in the session room appear here, session by session.",
            "progress_empty_hint",
        )
        self.filters = self._filter_row()
        self.chart = MarkerChart()
        self.chart.session_clicked.connect(self.show_session)
        self.timeline = ProgressTimeline(local)
        self.goals = QWidget(objectName="progress_goals")
        self.goals.setStyleSheet(CARD_STYLE)
        self._goals_layout = QVBoxLayout(self.goals)
        self._goals_layout.setContentsMargins(0, 0, 6, 0)
        self._goals_layout.setSpacing(10)

        session_heading = subheading("Sessions, newest first", "progress_sessions_heading")
        goals_column = _column(subheading("Goals", "progress_goals_heading"), _scrolled(self.goals))
        goals_column.setMinimumWidth(280)
        lower = QHBoxLayout()
        lower.setSpacing(16)
        self._sessions_column = _column(session_heading, self.timeline)
        lower.addWidget(self._sessions_column, 3)
        lower.addWidget(goals_column, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading("Progress", "progress_heading"))
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.filters)
        layout.addWidget(self.chart)
        layout.addLayout(lower, 1)
        self.refresh()

    # --- reading -------------------------------------------------------------------------------

    @property
    def progress(self) -> ClientProgress:
        return self._progress

    def refresh(self) -> None:
        """Read the client's sessions and markers again (one query round) and redraw."""
        self._progress = self._sessions.progress(self._client_id)
        items = self._progress.sessions
        has_sessions = bool(items)
        self.summary.setText(self._summary_text())
        self.hint.setVisible(not has_sessions)
        for widget in (self.filters, self.chart, self._sessions_column):
            widget.setVisible(has_sessions)
        self.chart.set_bars(
            [
                ChartBar(
                    item.session.id,
                    self._local(item.session.started_at).date(),
                    Counter(marker.kind for marker in item.markers),
                )
                for item in items
            ]
        )
        self.chart.set_visible_kinds(self._visible)
        self.timeline.show_progress(self._progress, self._visible)
        self._fill_goals()

    def _summary_text(self) -> str:
        items = self._progress.sessions
        if not items:
            return "No sessions yet."
        first = self._local(items[0].session.started_at).date()
        last = self._local(items[-1].session.started_at).date()
        markers = sum(len(item.markers) for item in items)
        span = (
            f"on {short_date(first)}"
            if first == last
            else (f"from {short_date(first)} to {short_date(last)}")
        )
        return f"{plural(len(items), 'session')} {span}, with {plural(markers, 'marker')} logged."

    # --- the filter ----------------------------------------------------------------------------

    def _filter_row(self) -> QWidget:
        row = QWidget(objectName="progress_filters")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(QLabel("Show:"))
        self.all_box = QCheckBox("All", objectName="progress_filter_all")
        self.all_box.setToolTip("Show every kind of marker, or none")
        self.all_box.clicked.connect(self._all_clicked)
        layout.addWidget(self.all_box)
        self.kind_boxes: dict[MarkerKind, QCheckBox] = {}
        for kind in MarkerKind:
            box = QCheckBox(kind.label, objectName=f"progress_filter_{kind.value}")
            box.setIcon(kind_swatch(kind))
            box.setToolTip(f"{kind.label}: {kind.hint}")
            box.clicked.connect(lambda checked, kind=kind: self._kind_clicked(kind, checked))
            self.kind_boxes[kind] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self._sync_boxes()
        return row

    @property
    def visible_kinds(self) -> frozenset[MarkerKind]:
        return self._visible

    def set_visible_kinds(self, kinds: Iterable[MarkerKind]) -> None:
        visible = frozenset(kinds)
        if visible == self._visible:
            return
        self._visible = visible
        self._sync_boxes()
        self.chart.set_visible_kinds(visible)
        self.timeline.show_progress(self._progress, visible, keep_place=True)

    def _all_clicked(self, checked: bool) -> None:
        self.set_visible_kinds(MarkerKind if checked else ())

    def _kind_clicked(self, kind: MarkerKind, checked: bool) -> None:
        self.set_visible_kinds(self._visible | {kind} if checked else self._visible - {kind})

    def _sync_boxes(self) -> None:
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in self._visible)
        if len(self._visible) == len(MarkerKind):
            self.all_box.setCheckState(Qt.CheckState.Checked)
        elif self._visible:
            self.all_box.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            self.all_box.setCheckState(Qt.CheckState.Unchecked)

    # --- the timeline and the goals -------------------------------------------------------------

    def show_session(self, session_id: int) -> None:
        """Bring a session's entry to the top of the timeline (a bar of the chart was clicked)."""
        self.timeline.show_session(session_id)

    def goal_cards(self) -> list[GoalCard]:
        return list(self._cards)

    def _fill_goals(self) -> None:
        layout = self._goals_layout
        while layout.count():
            old = layout.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        tracks = self._progress.goals
        if not tracks:
            layout.addWidget(muted("No goals are set in the contract yet.", "progress_no_goals"))
        self._cards = [GoalCard(track, self._local) for track in tracks]
        for card in self._cards:
            layout.addWidget(card)
        layout.addStretch(1)


def _column(title: QLabel, body: QWidget) -> QWidget:
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(title)
    layout.addWidget(body, 1)
    return column


def _scrolled(content: QWidget) -> QScrollArea:
    area = QScrollArea(objectName="progress_goals_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
    return area
