"""A new passphrase, typed twice, with a strength meter: used by setup and by every change."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from practice_desk.domain.passphrase import MIN_LENGTH
from practice_desk.services.passphrase_strength import assess_passphrase
from practice_desk.ui.style import muted


class PassphraseForm(QWidget):
    changed = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._personal_words: Sequence[str] = ()
        self.first = QLineEdit(objectName=f"{prefix}_passphrase")
        self.second = QLineEdit(objectName=f"{prefix}_passphrase_repeat")
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._update)
        self.first.setPlaceholderText(f"At least {MIN_LENGTH} characters")
        self.meter = QProgressBar(objectName=f"{prefix}_strength_meter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.strength = QLabel(objectName=f"{prefix}_strength")
        self.hint = muted("", f"{prefix}_hint")

        form = QFormLayout()
        form.addRow("New passphrase", self.first)
        form.addRow("Type it again", self.second)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.meter)
        layout.addWidget(self.strength)
        layout.addWidget(self.hint)
        self._acceptable = False
        self._update()

    def set_personal_words(self, words: Sequence[str]) -> None:
        self._personal_words = words
        self._update()

    @property
    def passphrase(self) -> str:
        return self.first.text()

    def is_ready(self) -> bool:
        return self._acceptable and self.first.text() == self.second.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        text = self.first.text()
        verdict = assess_passphrase(text, self._personal_words)
        self._acceptable = verdict.acceptable
        self.meter.setValue(verdict.score if len(text) >= MIN_LENGTH else min(verdict.score, 1))
        self.strength.setText(f"Strength: {verdict.label}" if text else "")
        hint = (
            verdict.hint
            if text
            else (
                f"Use at least {MIN_LENGTH} characters. Four or five unrelated words are "
                "easy to remember and hard to guess."
            )
        )
        if verdict.acceptable and self.second.text() and self.second.text() != text:
            hint = "The two passphrases are not the same yet."
        self.hint.setText(hint)
        self.changed.emit()
