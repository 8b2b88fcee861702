"""Backups from the window: the status bar, Settings → Backups, at lock, before quitting and once
a day. A real encrypted practice underneath; dialogs scripted through PROMPTS."""

from __future__ import annotations

from datetime import timedelta

from practice_desk.domain.backup_rotation import KeepPolicy
from practice_desk.domain.clients import ClientDetails
from practice_desk.ui.backup_settings_view import BackupSettingsView
from practice_desk.ui.backup_text import size_text, when_text
from practice_desk.ui.tasks import tasks_running
from tests.conftest import PASSPHRASE
from tests.ui.conftest import WAIT_MS, open_window, unlock_with


def wait_for_backups(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: not window.keeper.runner.running and tasks_running() == 0, timeout=WAIT_MS
    )


def backup_files(folder):
    return sorted(folder.glob("*.pdbackup")) if folder.exists() else []


def settings_view(window) -> BackupSettingsView:
    window.shell.show_backup_settings()
    return window.shell.findChild(BackupSettingsView, "backup_settings")


def local_time(clock) -> str:
    return f"{clock.now().astimezone():%H:%M}"


def test_status_bar_warns_until_the_first_backup_then_shows_today(qtbot, vault, make_window, clock):
    window = open_window(qtbot, vault, make_window)
    status = window.keeper.status_widget
    assert status.isVisible()
    assert status.summary.text() == "No backup yet"
    assert status.warning
    assert "no backup of your practice yet" in status.summary.toolTip()
    assert status.folder_hint.isVisible()
    assert status.folder_hint.text() == "Backups are only on this computer: choose a folder"

    view = settings_view(window)
    assert window.shell.pages.currentWidget() is window.shell.settings
    view.back_up_now.click()
    wait_for_backups(qtbot, window)

    written = backup_files(vault.files.automatic_backups)
    assert len(written) == 1
    assert view.result.text() == (
        f"Backup written and checked: {written[0].name}, {size_text(written[0].stat().st_size)}."
    )
    assert status.summary.text() == f"Last backup: today {local_time(clock)}"
    assert not status.warning
    assert view.found.count() == 1
    assert size_text(written[0].stat().st_size) in view.found.row_text(0)


def test_status_bar_turns_amber_when_the_last_backup_is_old(qtbot, vault, make_window, clock):
    window = open_window(qtbot, vault, make_window)
    window.keeper.back_up()
    wait_for_backups(qtbot, window)
    status = window.keeper.status_widget
    made = clock.now()

    clock.advance(minutes=24 * 60)
    window.keeper.refresh()
    assert status.summary.text() == f"Last backup: yesterday {local_time(clock)}"
    assert not status.warning, "a day old is fine; the daily backup is due, not overdue"

    clock.advance(minutes=2 * 24 * 60)
    window.keeper.refresh()
    assert status.summary.text() == "Last backup: 3 days ago"
    assert status.warning
    assert "more than two days old" in status.summary.toolTip()
    local = made.astimezone()
    assert when_text(made, made + timedelta(days=30)) == f"{local.day} {local:%B %Y}"


