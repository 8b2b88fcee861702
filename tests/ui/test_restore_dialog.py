"""Restoring a practice from a backup: from the menu, from the damage screen and from first-run
setup. Real encrypted practices and backups; the confirmations are scripted."""

from __future__ import annotations

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.profile import PracticeProfile
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.locations import VaultFiles
from practice_desk.services.vault import Vault, VaultState
from practice_desk.ui.restore_dialog import RestoreDialog
from tests.conftest import PASSPHRASE, PROFILE
from tests.ui.conftest import WAIT_MS, open_window
from tests.ui.test_backup_ui import backup_files, wait_for_backups

OTHER_PASSPHRASE = "copper lantern evening rain"


def back_up(qtbot, window):
    window.keeper.back_up()
    wait_for_backups(qtbot, window)
    return window.keeper.runner.last_result.path


def other_practice_backup(tmp_path, clock):
    """A backup of a different practice, made on another computer."""
    other = Vault(VaultFiles(tmp_path / "other"), clock, kdf_params=fast_params_for_tests)
    created = other.create(PracticeProfile("Linden Coaching", "Sam Okafor", ""), OTHER_PASSPHRASE)
    try:
        return created.practice.backups.write("manual").path
    finally:
        created.practice.close()


def ready(qtbot, dialog: RestoreDialog, secret: str) -> None:
    qtbot.waitUntil(lambda: dialog.info.text().startswith("Made on"), timeout=WAIT_MS)
    dialog.secret.setText(secret)
    assert dialog.action.isEnabled()


def test_restore_from_the_menu_replaces_the_practice_and_keeps_a_safety_copy(
    qtbot, vault, make_window, scripted_prompts, clock
):
    window = open_window(qtbot, vault, make_window)
    backup = back_up(qtbot, window)
    clock.advance(seconds=30)
    window.practice.clients.create(ClientDetails("Ines Marlow"))
    before = window.practice

    window.restore_action.trigger()
    dialog = window.restore_dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    assert dialog.chosen == backup, "the newest backup is chosen to begin with"
    assert dialog.explanation.text() == (
        "Your practice will be replaced by this backup. "
        "The practice as it is now is kept as a safety copy first."
    )
    ready(qtbot, dialog, PASSPHRASE)
    scripted_prompts.answers.append(True)  # "Replace your practice?"
    dialog.action.click()
    qtbot.waitUntil(
        lambda: window.shell is not None and window.practice is not before, timeout=WAIT_MS
    )

    assert not before.is_open
    assert window.practice.clients.summaries() == [], "the client added later is gone"
    assert window.practice.profile == PROFILE
    assert len(backup_files(vault.files.safety_backups)) == 1
    titles = [title for title, _ in scripted_prompts.told]
    assert titles[-2:] == ["Replace your practice?", "Practice restored"]
    assert not dialog.isVisible()
    assert window.idle.active and window.keeper.status_widget.isVisible()


def test_a_wrong_passphrase_is_told_plainly_and_changes_nothing(
    qtbot, vault, make_window, scripted_prompts
):
    window = open_window(qtbot, vault, make_window)
    back_up(qtbot, window)
    client = window.practice.clients.create(ClientDetails("Ines Marlow"))
    before = window.practice
    keys = vault.files.key_file.read_bytes()
    backups_before = sorted(p.name for p in vault.files.backups.rglob("*") if p.is_file())

    window.show_restore()
    dialog = window.restore_dialog
    ready(qtbot, dialog, "not what it was that day")
    scripted_prompts.answers.append(True)
    dialog.action.click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WAIT_MS)

    assert dialog.message.text().startswith("What you typed doesn't open this backup.")
    assert "Nothing was changed." in dialog.message.text()
    assert dialog.isVisible() and dialog.secret.isEnabled()
    assert window.practice is before and before.is_open
    assert [c.id for c in before.clients.summaries()] == [client.id]
    assert vault.files.key_file.read_bytes() == keys
    assert sorted(p.name for p in vault.files.backups.rglob("*") if p.is_file()) == (backups_before)
    assert window.idle.active, "the quiet-spell lock is back on"


def test_declining_the_confirmation_changes_nothing(qtbot, vault, make_window, scripted_prompts):
    window = open_window(qtbot, vault, make_window)
    back_up(qtbot, window)
    before = window.practice
    window.show_restore()
    dialog = window.restore_dialog
    ready(qtbot, dialog, PASSPHRASE)
    dialog.action.click()  # nothing scripted: "Replace your practice?" is answered no
    assert scripted_prompts.told[-1][0] == "Replace your practice?"
    assert dialog.isVisible() and window.practice is before and before.is_open
    assert not vault.files.safety_backups.exists()


