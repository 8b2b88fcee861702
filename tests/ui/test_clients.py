"""The Clients area driven like a practitioner would: keyboard first, real dialogs, a real
encrypted practice underneath."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QRadioButton

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails, ClientStatus
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from tests.conftest import PASSPHRASE
from tests.ui.conftest import WAIT_MS, open_window, texts_contain

MARKER = "Zyx-Ωμέγα-4471"


def seed(vault, clock):
    """Three clients: one in therapy, one in coaching, one enquiry."""
    practice = vault.unlock(PASSPHRASE)
    try:
        therapy = practice.clients.create(
            ClientDetails(
                "Łukasz Öztürk", date_of_birth=date(1980, 4, 2), email="lukasz@example.org"
            )
        )
        practice.contracts.create(
            therapy.id,
            ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, date(2025, 11, 3)),
        )
        coaching = practice.clients.create(
            ClientDetails("Ελένη Παπαδοπούλου", phone="+44 20 7946 0958")
        )
        practice.contracts.create(coaching.id, ContractTerms(ContractKind.COACHING))
        practice.clients.create(ClientDetails("王芳", status=ClientStatus.ENQUIRY))
    finally:
        practice.close()
    return therapy.id, coaching.id


def shown_names(area) -> list[str]:
    model = area.list_view.model
    return [model.client_at(row).display_name for row in range(model.rowCount())]


def audit_actions(window) -> list[str]:
    return [entry.action for entry in window.practice.audit.find()]


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, key, modifier)


def test_search_as_you_type_ignores_case_and_accents(qtbot, vault, clock, make_window):
    seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    window.shell.find_client()
    area = window.shell.clients
    assert area.list_view.search.hasFocus()
    qtbot.keyClicks(area.list_view.search, "ozt")
    assert shown_names(area) == ["Łukasz Öztürk"]
    area.list_view.search.setText("ελενη")
    assert shown_names(area) == ["Ελένη Παπαδοπούλου"]
    area.list_view.search.setText("7946 0958")  # a part of the phone number, spaced differently
    assert shown_names(area) == ["Ελένη Παπαδοπούλου"]
    area.list_view.search.setText("nobody like this")
    assert shown_names(area) == []
    assert area.list_view.empty.isVisible() and "No client matches" in area.list_view.empty.text()
    area.list_view.search.clear()
    assert len(shown_names(area)) == 3
    assert area.list_view.count.text() == "3 clients"


def test_filters_and_sorting(qtbot, vault, clock, make_window):
    seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("clients")
    view = window.shell.clients.list_view
    view.kind_filter.setCurrentIndex(view.kind_filter.findData(ContractKind.COACHING))
    assert shown_names(window.shell.clients) == ["Ελένη Παπαδοπούλου"]
    assert view.count.text() == "Showing 1 of 3 clients"
    view.kind_filter.setCurrentIndex(0)
    view.status_filter.setCurrentIndex(view.status_filter.findData(ClientStatus.ACTIVE))
    assert shown_names(window.shell.clients) == ["Łukasz Öztürk"]
    view.status_filter.setCurrentIndex(0)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = shown_names(window.shell.clients)
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert shown_names(window.shell.clients) == list(reversed(names))


def test_keyboard_only_find_open_edit_and_back(qtbot, vault, clock, make_window):
    therapy_id, _ = seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    shell = window.shell
    press(qtbot, shell.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    area = shell.clients
    search = area.list_view.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "lukasz")
    press(qtbot, search, Qt.Key.Key_Return)
    assert area.current_client is not None and area.current_client.id == therapy_id
    assert audit_actions(window)[0] == AuditAction.CLIENT_VIEWED.value
    press(qtbot, area.client_view.edit_button, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert area.dialog is not None and area.dialog.objectName() == "client_editor"
    assert area.dialog.display_name.text() == "Łukasz Öztürk"
    area.dialog.pronouns.setText("he/him")
    press(qtbot, area.dialog.pronouns, Qt.Key.Key_Return)  # Enter saves the form
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    assert window.practice.clients.get(therapy_id).details.pronouns == "he/him"
    assert texts_contain(window, "he/him")
    press(qtbot, area.client_view.edit_button, Qt.Key.Key_Escape)
    assert area.currentWidget() is area.list_view


def test_new_client_is_validated_then_saved_and_shown(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    press(qtbot, window.shell.nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    area = window.shell.clients
    dialog = area.dialog
    assert dialog is not None and dialog.windowTitle() == "New client"
    dialog.display_name.setText("Siobhán  Murphy ")
    dialog.email.setText("siobhan-at-example.org")
    dialog.save_button.click()
    assert dialog.error.isVisible() and "e-mail" in dialog.error.text()
    assert dialog.email.property("invalid") is True
    assert window.practice.clients.summaries() == []  # nothing saved
    dialog.email.setText("siobhan@example.org")
    dialog.date_of_birth.setText("2999-01-01")
    dialog.save_button.click()
    assert "future" in dialog.error.text()
    dialog.date_of_birth.setText("1988-07-14")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    [saved] = window.practice.clients.summaries()
    assert saved.display_name == "Siobhán Murphy"  # white space tidied
    assert area.current_client.id == saved.id
    assert shown_names(area) == ["Siobhán Murphy"]
    assert AuditAction.CLIENT_CREATED.value in audit_actions(window)


def test_a_look_alike_needs_a_reason_and_the_confirmation_is_audited(
    qtbot, vault, clock, make_window
):
    seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    window.shell.new_client()
    area = window.shell.clients
    dialog = area.dialog
    dialog.display_name.setText("LUKASZ   ozturk")
    dialog.date_of_birth.setText("1980-04-02")
    dialog.save_button.click()
    assert dialog.duplicate_panel.isVisible()
    assert "Łukasz Öztürk" in dialog.duplicate_matches.text()
    assert dialog.save_button.text() == "Save as a different person"
    dialog.save_button.click()  # no reason given
    assert "reason" in dialog.error.text().lower()
    assert len(window.practice.clients.summaries()) == 3
    dialog.different_person_reason.setText("Cousin with the same name; confirmed by phone")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    assert len(window.practice.clients.summaries()) == 4
    confirmed = window.practice.audit.find(actions=(AuditAction.DIFFERENT_PERSON_CONFIRMED,))
    assert len(confirmed) == 1 and "Cousin" not in confirmed[0].detail


def test_open_the_existing_client_instead_of_a_duplicate(qtbot, vault, clock, make_window):
    therapy_id, _ = seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    window.shell.new_client()
    area = window.shell.clients
    area.dialog.display_name.setText("Someone")
    area.dialog.email.setText("LUKASZ@example.org")
    area.dialog.save_button.click()
    area.dialog.open_existing_button.click()
    assert area.current_client.id == therapy_id
    assert len(window.practice.clients.summaries()) == 3


def test_therapy_contract_form_has_no_sponsor_fields(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    window.shell.new_client()
    area = window.shell.clients
    area.dialog.display_name.setText("Ada Nwosu")
    area.dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    press(
        qtbot,
        area.client_view.edit_button,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = area.dialog
    assert dialog.objectName() == "contract_editor"
    assert dialog.kind_therapy.isChecked()
    assert not dialog.coaching_box.isVisible() and not dialog.sponsor_organisation.isVisible()
    assert dialog.therapy_box.isVisible()
    dialog.kind_coaching.setChecked(True)  # no contract yet: either kind is fine
    assert dialog.coaching_box.isVisible() and not dialog.therapy_box.isVisible()
    dialog.kind_therapy.setChecked(True)
    dialog.status.setCurrentIndex(dialog.status.findData(ContractStatus.ACTIVE))
    dialog.starts_on.setText("2026-01-05")
    dialog.fee.setText("95")
    dialog.coaching_edge.setChecked(True)
    dialog.save_button.click()
    assert "screening" in dialog.error.text().lower()
    dialog.screening_reason.setPlainText("Resourced and stable; asks for structure")
    dialog.goals.add_button.click()
    dialog.goals.rows[0].text.setText("Sleep through the night")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    client_id = area.current_client.id
    [contract] = window.practice.contracts.for_client(client_id)
    assert contract.kind is ContractKind.THERAPY and contract.terms.fee_minor == 9500
    assert contract.terms.coaching is None
    assert [goal.text for goal in contract.terms.goals] == ["Sleep through the night"]
    assert window.practice.clients.get(client_id).details.status is ClientStatus.ACTIVE
    assert texts_contain(window, "Sleep through the night")


def test_the_other_kind_is_refused_with_an_explanation_and_a_referral(
    qtbot, vault, clock, make_window
):
    therapy_id, _ = seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    area = window.shell.clients
    window.shell.show_area("clients")
    area.open_client(therapy_id)
    area.client_view.contract_button.click()
    dialog = area.dialog
    assert dialog.kind_therapy.isChecked()
    dialog.kind_coaching.setChecked(True)
    refusal = area.refusal_dialog
    assert refusal is not None and refusal.isVisible()
    assert refusal.windowTitle() == "Therapy and coaching stay apart"
    assert dialog.kind_therapy.isChecked()  # the choice went back
    assert not dialog.coaching_box.isVisible()
    refused = window.practice.audit.find(actions=(AuditAction.REFUSED,))
    assert [entry.detail for entry in refused] == ["role_separation:therapy->coaching"]

    refusal.findChild(QPushButton, "write_referral").click()
    referral = area.dialog
    assert referral.objectName() == "referral_dialog"
    assert "Łukasz Öztürk" in referral.note_body.toPlainText()
    assert "coaching" in referral.note_body.toPlainText()
    referral.addressed_to.setText("Dr. Jonas Berg, executive coach")
    referral.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    assert [c.kind for c in window.practice.contracts.for_client(therapy_id)] == [
        ContractKind.THERAPY
    ]
    assert texts_contain(window, "Dr. Jonas Berg, executive coach")
    assert AuditAction.REFERRAL_NOTE_WRITTEN.value in audit_actions(window)


def test_ending_a_contract_asks_first(qtbot, vault, clock, make_window, scripted_prompts):
    therapy_id, _ = seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    area = window.shell.clients
    area.open_client(therapy_id)
    scripted_prompts.script(answers=[False, True])
    end = area.client_view.findChild(QPushButton, "end_contract")
    end.click()
    assert window.practice.contracts.for_client(therapy_id)[0].status is ContractStatus.ACTIVE
    area.client_view.findChild(QPushButton, "end_contract").click()
    assert window.practice.contracts.for_client(therapy_id)[0].status is ContractStatus.ENDED
    assert area.client_view.findChild(QPushButton, "end_contract") is None


def test_lock_closes_an_open_editor_and_leaves_no_client_text(qtbot, vault, clock, make_window):
    therapy_id, _ = seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    area = window.shell.clients
    area.open_client(therapy_id)
    area.edit_client()
    dialog = area.dialog
    dialog.notes.setPlainText(MARKER)
    assert dialog.isVisible()
    window.lock()
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    assert not texts_contain(window, "Öztürk") and not texts_contain(window, MARKER)
    assert MARKER not in window.windowTitle()


def test_audit_page_filters_by_client_and_action(qtbot, vault, clock, make_window):
    therapy_id, coaching_id = seed(vault, clock)
    window = open_window(qtbot, vault, make_window)
    window.shell.clients.open_client(therapy_id)
    window.shell.show_area("audit")
    page = window.shell.audit
    assert "intact" in page.chain.text()
    client_index = page.client_filter.findData(coaching_id)
    page.client_filter.setCurrentIndex(client_index)
    shown = [page.table.item(row, 3).text() for row in range(page.table.rowCount())]
    assert shown and set(shown) == {"Ελένη Παπαδοπούλου"}
    page.client_filter.setCurrentIndex(0)
    page.action_filter.setCurrentIndex(page.action_filter.findData(AuditAction.CLIENT_VIEWED))
    assert page.table.rowCount() == 1
    assert page.table.item(0, 3).text() == "Łukasz Öztürk"


def test_a_tampered_audit_trail_is_reported_at_unlock(qtbot, vault, clock, make_window):
    seed(vault, clock)
    practice = vault.unlock(PASSPHRASE)
    try:
        conn = practice.conn
        conn.execute("DROP TRIGGER audit_log_no_update")  # as someone with the key could
        conn.execute("UPDATE audit_log SET object_id = 99 WHERE seq = 3")
    finally:
        practice.close()
    window = open_window(qtbot, vault, make_window)
    assert texts_contain(window, "altered at entry 3")
    window.shell.show_area("audit")
    assert "altered at entry 3" in window.shell.audit.chain.text()


def test_consultation_outcome_is_recorded_and_suggests_the_kind(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    window.shell.new_client()
    area = window.shell.clients
    area.dialog.display_name.setText("Kemal Aydın")
    area.dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    area.client_view.consultation_button.click()
    dialog = area.dialog
    assert dialog.objectName() == "consultation_dialog"
    dialog.save_button.click()
    assert "choose the outcome" in dialog.error.text()
    dialog.findChild(QRadioButton, "outcome_offer_coaching").setChecked(True)
    dialog.note.setPlainText("Wants to grow into a new leadership role; sponsor is his employer.")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    client = window.practice.clients.get(area.current_client.id)
    assert client.consultation.outcome.value == "offer_coaching"
    assert client.details.status is ClientStatus.CONSULTATION
    assert texts_contain(window, "Offer coaching")
    area.client_view.contract_button.click()
    assert area.dialog.kind_coaching.isChecked()
    assert area.dialog.coaching_box.isVisible()
