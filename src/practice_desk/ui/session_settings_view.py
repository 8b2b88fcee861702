"""Settings → Sessions: the quiet cue before a phase ends, whether it makes a sound, and the
practice's usual beginning and end for each kind of work (a contract may set its own).
Saved together with one button, since the numbers belong together."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import DEFAULT_SESSION_MINUTES, ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.session_phases import MAX_CUE_MINUTES, MAX_PHASE_EDGE_MINUTES, PhasePlan
from practice_desk.services.session_settings import SessionSettings
from practice_desk.ui.phase_plan_text import PLAIN_TIMER, fits, plan_text
from practice_desk.ui.style import error_label, muted, primary, subheading

KINDS = (
    (ContractKind.THERAPY, "therapy", "Therapy with a coaching edge"),
    (ContractKind.COACHING, "coaching", "Coaching"),
)


class SessionSettingsView(QWidget):
    def __init__(self, settings: SessionSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session_settings")
        self._settings = settings

        self.cue_minutes = QSpinBox(objectName="cue_minutes")
        self.cue_minutes.setRange(0, MAX_CUE_MINUTES)
        self.cue_minutes.setSuffix(" minutes before")
        self.cue_minutes.setSpecialValueText("Only when the time is up")
        self.cue_minutes.setFixedWidth(220)

        self.cue_sound = QCheckBox("Play a soft sound with the cue", objectName="cue_sound")

        self.edges: dict[ContractKind, tuple[QSpinBox, QSpinBox]] = {}
        self.examples: dict[ContractKind, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.addWidget(muted("Beginning"), 0, 1)
        grid.addWidget(muted("End"), 0, 2)
        for index, (kind, key, label) in enumerate(KINDS):
            row = 1 + index * 2
            first = self._edge_box(f"edges_{key}_beginning")
            last = self._edge_box(f"edges_{key}_end")
            name = QLabel(label)
            name.setBuddy(first)
            example = muted("", f"edges_{key}_example")
            grid.addWidget(name, row, 0)
            grid.addWidget(first, row, 1)
            grid.addWidget(last, row, 2)
            grid.addWidget(example, row + 1, 0, 1, 4)
            self.edges[kind] = (first, last)
            self.examples[kind] = example
        grid.setColumnStretch(3, 1)

        self.save_button = primary(QPushButton("Save", objectName="session_settings_save"))
        self.save_button.clicked.connect(self.save)
        self.cue_minutes.valueChanged.connect(self._edited)
        self.cue_sound.toggled.connect(self._edited)
        self.status = muted("", "session_settings_status")
        self.error = error_label("session_settings_error")
        self.error.hide()
        save_row = QHBoxLayout()
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.save_button)

        form = QFormLayout()
        form.addRow("Quiet cue before a phase ends", self.cue_minutes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(subheading("Sessions"))
        layout.addWidget(
            muted(
                "The session room shows which phase you are in and how long is left. A little "
                "before a phase should end, a quiet line says so; at 0 it appears only when "
                "the time is up."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.cue_sound)
        layout.addWidget(
            muted(
                "Off unless you choose it: a client is in the room, and the screen alone is "
                "usually enough.",
                "cue_sound_note",
            )
        )
        layout.addSpacing(6)
        layout.addWidget(muted("The usual beginning and end, for each kind of work", "edges_note"))
        layout.addLayout(grid)
        layout.addWidget(
            muted(
                f"A contract can set its own beginning and end in its form. {PLAIN_TIMER}",
            )
        )
        layout.addWidget(self.error)
        layout.addLayout(save_row)
        self.load()

    def _edge_box(self, name: str) -> QSpinBox:
        box = QSpinBox(objectName=name)
        box.setRange(0, MAX_PHASE_EDGE_MINUTES)
        box.setSuffix(" minutes")
        box.setFixedWidth(130)
        box.valueChanged.connect(self._show_examples)
        box.valueChanged.connect(self._edited)
        return box

    def _edited(self) -> None:
        """A change not yet saved: the last confirmation no longer holds."""
        self.status.clear()

    def load(self) -> None:
        """Show what is stored."""
        settings = self._settings
        self.cue_minutes.setValue(settings.cue_minutes)
        self.cue_sound.setChecked(settings.cue_sound)
        for kind, (first, last) in self.edges.items():
            beginning, end = settings.edges(kind)
            first.setValue(beginning)
            last.setValue(end)
        self._show_examples()

    def _show_examples(self) -> None:
        minutes = DEFAULT_SESSION_MINUTES
        for kind, (first, last) in self.edges.items():
            beginning, end = first.value(), last.value()
            plan = plan_text(PhasePlan.for_session(minutes, beginning, end))
            if fits(minutes, beginning, end):
                text = f"In a {minutes}-minute session: {plan}."
            else:
                text = (
                    f"Too long for a {minutes}-minute session: one that short gets {plan} instead."
                )
            self.examples[kind].setText(text)

    def save(self) -> None:
        self.error.hide()
        self.status.clear()
        try:
            self._settings.save(
                cue_minutes=self.cue_minutes.value(),
                cue_sound=self.cue_sound.isChecked(),
                edges={
                    kind: (first.value(), last.value())
                    for kind, (first, last) in self.edges.items()
                },
            )
        except PracticeDeskError as problem:
            self.error.setText(f"{problem.message} Nothing was changed.")
            self.error.show()
            return
        self.status.setText(
            "Saved. The cue changes at once; a new beginning and end apply from the next "
            "session you start."
        )
