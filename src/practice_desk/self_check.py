"""`practice-desk --self-check`: does this installation work, end to end?

Run by the installer builds and by `make dist-check` against the frozen app, and useful on a
practitioner's computer when something seems wrong after installing. It never touches the real
practice, the real keychain or the screen: it makes a throwaway practice in a private
temporary folder, with made-up data, and removes it afterwards. Each step prints one line; the
exit status is 0 only if every step passed.
"""

from __future__ import annotations

import os
import pkgutil
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TextIO

import practice_desk

# Made up, and written in three scripts so that the fonts, the search keys and the PDF's text
# layer are all exercised: DejaVu draws the first two words, the fallback font the last.
SAMPLE_NAME = "Selfcheck Ελένη 王"
SAMPLE_PASSPHRASE = "self check only, never a real one"
SAMPLE_PDF_PASSWORD = "self-check pdf"


class CheckFailed(Exception):
    pass


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)


class SelfCheck:
    def __init__(self, home: Path, out: TextIO) -> None:
        self.out = out
        self.pdf = b""
        self.client_id = 0
        from practice_desk.domain.clock import SystemClock
        from practice_desk.services.locations import VaultFiles
        from practice_desk.services.vault import Vault

        self.clock = SystemClock()
        self.vault = Vault.throwaway(VaultFiles(home), self.clock)

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("every part of the app loads", self.modules),
            ("a new practice is created and unlocked", self.practice),
            ("a client is written and read back after a lock", self.client),
            ("a protected PDF is rendered in memory", self.document),
            ("Qt reads the PDF back", self.qt_pdf),
            ("the window opens at the unlock screen", self.window),
        ]

    def modules(self) -> str:
        names = [
            module.name
            for module in pkgutil.walk_packages(practice_desk.__path__, "practice_desk.")
            if not module.name.endswith("__main__")  # importing it would start the app
        ]
        _expect(len(names) > 50, f"only {len(names)} modules were found")
        for name in names:
            import_module(name)
        return f"{len(names)} modules"

    def practice(self) -> str:
        from practice_desk.domain.profile import PracticeProfile
        from practice_desk.services.vault import VaultState

        created = self.vault.create(
            PracticeProfile("Self-check practice", "Self Check"), SAMPLE_PASSPHRASE
        )
        created.practice.close()
        _expect(self.vault.state() is VaultState.LOCKED, "the new practice is not locked")
        practice = self.vault.unlock(SAMPLE_PASSPHRASE)
        try:
            health = practice.health_report()
        finally:
            practice.close()
        _expect(health.clean, "the new database fails its integrity checks")
        return f"data version {health.data_version}, {len(health.tables)} tables"

    def client(self) -> str:
        from practice_desk.domain.clients import ClientDetails

        practice = self.vault.unlock(SAMPLE_PASSPHRASE)
        try:
            self.client_id = practice.clients.create(ClientDetails(SAMPLE_NAME)).id
        finally:
            practice.close()
        practice = self.vault.unlock(SAMPLE_PASSPHRASE)
        try:
            names = [summary.display_name for summary in practice.clients.summaries()]
        finally:
            practice.close()
        _expect(names == [SAMPLE_NAME], "the client read back differs from the one written")
        return "1 client"

    def document(self) -> str:
        practice = self.vault.unlock(SAMPLE_PASSPHRASE)
        try:
            today = practice.today
            documents = practice.documents
            record = documents.client_record(self.client_id, date(today.year, 1, 1), today)
            self.pdf = documents.pdf_bytes(record, SAMPLE_PDF_PASSWORD)
        finally:
            practice.close()
        _expect(self.pdf.startswith(b"%PDF-"), "the document is not a PDF")
        _expect(b"/Encrypt" in self.pdf, "the PDF is not protected")
        return f"{len(self.pdf) // 1024} KiB"

    def qt_pdf(self) -> str:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
        from PySide6.QtPdf import QPdfDocument

        data = QByteArray(self.pdf)
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        pdf = QPdfDocument()
        pdf.setPassword(SAMPLE_PDF_PASSWORD)
        pdf.load(buffer)
        _expect(pdf.status() is QPdfDocument.Status.Ready, f"QtPdf says {pdf.error().name}")
        text = pdf.getAllText(0).text()
        _expect(SAMPLE_NAME in " ".join(text.split()), "the client's name is not on page 1")
        image = pdf.render(0, QSize(595, 842))
        _expect(not image.isNull(), "page 1 could not be drawn")
        pages = pdf.pageCount()
        return f"{pages} page" if pages == 1 else f"{pages} pages"

    def window(self) -> str:
        from PySide6.QtWidgets import QApplication

        from practice_desk.services.keychain import KeychainOffer
        from practice_desk.ui.main_window import MainWindow

        window = MainWindow(
            self.vault,
            self.clock,
            keychain_detector=lambda: KeychainOffer(None, "Not used by the self-check."),
            unlock_from_keychain_at_start=False,
        )
        try:
            window.show()
            window.show_screen_for_files()
            QApplication.processEvents()
            _expect(window.stack.currentWidget() is window.unlock_view, "no unlock screen")
            _expect(window.unlock_view.isVisible(), "the unlock screen is not shown")
        finally:
            window.close()
            window.deleteLater()
            QApplication.processEvents()
        return QApplication.platformName()

    def run(self) -> bool:
        passed = True
        for label, step in self.steps():
            try:
                detail = step()
            except Exception as exc:  # every failure is reported, and the next step still runs
                passed = False
                _report_failure(self.out, label, exc)
            else:
                self.out.write(f"ok      {label} ({detail})\n")
            self.out.flush()
        return passed


def _report_failure(out: TextIO, label: str, exc: Exception) -> None:
    """One line for the reader, the traceback for whoever builds; never an uncaught error,
    which a windowed app would turn into a dialog that waits for a click."""
    out.write(f"FAILED  {label}: {type(exc).__name__}: {exc}\n")
    if sys.stderr is not None:  # None in a windowed app started without a console
        traceback.print_exc(file=sys.stderr)


def run(out: TextIO | None = None) -> int:
    """Run every step against a throwaway practice; 0 if all passed, 1 otherwise."""
    # A windowed app started without a console has no stdout; the exit status still tells.
    out = out or sys.stdout or open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    # Never on the practitioner's screen, even when run from a desktop session.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.write(f"Practice Desk {practice_desk.__version__} self-check ({app.platformName()})\n")
    home = Path(tempfile.mkdtemp(prefix="practice-desk-self-check-"))
    try:
        passed = SelfCheck(home / "practice", out).run()
    except Exception as exc:  # the check itself could not be set up
        _report_failure(out, "the self-check starts", exc)
        passed = False
    finally:
        shutil.rmtree(home, ignore_errors=True)
    out.write("Self-check passed.\n" if passed else "Self-check FAILED.\n")
    out.flush()
    return 0 if passed else 1
