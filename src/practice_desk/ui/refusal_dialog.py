"""When the practice's rules refuse something: say what, say why in the practitioner's own
terms, and offer the way forward (a referral note to a colleague)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.role_rules import RuleRefusal
from practice_desk.services.clients import ClientBook, ReferralNote
from practice_desk.ui.form_dialog import FormDialog, line, text_box
from practice_desk.ui.style import heading, muted


class RefusalDialog(QDialog):
    referral_requested = Signal()

    def __init__(self, refusal: RuleRefusal, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("refusal_dialog")
        self.setWindowTitle(refusal.title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 18)
        layout.setSpacing(12)
        layout.addWidget(heading(refusal.title, "refusal_title"))
        message = muted(refusal.message, "refusal_message")
        message.setProperty("role", "")  # the message itself is the main text
        layout.addWidget(message)
        layout.addWidget(muted(refusal.advice, "refusal_advice"))
        buttons = QDialogButtonBox()
        if refusal.offers_referral:
            referral = QPushButton("Write a referral note…", objectName="write_referral")
            referral.setProperty("primary", True)
            referral.clicked.connect(self._referral)
            buttons.addButton(referral, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("refusal_close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setFixedWidth(560)

    def _referral(self) -> None:
        self.accept()
        self.referral_requested.emit()


class ReferralNoteDialog(FormDialog):
    saved = Signal(object)  # ReferralNote

    def __init__(self, book: ClientBook, client_id: int, draft: str, parent: QWidget | None):
        super().__init__("Referral note", parent, save_label="Save the note")
        self.setObjectName("referral_dialog")
        self._book = book
        self._client_id = client_id
        self.addressed_to = line("addressed_to", "The colleague or service you refer to", 200)
        self.note_body = text_box("referral_body", 280)
        self.note_body.setTabChangesFocus(False)
        self.note_body.setPlainText(draft)
        form = QFormLayout()
        form.addRow("To", self.addressed_to)
        form.addRow("Note", self.note_body)
        self.body.addWidget(
            muted(
                "A draft to edit as you see fit. It is kept with the client's record; it says "
                "nothing of what was said in your work together unless you add it."
            )
        )
        self.body.addLayout(form)
        self.fields = {"addressed_to": self.addressed_to, "body": self.note_body}
        self.addressed_to.setFocus()
        self.resize(620, 520)

    def save(self) -> None:
        saved: ReferralNote | None = self.attempt(
            lambda: self._book.write_referral_note(
                self._client_id, self.addressed_to.text(), self.note_body.toPlainText()
            )
        )
        if saved is not None:
            self.saved.emit(saved)
            self.accept()
