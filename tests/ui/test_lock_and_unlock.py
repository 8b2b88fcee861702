import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from practice_desk.domain.unlock_throttle import FREE_ATTEMPTS
from tests.conftest import PASSPHRASE, PROFILE, snapshot
from tests.ui.conftest import WAIT_MS, open_window, texts_contain, unlock_with

MARKER = "Dr. ZQX-Ωμέγα-7731"


def test_auto_lock_after_the_quiet_spell_empties_every_widget(qtbot, vault, make_window, clock):
    window = open_window(qtbot, vault, make_window)
    window.practice.update_profile(PROFILE.__class__(PROFILE.practice_name, MARKER))
    window.lock()
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    assert texts_contain(window, MARKER)
    practice = window.practice

    clock.advance(minutes=4, seconds=59)
    qtbot.wait(60)
    assert window.practice is practice, "not yet: one second of the five minutes is left"

    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        clock.advance(seconds=1)
    assert window.shell is None and not practice.is_open
    assert not texts_contain(window, MARKER)
    assert window.windowTitle() == "Practice Desk"
    assert "quiet spell" in window.unlock_view.message.text()
    assert window.stack.currentWidget() is window.unlock_view


def test_any_input_resets_the_idle_timer(qtbot, vault, make_window, clock):
    window = open_window(qtbot, vault, make_window)
    clock.advance(minutes=4)
    qtbot.keyClick(window.shell.nav, Qt.Key.Key_Down)
    clock.advance(minutes=4)
    qtbot.wait(60)
    assert window.practice is not None, "a key press four minutes in started the count again"
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        clock.advance(minutes=1)


def test_auto_lock_delay_is_a_setting_kept_with_the_practice(qtbot, vault, make_window, clock):
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("settings")
    spin = window.shell.findChild(QSpinBox, "settings_auto_lock")
    spin.setValue(15)
    assert "15 minutes" in window.status.text()
    clock.advance(minutes=10)
    qtbot.wait(60)
    assert window.practice is not None
    window.lock()
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    assert window.practice.auto_lock_minutes == 15
    spin = window.shell.findChild(QSpinBox, "settings_auto_lock")
    spin.setValue(600)
    assert spin.value() == 60, "at most an hour"


def test_wrong_passphrase_explains_and_writes_nothing(qtbot, vault, make_window):
    before = snapshot(vault.files.home)
    window = make_window(vault, unlock_from_keychain_at_start=False)
    unlock_with(qtbot, window, "not the passphrase at all")
    assert window.practice is None
    assert "does not open this practice" in window.unlock_view.message.text()
    assert snapshot(vault.files.home) == before


def test_repeated_wrong_passphrases_pause_the_unlock_button(qtbot, vault, make_window, clock):
    window = make_window(vault, unlock_from_keychain_at_start=False)
    for _ in range(FREE_ATTEMPTS):
        unlock_with(qtbot, window, "guess guess guess")
    view = window.unlock_view
    view.secret.setText("another guess here")
    assert not view.button.isEnabled()
    assert "try again in" in view.message.text()
    clock.advance(seconds=60)
    qtbot.waitUntil(lambda: view.button.isEnabled(), timeout=WAIT_MS)
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)


def test_recovery_code_leads_to_a_new_passphrase(qtbot, vault, make_window, template):
    window = make_window(vault, unlock_from_keychain_at_start=False)
    window.unlock_view.mode_toggle.click()
    unlock_with(qtbot, window, template.recovery_code.lower())
    assert window.stack.currentWidget() is window.new_passphrase_view
    assert window.shell is None, "nothing else opens before a new passphrase is chosen"

    view = window.new_passphrase_view
    view.form.first.setText("copper meadow sailing winter")
    view.form.second.setText("copper meadow sailing winter")
    view.save.click()
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)

    window.lock()
    unlock_with(qtbot, window, PASSPHRASE)
    assert window.practice is None, "the old passphrase no longer opens the practice"
    unlock_with(qtbot, window, "copper meadow sailing winter")
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)


def test_leaving_the_new_passphrase_screen_locks(qtbot, vault, make_window, template):
    window = make_window(vault, unlock_from_keychain_at_start=False)
    window.unlock_view.mode_toggle.click()
    unlock_with(qtbot, window, template.recovery_code)
    window.new_passphrase_view.findChild(
        type(window.new_passphrase_view.save), "new_passphrase_cancel"
    ).click()
    assert window.practice is None
    assert window.stack.currentWidget() is window.unlock_view


