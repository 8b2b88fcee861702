from pypdf import PdfReader

from practice_desk.domain.recovery_code import format_recovery_code
from tests.conftest import PROFILE
from tests.ui.conftest import WAIT_MS, texts_contain, unlock_with

PASS = "lantern orchard velvet compass"


def fill_setup(qtbot, window, *, remember=False):
    setup = window.setup_view
    setup.practice_name.setText(PROFILE.practice_name)
    setup.practitioner_name.setText(PROFILE.practitioner_name)
    setup.credentials.setText(PROFILE.credentials)
    setup.findChild(type(setup.create_button), "setup_next").click()
    setup.passphrase.first.setText(PASS)
    setup.passphrase.second.setText(PASS)
    qtbot.waitUntil(lambda: setup.remember.isVisible() or setup.remember_reason.isVisible())
    setup.remember.setChecked(remember)
    assert setup.create_button.isEnabled()
    setup.create_button.click()
    qtbot.waitUntil(lambda: setup._pages.currentIndex() == 2, timeout=WAIT_MS)
    return setup


def test_setup_then_lock_then_unlock(qtbot, new_vault, make_window, scripted_prompts, tmp_path):
    window = make_window(new_vault)
    assert window.stack.currentWidget() is window.setup_view
    setup = fill_setup(qtbot, window)

    code = setup.recovery_code.text()
    assert len(code) == len("ABCD-") * 5 + 4
    kit = tmp_path / "kit.pdf"
    scripted_prompts.save_paths.append(kit)
    setup.findChild(type(setup.finish), "setup_save_kit").click()
    qtbot.waitUntil(lambda: kit.exists() and "Saved" in setup.kit_saved.text(), timeout=WAIT_MS)
    kit_text = "".join(page.extract_text() for page in PdfReader(kit).pages)
    assert format_recovery_code(code) in kit_text

    assert not setup.finish.isEnabled(), "finishing needs the 'stored safely' confirmation"
    setup.stored.setChecked(True)
    setup.finish.click()
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    assert (
        window.shell.findChild(type(setup.recovery_code), "home_welcome")
        .text()
        .endswith(PROFILE.practitioner_name)
    )
    assert not texts_contain(window, code), "the recovery code is shown once, then gone"

    window.lock_action.trigger()
    assert window.practice is None and window.shell is None
    assert window.windowTitle() == "Practice Desk"
    assert not texts_contain(window, PROFILE.practitioner_name)
    assert not texts_contain(window, PROFILE.practice_name)

    unlock_with(qtbot, window, PASS)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    assert window.practice.profile == PROFILE


def test_weak_or_mismatched_passphrase_cannot_create(qtbot, new_vault, make_window):
    window = make_window(new_vault)
    setup = window.setup_view
    setup.practice_name.setText("Harbour")
    setup.practitioner_name.setText("Mara")
    setup.findChild(type(setup.create_button), "setup_next").click()
    setup.passphrase.first.setText("short")
    assert not setup.create_button.isEnabled()
    assert "at least 12" in setup.passphrase.hint.text()
    setup.passphrase.first.setText("password12345")
    setup.passphrase.second.setText("password12345")
    assert not setup.create_button.isEnabled(), "a common password is refused even when long"
    setup.passphrase.first.setText(PASS)
    setup.passphrase.second.setText(PASS + "x")
    assert not setup.create_button.isEnabled()
    assert "not the same" in setup.passphrase.hint.text()
    assert not new_vault.files.key_file.exists()


def test_missing_details_are_explained(qtbot, new_vault, make_window):
    window = make_window(new_vault)
    setup = window.setup_view
    setup.practitioner_name.setText("Mara")
    setup.findChild(type(setup.create_button), "setup_next").click()
    assert "name for your practice" in setup.about_error.text()
    assert setup._pages.currentIndex() == 0


def test_remember_option_hidden_without_a_real_keychain(qtbot, new_vault, make_window):
    from practice_desk.services.keychain import KeychainOffer

    window = make_window(new_vault, offer=KeychainOffer(None, "No system keychain was found."))
    setup = window.setup_view
    qtbot.waitUntil(lambda: setup.remember_reason.text() != "", timeout=WAIT_MS)
    setup._pages.setCurrentIndex(1)
    assert not setup.remember.isVisibleTo(setup)
    assert "No system keychain" in setup.remember_reason.text()


def test_remembered_practice_opens_at_start_but_not_after_a_lock(
    qtbot, new_vault, make_window, memory_keyring
):
    window = make_window(new_vault)
    setup = fill_setup(qtbot, window, remember=True)
    assert memory_keyring.entries, "the key went into the keychain"
    setup.stored.setChecked(True)
    setup.finish.click()
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    window.close()

    again = make_window(new_vault)
    qtbot.waitUntil(lambda: again.shell is not None, timeout=WAIT_MS)
    again.lock()
    qtbot.wait(100)
    assert again.shell is None, "after a lock the passphrase is always asked"


def test_quitting_before_confirming_the_code_asks_first(
    qtbot, new_vault, make_window, scripted_prompts
):
    window = make_window(new_vault)
    fill_setup(qtbot, window)
    scripted_prompts.answers.append(False)
    window.close()
    assert window.isVisible()
    assert scripted_prompts.told[-1][0] == "Recovery code not confirmed"
