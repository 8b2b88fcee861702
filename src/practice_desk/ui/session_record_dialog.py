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
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.session_notes import Session
from practice_desk.services.documents import Document
from practice_desk.services.practice import Practice
from practice_desk.ui import document_output
from practice_desk.ui.appointment_text import clock_text, day_text
from practice_desk.ui.process_notes_choice import ProcessNotesChoice
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import button_row, fit_height, muted, notice, primary

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
        self.draft_notice = notice(DRAFT_NOTICE, "record_draft_notice", "record_draft_text")
        layout.addWidget(self.draft_notice)
        self.draft_notice.setVisible(not session.is_signed)
        self.process_part: ProcessNotesChoice | None = None
        if session.kind is ContractKind.THERAPY:
            part = ProcessNotesChoice("record", PROCESS_EXPLANATION, REASON_EXAMPLE, _REASON_HINT)
            self.process_part = part.add_to(self, layout, self._update)
        layout.addStretch(1)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.cancel_button, self.save_button, self.print_button))
        self._update()

    # --- state --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def _update(self) -> None:
        ready = self.process_part is None or self.process_part.ready()
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def reason_given(self) -> str | None:
        """The reason for including process notes, or None when they stay out."""
        return None if self.process_part is None else self.process_part.reason_given()

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
