"""A client asks for their record: write it for them, once as a PDF to read and once as a data
file (JSON), into a folder the practitioner chooses.

The PDF password question is the one every saved PDF gets (document_output.ask_protection).
Process notes stay out unless the fold is opened, ticked and given a reason, as for a session
record; the reason is kept and audited by the service. Window titles and file names never name
the client.
"""

from __future__ import annotations

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
from practice_desk.services.exports import CLIENT_JSON_NOTE, ClientExport
from practice_desk.services.practice import Practice
from practice_desk.ui import document_output
from practice_desk.ui.process_notes_choice import ProcessNotesChoice
from practice_desk.ui.prompts import PROMPTS, PdfChoice
from practice_desk.ui.style import button_row, fit_height, muted, notice, primary

TITLE = "Copy of the record for the client"
WHAT = (
    "When a client asks for their record, give them everything you hold about them that they "
    "may receive: their details, contracts and goals, appointments, every session with its "
    "notes, markers and addenda, invoices, approved sponsor reports and referral notes."
)
HOW = (
    "It is written twice into a folder you choose: as a PDF for them to read, and the same as "
    "a data file (JSON) that other software can read. You can protect the PDF with a password "
    "in the next step."
)
PROCESS_EXPLANATION = (
    "Process notes are your private notes and may be withheld from an access request. They "
    "are left out unless you include them here, with a reason that is kept in the record and "
    "the audit trail."
)
REASON_EXAMPLE = "e.g. The client asked for their complete file, letter of 3 March"
_REASON_HINT = {
    False: "Please give the reason: it is printed with the process notes and kept with the "
    "sessions.",
    True: "The reason is printed with the process notes and kept with the sessions.",
}


class ClientAccessDialog(QDialog):
    def __init__(self, practice: Practice, client_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("client_access_dialog")
        self.setWindowTitle(TITLE)  # never the client's name: titles show in task switchers
        self.setModal(True)
        self.setMinimumWidth(580)
        self._practice = practice
        self.client = practice.clients.get(client_id)
        self.written: ClientExport | None = None  # what was written, for callers and tests

        self.write_button = primary(
            QPushButton("Choose folder and write…", objectName="access_write")
        )
        self.cancel_button = QPushButton("Cancel", objectName="access_cancel")
        self.write_button.clicked.connect(self.write)
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setAutoDefault(False)
        self.write_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        who = QLabel(
            f"{self.client.details.display_name}  ·  Client no. {self.client.id}",
            objectName="access_client",
        )
        who.setStyleSheet("font-weight: 600;")
        who.setWordWrap(True)
        layout.addWidget(who)
        what = muted(WHAT, "access_what")
        what.setProperty("role", "")  # the main text of the dialog
        layout.addWidget(what)
        layout.addWidget(muted(HOW, "access_how"))
        base = practice.exports.client_file_base(client_id)
        layout.addWidget(muted(f"Files: {base}.pdf and {base}.json", "access_files"))
        layout.addWidget(notice(CLIENT_JSON_NOTE, "access_json_note", "access_json_text"))
        self.process_part: ProcessNotesChoice | None = None
        if self.client.kind is ContractKind.THERAPY:
            part = ProcessNotesChoice("access", PROCESS_EXPLANATION, REASON_EXAMPLE, _REASON_HINT)
            self.process_part = part.add_to(self, layout, self._update)
        layout.addStretch(1)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.cancel_button, self.write_button))
        self._update()

    # --- state --------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def _update(self) -> None:
        self.write_button.setEnabled(self.process_part is None or self.process_part.ready())

    def reason_given(self) -> str | None:
        """The reason for including process notes, or None when they stay out."""
        return None if self.process_part is None else self.process_part.reason_given()

    # --- writing ------------------------------------------------------------------------------

    def write(self) -> None:
        if not self.write_button.isEnabled():  # Enter can arrive before the button catches up
            return
        folder = PROMPTS.ask_folder(self, "Choose a folder for the client's copy", None)
        if folder is None:
            return
        base = self._practice.exports.client_file_base(self.client.id)
        existing = [p.name for p in (folder / f"{base}.pdf", folder / f"{base}.json") if p.exists()]
        if existing and not PROMPTS.confirm(
            self,
            "Replace the earlier copy?",
            f"{' and '.join(existing)} already exist in that folder, probably from an earlier "
            "copy made today. Writing again replaces them.",
            "Replace them",
            cautious=True,
        ):
            return
        protection = document_output.ask_protection(self)
        if protection.choice is PdfChoice.CANCELLED:
            return
        password = protection.password if protection.choice is PdfChoice.PROTECTED else None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self._practice.exports.client_access(
                self.client.id,
                folder,
                include_process_notes_reason=self.reason_given(),
                pdf_password=password,
            )
        except (PracticeDeskError, OSError) as error:
            QApplication.restoreOverrideCursor()
            PROMPTS.tell_error(self, error)  # nothing was written; the dialog stays to try again
            return
        QApplication.restoreOverrideCursor()
        self.written = result
        PROMPTS.tell(self, "The client's copy is written", written_text(result))
        self.accept()

    def done(self, result: int) -> None:
        # The reason is kept with the sessions once used; the field needn't hold it any longer.
        if self.process_part is not None:
            self.reason.clear()
        super().done(result)


def written_text(result: ClientExport) -> str:
    folder = result.pdf_path.parent
    pages = f"{result.pages} page{'' if result.pages == 1 else 's'}"
    protection = "protected with your password" if result.pdf_protected else "without a password"
    lines = [
        f"Written to {folder}:",
        "",
        f"•  {result.pdf_path.name}: the record to read, {pages}, {protection}.",
        f"•  {result.json_path.name}: the same record as a data file.",
        "",
    ]
    if result.process_notes_sessions:
        count = result.process_notes_sessions
        lines.append(
            f"Process notes from {count} session{'' if count == 1 else 's'} went along, with "
            "your reason.\n"
        )
    if result.pdf_protected:
        lines.append(
            "Give the client the password separately, for example by phone. The data file "
            "has no password: hand it over in person or through a secure channel."
        )
    else:
        lines.append(
            "Neither file has a password: hand them over in person or through a secure channel."
        )
    return "\n".join(lines)


def open_client_access(parent: QWidget, practice: Practice, client_id: int) -> ClientAccessDialog:
    """Open without blocking, like every form here, and let it go once closed."""
    dialog = ClientAccessDialog(practice, client_id, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