def test_clicking_the_status_bar_opens_the_backup_settings(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    assert window.shell.pages.currentWidget() is not window.shell.settings
    window.keeper.status_widget.folder_hint.click()
    assert window.shell.pages.currentWidget() is window.shell.settings
    qtbot.waitUntil(lambda: window.shell.settings.scroll.verticalScrollBar().value() > 0)


def test_lock_writes_a_backup_in_the_background(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    window.lock()
    assert window.stack.currentWidget() is window.unlock_view, "the lock screen shows at once"
    assert window.practice is None
    wait_for_backups(qtbot, window)
    written = backup_files(vault.files.automatic_backups)
    assert len(written) == 1
    assert window.keeper.last_error is None
    assert window.keeper.runner._current is None, "no job, and so no key, is kept after it ran"

    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    assert window.keeper.status_widget.summary.text().startswith("Last backup: today")


def test_choosing_a_folder_persists_and_backs_up_there(
    qtbot, vault, make_window, scripted_prompts, tmp_path
):
    usb = tmp_path / "usb stick"
    usb.mkdir()
    window = open_window(qtbot, vault, make_window)
    view = settings_view(window)
    assert not view.local_only.isVisible()
    scripted_prompts.folders.append(usb)
    view.choose_folder.click()
    wait_for_backups(qtbot, window)

    assert window.practice.backups.settings.folder == usb
    assert view.folder.text() == str(usb)
    assert view.local_only.isVisible()
    assert len(backup_files(usb)) == 1, "a first backup shows at once that the folder works"
    assert not window.keeper.status_widget.folder_hint.isVisible()

    window.lock()
    wait_for_backups(qtbot, window)
    assert len(backup_files(usb)) == 2
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    view = settings_view(window)
    assert view.folder.text() == str(usb), "kept beside the practice, read again after unlock"

    view.local_only.click()
    assert window.practice.backups.settings.folder is None
    assert window.keeper.status_widget.folder_hint.isVisible()


def test_cancelling_the_folder_choice_changes_nothing(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    view = settings_view(window)
    view.choose_folder.click()  # nothing scripted: the folder dialog was cancelled
    assert window.practice.backups.settings.folder is None
    assert not window.keeper.runner.running


def test_how_many_backups_to_keep_is_saved(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    view = settings_view(window)
    view.keep["daily"].setValue(10)
    view.keep["weekly"].setValue(6)
    view.keep["monthly"].setValue(24)
    assert window.practice.backups.settings.keep == KeepPolicy(10, 6, 24)


def test_a_failed_automatic_backup_is_told_in_the_status_bar_not_a_dialog(
    qtbot, vault, make_window, scripted_prompts, tmp_path
):
    usb = tmp_path / "usb stick"
    usb.mkdir()
    window = open_window(qtbot, vault, make_window)
    window.practice.backups.choose_folder(usb)
    usb.rmdir()  # the stick was unplugged
    window.keeper.back_up_if_due()
    wait_for_backups(qtbot, window)

    status = window.keeper.status_widget
    assert status.summary.text() == "Backup not written: see Backups"
    assert status.warning
    assert "can't be reached" in status.summary.toolTip()
    assert scripted_prompts.told == [], "no dialog: a client may be in the room"

    view = settings_view(window)
    view.back_up_now.click()
    wait_for_backups(qtbot, window)
    assert view.error.isVisible() and "can't be reached" in view.error.text()
    usb.mkdir()
    view.back_up_now.click()
    wait_for_backups(qtbot, window)
    assert not view.error.isVisible()
    assert status.summary.text().startswith("Last backup: today") and not status.warning


def test_the_daily_backup_runs_when_due_and_one_at_a_time(qtbot, vault, make_window, clock):
    window = open_window(qtbot, vault, make_window)
    window.idle.stop()  # a day passes in this test: not a quiet spell to lock after
    keeper = window.keeper

    def daily():
        found = backup_files(vault.files.automatic_backups)
        return [path for path in found if vault.inspect_backup(path).reason == "daily"]

    keeper.back_up_if_due()
    keeper.back_up_if_due()  # still running: not a second one
    wait_for_backups(qtbot, window)
    assert len(daily()) == 1

    clock.advance(minutes=60)
    keeper.back_up_if_due()
    assert not keeper.runner.running, "an hour later it is not due"
    clock.advance(minutes=23 * 60)
    keeper.back_up_if_due()
    wait_for_backups(qtbot, window)
    assert len(daily()) == 2


def test_backups_asked_for_meanwhile_wait_their_turn(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    written = []
    window.keeper.runner.finished.connect(written.append)
    window.keeper.back_up()
    window.keeper.back_up()
    window.keeper.back_up()  # replaces the one waiting: the same practice, a moment later
    wait_for_backups(qtbot, window)
    assert len(written) == 2
    assert written[0].created_at <= written[1].created_at


def test_quitting_backs_up_first(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    window.close()
    assert not window.isVisible()
    assert window.practice is None
    written = backup_files(vault.files.automatic_backups)
    assert len(written) == 1
    assert vault.inspect_backup(written[0]).reason == "quit"


def test_quitting_when_the_backup_fails_asks_and_stays_open_by_default(
    qtbot, vault, make_window, scripted_prompts, tmp_path
):
    usb = tmp_path / "usb stick"
    usb.mkdir()
    window = open_window(qtbot, vault, make_window)
    practice = window.practice
    window.practice.backups.choose_folder(usb)
    usb.rmdir()

    window.close()  # nothing scripted: the cautious answer
    assert scripted_prompts.told[-1][0] == "Quit without a backup?"
    assert "can't be reached" in scripted_prompts.told[-1][1]
    assert window.isVisible()
    assert window.practice is practice and practice.is_open
    assert window.shell is not None and window.idle.active

    scripted_prompts.answers.append(True)
    window.close()
    assert not window.isVisible()
    assert not practice.is_open


def test_back_up_now_and_restore_are_in_the_menu_only_while_open(qtbot, vault, make_window):
    window = make_window(vault, unlock_from_keychain_at_start=False)
    assert not window.backup_action.isEnabled()
    assert not window.restore_action.isEnabled()
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    assert window.backup_action.isEnabled() and window.restore_action.isEnabled()
    window.backup_action.trigger()
    wait_for_backups(qtbot, window)
    assert len(backup_files(vault.files.automatic_backups)) == 1


def test_checking_a_backup_counts_what_is_in_it(qtbot, vault, make_window, tmp_path):
    window = open_window(qtbot, vault, make_window)
    window.practice.clients.create(ClientDetails("Ines Marlow"))
    window.keeper.back_up()
    wait_for_backups(qtbot, window)

    view = settings_view(window)
    view.findChild(type(view.back_up_now), "backup_check").click()
    dialog = window.check_dialog
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.info.text().startswith("Made on"), timeout=WAIT_MS)
    dialog.secret.setText("not what it was that day")
    dialog.action.click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WAIT_MS)
    assert "doesn't open this backup" in dialog.message.text()

    dialog.secret.setText(PASSPHRASE)
    dialog.action.click()
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=WAIT_MS)
    assert dialog.outcome.text() == (
        "This backup is complete and opens correctly: 1 client, 0 sessions."
    )
    assert dialog.secret.text() == ""


def test_checking_a_file_that_is_not_a_backup_says_so(
    qtbot, vault, make_window, scripted_prompts, tmp_path
):
    stray = tmp_path / "holiday.pdbackup"
    stray.write_bytes(b"not a backup at all")
    window = open_window(qtbot, vault, make_window)
    window.show_check_backup()
    dialog = window.check_dialog
    scripted_prompts.open_paths.append(stray)
    dialog.choose_file.click()
    assert dialog.chosen == stray
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WAIT_MS)
    assert "isn't a Practice Desk backup" in dialog.message.text()
    dialog.secret.setText(PASSPHRASE)
    assert not dialog.action.isEnabled()


def test_the_daily_backup_during_a_session_shows_nothing_in_the_room(
    qtbot, vault, make_window, scripted_prompts, tmp_path
):
    from tests.ui.test_session_room import seed

    client_id, _ = seed(vault)
    window = open_window(qtbot, vault, make_window)
    window.shell.start_client_session(client_id)
    area = window.shell.sessions
    qtbot.waitUntil(lambda: area.room is not None and area.room.isVisible(), timeout=WAIT_MS)
    usb = tmp_path / "usb stick"
    usb.mkdir()
    window.practice.backups.choose_folder(usb)

    window.keeper.back_up_if_due()
    wait_for_backups(qtbot, window)
    assert len(backup_files(usb)) == 1, "a running session is backed up as it stands"
    usb.rename(tmp_path / "unplugged")
    window.keeper.back_up()
    wait_for_backups(qtbot, window)

    assert scripted_prompts.told == []
    assert area.room.isVisible() and window.practice.sessions.running() is not None
    assert window.keeper.status_widget.warning
