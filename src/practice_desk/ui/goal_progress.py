"""One contract goal in the progress view: its text, status, assessment and the steps logged
against it, oldest first so they read as the way it went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from practice_desk.domain.progress_history import GoalTrack
from practice_desk.domain.progress_markers import ProgressMarker
from practice_desk.ui.progress_text import Localise, plural, short_date
from practice_desk.ui.style import muted

# Set once on the cards' parent: a style sheet per card would be recomputed card by card.
CARD_STYLE = (
    "QFrame#progress_goal { background: white; border: 1px solid #e4e7eb; border-radius: 8px; }"
)
RECENT_STEPS = 8  # shown at first: a long piece of work logs dozens, the rest on request


class GoalCard(QFrame):
    def __init__(self, track: GoalTrack, local: Localise, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progress_goal")  # drawn as a card by CARD_STYLE on the parent
        self._local = local
        self.more: QPushButton | None = None
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 4, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(3)
        self._grid.setColumnStretch(1, 1)
        goal = track.goal
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        title = QLabel(goal.text, objectName="progress_goal_text")
        title.setWordWrap(True)
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        layout.addWidget(title)
        worked = len(track.sessions)
        status = goal.status.label + (
            f" · worked on in {plural(worked, 'session')}"
            if worked
            else " · not worked on in a session yet"
        )
        layout.addWidget(muted(status, "progress_goal_status"))
        if goal.assessment:
            assessment = QLabel(goal.assessment, objectName="progress_goal_assessment")
            assessment.setWordWrap(True)
            layout.addWidget(assessment)
        steps = track.progress
        if not steps:
            layout.addWidget(
                muted("No progress logged against this goal yet.", "progress_goal_none")
            )
            return
        earlier = len(steps) - RECENT_STEPS
        if earlier > 0:
            more = QPushButton(
                f"Show {plural(earlier, 'earlier step')}", objectName="progress_goal_more"
            )
            more.setProperty("flat", True)
            more.setCursor(Qt.CursorShape.PointingHandCursor)
            more.clicked.connect(lambda: self._show_steps(steps))
            layout.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)
            self.more = more
        layout.addLayout(self._grid)
        self._show_steps(steps[-RECENT_STEPS:])

    def _show_steps(self, steps: tuple[ProgressMarker, ...]) -> None:
        """A grid of plain labels: far quicker to lay out than a rich-text table."""
        grid = self._grid
        while grid.count():
            old = grid.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        for row, marker in enumerate(steps):
            day = muted(short_date(self._local(marker.at).date()), "progress_goal_step_date")
            day.setWordWrap(False)
            text = QLabel(marker.text or "Progress noted", objectName="progress_goal_step")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(day, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
        if len(steps) > RECENT_STEPS and self.more is not None:
            self.more.hide()

    def step_texts(self) -> list[str]:
        """The steps shown, top to bottom (oldest first)."""
        texts = []
        for row in range(self._grid.rowCount()):
            item = self._grid.itemAtPosition(row, 1)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                texts.append(label.text())
        return texts
