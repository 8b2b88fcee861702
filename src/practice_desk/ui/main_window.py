"""The one window: setup, unlock, damage screen or the open practice, the lock sequence, and
the backups taken around it (at lock, before quitting, daily) and restores."""

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
from practice_desk.ui.backup_keeper import BackupKeeper
from practice_desk.ui.damage_view import DamageView
from practice_desk.ui.data_actions import DataActions
from practice_desk.ui.idle_watcher import IdleWatcher
from practice_desk.ui.new_passphrase_view import NewPassphraseView
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.system_lock_events import SystemLockEvents
from practice_desk.ui.tasks import run_in_background
from practice_desk.ui.unlock_view import UnlockView

if TYPE_CHECKING:  # the setup and shell views load when first shown, not at start-up
    from practice_desk.services.practice import Practice
    from practice_desk.services.restore import Restored
    from practice_desk.ui.restore_dialog import CheckBackupDialog, RestoreDialog
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
        self.restore_dialog: RestoreDialog | None = None
        self.check_dialog: CheckBackupDialog | None = None
        self._restoring = False
        self._lock_after_restore: tuple[str, str] | None = None
        self.keeper = BackupKeeper(clock, self)
        self.keeper.settings_requested.connect(self._show_backup_settings)
        self.keeper.check_requested.connect(self.show_check_backup)
        self.keeper.restore_requested.connect(self.show_restore)

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
        self.damage_view.restore_requested.connect(self.show_restore)
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
        self.backup_action = QAction("Back up now", self)
        self.backup_action.setObjectName("backup_now_action")
        self.backup_action.triggered.connect(lambda: self.keeper.back_up("manual"))
        self.restore_action = QAction("Restore from a backup…", self)
        self.restore_action.setObjectName("restore_action")
        self.restore_action.triggered.connect(self.show_restore)
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu("&Practice")
        menu.addAction(self.lock_action)
        menu.addSeparator()
        menu.addAction(self.backup_action)
        menu.addAction(self.restore_action)
        # The colleague's package and the whole export; final deletion after each unlock.
        self.data_actions = DataActions(self, menu)
        menu.addSeparator()
        menu.addAction(quit_action)
        self.status = QLabel(objectName="status_text")
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.keeper.status_widget)
        self._show_locked_chrome()

    # --- start --------------------------------------------------------------------------------

    def start(self) -> None:
        """Once per run: show the first screen, listen for sleep and for the end of the session,
        look for the keychain."""
        self.show_screen_for_files()
        self.system_events.connect_to_system()
        app = QApplication.instance()
        app.commitDataRequest.connect(self.lock_at_session_end)
        app.aboutToQuit.connect(self.lock_at_session_end)
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
            self.setup_view.restore_requested.connect(self.show_restore)
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

        self.shell = ShellView(practice, self._offer, self.keeper)
        self.shell.auto_lock_changed.connect(self._auto_lock_changed)
        self.stack.addWidget(self.shell)
        self.stack.setCurrentWidget(self.shell)
        self.shell.nav.setFocus()
        running = practice.sessions.running()
        if running is not None:  # after a lock, a crash or a restart: back into the room
            self.shell.open_session(running.id)
        self.setWindowTitle(f"{APP_NAME} — {practice.profile.practice_name}")
        self.lock_action.setEnabled(True)
        self.backup_action.setEnabled(True)
        self.restore_action.setEnabled(True)
        self.keeper.attach(practice)
        minutes = practice.auto_lock_minutes
        self.idle.start(minutes)
        self._auto_lock_changed(minutes)
        self.unlocked.emit()

    def _auto_lock_changed(self, minutes: int) -> None:
        self.idle.set_minutes(minutes)
        self.status.setText(
            f"Open · locks after {minutes} minutes without activity (Ctrl+L locks now)"
        )

    def lock(self, note: str = "", *, reason: str = "manual", back_up: bool = True) -> None:
        """Close every dialog, destroy every view that held practice data, close the database,
        then back up in the background (the job holds its own copy of the key until done)."""
        if self.practice is None:
            return
        if self._restoring:  # the restore closes this practice itself; lock once it is done
            self._lock_after_restore = (note, reason)
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
        job = self.keeper.prepare("lock") if back_up else None  # before the key is dropped
        self.keeper.detach()
        practice, self.practice = self.practice, None
        practice.close(reason)
        self.keeper.run(job)
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
        self.backup_action.setEnabled(False)
        self.restore_action.setEnabled(False)
        self.status.setText("Locked")

    def show_problem(self, problem: PracticeDeskError) -> None:
        # A restore brings back both the database and the key file, so it helps in every case.
        self.damage_view.show_problem(problem, restore_available=True)
        self.stack.setCurrentWidget(self.damage_view)

    # --- backups and restoring ----------------------------------------------------------------

    def _show_backup_settings(self) -> None:
        if self.shell is not None:
            self.shell.show_backup_settings()

    def show_check_backup(self) -> None:
        from practice_desk.ui.restore_dialog import CheckBackupDialog

        practice = self.practice
        if practice is None:
            return
        self.check_dialog = CheckBackupDialog(
            self._vault,
            practice.backups.found(),
            start_folder=practice.backups.status().folder,
            parent=self,
        )
        self.check_dialog.open()

    def show_restore(self) -> None:
        """From the menu or Settings (the open practice is kept as a safety copy first), from
        the damage screen or from first-run setup (nothing open to keep)."""
        from practice_desk.ui.restore_dialog import RestoreDialog

        if self._restoring or (self.practice is not None and self.shell is None):
            return  # (a new passphrase is being chosen: that comes first)
        current = self.practice
        if current is not None:
            found, folder = current.backups.found(), current.backups.status().folder
        else:
            found, folder = self._vault.found_backups(), None
        dialog = RestoreDialog(
            self._vault,
            found,
            current=current,
            runner=self.keeper.runner,
            start_folder=folder,
            parent=self,
        )
        dialog.starting.connect(self._restore_starting)
        dialog.restored.connect(self._restore_done)
        dialog.abandoned.connect(self._restore_abandoned)
        self.restore_dialog = dialog
        dialog.open()

    def _restore_starting(self) -> None:
        """Nothing may touch the open practice while the restore backs it up and closes it."""
        self._restoring = True
        self.keeper.pause()
        self.idle.stop()
        if self.shell is not None:
            self.shell.before_lock()

    def _restore_done(self, restored: Restored) -> None:
        self._restoring = False
        self._close_views_of_replaced_practice()
        self.keeper.resume()
        self.open_practice(restored.practice)
        note = (
            "The practice as it was is kept as a safety copy in the backups folder."
            if restored.safety_backup is not None
            else "The files that were in the data folder are kept in its backups folder."
        )
        PROMPTS.tell(self, "Practice restored", f"Your practice was restored. {note}")
        self._lock_if_asked_meanwhile()

    def _restore_abandoned(self) -> None:
        self._restoring = False
        self.keeper.resume()
        practice = self.practice
        if practice is not None and not practice.is_open:
            # The restore got as far as closing it: the files on disk say what comes next.
            self._close_views_of_replaced_practice()
            self.show_screen_for_files()
        elif practice is not None:
            self.idle.start(practice.auto_lock_minutes)
            if self.shell is not None:
                self.shell.resume()
        self._lock_if_asked_meanwhile()

    def _close_views_of_replaced_practice(self) -> None:
        if self.shell is not None:
            self._discard(self.shell)
            self.shell = None
        if self.setup_view is not None:
            view, self.setup_view = self.setup_view, None
            self._discard(view)
        self.keeper.detach()
        self.practice = None
        self._show_locked_chrome()

    def _lock_if_asked_meanwhile(self) -> None:
        asked, self._lock_after_restore = self._lock_after_restore, None
        if asked is not None:
            self.lock(asked[0], reason=asked[1])

    # --- quitting -----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._restoring:  # a restore is replacing the files: never cut it short
            event.ignore()
            return
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
        if not self._back_up_before_quit():
            event.ignore()
            return
        self.lock(reason="quit", back_up=False)
        self.keeper.runner.wait(self, "Finishing the backup…")
        event.accept()

    def lock_at_session_end(self, *_session_manager: object) -> None:
        """A log-out, a shut-down, or an installer closing the app to update it may end the
        event loop without a close event: save what is typed and lock all the same. No backup:
        the system will not wait for one."""
        self.lock(reason="session-end", back_up=False)

    def _back_up_before_quit(self) -> bool:
        """Save what is typed, back up with a small progress note, and say whether to quit."""
        opened = self.practice is not None and self.shell is not None
        if opened:
            self.idle.stop()
            self.shell.before_lock()
        if self.keeper.back_up_before_quit(self):
            return True
        if opened and self.practice is not None:  # staying open after all
            self.idle.start(self.practice.auto_lock_minutes)
            if self.shell is not None:
                self.shell.resume()
        return False

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
