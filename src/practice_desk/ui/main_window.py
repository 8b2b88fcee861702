"""The one window: setup, unlock, damage screen or the open practice, and the lock sequence."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QToolTip,
    QWidget,
)

from practice_desk import APP_NAME
from practice_desk.domain.clock import Clock
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.services.keychain import KeychainOffer, detect_keychain
from practice_desk.services.vault import Vault, VaultState
from practice_desk.ui.damage_view import DamageView
from practice_desk.ui.idle_watcher import IdleWatcher
from practice_desk.ui.new_passphrase_view import NewPassphraseView
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.system_lock_events import SystemLockEvents
from practice_desk.ui.tasks import run_in_background
from practice_desk.ui.unlock_view import UnlockView

if TYPE_CHECKING:  # the setup and shell views load when first shown, not at start-up
    from practice_desk.services.practice import Practice
    from practice_desk.ui.setup_view import SetupView
    from practice_desk.ui.shell_view import ShellView


class MainWindow(QMainWindow):
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        vault: Vault,
        clock: Clock,
        *,
        keychain_detector: Callable[[], KeychainOffer] = detect_keychain,
        unlock_from_keychain_at_start: bool = True,
        demo_passphrase: str = "",
        idle_check_ms: int = 1000,
    ) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle(APP_NAME)
        self._vault = vault
        self._clock = clock
        self._detector = keychain_detector
        self._keychain_at_start = unlock_from_keychain_at_start
        self._offer: KeychainOffer | None = None
        self.practice: Practice | None = None
        self.shell: ShellView | None = None

        self.stack = QStackedWidget(objectName="main_stack")
        self.stack.setObjectName("page")
        self.setCentralWidget(self.stack)
        self.setup_view: SetupView | None = None
        self.unlock_view = UnlockView(vault, demo_passphrase)
        self.unlock_view.unlocked.connect(self.open_practice)
        self.unlock_view.problem.connect(self.show_problem)
        self.new_passphrase_view = NewPassphraseView()
        self.new_passphrase_view.chosen.connect(self.open_practice)
        self.new_passphrase_view.cancelled.connect(self.lock)
        self.damage_view = DamageView(vault.files.home)
        self.damage_view.quit_requested.connect(self.close)
        self.damage_view.retry_requested.connect(self.show_screen_for_files)
        for view in (self.unlock_view, self.new_passphrase_view, self.damage_view):
            self.stack.addWidget(view)

        self.idle = IdleWatcher(clock, idle_check_ms, self)
        self.idle.idle.connect(
            lambda: self.lock(
                "Locked after a quiet spell, to keep your records private.", reason="idle"
            )
        )
        self.system_events = SystemLockEvents(self)
        self.system_events.lock_now.connect(
            lambda: self.lock(
                "Locked because the computer went to sleep or its screen locked.",
                reason="system",
            )
        )

        self.lock_action = QAction("Lock", self)
        self.lock_action.setObjectName("lock_action")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock())
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu("&Practice")
        menu.addAction(self.lock_action)
        menu.addSeparator()
        menu.addAction(quit_action)
        self.status = QLabel(objectName="status_text")
        self.statusBar().addWidget(self.status, 1)
        self._show_locked_chrome()

    # --- start --------------------------------------------------------------------------------

    def start(self) -> None:
        """Once per run: show the first screen, listen for sleep, look for the keychain."""
        self.show_screen_for_files()
        self.system_events.connect_to_system()
        run_in_background(self._detector, self._keychain_found, lambda _error: None)

    def show_screen_for_files(self) -> None:
        """Setup, unlock or the damage screen, as the files on disk call for."""
        state = self._vault.state()
        if state is VaultState.NEW:
            self._show_setup()
            self.status.setText("Setting up a new practice")
        elif state is VaultState.LOCKED:
            self.unlock_view.reset()
            self.stack.setCurrentWidget(self.unlock_view)
        else:
            problem = self._vault.problem()
            if problem is not None:
                self.show_problem(problem)

    def _keychain_found(self, offer: KeychainOffer) -> None:
        self._offer = offer
        if self.setup_view is not None:
            self.setup_view.offer_keychain(offer)
        if (
            self._keychain_at_start
            and offer.store is not None
            and self.practice is None
            and self.stack.currentWidget() is self.unlock_view
        ):
            store = offer.store
            run_in_background(
                lambda: self._vault.unlock_with_keychain(store),
                self._keychain_unlock_done,
                lambda _error: None,  # any keychain trouble: the passphrase prompt stays
            )
        self._keychain_at_start = False

    def _keychain_unlock_done(self, practice: Practice | None) -> None:
        if practice is not None:
            self.open_practice(practice)

    def _show_setup(self) -> None:
        if self.setup_view is None:
            from practice_desk.ui.setup_view import SetupView

            self.setup_view = SetupView(self._vault)
            self.setup_view.completed.connect(self._setup_completed)
            self.stack.addWidget(self.setup_view)
            if self._offer is not None:
                self.setup_view.offer_keychain(self._offer)
        self.stack.setCurrentWidget(self.setup_view)
        self.setup_view.practice_name.setFocus()

    def _setup_completed(self, practice: Practice) -> None:
        view, self.setup_view = self.setup_view, None
        if view is not None:
            self._discard(view)
        self.open_practice(practice)

    # --- open and lock ------------------------------------------------------------------------

    def open_practice(self, practice: Practice) -> None:
        if self.practice is not None and self.practice is not practice:
            # The keychain and a typed passphrase both opened it: keep the first, close this one.
            practice.close()
            return
        self.practice = practice
        if practice.must_choose_passphrase:
            self.new_passphrase_view.start(practice)
            self.stack.setCurrentWidget(self.new_passphrase_view)
            return
        from practice_desk.ui.shell_view import ShellView

        self.shell = ShellView(practice, self._offer)
        self.shell.auto_lock_changed.connect(self._auto_lock_changed)
        self.stack.addWidget(self.shell)
        self.stack.setCurrentWidget(self.shell)
        self.shell.nav.setFocus()
        running = practice.sessions.running()
        if running is not None:  # after a lock, a crash or a restart: back into the room
            self.shell.open_session(running.id)
        self.setWindowTitle(f"{APP_NAME} — {practice.profile.practice_name}")
        self.lock_action.setEnabled(True)
        minutes = practice.auto_lock_minutes
        self.idle.start(minutes)
        self._auto_lock_changed(minutes)
        self.unlocked.emit()

    def _auto_lock_changed(self, minutes: int) -> None:
        self.idle.set_minutes(minutes)
        self.status.setText(
            f"Open · locks after {minutes} minutes without activity (Ctrl+L locks now)"
        )

    def lock(self, note: str = "", *, reason: str = "manual") -> None:
        """Close every dialog, destroy every view that held practice data, close the database."""
        if self.practice is None:
            return
        self.idle.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog | QMenu) and widget.isVisible():
                widget.close()  # a dialog may show practice data; it must not outlive the lock
        QToolTip.hideText()  # a tooltip may name a client (the calendar's do)
        if self.shell is not None:
            self.shell.before_lock()
            self._discard(self.shell)
            self.shell = None
        practice, self.practice = self.practice, None
        practice.close(reason)
        clipboard = QGuiApplication.clipboard()
        if clipboard.ownsClipboard():
            clipboard.clear()
        self._show_locked_chrome()
        self.unlock_view.reset(note)
        self.stack.setCurrentWidget(self.unlock_view)
        self.locked.emit()

    def _discard(self, view: QWidget) -> None:
        """Wipe every field now and detach the view: deleteLater alone waits for the event loop."""
        for widget in view.findChildren(QWidget):
            widget.blockSignals(True)  # clearing must not look like typing to be saved
        for field in view.findChildren(QLineEdit):
            field.clear()
        for text in view.findChildren(QPlainTextEdit):
            text.clear()
        for label in view.findChildren(QLabel):
            label.clear()
        self.stack.removeWidget(view)
        view.setParent(None)
        view.deleteLater()

    def _show_locked_chrome(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.lock_action.setEnabled(False)
        self.status.setText("Locked")

    def show_problem(self, problem: PracticeDeskError) -> None:
        self.damage_view.show_problem(problem)
        self.stack.setCurrentWidget(self.damage_view)

    # --- quitting -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        pending = self.setup_view.pending_practice() if self.setup_view else None
        if pending is not None and not PROMPTS.confirm(
            self,
            "Recovery code not confirmed",
            "You have not yet confirmed that you stored your recovery code. It is shown only "
            "once. Quit anyway?",
            "Quit anyway",
        ):
            event.ignore()
            return
        if pending is not None:
            pending.close()
        self.lock(reason="quit")
        event.accept()

    def visible_texts(self) -> list[str]:
        """Every text the window shows: labels, fields, titles, tooltips (for privacy checks)."""
        texts = [self.windowTitle()]
        for widget in self.findChildren(QWidget):
            texts.append(widget.toolTip())
            for attribute in ("text", "placeholderText", "windowTitle", "currentText"):
                getter = getattr(widget, attribute, None)
                if callable(getter):
                    try:
                        value = getter()
                    except TypeError:
                        continue
                    if isinstance(value, str):
                        texts.append(value)
        return [text for text in texts if text]
