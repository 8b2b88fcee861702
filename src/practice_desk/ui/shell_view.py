"""The unlocked practice: navigation on the left, one area at a time on the right.

The whole shell is built at unlock and destroyed at lock, so no text from the practice can
survive a lock in a widget, a model or a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from practice_desk.services.keychain import KeychainOffer
from practice_desk.services.practice import Practice
from practice_desk.ui.settings_page import SettingsPage
from practice_desk.ui.style import heading, muted

AREAS = (
    ("Home", "home"),
    ("Clients", "clients"),
    ("Calendar", "calendar"),
    ("Sessions", "sessions"),
    ("Records", "records"),
    ("Settings", "settings"),
)

_COMING = {
    "clients": "Your clients and their therapy or coaching contracts will be listed here.",
    "calendar": "Consultations and sessions, booked in 50-minute hours, will appear here.",
    "sessions": "The session room, with its beginning, middle and end, will open from here.",
    "records": "Confidential session records, ready to print, will be kept here.",
}


class ShellView(QWidget):
    auto_lock_changed = Signal(int)

    def __init__(
        self, practice: Practice, offer: KeychainOffer | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("shell_view")
        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(190)
        self.pages = QStackedWidget(objectName="shell_pages")
        for label, key in AREAS:
            self.nav.addItem(label)
            self.pages.addWidget(self._page(key, practice, offer))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow([k for _, k in AREAS].index(key))

    def _page(self, key: str, practice: Practice, offer: KeychainOffer | None) -> QWidget:
        if key == "settings":
            page = SettingsPage(practice, offer)
            page.auto_lock_changed.connect(self.auto_lock_changed)
            return page
        page = QWidget(objectName=f"{key}_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        if key == "home":
            profile = practice.profile
            layout.addWidget(heading(f"Welcome, {profile.practitioner_name}", "home_welcome"))
            layout.addWidget(muted(profile.practice_name, "home_practice"))
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
