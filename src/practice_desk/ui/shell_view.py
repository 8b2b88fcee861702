"""The unlocked practice: navigation on the left, one area at a time on the right.

The whole shell is built at unlock and destroyed at lock, so no text from the practice can
survive a lock in a widget, a model or a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from practice_desk.services.keychain import KeychainOffer
from practice_desk.services.practice import Practice
from practice_desk.ui.audit_page import AuditPage, chain_text
from practice_desk.ui.backup_keeper import BackupKeeper
from practice_desk.ui.calendar_area import CalendarArea
from practice_desk.ui.clients_area import ClientsArea
from practice_desk.ui.records_area import RecordsArea
from practice_desk.ui.session_reminders import SessionReminders
from practice_desk.ui.sessions_area import SessionsArea
from practice_desk.ui.settings_page import SettingsPage
from practice_desk.ui.style import error_label, heading, muted
from practice_desk.ui.today_panel import TodayPanel

AREAS = (
    ("Home", "home"),
    ("Clients", "clients"),
    ("Calendar", "calendar"),
    ("Sessions", "sessions"),
    ("Records", "records"),
    ("Audit trail", "audit"),
    ("Settings", "settings"),
)

# Areas still to be built show a short note here.
_COMING: dict[str, str] = {}


class ShellView(QWidget):
    auto_lock_changed = Signal(int)

    def __init__(
        self,
        practice: Practice,
        offer: KeychainOffer | None,
        keeper: BackupKeeper,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("shell_view")
        self._keeper = keeper
        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(190)
        self.pages = QStackedWidget(objectName="shell_pages")
        for label, key in AREAS:
            self.nav.addItem(label)
            self.pages.addWidget(self._page(key, practice, offer))
        self.nav.currentRowChanged.connect(self._area_changed)
        self.nav.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)

        self._shortcuts()

    def _shortcuts(self) -> None:
        """Keyboard first: these work from anywhere in the open practice."""
        bindings = (
            ("Ctrl+N", self.new_client),
            ("Ctrl+F", self.find_client),
            ("Ctrl+E", self.clients.edit_client),
            ("Ctrl+Shift+N", lambda: self.clients.edit_contract(None)),
            ("Ctrl+B", self._book),
            ("Escape", self._escape),
        )
        for keys, action in bindings:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow([k for _, k in AREAS].index(key))

    def _area_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        key = AREAS[row][1]
        if key == "audit":
            self.audit.reload_clients()  # clients added since it was built
        elif key == "home":
            self.today.refresh()
            self.reminders.refresh()
        elif key == "calendar":
            self.calendar.focus_grid()
        elif key == "sessions" and self.sessions.currentWidget() is self.sessions.list_page:
            self.sessions.refresh()
        elif key == "records":
            self.records.refresh()

    def open_appointment(self, appointment_id: int) -> None:
        self.show_area("calendar")
        self.calendar.open_appointment(appointment_id)

    def open_client(self, client_id: int) -> None:
        self.show_area("clients")
        self.clients.open_client(client_id)

    def book_for_client(self, client_id: int | None = None) -> None:
        """Open the booking dialog at the next free time that suits the client (Ctrl+B)."""
        self.show_area("calendar")
        self.calendar.book_for(client_id)

    def start_session(self, appointment_id: int) -> None:
        self.show_area("sessions")
        self.sessions.start_for_appointment(appointment_id)

    def start_client_session(self, client_id: int) -> None:
        self.show_area("sessions")
        self.sessions.start_for_client(client_id)

    def open_session(self, session_id: int) -> None:
        self.show_area("sessions")
        self.sessions.open_session(session_id)

    def _sessions_changed(self) -> None:
        self.reminders.refresh()

    def show_backup_settings(self) -> None:
        self.show_area("settings")
        self.settings.show_backups()

    def before_lock(self) -> None:
        """Save what is typed but not saved. A running session goes on: its clock is in the
        stored events, and it opens again after unlocking."""
        self.sessions.shutdown()

    def resume(self) -> None:
        """After before_lock, when the practice stayed open after all (a restore that did not
        happen, a quit that was called off): the session clock shows again."""
        if self.sessions.room is not None:
            self.sessions.room.tick()

    def record_outcome(self, client_id: int) -> None:
        self.open_client(client_id)
        self.clients.record_consultation()

    def new_client(self) -> None:
        self.show_area("clients")
        self.clients.new_client()

    def find_client(self) -> None:
        self.show_area("clients")
        self.clients.find()

    def _book(self) -> None:
        on_client = self.pages.currentWidget() is self.clients and self.clients.current_client
        self.book_for_client(self.clients.current_client.id if on_client else None)

    def _escape(self) -> None:
        if self.pages.currentWidget() is self.sessions:
            self.sessions.escape()
        elif self.pages.currentWidget() is self.clients and self.clients.progress_page:
            self.clients.close_progress()
        elif self.pages.currentWidget() is self.clients and self.clients.current_client:
            self.clients.show_list()

    def _page(self, key: str, practice: Practice, offer: KeychainOffer | None) -> QWidget:
        if key == "settings":
            self.settings = SettingsPage(practice, offer, self._keeper)
            self.settings.auto_lock_changed.connect(self.auto_lock_changed)
            return self.settings
        if key == "clients":
            self.clients = ClientsArea(practice)
            self.clients.book_requested.connect(self.book_for_client)
            self.clients.session_requested.connect(self.start_client_session)
            return self.clients
        if key == "records":
            self.records = RecordsArea(practice)
            self.records.clients_changed.connect(self.clients.reload_list)  # retention
            return self.records
        if key == "audit":
            self.audit = AuditPage(practice)
            return self.audit
        if key == "sessions":
            self.sessions = SessionsArea(practice)
            self.sessions.changed.connect(self._sessions_changed)
            return self.sessions
        if key == "calendar":
            self.calendar = CalendarArea(practice)
            self.calendar.session_requested.connect(self.start_session)
            self.calendar.open_client_requested.connect(self.open_client)
            self.calendar.outcome_requested.connect(self.record_outcome)
            return self.calendar
        page = QWidget(objectName=f"{key}_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        if key == "home":
            profile = practice.profile
            layout.addWidget(heading(f"Welcome, {profile.practitioner_name}", "home_welcome"))
            layout.addWidget(muted(profile.practice_name, "home_practice"))
            text, healthy = chain_text(practice.audit_verdict)
            if not healthy:
                warning = error_label("home_audit_warning")
                warning.setText(text)
                layout.addWidget(warning)
            layout.addSpacing(12)
            self.today = TodayPanel(practice.bookings)
            self.today.appointment_activated.connect(self.open_appointment)
            layout.addWidget(self.today)
            layout.addSpacing(8)
            self.reminders = SessionReminders(practice.sessions, practice.bookings.local)
            self.reminders.session_activated.connect(self.open_session)
            layout.addWidget(self.reminders)
            layout.addSpacing(12)
            layout.addWidget(
                muted(
                    "Your practice is open. It locks itself after a few quiet minutes; "
                    "press Ctrl+L to lock it now when you step away."
                )
            )
        else:
            layout.addWidget(heading(dict((k, v) for v, k in AREAS)[key]))
            layout.addWidget(muted(_COMING[key]))
        layout.addStretch(1)
        return page