def test_restore_from_the_damage_screen_when_the_database_is_gone(
    qtbot, vault, make_window, scripted_prompts
):
    first = open_window(qtbot, vault, make_window)
    first.practice.clients.create(ClientDetails("Ines Marlow"))
    first.close()  # quitting backs up
    assert not first.isVisible()
    for path in vault.files.database_companions():
        path.unlink(missing_ok=True)

    window = make_window(vault, unlock_from_keychain_at_start=False)
    assert window.stack.currentWidget() is window.damage_view
    assert window.damage_view.restore.isVisible()
    window.damage_view.restore.click()
    dialog = window.restore_dialog
    assert dialog.choices.count() == 1, "the backups beside the practice are found while locked"
    assert "moved aside first, never deleted" in dialog.explanation.text()
    ready(qtbot, dialog, PASSPHRASE)
    scripted_prompts.answers.append(True)
    dialog.action.click()
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)

    assert [c.display_name for c in window.practice.clients.summaries()] == ["Ines Marlow"]
    assert window.windowTitle().endswith(PROFILE.practice_name)
    assert not vault.files.safety_backups.exists(), "nothing was open to keep a copy of"


def test_restore_with_the_recovery_code_asks_for_a_new_passphrase(
    qtbot, vault, make_window, scripted_prompts, template
):
    window = open_window(qtbot, vault, make_window)
    back_up(qtbot, window)
    window.show_restore()
    dialog = window.restore_dialog
    ready(qtbot, dialog, template.recovery_code)
    scripted_prompts.answers.append(True)
    dialog.action.click()
    qtbot.waitUntil(
        lambda: window.stack.currentWidget() is window.new_passphrase_view, timeout=WAIT_MS
    )
    assert window.shell is None
    assert window.practice.must_choose_passphrase


def test_a_backup_of_another_practice_is_restored_only_when_asked_explicitly(
    qtbot, vault, make_window, scripted_prompts, tmp_path, clock
):
    foreign = other_practice_backup(tmp_path, clock)
    window = open_window(qtbot, vault, make_window)
    before = window.practice
    window.show_restore()
    dialog = window.restore_dialog
    scripted_prompts.open_paths.append(foreign)
    dialog.choose_file.click()
    assert dialog.chosen == foreign
    ready(qtbot, dialog, OTHER_PASSPHRASE)

    scripted_prompts.answers.extend([True, False])  # restore: yes; replace another: no
    dialog.action.click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WAIT_MS)
    assert scripted_prompts.told[-1][0] == "A different practice"
    assert "belongs to a different practice" in dialog.message.text()
    assert window.practice is before and before.is_open

    scripted_prompts.answers.extend([True, True])
    dialog.action.click()
    qtbot.waitUntil(lambda: window.shell is not None and window.practice is not before)
    assert window.practice.profile.practice_name == "Linden Coaching"
    assert len(backup_files(vault.files.safety_backups)) == 1


def test_a_new_computer_restores_from_the_setup_screen(
    qtbot, new_vault, make_window, scripted_prompts, tmp_path, clock
):
    foreign = other_practice_backup(tmp_path, clock)
    window = make_window(new_vault)
    assert window.stack.currentWidget() is window.setup_view
    window.setup_view.findChild(type(window.damage_view.restore), "setup_restore").click()
    dialog = window.restore_dialog
    assert dialog.chosen is None and not dialog.action.isEnabled()
    scripted_prompts.open_paths.append(foreign)
    dialog.choose_file.click()
    ready(qtbot, dialog, OTHER_PASSPHRASE)
    scripted_prompts.answers.append(True)
    dialog.action.click()
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)

    assert window.setup_view is None
    assert window.practice.profile.practice_name == "Linden Coaching"
    assert new_vault.state() is VaultState.LOCKED, "a practice in place, as after setup"


def test_a_lock_asked_for_during_the_restore_comes_right_after_it(
    qtbot, vault, make_window, scripted_prompts
):
    window = open_window(qtbot, vault, make_window)
    back_up(qtbot, window)
    window.show_restore()
    dialog = window.restore_dialog
    ready(qtbot, dialog, PASSPHRASE)
    scripted_prompts.answers.append(True)
    dialog.action.click()
    assert window._restoring and not window.idle.active
    window.lock("Locked after a quiet spell.", reason="idle")  # e.g. the laptop went to sleep
    assert dialog.isVisible(), "the restore is not cut short"
    window.close()
    assert window.isVisible(), "nor is quitting allowed to cut it short"

    qtbot.waitUntil(lambda: not window._restoring, timeout=WAIT_MS)
    assert window.practice is None and window.shell is None
    assert window.stack.currentWidget() is window.unlock_view
    assert "quiet spell" in window.unlock_view.message.text()
    assert len(backup_files(vault.files.safety_backups)) == 1
