"""The locked screen: passphrase (or recovery code), with the slow work off the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.vault import WRONG_SECRET_ERRORS, PleaseWait, Vault
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import centered, error_label, heading, muted, primary
from practice_desk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice


class UnlockView(QWidget):
    """Emits `unlocked` with the open practice. Holds no client data, ever."""

    unlocked = Signal(object)
    problem = Signal(object)  # the files are damaged: the window shows the damage screen

    def __init__(self, vault: Vault, demo_passphrase: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unlock_view")
        self._vault = vault
        self._recovery_mode = False
        self._busy = False

        self.title = heading("Practice Desk is locked")
        self.explanation = muted(
            "Enter your passphrase to open your practice.", "unlock_explanation"
        )
        self.secret = QLineEdit(objectName="unlock_secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("Passphrase")
        self.secret.returnPressed.connect(self.submit)
        self.secret.textChanged.connect(self._refresh)
        self.button = primary(QPushButton("Unlock", objectName="unlock_button"))
        self.button.clicked.connect(self.submit)
        self.mode_toggle = QPushButton("Use recovery code instead", objectName="unlock_mode_toggle")
        self.mode_toggle.setFlat(True)
        self.mode_toggle.clicked.connect(self._toggle_mode)
        self.message = error_label("unlock_message")
        self.busy = QProgressBar(objectName="unlock_busy")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.demo_hint = muted(
            "This is a demonstration practice in a temporary folder; it disappears when you "
            f"quit. Its passphrase is:<br><b>{demo_passphrase}</b>",
            "unlock_demo_hint",
        )
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setVisible(bool(demo_passphrase))

        card = QVBoxLayout()
        card.addWidget(self.title)
        card.addWidget(self.explanation)
        card.addSpacing(10)
        row = QHBoxLayout()
        row.addWidget(self.secret, 1)
        row.addWidget(self.button)
        card.addLayout(row)
        card.addWidget(self.busy)
        card.addWidget(self.message)
        card.addWidget(self.mode_toggle, alignment=Qt.AlignmentFlag.AlignLeft)
        card.addSpacing(16)
        card.addWidget(self.demo_hint)
        outer = QVBoxLayout(self)
        outer.addWidget(centered(card, 480))

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._refresh()

    # --- state --------------------------------------------------------------------------------

    def reset(self, note: str = "") -> None:
        """Back to a clean passphrase prompt (after a lock, or when shown at start)."""
        self._set_mode(recovery=False)
        self.message.setText(note)
        self.secret.setFocus()
        self._tick()

    def _toggle_mode(self) -> None:
        self._set_mode(recovery=not self._recovery_mode)

    def _set_mode(self, *, recovery: bool) -> None:
        self._recovery_mode = recovery
        self.secret.clear()
        self.message.clear()
        if self._recovery_mode:
            self.explanation.setText(
                "Type the recovery code from your recovery kit. You will then choose a new "
                "passphrase."
            )
            self.secret.setPlaceholderText("Recovery code, e.g. ABCD-EFGH-…")
            self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
            self.mode_toggle.setText("Use passphrase instead")
        else:
            self.explanation.setText("Enter your passphrase to open your practice.")
            self.secret.setPlaceholderText("Passphrase")
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
            self.mode_toggle.setText("Use recovery code instead")
        self.secret.setFocus()

    def _refresh(self) -> None:
        waiting = self._vault.seconds_to_wait() > 0
        self.button.setEnabled(bool(self.secret.text()) and not self._busy and not waiting)
        self.secret.setEnabled(not self._busy)
        self.mode_toggle.setEnabled(not self._busy)

    def _tick(self) -> None:
        wait = self._vault.seconds_to_wait()
        if wait:
            self.message.setText(f"Too many wrong attempts. You can try again in {wait} seconds.")
            self._countdown.start()
        elif self._countdown.isActive():
            self._countdown.stop()
            self.message.setText("You can try again now.")
        self._refresh()

    # --- unlocking ----------------------------------------------------------------------------

    def submit(self) -> None:
        secret = self.secret.text()
        if not secret or self._busy or self._vault.seconds_to_wait():
            return
        vault, recovery = self._vault, self._recovery_mode
        self._busy = True
        self.busy.show()
        self.message.setText("Opening your practice…")
        self._refresh()

        def work() -> Practice:
            return vault.unlock_with_recovery_code(secret) if recovery else vault.unlock(secret)

        run_in_background(work, self._succeeded, self._failed)

    def _succeeded(self, practice: Practice) -> None:
        self._finish_busy()
        self.secret.clear()
        self.message.clear()
        self.unlocked.emit(practice)

    def _failed(self, error: BaseException) -> None:
        self._finish_busy()
        self.secret.selectAll()
        self.secret.setFocus()
        if isinstance(error, PleaseWait):
            self._tick()
            return
        if isinstance(error, WRONG_SECRET_ERRORS):
            self.message.setText(f"{error.message} {error.advice}")
            self._tick()
            return
        self.message.clear()
        if isinstance(error, PracticeDeskError):
            self.problem.emit(error)
        else:
            PROMPTS.tell_error(self, error)

    def _finish_busy(self) -> None:
        self._busy = False
        self.busy.hide()
        self._refresh()
