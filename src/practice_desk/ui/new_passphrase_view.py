"""After unlocking with the recovery code: a new passphrase must be chosen before anything else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from practice_desk.ui.passphrase_form import PassphraseForm
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import centered, heading, muted, primary
from practice_desk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice


class NewPassphraseView(QWidget):
    chosen = Signal(object)  # the practice, now with its new passphrase
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_passphrase_view")
        self._practice: Practice | None = None
        self.form = PassphraseForm("new")
        self.status = QLabel(objectName="new_passphrase_status")
        self.save = primary(QPushButton("Save new passphrase", objectName="new_passphrase_save"))
        self.save.setEnabled(False)
        self.save.clicked.connect(self._save)
        self.form.changed.connect(lambda: self.save.setEnabled(self.form.is_ready()))
        cancel = QPushButton("Lock instead", objectName="new_passphrase_cancel")
        cancel.clicked.connect(self._cancel)

        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        card = QVBoxLayout()
        card.addWidget(heading("Choose a new passphrase"))
        card.addWidget(
            muted(
                "You opened your practice with the recovery code. Choose a new passphrase now; "
                "your recovery code stays the same, so keep the kit where it is."
            )
        )
        card.addSpacing(10)
        card.addWidget(self.form)
        card.addWidget(self.status)
        card.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addWidget(centered(card, 520))

    def start(self, practice: Practice) -> None:
        self._practice = practice
        self.form.clear()
        self.status.clear()
        profile = practice.profile
        self.form.set_personal_words([profile.practice_name, profile.practitioner_name])
        self.form.first.setFocus()

    def _save(self) -> None:
        practice, passphrase = self._practice, self.form.passphrase
        if practice is None or not self.form.is_ready():
            return
        self.save.setEnabled(False)
        self.status.setText("Saving…")
        run_in_background(lambda: practice.change_passphrase(passphrase), self._saved, self._failed)

    def _saved(self, _result: object) -> None:
        practice, self._practice = self._practice, None
        self.form.clear()
        self.status.clear()
        self.chosen.emit(practice)

    def _failed(self, error: BaseException) -> None:
        self.status.clear()
        self.save.setEnabled(self.form.is_ready())
        PROMPTS.tell_error(self, error)

    def _cancel(self) -> None:
        self._practice = None
        self.form.clear()
        self.cancelled.emit()
