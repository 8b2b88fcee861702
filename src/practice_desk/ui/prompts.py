"""Every modal question the app asks goes through here.

Tests script the answers in advance (`PROMPTS.script(...)`) so whole flows run without a
person clicking; in the app the real Qt dialogs appear.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.ui.pdf_password_dialog import PdfChoice, PdfPassword, PdfPasswordDialog

if TYPE_CHECKING:
    from practice_desk.ui.print_preview import PrintPreviewDialog

__all__ = ["PROMPTS", "PdfChoice", "PdfPassword", "Prompts"]


class Prompts:
    def __init__(self) -> None:
        self.scripted = False
        self.save_paths: deque[Path | None] = deque()
        self.open_paths: deque[Path | None] = deque()
        self.folders: deque[Path | None] = deque()
        self.answers: deque[bool] = deque()
        self.pdf_passwords: deque[PdfPassword] = deque()
        self.prints: deque[bool] = deque()
        self.told: list[tuple[str, str]] = []

    def script(
        self,
        *,
        save_paths: list[Path | None] = (),
        open_paths: list[Path | None] = (),  # type: ignore[assignment]
        folders: list[Path | None] = (),  # type: ignore[assignment]
        answers: list[bool] = (),  # type: ignore[assignment]
        pdf_passwords: list[PdfPassword] = (),  # type: ignore[assignment]
        prints: list[bool] = (),  # type: ignore[assignment]
    ) -> None:
        """Answers given in order; once a queue is empty, the cautious answer (cancel, no)."""
        self.scripted = True
        self.save_paths.extend(save_paths)
        self.open_paths.extend(open_paths)
        self.folders.extend(folders)
        self.answers.extend(answers)
        self.pdf_passwords.extend(pdf_passwords)
        self.prints.extend(prints)

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def ask_save_path(
        self, parent: QWidget, caption: str, suggested: str, filters: str
    ) -> Path | None:
        if self.scripted:
            return self.save_paths.popleft() if self.save_paths else None
        chosen, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
        return Path(chosen) if chosen else None

    def ask_open_path(
        self, parent: QWidget, caption: str, start: Path | None, filters: str
    ) -> Path | None:
        """An existing file to read (a backup to check or restore)."""
        if self.scripted:
            return self.open_paths.popleft() if self.open_paths else None
        chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(start or ""), filters)
        return Path(chosen) if chosen else None

    def ask_folder(self, parent: QWidget, caption: str, start: Path | None) -> Path | None:
        """A folder (where backups go)."""
        if self.scripted:
            return self.folders.popleft() if self.folders else None
        chosen = QFileDialog.getExistingDirectory(parent, caption, str(start or ""))
        return Path(chosen) if chosen else None

    def ask_pdf_password(self, parent: QWidget) -> PdfPassword:
        """Protect the PDF with a password, save it without one, or cancel."""
        if self.scripted:
            return self.pdf_passwords.popleft() if self.pdf_passwords else PdfPassword.cancelled()
        dialog = PdfPasswordDialog(parent)
        try:
            dialog.exec()
            return dialog.answer
        finally:
            dialog.deleteLater()

    def run_print_preview(self, dialog: PrintPreviewDialog) -> bool:
        """Show the preview until the practitioner prints or closes it; True if it printed.
        Scripted, the real dialog still opens and builds its preview, then prints straight to
        its printer (True in `prints`) or is closed."""
        if not self.scripted:
            dialog.exec()
            return dialog.printed
        self.told.append((dialog.windowTitle(), "print preview"))
        dialog.show()
        QApplication.processEvents()
        if self.prints.popleft() if self.prints else False:
            dialog.print_now()
        else:
            dialog.reject()
        return dialog.printed

    def confirm(
        self,
        parent: QWidget,
        title: str,
        text: str,
        yes_label: str,
        *,
        no_label: str = "Cancel",
        cautious: bool = False,
    ) -> bool:
        """Yes or no. `cautious`: Enter means no (for answers that replace or lose something)."""
        if self.scripted:
            self.told.append((title, text))
            return self.answers.popleft() if self.answers else False
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(yes_label, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(no_label, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no if cautious else yes)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def tell(self, parent: QWidget, title: str, text: str, *, warning: bool = False) -> None:
        if self.scripted:
            self.told.append((title, text))
            return
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        QMessageBox(icon, title, text, parent=parent).exec()

    def tell_error(self, parent: QWidget, error: BaseException) -> None:
        if isinstance(error, PracticeDeskError):
            self.tell(
                parent, error.title, f"{error.message}\n\n{error.advice}".strip(), warning=True
            )
        elif isinstance(error, OSError):
            self.tell(
                parent,
                "The file could not be written",
                f"{error.strerror or 'The computer refused to write the file'}.\n\n"
                "Check that the folder exists, that you may write there, and that the disk "
                "is not full, then try again. Nothing else was changed.",
                warning=True,
            )
        else:
            self.tell(
                parent,
                "Something went wrong",
                "An unexpected problem stopped this action. Nothing was changed.",
                warning=True,
            )


PROMPTS = Prompts()
