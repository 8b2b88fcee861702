"""Settings that protect the practice (auto-lock, remembering on this computer, the passphrase,
backups), then the calendar's and the sessions'."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.idle import MAX_MINUTES, MIN_MINUTES
from practice_desk.services.keychain import KeychainOffer
from practice_desk.services.practice import Practice
from practice_desk.ui.backup_keeper import BackupKeeper
from practice_desk.ui.backup_settings_view import BackupSettingsView
from practice_desk.ui.calendar_settings_view import CalendarSettingsView
from practice_desk.ui.passphrase_form import PassphraseForm
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.session_settings_view import SessionSettingsView
from practice_desk.ui.style import heading, muted, primary, subheading
from practice_desk.ui.tasks import run_in_background


class SettingsPage(QWidget):
    auto_lock_changed = Signal(int)

    def __init__(
        self,
        practice: Practice,
        offer: KeychainOffer | None,
        keeper: BackupKeeper,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("settings_page")
        self._practice = practice
        self._offer = offer

        self.auto_lock = QSpinBox(objectName="settings_auto_lock")
        self.auto_lock.setRange(MIN_MINUTES, MAX_MINUTES)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setFixedWidth(140)
        self.auto_lock.setValue(practice.auto_lock_minutes)
        self.auto_lock.valueChanged.connect(self._auto_lock_edited)

        self.remember = QCheckBox("Remember on this computer", objectName="settings_remember")
        self.remember_note = muted("", "settings_remember_note")
        if offer is not None and offer.store is not None:
            self.remember.setChecked(practice.is_remembered_on(offer.store))
            self.remember.toggled.connect(self._remember_toggled)
            self.remember_note.setText(
                "When Practice Desk starts on this computer, it opens without the passphrase. "
                "After a lock, the passphrase is always asked."
            )
        else:
            self.remember.setEnabled(False)
            reason = offer.reason if offer else "The system keychain is still being checked."
            self.remember_note.setText(f"Not available: {reason}")

        self.current = QLineEdit(objectName="settings_current_passphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.new = PassphraseForm("settings")
        profile = practice.profile
        self.new.set_personal_words([profile.practice_name, profile.practitioner_name])
        self.change = primary(QPushButton("Change passphrase", objectName="settings_change"))
        self.change.setEnabled(False)
        self.new.changed.connect(self._refresh_change)
        self.current.textChanged.connect(self._refresh_change)
        self.change.clicked.connect(self._change_passphrase)
        self.change_status = QLabel(objectName="settings_change_status")
        self.change_status.setWordWrap(True)

        lock_form = QFormLayout()
        lock_form.addRow("Lock after", self.auto_lock)
        current_form = QFormLayout()
        current_form.addRow("Current passphrase", self.current)
        change_row = QHBoxLayout()
        change_row.addWidget(self.change_status, 1)
        change_row.addWidget(self.change)

        column = QWidget()
        column.setMaximumWidth(680)
        content = QWidget(objectName="settings_content")
        row = QHBoxLayout(content)
        row.setContentsMargins(32, 24, 32, 24)
        row.addWidget(column, 1)
        row.addStretch(0)
        self.scroll = scroll = QScrollArea(objectName="settings_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Settings"))
        layout.addWidget(subheading("Locking"))
        layout.addWidget(
            muted(
                "Practice Desk locks itself when you have not used it for this long, and when "
                "the computer goes to sleep or its screen locks (where the system reports it)."
            )
        )
        layout.addLayout(lock_form)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_note)
        layout.addSpacing(12)
        layout.addWidget(subheading("Passphrase"))
        layout.addWidget(
            muted("Changing the passphrase does not change your recovery code or your records.")
        )
        layout.addLayout(current_form)
        layout.addWidget(self.new)
        layout.addLayout(change_row)
        layout.addSpacing(12)
        self.backups = BackupSettingsView(practice, keeper)
        layout.addWidget(self.backups)
        layout.addSpacing(12)
        self.calendar = CalendarSettingsView(practice.bookings.settings)
        layout.addWidget(self.calendar)
        layout.addSpacing(12)
        self.sessions = SessionSettingsView(practice.sessions.settings)
        layout.addWidget(self.sessions)
        layout.addStretch(1)

    def show_backups(self) -> None:
        """Scroll so the Backups section starts at the top."""
        self.backups.load()
        QTimer.singleShot(0, self, self._scroll_to_backups)

    def _scroll_to_backups(self) -> None:
        top = self.backups.mapTo(self.scroll.widget(), QPoint(0, 0)).y()
        self.scroll.verticalScrollBar().setValue(max(0, top - 16))

    def _auto_lock_edited(self, minutes: int) -> None:
        self.auto_lock_changed.emit(self._practice.set_auto_lock_minutes(minutes))

    def _remember_toggled(self, on: bool) -> None:
        practice, store = self._practice, self._offer.store if self._offer else None
        if store is None:
            return

        def work() -> None:
            if on:
                practice.remember_on_this_computer(store)
            else:
                practice.forget_on_this_computer(store)

        def failed(error: BaseException) -> None:
            self.remember.blockSignals(True)
            self.remember.setChecked(not on)
            self.remember.blockSignals(False)
            PROMPTS.tell_error(self, error)

        run_in_background(work, lambda _result: None, failed)

    def _refresh_change(self) -> None:
        self.change.setEnabled(bool(self.current.text()) and self.new.is_ready())

    def _change_passphrase(self) -> None:
        practice, current, new = self._practice, self.current.text(), self.new.passphrase
        self.change.setEnabled(False)
        self.change_status.setText("Changing…")

        def work() -> None:
            practice.check_passphrase(current)
            practice.change_passphrase(new)

        run_in_background(work, self._changed, self._change_failed)

    def _changed(self, _result: object) -> None:
        self.current.clear()
        self.new.clear()
        self.change_status.setText("Your passphrase has been changed.")

    def _change_failed(self, error: BaseException) -> None:
        self.change_status.setText("The passphrase was not changed.")
        self._refresh_change()
        PROMPTS.tell_error(self, error)
