"""The session room: the timer, the phase bar, the note and the markers, for one session.

A client is in the room, so the screen stays quiet: no pop-ups while the session runs, cues
are a line of colour and text, and everything works from the keyboard. The timer is read from
the stored events every second (aligned to the wall clock's seconds), never counted here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.progress_markers import MarkerKind
from practice_desk.domain.session_notes import Session
from practice_desk.domain.session_phases import Cue, ExtendMode, TimerReading
from practice_desk.services.practice import Practice
from practice_desk.ui.appointment_text import clock_text, day_text
from practice_desk.ui.marker_panel import MarkerPanel
from practice_desk.ui.phase_bar import PhaseBar
from practice_desk.ui.session_after import SessionAfterPanel
from practice_desk.ui.session_notes_panel import SessionNotesPanel
from practice_desk.ui.session_text import (
    cue_text,
    is_warning,
    phase_left_text,
    phase_name,
    session_left_text,
)
from practice_desk.ui.style import error_label, muted, primary

EXTEND_MINUTES = 5
_DIGITS = {getattr(Qt.Key, f"Key_{kind.key}"): kind for kind in MarkerKind}
_CUE_STYLE = {
    False: "background: #eef4f3; color: #234e52; border-radius: 6px; padding: 6px 10px;",
    True: "background: #fbeee6; color: #7b341e; border-radius: 6px; padding: 6px 10px;",
}


class SessionRoom(QWidget):
    closed = Signal()  # back to the list of sessions
    changed = Signal()  # finished, signed or discarded: lists elsewhere may need a refresh

    def __init__(self, practice: Practice, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("session_room")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._practice = practice
        self._sessions = practice.sessions
        self.session = session
        self.reading: TimerReading | None = None
        self._cue = Cue.NONE
        contract = self._sessions.contract(session)
        goals = contract.terms.goals
        local = practice.bookings.local

        self.notes = SessionNotesPanel(self._sessions, session, goals)
        self.markers = MarkerPanel(
            self._sessions, session.id, goals, local, single_phase=session.plan.is_plain
        )
        self.markers.done.connect(self._keyboard_back)
        self._return_focus: QWidget | None = None

        self.bar = PhaseBar()
        self.phase = QLabel(objectName="session_phase")
        self.phase.setStyleSheet("font-size: 20pt; font-weight: 600; color: #234e52;")
        self.phase_left = QLabel(objectName="session_phase_left")
        self.phase_left.setStyleSheet("font-size: 20pt;")
        self.session_left = muted("", "session_left")
        self.session_left.setWordWrap(False)
        self.cue = QLabel(objectName="session_cue")
        self.cue.setWordWrap(True)
        self.error = error_label("session_error")
        self.error.hide()

        self.next_button = QPushButton("Next phase", objectName="session_next_phase")
        self.next_button.setToolTip("Move on to the next phase (Ctrl+Enter)")
        self.next_button.clicked.connect(self.advance)
        self.extend_button = QPushButton(f"+{EXTEND_MINUTES} min", objectName="session_extend")
        menu = QMenu(self.extend_button)
        self.shrink_action = menu.addAction(
            f"{EXTEND_MINUTES} more minutes; the next phase gives way (Ctrl+Shift+E)"
        )
        self.shrink_action.triggered.connect(lambda: self.extend(ExtendMode.SHRINK_REST))
        self.run_over_action = menu.addAction(
            f"{EXTEND_MINUTES} more minutes; the session runs over (Ctrl+Shift+R)"
        )
        self.run_over_action.triggered.connect(lambda: self.extend(ExtendMode.RUN_OVER))
        self.extend_button.setMenu(menu)
        self.pause_button = QPushButton("Pause", objectName="session_pause")
        self.pause_button.setToolTip("Pause or resume the session clock (Ctrl+Shift+P)")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.finish_button = QPushButton("Finish session", objectName="session_finish")
        self.finish_button.setToolTip("Stop the clock; the note stays open to finish writing")
        self.finish_button.clicked.connect(self.finish)
        for button in (self.next_button, self.extend_button, self.pause_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.after = SessionAfterPanel(practice, session, local)
        self.after.signed.connect(self._signed)
        self.after.discarded.connect(self._discarded)
        self.after.flush_requested.connect(self.flush)

        back = QPushButton("All sessions", objectName="session_back")
        back.setProperty("flat", True)
        back.clicked.connect(self.leave)

        self._build(back, local)
        self._shortcuts()
        self._ticker = QTimer(self, singleShot=True)
        self._ticker.timeout.connect(self.tick)
        self._refresh_state()
        self.tick()

    # --- layout --------------------------------------------------------------------------------

    def _build(self, back: QPushButton, local) -> None:  # noqa: ANN001 - a localiser
        session = self.session
        started = local(session.started_at)
        kind = session.kind.label
        if session.kind.value == "therapy" and session.structured:
            kind = "Therapy with a coaching edge"
        header = QHBoxLayout()
        title = QLabel(f"{session.client_name}  ·  {kind}", objectName="session_title")
        title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        header.addWidget(title)
        when = muted(f"{day_text(started.date())}, began {clock_text(started)}", "session_started")
        when.setWordWrap(False)
        header.addSpacing(12)
        header.addWidget(when)
        header.addStretch(1)
        header.addWidget(back)

        clock = QHBoxLayout()
        clock.addWidget(self.phase)
        clock.addSpacing(24)
        clock.addWidget(self.phase_left)
        clock.addStretch(1)
        clock.addWidget(self.session_left)

        self.controls = QWidget(objectName="session_controls")
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(primary(self.next_button))
        controls.addWidget(self.extend_button)
        controls.addWidget(self.pause_button)
        controls.addStretch(1)
        controls.addWidget(self.finish_button)

        timer_card = QFrame(objectName="card")
        card = QVBoxLayout(timer_card)
        card.setContentsMargins(16, 12, 16, 12)
        card.addLayout(clock)
        card.addWidget(self.bar)
        card.addWidget(self.cue)
        card.addWidget(self.controls)
        card.addWidget(self.error)

        body = QHBoxLayout()
        column = QWidget(objectName="session_column")
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 8, 0)
        left.addWidget(self.notes, 1)
        left.addWidget(self.after)
        scroll = QScrollArea(objectName="session_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(column)
        scroll.viewport().setAutoFillBackground(False)
        column.setAutoFillBackground(False)
        body.addWidget(scroll, 3)
        body.addSpacing(16)
        body.addWidget(self.markers, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addWidget(timer_card)
        layout.addLayout(body, 1)

    def _shortcuts(self) -> None:
        def bind(keys: str, action) -> None:  # noqa: ANN001 - a slot
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

        for kind in MarkerKind:
            bind(f"Ctrl+{kind.key}", lambda k=kind: self.log_marker(k))
        bind("Ctrl+Return", self.advance)
        bind("Ctrl+Enter", self.advance)
        bind("Ctrl+Shift+P", self.toggle_pause)
        bind("Ctrl+Shift+E", lambda: self.extend(ExtendMode.SHRINK_REST))
        bind("Ctrl+Shift+R", lambda: self.extend(ExtendMode.RUN_OVER))

    # --- keyboard ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits log markers and V switches the voice, unless a text field has the keys."""
        kind = _DIGITS.get(Qt.Key(event.key()))
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if kind is not None and plain:
            self.log_marker(kind)
            return
        if event.key() == Qt.Key.Key_V and plain:
            self.markers.toggle_voice()
            return
        super().keyPressEvent(event)

    def escape(self) -> None:
        """Esc leaves a text field, so the next digit logs a marker."""
        self.notes.flush()
        self.setFocus()

    def log_marker(self, kind: MarkerKind) -> None:
        if self.session.is_signed:
            return
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused) and focused is not self.markers.text:
            self._return_focus = focused
        self.markers.log(kind)

    def _keyboard_back(self) -> None:
        target = self._return_focus
        self._return_focus = None
        if target is not None and target.isVisible():
            target.setFocus()
        else:
            self.setFocus()

    # --- the timer -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Read the timer and schedule the next reading just after the next whole second."""
        try:
            reading = self._sessions.reading(self.session)
        except PracticeDeskError:
            return
        self._show(reading)
        if not reading.finished and not reading.paused:
            # Just after the next whole second of the session (at once if this is one).
            self._ticker.start(int(((-reading.elapsed) % 1.0) * 1000) + 5)

    def _show(self, reading: TimerReading) -> None:
        previous = self.reading
        self.reading = reading
        self.phase.setText("Signed" if self.session.is_signed else phase_name(reading))
        self.phase_left.setText(phase_left_text(reading))
        self.session_left.setText(session_left_text(reading))
        text = cue_text(reading)
        self.cue.setText(text)
        self.cue.setVisible(bool(text))
        self.cue.setStyleSheet(_CUE_STYLE[is_warning(reading.cue)])
        self.bar.show_reading(reading)
        if reading.cue is not self._cue:
            if reading.cue is not Cue.NONE and self._sessions.settings.cue_sound:
                QApplication.beep()
            self._cue = reading.cue
        if previous is None or previous.phase is not reading.phase:
            self.notes.follow_phase(reading.phase)
        self.controls.setVisible(not reading.finished)
        self.next_button.setEnabled(reading.next_phase is not None)
        self.pause_button.setText("Resume" if reading.paused else "Pause")

    def _timer_action(self, action) -> None:  # noqa: ANN001 - a service call
        if self.session.is_signed or not self.session.is_running:
            return
        try:
            reading = action(self.session.id)
        except PracticeDeskError as error:
            self.error.setText(f"{error.message} {error.advice}".strip())
            self.error.show()
            return
        self.error.hide()
        self._show(reading)
        self.tick()

    def advance(self) -> None:
        self._timer_action(self._sessions.advance)

    def extend(self, mode: ExtendMode) -> None:
        self._timer_action(
            lambda session_id: self._sessions.extend(session_id, EXTEND_MINUTES, mode)
        )

    def toggle_pause(self) -> None:
        paused = self.reading is not None and self.reading.paused
        self._timer_action(self._sessions.resume if paused else self._sessions.pause)

    def finish(self) -> None:
        if not self.session.is_running:
            return
        self.flush()
        try:
            self.session = self._sessions.finish(self.session.id)
        except PracticeDeskError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self._refresh_state()
        self.tick()
        self.changed.emit()

    # --- after the session ---------------------------------------------------------------------

    def _refresh_state(self) -> None:
        signed = self.session.is_signed
        self.after.show_session(self.session)
        self.notes.set_read_only(signed)
        self.markers.set_read_only(signed)

    def _signed(self, session: Session) -> None:
        self.session = session
        self._refresh_state()
        self.tick()
        self.changed.emit()

    def _discarded(self) -> None:
        self._ticker.stop()
        self.changed.emit()
        self.closed.emit()

    def sign(self) -> None:
        """Sign from the keyboard or a test: the same as the Sign button."""
        self.flush()
        self.after.sign()

    def flush(self) -> bool:
        """Save whatever is typed but not yet saved (before a lock, a phase change, leaving)."""
        self.markers.flush()
        return self.notes.flush()

    def stop(self) -> None:
        """Save, and stop reading the timer (the session itself goes on)."""
        self.flush()
        self._ticker.stop()

    def leave(self) -> None:
        self.stop()
        self.closed.emit()
