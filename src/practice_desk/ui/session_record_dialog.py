"""Before a session record is printed or saved: what it will hold, and for therapy the one
deliberate way to include the private process notes.

Process notes stay out unless ticked here with a reason; the reason travels into the record
and the audit trail, so the fold is closed and unticked every time the dialog opens. Printing
and saving go through document_output, the same doors every other document uses.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.session_notes import DISCLOSURE_REASON_MAX, Session
from practice_desk.services.documents import Document
from practice_desk.services.practice import Practice
from practice_desk.ui import document_output
from practice_desk.ui.appointment_text import clock_text, day_text
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import muted, primary

TITLE = "Session record"
CONTENTS = (
    "The record holds the session note, the time in each phase, the progress markers and any "
    "addenda. Every page is marked confidential."
)
PROCESS_EXPLANATION = (
    "Process notes are your private notes and are left out unless you include them here, "
    "with a reason that is kept in the record and the audit trail."
)
DRAFT_NOTICE = "This note isn't signed yet: the record will say it's a draft."
REASON_EXAMPLE = "e.g. Requested by the client's lawyer, letter of 3 March"
_REASON_HINT = {
    False: "Please give the reason: it is printed with the process notes and kept with the "
    "session.",
    True: "The reason is printed with the process notes and kept with the session.",
}
# The app's stylesheet doesn't grey out a disabled field; here it should look switched off.
_UNTICKED_STYLE = """
QLabel:disabled, QLineEdit:disabled { color: #9aa5b1; }
QLineEdit:disabled { background: #f5f7fa; }
"""
_FOLD = {False: "Private process notes: left out", True: "Private process notes: included"}


class RecordOutput(enum.Enum):
    PRINT = "print"
    SAVE = "save"


def session_line(practice: Practice, session: Session) -> str:
    """Which session this is, so the practitioner can be sure before anything leaves."""
    started = practice.bookings.local(session.started_at)
    kind = session.kind.label
    if session.kind is ContractKind.THERAPY and session.structured:
        kind = "Therapy with a coaching edge"
    return f"{session.client_name}  ·  {kind}  ·  {day_text(started.date())}, {clock_text(started)}"


class SessionRecordDialog(QDialog):
    def __init__(
        self,
        practice: Practice,
        session: Session,
        parent: QWidget | None = None,
        *,
        preferred: RecordOutput = RecordOutput.PRINT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("session_record_dialog")
        self.setWindowTitle(TITLE)  # never client data: titles show in task switchers
        self.setModal(True)
        self.setMinimumWidth(560)
        self._practice = practice
        self.session = session
        self.document: Document | None = None  # the last one that went out, for callers

        self.print_button = QPushButton("Print…", objectName="record_print")
        self.save_button = QPushButton("Save as PDF…", objectName="record_save")
        self.cancel_button = QPushButton("Cancel", objectName="record_cancel")
        self.print_button.clicked.connect(lambda: self._output(RecordOutput.PRINT))
        self.save_button.clicked.connect(lambda: self._output(RecordOutput.SAVE))
        self.cancel_button.clicked.connect(self.reject)
        chosen = self.print_button if preferred is RecordOutput.PRINT else self.save_button
        primary(chosen)
        for button in (self.print_button, self.save_button, self.cancel_button):
            button.setAutoDefault(False)
        chosen.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        which = QLabel(session_line(practice, session), objectName="record_session")
        which.setStyleSheet("font-weight: 600;")
        which.setWordWrap(True)
        layout.addWidget(which)
        layout.addWidget(muted(CONTENTS, "record_contents"))
        self.draft_notice = self._draft_notice()
        layout.addWidget(self.draft_notice)
        self.draft_notice.setVisible(not session.is_signed)
        self.process_part: QWidget | None = None
        if session.kind is ContractKind.THERAPY:
            self.process_part = self._process_part()
            layout.addWidget(self.process_part)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        self._update()

    # --- building -----------------------------------------------------------------------------

    def _draft_notice(self) -> QFrame:
        frame = QFrame(objectName="record_draft_notice")
        frame.setProperty("role", "notice")
        text = QLabel(DRAFT_NOTICE, objectName="record_draft_text")
        text.setWordWrap(True)
        QVBoxLayout(frame).addWidget(text)
        return frame

    def _process_part(self) -> QWidget:
        part = QWidget(objectName="record_process_part")
        self.fold = QToolButton(objectName="record_process_fold")
        self.fold.setCheckable(True)
        self.fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fold.setArrowType(Qt.ArrowType.RightArrow)
        self.fold.setStyleSheet("QToolButton { border: none; font-weight: 600; }")
        self.fold.toggled.connect(self._unfold)
        self.include = QCheckBox("Include private process notes", objectName="record_include")
        self.reason = QLineEdit(objectName="record_reason")
        self.reason.setMaxLength(DISCLOSURE_REASON_MAX)  # the service checks again, with a message
        self.reason.setPlaceholderText(REASON_EXAMPLE)
        self.reason_hint = muted("", "record_reason_hint")
        self.include.toggled.connect(self._update)
        self.include.toggled.connect(self._fit_height)  # the hint beneath comes and goes
        self.reason.textChanged.connect(self._update)

        self.folded = QWidget(objectName="record_process_options")
        inner = QVBoxLayout(self.folded)
        inner.setContentsMargins(22, 0, 0, 0)  # under the fold's text, past its arrow
        inner.setSpacing(8)
        inner.addWidget(self.include)
        reason_row = QHBoxLayout()
        self.reason_label = QLabel("Reason")
        self.reason_label.setBuddy(self.reason)
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        inner.addLayout(reason_row)
        inner.addWidget(self.reason_hint)
        self.folded.setStyleSheet(_UNTICKED_STYLE)
        self.folded.hide()

        column = QVBoxLayout(part)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(8)
        column.addWidget(muted(PROCESS_EXPLANATION, "record_process_explanation"))
        column.addWidget(self.fold)
        column.addWidget(self.folded)
        return part

    # --- state --------------------------------------------------------------------------------

    def _unfold(self, open_: bool) -> None:
        self.folded.setVisible(open_)
        arrow = Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow
        self.fold.setArrowType(arrow)
        if open_:
            self.include.setFocus()
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # adjustSize() guesses wrapped labels' heights at a narrower width and leaves a gap.
        layout = self.layout()
        layout.invalidate()
        layout.activate()  # the unfolded part counts only once the layout has seen it
        height = layout.totalHeightForWidth(self.width())
        self.resize(self.width(), max(height, layout.totalMinimumSize().height()))

    def _update(self) -> None:
        ticked = self.process_part is not None and self.include.isChecked()
        if self.process_part is not None:
            self.reason.setEnabled(ticked)
            self.reason_label.setEnabled(ticked)
            self.reason_hint.setVisible(ticked)
            self.reason_hint.setText(_REASON_HINT[bool(self.reason.text().strip())])
            # Folded again after ticking, the header still says the notes go in.
            self.fold.setText(_FOLD[ticked])
        ready = self.reason_given() is not None or not ticked
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def reason_given(self) -> str | None:
        """The reason for including process notes, or None when they stay out."""
        if self.process_part is None or not self.include.isChecked():
            return None
        reason = self.reason.text().strip()
        return reason or None

    def is_ready(self) -> bool:
        return self.print_button.isEnabled()

    # --- output -------------------------------------------------------------------------------

    def _output(self, how: RecordOutput) -> None:
        if not self.is_ready():  # Enter can arrive before the buttons catch up
            return
        document = self._build()
        if document is None:
            return
        if how is RecordOutput.PRINT:
            done = document_output.print_document(self, self._practice, document)
        else:
            done = document_output.save_document(self, self._practice, document) is not None
        if done:
            self.document = document
            self.accept()  # cancelled in the next step: stay here to choose again

    def _build(self) -> Document | None:
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                return self._practice.documents.session_record(
                    self.session.id, include_process_notes=self.reason_given()
                )
            finally:
                QApplication.restoreOverrideCursor()
        except PracticeDeskError as error:
            PROMPTS.tell_error(self, error)
            return None

    def done(self, result: int) -> None:
        # The reason is kept in the record once used; the field needn't hold it any longer.
        if self.process_part is not None:
            self.reason.clear()
        super().done(result)


def open_session_record(
    parent: QWidget, practice: Practice, session: Session, preferred: RecordOutput
) -> SessionRecordDialog:
    """Open the dialog without blocking (like every form here) and let it go once closed."""
    dialog = SessionRecordDialog(practice, session, parent, preferred=preferred)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
