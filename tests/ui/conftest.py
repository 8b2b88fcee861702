"""GUI fixtures: a real MainWindow over a real practice folder, dialogs scripted, keychain in memory."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QThreadPool

from practice_desk.services.keychain import Keychain, KeychainOffer
from practice_desk.ui.main_window import MainWindow
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.style import STYLESHEET

WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def scripted_prompts():
    PROMPTS.reset()
    PROMPTS.script()
    yield PROMPTS
    PROMPTS.reset()


@pytest.fixture
def make_window(qtbot, clock, memory_keyring) -> Callable[..., MainWindow]:
    """Build, show and start a window; its keychain is the in-memory one unless told otherwise."""
    windows: list[MainWindow] = []

    def build(vault, *, offer: KeychainOffer | None = None, **kwargs) -> MainWindow:
        chosen = offer if offer is not None else KeychainOffer(Keychain(memory_keyring))
        kwargs.setdefault("idle_check_ms", 20)
        window = MainWindow(vault, clock, keychain_detector=lambda: chosen, **kwargs)
        window.setStyleSheet(STYLESHEET)
        qtbot.addWidget(window)
        window.resize(1000, 700)
        window.show()
        window.start()
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.lock()
    QThreadPool.globalInstance().waitForDone(WAIT_MS)


@pytest.fixture
def practice(vault):
    """The practice opened directly, for panels built without a window; its calendar is kept
    in Berlin time so that no test depends on the zone of the computer."""
    from tests.conftest import PASSPHRASE

    opened = vault.unlock(PASSPHRASE)
    opened.bookings.settings.set_time_zone("Europe/Berlin")
    yield opened
    opened.close()


def unlock_with(qtbot, window: MainWindow, secret: str) -> None:
    view = window.unlock_view
    qtbot.waitUntil(lambda: view.secret.isEnabled(), timeout=WAIT_MS)
    view.secret.setText(secret)
    view.button.click()
    qtbot.waitUntil(lambda: not view._busy, timeout=WAIT_MS)


def texts_contain(window: MainWindow, needle: str) -> bool:
    return any(needle in text for text in window.visible_texts())


def open_window(qtbot, vault, make_window, **kwargs) -> MainWindow:
    """A window unlocked with the passphrase, showing the practice."""
    from tests.conftest import PASSPHRASE

    window = make_window(vault, unlock_from_keychain_at_start=False, **kwargs)
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    return window
