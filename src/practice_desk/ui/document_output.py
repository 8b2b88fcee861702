"""Saving and printing a finished document: the two doors through which a PDF leaves.

Every screen that offers a document calls these, so the questions, the warning about
unprotected files and the audit entries are the same everywhere. Nothing here names the
client: titles and messages travel to task switchers and notification centres.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.documents import Document
from practice_desk.ui.prompts import PROMPTS, PdfChoice, PdfPassword

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from practice_desk.services.practice import Practice

PDF_FILTER = "PDF files (*.pdf)"
UNPROTECTED_TITLE = "Save without a password?"
UNPROTECTED_WARNING = (
    "This PDF will not be protected: anyone who opens the file can read it. Once saved, it "
    "leaves the encrypted practice and is only as safe as the place you keep it or send it "
    "to.\n\nIf it is going to someone else, a password is the safer choice."
)


def save_document(parent: QWidget, practice: Practice, document: Document) -> Path | None:
    """Ask where and whether to protect it, then save. The saved path, or None if nothing was
    written (cancelled, or a problem the practitioner has been told about)."""
    target = PROMPTS.ask_save_path(
        parent, f"Save {document.kind.label.lower()} as PDF", document.file_name, PDF_FILTER
    )
    if target is None:
        return None
    protection = ask_protection(parent)
    if protection.choice is PdfChoice.CANCELLED:
        return None
    password = protection.password if protection.choice is PdfChoice.PROTECTED else None
    try:
        path = practice.documents.save(document, target, password=password)
    except (PracticeDeskError, OSError) as error:
        PROMPTS.tell_error(parent, error)
        return None
    PROMPTS.tell(parent, "PDF saved", _saved_text(path, protected=password is not None))
    return path


def print_document(
    parent: QWidget,
    practice: Practice,
    document: Document,
    *,
    printer: QPrinter | None = None,
) -> bool:
    """Show the print preview; True if the document went to the printer (and was audited).
    `printer` replaces the default A4 one, e.g. a PDF-file printer in tests."""
    # QtPdf and the print support load only when someone prints.
    from practice_desk.ui.print_preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(document, parent, printer=printer)
    try:
        if not dialog.is_ready:
            _tell_not_printable(parent)
            return False
        printed = PROMPTS.run_print_preview(dialog)
        failed = dialog.print_failed
    finally:
        dialog.deleteLater()
    if failed:
        _tell_printer_failed(parent)
    if not printed:
        return False
    try:
        practice.documents.printed(document)
    except PracticeDeskError as error:
        # The paper is already out; say the trail missed it rather than pretend otherwise.
        PROMPTS.tell_error(parent, error)
    return True


def ask_protection(parent: QWidget) -> PdfPassword:
    """A password, or a deliberate "no password" after the warning. Declining the warning
    goes back to the question, where Cancel is always at hand. (The client's copy of their
    record asks the same way.)"""
    while True:
        answer = PROMPTS.ask_pdf_password(parent)
        if answer.choice is not PdfChoice.UNPROTECTED:
            return answer
        if PROMPTS.confirm(parent, UNPROTECTED_TITLE, UNPROTECTED_WARNING, "Save unprotected"):
            return answer


def _saved_text(path: Path, *, protected: bool) -> str:
    if protected:
        return (
            f"Saved as {path.name}, protected with your password. Give the recipient the "
            "password separately, for example by phone or text message."
        )
    return (
        f"Saved as {path.name}, without a password. Keep it as carefully as you would a "
        "paper record."
    )


def _tell_not_printable(parent: QWidget) -> None:
    PROMPTS.tell(
        parent,
        "This document can't be printed",
        "The document could not be prepared for printing. Nothing was printed. Saving it as "
        "a PDF may still work; if not, please try again after restarting Practice Desk.",
        warning=True,
    )


def _tell_printer_failed(parent: QWidget) -> None:
    PROMPTS.tell(
        parent,
        "The printer could not be reached",
        "Nothing was printed. Check that the printer is switched on and connected, then try again.",
        warning=True,
    )
