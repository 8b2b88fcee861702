"""The note of a session, phase by phase.

A structured session (coaching, or therapy with a coaching edge) asks for today's agenda and
goal, working notes, and at the end the client's takeaways, a comment on progress and next
steps; the tab follows the timer's phase. A plain therapy session has one field. Therapy also
gets the private process notes, kept apart from the record.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import ContractKind, Goal, GoalStatus
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.session_notes import NoteField, Session, fields_for
from practice_desk.domain.session_phases import Phase
from practice_desk.services.sessions import Sessions
from practice_desk.ui.autosave_text import AutosaveText
from practice_desk.ui.style import error_label, muted

_PLACEHOLDERS = {
    NoteField.AGENDA: "What the client brings today",
    NoteField.GOAL: "What would make today worthwhile",
    NoteField.WORKING_NOTES: "Notes as the work goes on",
    NoteField.TAKEAWAYS: "What the client takes away, in their own words",
    NoteField.PROGRESS_COMMENT: "Your open comment on the progress you see",
    NoteField.NEXT_STEPS: "What was agreed for the time until next session",
}
_HEIGHTS = {NoteField.AGENDA: 70, NoteField.GOAL: 48, NoteField.WORKING_NOTES: 180}


class SessionNotesPanel(QWidget):
    def __init__(
        self,
        sessions: Sessions,
        session: Session,
        goals: tuple[Goal, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("session_notes")
        self._sessions = sessions
        self._session = session
        self.editors: dict[NoteField, AutosaveText] = {}
        self.goal_boxes: dict[int, QCheckBox] = {}
        self.process_note: AutosaveText | None = None
        self.error = error_label("session_notes_error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if session.structured:
            self.tabs: QTabWidget | None = QTabWidget(objectName="session_phase_tabs")
            for phase in session.plan.phases:
                self.tabs.addTab(self._phase_page(phase, goals), phase.label)
            layout.addWidget(self.tabs, 1)
        else:
            self.tabs = None
            layout.addWidget(QLabel("Session notes"))
            layout.addWidget(self._editor(NoteField.WORKING_NOTES), 1)
        layout.addWidget(self.error)
        if session.kind is ContractKind.THERAPY:
            layout.addWidget(self._process_box())
        self.set_read_only(session.is_signed)

    def _phase_page(self, phase: Phase, goals: tuple[Goal, ...]) -> QWidget:
        page = QWidget(objectName=f"session_tab_{phase.value}")
        layout = QVBoxLayout(page)
        for which in fields_for(phase, structured=True):
            layout.addWidget(QLabel(which.label))
            layout.addWidget(self._editor(which), 1 if which is NoteField.WORKING_NOTES else 0)
        if phase is Phase.BEGINNING and goals:
            layout.addWidget(QLabel("Working on the contract's goals"))
            for goal in goals:
                if goal.id is None or goal.status is GoalStatus.DROPPED:
                    continue
                box = QCheckBox(goal.text, objectName=f"session_goal_{goal.id}")
                box.setChecked(goal.id in self._session.goal_ids)
                box.toggled.connect(self._goals_changed)
                self.goal_boxes[goal.id] = box
                layout.addWidget(box)
        layout.addStretch(0)
        return page

    def _editor(self, which: NoteField) -> AutosaveText:
        session_id = self._session.id
        editor = AutosaveText(
            lambda text: self._sessions.save_text(session_id, which, text),
            f"note_{which.value}",
            _PLACEHOLDERS[which],
            self._session.note.text(which),
        )
        if which in _HEIGHTS:
            editor.setMinimumHeight(_HEIGHTS[which])
        else:
            editor.setMinimumHeight(64)
        editor.save_failed.connect(self._show_error)
        editor.saved.connect(self.error.hide)
        self.editors[which] = editor
        return editor

    def _process_box(self) -> QWidget:
        box = QWidget(objectName="process_notes_box")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        # Folded away by default: a client may glance at the screen.
        self.process_toggle = QPushButton("▸ Private process notes", objectName="process_toggle")
        self.process_toggle.setProperty("flat", True)
        self.process_toggle.setCheckable(True)
        layout.addWidget(self.process_toggle)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(
            muted(
                "Your own reflections on the process. Kept apart from the session note and "
                "never part of records, prints or exports unless you include them, with a "
                "reason, for one document."
            )
        )
        session_id = self._session.id
        self.process_note = AutosaveText(
            lambda text: self._sessions.save_process_note(session_id, text),
            "process_note",
            "Only you read these",
            self._sessions.process_note(session_id),
        )
        self.process_note.setMinimumHeight(90)
        self.process_note.save_failed.connect(self._show_error)
        inner_layout.addWidget(self.process_note)
        layout.addWidget(inner)
        inner.setVisible(False)

        def toggled(shown: bool) -> None:
            inner.setVisible(shown)
            self.process_toggle.setText(f"{'▾' if shown else '▸'} Private process notes")

        self.process_toggle.toggled.connect(toggled)
        return box

    def _goals_changed(self) -> None:
        chosen = [goal_id for goal_id, box in self.goal_boxes.items() if box.isChecked()]
        try:
            self._session = self._sessions.link_goals(self._session.id, chosen)
        except PracticeDeskError as error:
            self._show_error(error.message)

    def _show_error(self, message: str) -> None:
        self.error.setText(f"{message} What you typed is still here; nothing is lost.")
        self.error.show()

    def follow_phase(self, phase: Phase) -> None:
        """Show the fields of the phase the session has moved to."""
        if self.tabs is not None and phase in self._session.plan.phases:
            self.tabs.setCurrentIndex(self._session.plan.phases.index(phase))

    def flush(self) -> bool:
        results = [editor.flush() for editor in self.editors.values()]
        if self.process_note is not None:
            results.append(self.process_note.flush())
        return all(results)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.setReadOnly(read_only)
        if self.process_note is not None:
            self.process_note.setReadOnly(read_only)
        for box in self.goal_boxes.values():
            box.setEnabled(not read_only)

    @property
    def typing(self) -> bool:
        """Whether the keyboard is in one of the note's fields (digits then type, not mark)."""
        focused = self.focusWidget()
        return isinstance(focused, AutosaveText) and not focused.isReadOnly()
