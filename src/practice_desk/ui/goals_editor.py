"""The agreed goals of a contract: add, reword, move through open → progressing → achieved
(or dropped), and note the assessment made with the client."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import Goal, GoalStatus
from practice_desk.ui.style import muted


class GoalRow:
    def __init__(self, goal: Goal) -> None:
        self.id = goal.id
        self.text = QLineEdit(goal.text, objectName="goal_text")
        self.text.setPlaceholderText("What the client wants to reach, in their words")
        self.text.setMaxLength(500)
        self.status = QComboBox(objectName="goal_status")
        for status in GoalStatus:
            self.status.addItem(status.label, status)
        self.status.setCurrentIndex(list(GoalStatus).index(goal.status))
        self.assessment = QLineEdit(goal.assessment, objectName="goal_assessment")
        self.assessment.setPlaceholderText("How far it was reached, assessed together")
        self.assessment.setMaxLength(2000)
        self.remove = QPushButton("Remove", objectName="goal_remove")

    def goal(self) -> Goal:
        return Goal(self.text.text(), self.status.currentData(), self.assessment.text(), self.id)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.text, self.status, self.assessment, self.remove)


class GoalsEditor(QWidget):
    def __init__(self, goals: tuple[Goal, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goals_editor")
        self.rows: list[GoalRow] = []
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 2)
        self.empty = muted("No goals yet. Goals can be added now or later.", "goals_empty")
        self.add_button = QPushButton("Add a goal", objectName="add_goal")
        self.add_button.clicked.connect(lambda: self.add(Goal("")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self.grid)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        for goal in goals:
            self.add(goal, focus=False)
        self._update_empty()

    def add(self, goal: Goal, *, focus: bool = True) -> None:
        row = GoalRow(goal)
        self.rows.append(row)
        position = self.grid.rowCount()
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, position, column)
        row.remove.clicked.connect(lambda: self._remove(row))
        self._update_empty()
        if focus:
            row.text.setFocus()

    def _remove(self, row: GoalRow) -> None:
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.rows)

    def goals(self) -> tuple[Goal, ...]:
        """Rows left blank are not goals; they are dropped rather than refused."""
        return tuple(row.goal() for row in self.rows if row.text.text().strip())
