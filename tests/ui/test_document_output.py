"""Saving and printing a finished document: the password question and its warning, the
print preview built from memory, and the audit trail noting what left the practice.

The document is a real three-page reportlab PDF about a real client of the template
practice; "the printer" is a QPrinter writing a PDF file into the test's folder.
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader
from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.disclosure import DocumentKind, Recipient
from practice_desk.services.documents import MIN_PASSWORD_LENGTH, Document
from practice_desk.ui.document_output import (
    UNPROTECTED_TITLE,
    print_document,
    save_document,
)
from practice_desk.ui.pdf_password_dialog import PdfPasswordDialog
from practice_desk.ui.print_preview import PrintPreviewDialog, chosen_pages, fitted
from practice_desk.ui.prompts import PROMPTS, PdfChoice, PdfPassword
from tests.conftest import PASSPHRASE
from tests.ui.conftest import WAIT_MS

CLIENT_NAME = "Imogen Starling"
PAGES = 3
PASSWORD = "lighthouse-kettle-47"
TITLE = "Session record"


def three_page_pdf() -> bytes:
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    for number in range(1, PAGES + 1):
        sheet.setFillColorRGB(0.18, 0.44, 0.45)
        sheet.rect(60, 720, 200, 40, fill=1)
        sheet.setFillColorRGB(0, 0, 0)
        sheet.drawString(72, 690, f"{TITLE}: page {number} of {PAGES}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


@pytest.fixture
def practice(vault):
    opened = vault.unlock(PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def document(practice) -> Document:
    client = practice.clients.create(ClientDetails(CLIENT_NAME))
    return Document(
        kind=DocumentKind.SESSION_RECORD,
        recipient=Recipient.PRACTICE,
        client_id=client.id,
        title=TITLE,
        file_name="session-record-2026-11-03.pdf",
        pdf=three_page_pdf(),
        pages=PAGES,
    )


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def watched_temp(tmp_path, monkeypatch) -> Path:
    """Every temp folder Qt or Python would use points here, so a stray file shows."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def stray_system_temp_files() -> set[str]:
    # Other programs share the system temp folder: look only for what this flow could leave.
    system = Path(tempfile.gettempdir())
    return {
        path.name
        for path in system.iterdir()
        if path.name.startswith("qt_temp") or path.suffix.lower() == ".pdf"
    }


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    return printer


def rendered_first_page(path: Path) -> QImage:
    """The printout as a viewer shows it, one pixel per point."""
    printed = QPdfDocument()
    printed.load(str(path))
    try:
        return printed.render(0, QSize(595, 842))
    finally:
        printed.close()


def entries(practice, action: AuditAction):
    return practice.audit.find(actions=(action,))


def told_text() -> str:
    return "\n".join(f"{title}\n{text}" for title, text in PROMPTS.told)


# --- the print preview ----------------------------------------------------------------------


def test_the_preview_builds_offscreen_from_memory_and_leaves_no_file(
    qtbot, parent, document, watched_temp, private_home
):
    temp_before = files_under(watched_temp)
    home_before = files_under(private_home)
    system_before = stray_system_temp_files()

    dialog = PrintPreviewDialog(document, parent)
    qtbot.addWidget(dialog)
    assert dialog.is_ready
    assert dialog.windowTitle() == f"Print preview — {TITLE}"
    assert CLIENT_NAME not in dialog.windowTitle()
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview.pageCount() == PAGES, timeout=WAIT_MS)
    assert dialog.pages_painted == document.pages

    dialog.close()
    assert not dialog.holds_document, "the bytes are let go of when the dialog closes"
    assert not dialog.printed
    assert files_under(watched_temp) == temp_before
    assert files_under(private_home) == home_before
    assert stray_system_temp_files() <= system_before


def test_the_default_printer_is_a4_portrait_in_colour(parent, document):
    dialog = PrintPreviewDialog(document, parent)
    printer = dialog.printer()
    layout = printer.pageLayout()
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4
    assert layout.orientation() == layout.Orientation.Portrait
    assert printer.colorMode() == QPrinter.ColorMode.Color
    dialog.reject()


