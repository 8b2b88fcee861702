"""Below the note once the clock has stopped: sign it, or discard a session started by mistake;
once signed, the dated addenda and a field to add one. Finished or signed, its record can be
printed or saved as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.session_notes import Session
from practice_desk.services.practice import Practice
from practice_desk.ui.appointment_text import clock_text, day_text
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.session_record_dialog import (
    RecordOutput,
    SessionRecordDialog,
    open_session_record,
)
from practice_desk.ui.style import error_label, muted, primary, subheading


class SessionAfterPanel(QWidget):
    signed = Signal(object)  # Session
    discarded = Signal()
    # Before signing or making the record: the room saves what is typed. A click on a button
    # needn't take the focus from the note (it doesn't on macOS), so focus-out can't be relied on.
    flush_requested = Signal()

    def __init__(
        self,
        practice: Practice,
        session: Session,
        local: Callable[[datetime], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("session_after")
        self._practice = practice
        self._sessions = practice.sessions
        self._local = local
        self.session = session
        self.record_dialog: SessionRecordDialog | None = None
        self.status = muted("", "session_sign_status")
        self.status.setWordWrap(True)
        self.sign_button = QPushButton("Sign note…", objectName="session_sign")
        self.sign_button.clicked.connect(self.sign)
        self.discard_button = QPushButton("Discard session…", objectName="session_discard")
        self.discard_button.clicked.connect(self.discard)
        self.print_button = QPushButton("Print…", objectName="session_record_print")
        self.print_button.setToolTip("Print this session's record")
        self.print_button.clicked.connect(lambda: self.open_record(RecordOutput.PRINT))
        self.save_button = QPushButton("Save as PDF…", objectName="session_record_save")
        self.save_button.setToolTip("Save this session's record as a PDF")
        self.save_button.clicked.connect(lambda: self.open_record(RecordOutput.SAVE))
        self.addenda = QListWidget(objectName="session_addenda")
        self.addenda.setWordWrap(True)
        self.addendum_text = QPlainTextEdit(objectName="addendum_text")
        self.addendum_text.setPlaceholderText("A correction or later information, dated today")
        self.addendum_text.setMaximumHeight(80)
        self.add_button = QPushButton("Add addendum", objectName="addendum_add")
        self.add_button.clicked.connect(self.add_addendum)
        self.error = error_label("session_after_error")
        self.error.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(primary(self.sign_button))
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        record = muted("Session record:", "session_record_label")
        record.setWordWrap(False)
        buttons.addWidget(record)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        self.signed_part = QWidget()
        signed_layout = QVBoxLayout(self.signed_part)
        signed_layout.setContentsMargins(0, 0, 0, 0)
        signed_layout.addWidget(subheading("Addenda"))
        signed_layout.addWidget(self.addenda)
        signed_layout.addWidget(self.addendum_text)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        signed_layout.addLayout(add_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(self.signed_part)
        layout.addWidget(self.error)
        self.show_session(session)

    def _when(self, moment: datetime) -> str:
        local = self._local(moment)
        return f"{day_text(local.date())} at {clock_text(local)}"

    def show_session(self, session: Session) -> None:
        self.session = session
        self.setVisible(not session.is_running)
        signed = session.is_signed
        self.sign_button.setVisible(not signed)
        self.discard_button.setVisible(not signed)
        self.signed_part.setVisible(signed)
        if signed and session.signed_at is not None:
            self.status.setText(
                f"Signed on {self._when(session.signed_at)}. The note no longer changes; "
                "corrections are added beneath it as dated addenda."
            )
            self._load_addenda()
        else:
            self.status.setText(
                "The session has finished. Complete the note, then sign it; signing makes it final."
            )

    def _load_addenda(self) -> None:
        self.addenda.clear()
        for addendum in self._sessions.addenda(self.session.id):
            self.addenda.addItem(f"{self._when(addendum.written_at)}\n{addendum.body}")
        self.addenda.setVisible(self.addenda.count() > 0)

    def sign(self) -> None:
        self.flush_requested.emit()
        if not PROMPTS.confirm(
            self,
            "Sign this note?",
            "A signed note is final: it can't be edited afterwards, and later corrections "
            "become dated addenda beneath it.",
            "Sign",
        ):
            return
        try:
            session = self._sessions.sign(self.session.id)
        except PracticeDeskError as error:
            self._fail(error)
            return
        self.show_session(session)
        self.signed.emit(session)

    def open_record(self, preferred: RecordOutput) -> SessionRecordDialog:
        self.flush_requested.emit()
        self.record_dialog = open_session_record(self, self._practice, self.session, preferred)
        return self.record_dialog

    def discard(self) -> None:
        if not PROMPTS.confirm(
            self,
            "Discard this session?",
            "The session, its note and its markers will be removed. Do this only for a "
            "session started by mistake.",
            "Discard",
        ):
            return
        try:
            self._sessions.discard(self.session.id)
        except PracticeDeskError as error:
            self._fail(error)
            return
        self.discarded.emit()

    def add_addendum(self) -> None:
        try:
            self._sessions.add_addendum(self.session.id, self.addendum_text.toPlainText())
        except PracticeDeskError as error:
            self._fail(error)
            return
        self.error.hide()
        self.addendum_text.clear()
        self._load_addenda()

    def _fail(self, error: PracticeDeskError) -> None:
        self.error.setText(f"{error.message} {error.advice}".strip())
        self.error.show()
