"""First run: about the practice, a passphrase, then the recovery code, shown once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.profile import PracticeProfile, ProfileInvalid
from practice_desk.domain.recovery_code import format_recovery_code
from practice_desk.services.keychain import KeychainOffer
from practice_desk.services.practice import Practice
from practice_desk.services.recovery_kit import save_recovery_kit
from practice_desk.services.vault import NewPractice, Vault
from practice_desk.ui.passphrase_form import PassphraseForm
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import error_label, heading, muted, primary
from practice_desk.ui.tasks import run_in_background


class SetupView(QWidget):
    """Emits `completed` with the open practice once the recovery code is stored."""

    completed = Signal(object)
    restore_requested = Signal()  # a new computer: bring the practice back from a backup

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_view")
        self._vault = vault
        self._offer: KeychainOffer | None = None
        self._created: NewPractice | None = None
        self._pages = QStackedWidget()
        self._pages.addWidget(self._about_page())
        self._pages.addWidget(self._passphrase_page())
        self._pages.addWidget(self._recovery_page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addStretch(1)
        self._pages.setFixedWidth(560)
        row.addWidget(self._pages)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    # --- page 1 -------------------------------------------------------------------------------

    def _about_page(self) -> QWidget:
        page = QWidget()
        self.practice_name = QLineEdit(objectName="setup_practice_name")
        self.practitioner_name = QLineEdit(objectName="setup_practitioner_name")
        self.credentials = QLineEdit(objectName="setup_credentials")
        self.practice_name.setPlaceholderText("e.g. Harbour Street Practice")
        self.practitioner_name.setPlaceholderText("as it should appear on records")
        self.credentials.setPlaceholderText("optional, e.g. Psychotherapist (UKCP), ICF coach")
        self.about_error = error_label("setup_about_error")
        next_button = primary(QPushButton("Continue", objectName="setup_next"))
        next_button.clicked.connect(self._about_done)
        self.practice_name.returnPressed.connect(next_button.click)

        form = QFormLayout()
        form.addRow("Practice name", self.practice_name)
        form.addRow("Your name", self.practitioner_name)
        form.addRow("Credentials", self.credentials)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("Welcome to Practice Desk"))
        layout.addWidget(
            muted(
                "Your practice will live on this computer only, encrypted. "
                "First, a few details that will appear on your records."
            )
        )
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.about_error)
        layout.addWidget(next_button, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addSpacing(24)
        layout.addWidget(
            muted(
                "Moving to a new computer? Bring your practice with you from one of its "
                "backups instead.",
                "setup_restore_note",
            )
        )
        restore = QPushButton("Restore a practice from a backup…", objectName="setup_restore")
        restore.setFlat(True)
        restore.clicked.connect(self.restore_requested)
        layout.addWidget(restore, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    def _about_done(self) -> None:
        try:
            profile = self._profile()
        except ProfileInvalid as exc:
            self.about_error.setText(str(exc))
            return
        self.about_error.clear()
        self.passphrase.set_personal_words([profile.practice_name, profile.practitioner_name])
        self._pages.setCurrentIndex(1)
        self.passphrase.first.setFocus()

    def _profile(self) -> PracticeProfile:
        return PracticeProfile(
            self.practice_name.text(), self.practitioner_name.text(), self.credentials.text()
        ).validated()

    # --- page 2 -------------------------------------------------------------------------------

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        self.passphrase = PassphraseForm("setup")
        self.remember = QCheckBox("Remember on this computer", objectName="setup_remember")
        self.remember.setToolTip(
            "Practice Desk opens without the passphrase when it starts on this computer, "
            "using the system keychain. After a lock, the passphrase is always asked."
        )
        self.remember.hide()
        self.remember_reason = muted("", "setup_remember_reason")
        self.remember_reason.hide()
        self.create_error = error_label("setup_create_error")
        self.busy = QProgressBar(objectName="setup_busy")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.busy_text = muted(
            "Creating your practice and tuning its encryption to this computer. "
            "This takes a few seconds.",
            "setup_busy_text",
        )
        self.busy_text.hide()
        back = QPushButton("Back", objectName="setup_back")
        back.clicked.connect(lambda: self._pages.setCurrentIndex(0))
        self.create_button = primary(QPushButton("Create practice", objectName="setup_create"))
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self._create)
        self.passphrase.changed.connect(
            lambda: self.create_button.setEnabled(self.passphrase.is_ready())
        )
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)

        layout = QVBoxLayout(page)
        layout.addWidget(heading("Choose a passphrase"))
        layout.addWidget(
            muted(
                "You will type it each time you open your practice. Nobody, not even Practice "
                "Desk, can open your records without it or without the recovery code that comes next."
            )
        )
        layout.addSpacing(12)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_reason)
        layout.addWidget(self.create_error)
        layout.addWidget(self.busy)
        layout.addWidget(self.busy_text)
        layout.addLayout(buttons)
        return page

    def offer_keychain(self, offer: KeychainOffer) -> None:
        """Show 'Remember on this computer' only where a real keychain exists."""
        self._offer = offer
        self.remember.setVisible(offer.store is not None)
        self.remember_reason.setVisible(offer.store is None)
        self.remember_reason.setText(
            f"Remember on this computer is not available: {offer.reason}" if offer.reason else ""
        )

    def _create(self) -> None:
        if not self.passphrase.is_ready():
            return
        profile, passphrase = self._profile(), self.passphrase.passphrase
        keychain = self._offer.store if self._offer and self.remember.isChecked() else None
        self._set_busy(True)

        def work() -> tuple[NewPractice, str]:
            created = self._vault.create(profile, passphrase)
            note = ""
            if keychain is not None:
                try:
                    created.practice.remember_on_this_computer(keychain)
                except Exception as exc:
                    note = str(exc)
            return created, note

        run_in_background(work, self._created_ok, self._created_failed)

    def _created_ok(self, outcome: tuple[NewPractice, str]) -> None:
        created, keychain_note = outcome
        self._set_busy(False)
        self._created = created
        self.passphrase.clear()
        self.recovery_code.setText(format_recovery_code(created.recovery_code))
        self._pages.setCurrentIndex(2)
        if keychain_note:
            PROMPTS.tell(self, "Not remembered on this computer", keychain_note, warning=True)

    def _created_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.create_error.setText(str(error))

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.busy, self.busy_text):
            widget.setVisible(busy)
        self.create_button.setEnabled(not busy and self.passphrase.is_ready())
        self.passphrase.setEnabled(not busy)

    # --- page 3 -------------------------------------------------------------------------------

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        self.recovery_code = QLabel(objectName="recovery_code")
        self.recovery_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recovery_code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        save = QPushButton("Save recovery kit as PDF…", objectName="setup_save_kit")
        save.clicked.connect(self._save_kit)
        self.kit_saved = muted("", "setup_kit_saved")
        self.stored = QCheckBox(
            "I have printed or written down the recovery code and stored it safely",
            objectName="setup_stored_confirm",
        )
        self.finish = primary(QPushButton("Open my practice", objectName="setup_finish"))
        self.finish.setEnabled(False)
        self.stored.toggled.connect(self.finish.setEnabled)
        self.finish.clicked.connect(self._finish)

        layout = QVBoxLayout(page)
        layout.addWidget(heading("Your recovery code"))
        layout.addWidget(
            muted(
                "If you ever forget your passphrase, this code opens your practice. It is shown "
                "only now. Print the recovery kit or write the code down, and keep it somewhere "
                "safe and offline, like a locked drawer."
            )
        )
        layout.addSpacing(8)
        layout.addWidget(self.recovery_code)
        layout.addWidget(save, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.kit_saved)
        layout.addSpacing(8)
        layout.addWidget(
            muted(
                "Without your passphrase and without this code, nobody can open your records: "
                "there is no back door."
            )
        )
        layout.addWidget(self.stored)
        layout.addWidget(self.finish, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _save_kit(self) -> None:
        created = self._created
        if created is None:
            return
        target = PROMPTS.ask_save_path(
            self, "Save recovery kit", "Practice Desk recovery kit.pdf", "PDF documents (*.pdf)"
        )
        if target is None:
            return
        practice = created.practice
        profile, vault_id = practice.profile, practice.vault_id

        def work() -> object:
            return save_recovery_kit(
                target, profile, vault_id, created.created_at, created.recovery_code, practice.clock
            )

        self.kit_saved.setText("Saving…")
        run_in_background(work, self._kit_saved, self._kit_failed)

    def _kit_saved(self, saved: object) -> None:
        self.kit_saved.setText(f"Saved to {saved}. Print it, then keep the paper safe.")

    def _kit_failed(self, error: BaseException) -> None:
        self.kit_saved.setText("The recovery kit was not saved.")
        PROMPTS.tell_error(self, error)

    def _finish(self) -> None:
        created = self._created
        if created is None:
            return
        self._created = None
        self.recovery_code.clear()
        self.completed.emit(created.practice)

    def pending_practice(self) -> Practice | None:
        """The practice created but not yet confirmed (the code is still on screen)."""
        return self._created.practice if self._created else None