def test_pages_fit_the_sheet_keeping_their_proportions():
    sheet = QRectF(0, 0, 1000, 1000)
    assert fitted(QSizeF(500, 1000), sheet) == QRectF(250, 0, 500, 1000)
    assert fitted(QSizeF(200, 100), sheet) == QRectF(0, 250, 1000, 500)


def test_a_chosen_page_range_and_order_are_honoured(tmp_path):
    printer = pdf_printer(tmp_path / "unused.pdf")
    assert chosen_pages(printer, 4) == [0, 1, 2, 3]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert chosen_pages(printer, 4) == [1, 2]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert chosen_pages(printer, 4) == [2, 1]


# --- printing -------------------------------------------------------------------------------


def test_printing_sends_every_page_and_is_audited(
    qtbot, parent, practice, document, tmp_path, watched_temp
):
    out = tmp_path / "printed.pdf"
    PROMPTS.script(prints=[True])

    assert print_document(parent, practice, document, printer=pdf_printer(out))

    assert (f"Print preview — {TITLE}", "print preview") in PROMPTS.told
    assert len(PdfReader(out).pages) == PAGES
    page = rendered_first_page(out)
    assert page.pixelColor(5, 5) == QColor("white"), "paper white, not transparent or black"
    teal = page.pixelColor(160, 100)  # inside the coloured band: full colour, not grey
    assert (teal.red(), teal.green(), teal.blue()) == pytest.approx((46, 112, 115), abs=6)
    (entry,) = entries(practice, AuditAction.DOCUMENT_PRINTED)
    assert entry.detail == "session_record>practice"
    assert entry.client_id == document.client_id
    assert files_under(watched_temp) == set()


def test_printing_a_page_range_prints_only_those_pages(parent, practice, document, tmp_path):
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    PROMPTS.script(prints=[True])

    assert print_document(parent, practice, document, printer=printer)
    assert len(PdfReader(out).pages) == 2


def test_closing_the_preview_prints_nothing_and_audits_nothing(
    parent, practice, document, tmp_path
):
    out = tmp_path / "printed.pdf"
    PROMPTS.script(prints=[False])

    assert not print_document(parent, practice, document, printer=pdf_printer(out))
    assert not out.exists()
    assert entries(practice, AuditAction.DOCUMENT_PRINTED) == []


def test_a_printer_that_refuses_the_job_is_said_plainly_and_not_audited(
    parent, practice, document, tmp_path
):
    out = tmp_path / "no such folder" / "printed.pdf"
    PROMPTS.script(prints=[True])

    assert not print_document(parent, practice, document, printer=pdf_printer(out))
    assert PROMPTS.told[-1][0] == "The printer could not be reached"
    assert entries(practice, AuditAction.DOCUMENT_PRINTED) == []


def test_a_damaged_document_is_not_offered_for_printing(parent, practice, document):
    damaged = dataclasses.replace(document, pdf=b"%PDF-1.4 not really")

    assert not print_document(parent, practice, damaged)
    assert PROMPTS.told[-1][0] == "This document can't be printed"
    assert entries(practice, AuditAction.DOCUMENT_PRINTED) == []


def test_the_real_preview_dialog_runs_until_printed(qtbot, parent, practice, document, tmp_path):
    """Unscripted: the dialog runs modally; here its Print is pressed from a timer."""
    out = tmp_path / "printed.pdf"
    PROMPTS.reset()
    seen: list[str] = []

    def press_print() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PrintPreviewDialog):
            QTimer.singleShot(20, press_print)
            return
        qtbot.waitUntil(lambda: dialog.preview.pageCount() == PAGES, timeout=WAIT_MS)
        seen.append(dialog.windowTitle())
        dialog.print_now()

    QTimer.singleShot(0, press_print)
    assert print_document(parent, practice, document, printer=pdf_printer(out))
    assert seen == [f"Print preview — {TITLE}"]
    assert len(PdfReader(out).pages) == PAGES
    assert len(entries(practice, AuditAction.DOCUMENT_PRINTED)) == 1