def test_empty_database_shows_the_damage_screen_and_stays_empty(qtbot, vault, make_window):
    os.truncate(vault.files.database, 0)
    window = make_window(vault)
    assert window.stack.currentWidget() is window.damage_view
    assert "missing or empty" in window.damage_view.message.text()
    assert vault.files.database.stat().st_size == 0


def test_damaged_database_after_right_passphrase_is_not_called_wrong(qtbot, vault, make_window):
    data = bytearray(vault.files.database.read_bytes())
    data[100:4000] = os.urandom(3900)  # inside page 1, past the salt
    vault.files.database.write_bytes(bytes(data))
    window = make_window(vault, unlock_from_keychain_at_start=False)
    unlock_with(qtbot, window, PASSPHRASE)
    assert window.stack.currentWidget() is window.damage_view
    assert window.damage_view.title.text() == "Practice database damaged"
    assert "passphrase is right" in window.damage_view.message.text()


def test_forgetful_keychain_falls_back_to_the_passphrase(qtbot, vault, make_window, memory_keyring):
    memory_keyring.entries[("Practice Desk", "vault-nonsense")] = "00" * 32
    before = snapshot(vault.files.home)
    window = make_window(vault)
    qtbot.wait(200)
    assert window.stack.currentWidget() is window.unlock_view
    assert snapshot(vault.files.home) == before, "a keychain miss creates nothing"


def test_change_passphrase_in_settings_needs_the_current_one(
    qtbot, vault, make_window, scripted_prompts
):
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("settings")
    page = window.shell.pages.currentWidget()
    page.current.setText("wrong current passphrase")
    page.new.first.setText("granite willow ferry lantern")
    page.new.second.setText("granite willow ferry lantern")
    page.change.click()
    qtbot.waitUntil(lambda: "not changed" in page.change_status.text(), timeout=WAIT_MS)
    assert scripted_prompts.told[-1][0] == "Wrong passphrase"

    page.current.setText(PASSPHRASE)
    page.change.click()
    qtbot.waitUntil(lambda: "has been changed" in page.change_status.text(), timeout=WAIT_MS)
    window.lock()
    unlock_with(qtbot, window, "granite willow ferry lantern")
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)


def test_sleep_or_screen_lock_signal_locks(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    window.system_events.on_screensaver(False)
    assert window.practice is not None, "the screensaver ending is no reason to lock"
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        window.system_events.on_sleep(True)
    assert "went to sleep" in window.unlock_view.message.text()


def test_the_end_of_the_session_locks_even_without_a_close_event(qtbot, vault, make_window):
    """A log-out, a shut-down or an installer closing the app for an update may end the event
    loop without closing the window first."""
    window = open_window(qtbot, vault, make_window)
    practice = window.practice
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        QApplication.instance().aboutToQuit.emit()
    assert not practice.is_open and window.shell is None
    assert window.stack.currentWidget() is window.unlock_view
    assert not window.keeper.runner.running, "no backup: the system will not wait for one"


def test_unlocking_runs_off_the_gui_thread(qtbot, vault, make_window):
    window = make_window(vault, unlock_from_keychain_at_start=False)
    view = window.unlock_view
    view.secret.setText(PASSPHRASE)
    view.button.click()
    assert view.busy.isVisibleTo(view) and not view.secret.isEnabled(), "busy while Argon2id works"
    assert window.practice is None, "the click returned before the key was derived"
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    assert not view.busy.isVisibleTo(view)


def test_try_again_on_the_damage_screen_rechecks_the_files_only(qtbot, vault, make_window):
    original = vault.files.database.read_bytes()
    os.truncate(vault.files.database, 0)
    window = make_window(vault, unlock_from_keychain_at_start=False)
    assert window.stack.currentWidget() is window.damage_view
    sources = list(window.system_events.sources)

    vault.files.database.write_bytes(original)  # the practitioner put the file back
    window.damage_view.findChild(type(window.damage_view.restore), "damage_retry").click()
    assert window.stack.currentWidget() is window.unlock_view
    assert window.system_events.sources == sources, "sleep signals are subscribed once"


def test_a_second_unlock_of_the_same_practice_is_closed_not_shown(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    shell = window.shell
    late = vault.unlock(PASSPHRASE)  # e.g. the keychain finished after the passphrase
    window.open_practice(late)
    assert window.shell is shell and window.practice is not late
    assert not late.is_open