# --- saving ---------------------------------------------------------------------------------


@pytest.fixture
def out_dir(tmp_path) -> Path:
    """Where the practitioner saves: apart from the practice's own folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_protected_pdf_opens_only_with_its_password(parent, practice, document, out_dir):
    PROMPTS.script(
        save_paths=[out_dir / "record.pdf"], pdf_passwords=[PdfPassword.protect(PASSWORD)]
    )

    path = save_document(parent, practice, document)

    assert path == out_dir / "record.pdf"
    assert PdfReader(path).is_encrypted
    wrong = PdfReader(path)
    assert wrong.decrypt("not the password") == PasswordType.NOT_DECRYPTED
    reader = PdfReader(path)
    assert reader.decrypt(PASSWORD) != PasswordType.NOT_DECRYPTED
    assert len(reader.pages) == PAGES
    assert "page 1 of 3" in reader.pages[0].extract_text()
    (entry,) = entries(practice, AuditAction.DOCUMENT_SAVED)
    assert entry.detail == "session_record>practice;protected"
    assert entry.client_id == document.client_id
    title, text = PROMPTS.told[-1]
    assert title == "PDF saved"
    assert "record.pdf" in text and "protected with your password" in text
    assert CLIENT_NAME not in told_text()
    assert UNPROTECTED_TITLE not in told_text(), "no warning when it is protected"


def test_declining_the_unprotected_warning_writes_nothing(parent, practice, document, out_dir):
    target = out_dir / "record.pdf"
    PROMPTS.script(save_paths=[target], pdf_passwords=[PdfPassword.unprotected()], answers=[False])

    assert save_document(parent, practice, document) is None

    (warning,) = [text for title, text in PROMPTS.told if title == UNPROTECTED_TITLE]
    assert "This PDF will not be protected" in warning
    assert "leaves the encrypted practice" in warning
    assert not target.exists()
    assert files_under(out_dir) == set()
    assert entries(practice, AuditAction.DOCUMENT_SAVED) == []


def test_declining_the_warning_asks_again_and_a_password_can_still_be_chosen(
    parent, practice, document, out_dir
):
    PROMPTS.script(
        save_paths=[out_dir / "record.pdf"],
        pdf_passwords=[PdfPassword.unprotected(), PdfPassword.protect(PASSWORD)],
        answers=[False],
    )

    path = save_document(parent, practice, document)

    assert path is not None and PdfReader(path).is_encrypted


def test_an_accepted_unprotected_save_writes_a_plain_pdf(parent, practice, document, out_dir):
    PROMPTS.script(
        save_paths=[out_dir / "record"], pdf_passwords=[PdfPassword.unprotected()], answers=[True]
    )

    path = save_document(parent, practice, document)

    assert path == out_dir / "record.pdf", "the service adds the missing suffix"
    assert UNPROTECTED_TITLE in told_text()
    reader = PdfReader(path)
    assert not reader.is_encrypted
    assert len(reader.pages) == PAGES
    (entry,) = entries(practice, AuditAction.DOCUMENT_SAVED)
    assert entry.detail == "session_record>practice;unprotected"
    assert "without a password" in PROMPTS.told[-1][1]


def test_a_too_short_password_is_refused_plainly(parent, practice, document, out_dir):
    PROMPTS.script(
        save_paths=[out_dir / "record.pdf"], pdf_passwords=[PdfPassword.protect("short")]
    )

    assert save_document(parent, practice, document) is None

    title, text = PROMPTS.told[-1]
    assert title == "Please check this field"
    assert f"at least {MIN_PASSWORD_LENGTH} characters" in text
    assert files_under(out_dir) == set()
    assert entries(practice, AuditAction.DOCUMENT_SAVED) == []


def test_a_missing_folder_writes_nothing_and_leaves_no_audit_entry(
    parent, practice, document, out_dir
):
    target = out_dir / "no such folder" / "record.pdf"
    PROMPTS.script(save_paths=[target], pdf_passwords=[PdfPassword.protect(PASSWORD)])

    assert save_document(parent, practice, document) is None

    title, text = PROMPTS.told[-1]
    assert title == "The file could not be written"
    assert "Nothing else was changed" in text
    assert files_under(out_dir) == set()
    assert entries(practice, AuditAction.DOCUMENT_SAVED) == []


def test_cancelling_the_file_question_asks_nothing_more(parent, practice, document):
    PROMPTS.script(save_paths=[None], pdf_passwords=[PdfPassword.protect(PASSWORD)])

    assert save_document(parent, practice, document) is None
    assert len(PROMPTS.pdf_passwords) == 1, "the password question never came"
    assert PROMPTS.told == []


def test_cancelling_the_password_question_writes_nothing(parent, practice, document, out_dir):
    PROMPTS.script(save_paths=[out_dir / "record.pdf"], pdf_passwords=[PdfPassword.cancelled()])

    assert save_document(parent, practice, document) is None
    assert files_under(out_dir) == set()
    assert PROMPTS.told == []
    assert entries(practice, AuditAction.DOCUMENT_SAVED) == []


# --- the password dialog ----------------------------------------------------------------------


@pytest.fixture
def password_dialog(qtbot) -> PdfPasswordDialog:
    dialog = PdfPasswordDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: PdfPasswordDialog, password: str, repeat: str) -> None:
    dialog.password.setText(password)
    dialog.repeat.setText(repeat)


def test_the_password_fields_are_masked_until_shown(password_dialog):
    assert password_dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert password_dialog.repeat.echoMode() == QLineEdit.EchoMode.Password
    password_dialog.show_password.setChecked(True)
    assert password_dialog.repeat.echoMode() == QLineEdit.EchoMode.Normal


def test_save_protected_waits_for_a_long_enough_matching_password(qtbot, password_dialog):
    button = password_dialog.protected_button
    hint = password_dialog.hint
    assert not button.isEnabled()
    assert hint.text() == f"Use at least {MIN_PASSWORD_LENGTH} characters."

    fill(password_dialog, "short", "short")
    assert not button.isEnabled()
    assert f"at least {MIN_PASSWORD_LENGTH}" in hint.text()

    fill(password_dialog, PASSWORD, "lighthouse")
    assert not button.isEnabled()
    assert hint.text() == "The two passwords are not the same yet."
    assert hint.property("role") == "error"

    qtbot.keyClick(password_dialog.repeat, Qt.Key.Key_Return)
    assert password_dialog.isVisible(), "Enter does nothing while the passwords differ"

    fill(password_dialog, PASSWORD, PASSWORD)
    assert button.isEnabled()
    assert hint.text() == "The passwords match."
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert password_dialog.answer == PdfPassword.protect(PASSWORD)
    assert password_dialog.result() == PdfPasswordDialog.DialogCode.Accepted
    assert password_dialog.password.text() == "", "the fields don't keep the password"


def test_the_other_two_answers(qtbot):
    for button_name, choice in (
        ("unprotected_button", PdfChoice.UNPROTECTED),
        ("cancel_button", PdfChoice.CANCELLED),
    ):
        dialog = PdfPasswordDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        fill(dialog, PASSWORD, PASSWORD)
        qtbot.mouseClick(getattr(dialog, button_name), Qt.MouseButton.LeftButton)
        assert dialog.answer.choice is choice
        assert dialog.answer.password == ""


def test_the_answer_never_shows_its_password():
    assert PASSWORD not in repr(PdfPassword.protect(PASSWORD))


def test_the_real_password_question_returns_what_was_chosen(qtbot, parent):
    PROMPTS.reset()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PdfPasswordDialog):
            QTimer.singleShot(20, answer)
            return
        fill(dialog, PASSWORD, PASSWORD)
        dialog.protected_button.click()

    QTimer.singleShot(0, answer)
    assert PROMPTS.ask_pdf_password(parent) == PdfPassword.protect(PASSWORD)
