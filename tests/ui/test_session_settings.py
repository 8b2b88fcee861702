"""The shape of a session: a contract's own beginning and end in the contract form, and the
practice's usual ones (with the quiet cue) in Settings → Sessions. A real practice underneath."""

from __future__ import annotations

from datetime import date

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import (
    ContractKind,
    ContractStatus,
    ContractTerms,
    TherapyTerms,
)
from practice_desk.domain.session_phases import PhasePlan
from practice_desk.ui.contract_editor import ContractEditorDialog
from practice_desk.ui.session_settings_view import SessionSettingsView
from tests.conftest import PASSPHRASE
from tests.ui.conftest import WAIT_MS, open_window, unlock_with

EDGE = TherapyTerms(coaching_edge=True, screening_reason="Stable, resourced; asks for structure")


def seed(vault, *, terms: ContractTerms | None = None) -> int:
    """One client, with a contract of these terms if given."""
    practice = vault.unlock(PASSPHRASE)
    try:
        client = practice.clients.create(ClientDetails("Mira Lindqvist"))
        if terms is not None:
            practice.contracts.create(client.id, terms)
    finally:
        practice.close()
    return client.id


def open_contract_form(qtbot, vault, make_window, client_id: int):
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("clients")
    area = window.shell.clients
    area.open_client(client_id)
    area.client_view.contract_button.click()
    dialog = area.dialog
    assert dialog.objectName() == "contract_editor"
    return window, area, dialog


def fill_therapy_with_edge(dialog) -> None:
    dialog.kind_therapy.setChecked(True)
    dialog.status.setCurrentIndex(dialog.status.findData(ContractStatus.ACTIVE))
    dialog.starts_on.setText("2026-01-05")
    dialog.coaching_edge.setChecked(True)
    dialog.screening_reason.setPlainText("Stable, resourced; asks for structure")


def test_a_contracts_own_beginning_and_end_are_saved_and_used(qtbot, vault, make_window):
    client_id = seed(vault)
    window, area, dialog = open_contract_form(qtbot, vault, make_window, client_id)
    fill_therapy_with_edge(dialog)
    assert dialog.usual_shape.isChecked()
    assert not dialog.phase_edges.isVisible()
    dialog.usual_shape.setChecked(False)
    assert dialog.phase_edges.isVisible()
    assert (dialog.phase_beginning.value(), dialog.phase_end.value()) == (10, 10)  # a start
    dialog.session_minutes.setValue(60)
    dialog.phase_beginning.setValue(15)
    dialog.phase_end.setValue(12)
    assert dialog.shape_line.text() == "15 min beginning · 33 min middle · 12 min end"
    dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)

    [contract] = window.practice.contracts.for_client(client_id)
    assert (contract.terms.phase_beginning, contract.terms.phase_end) == (15, 12)
    assert window.practice.sessions.settings.plan_for(contract) == PhasePlan(15, 33, 12)

    # Opened again, the form shows the contract's own.
    again = ContractEditorDialog(
        window.practice.contracts, client_id, contract, None, session_settings=None
    )
    qtbot.addWidget(again)
    assert not again.usual_shape.isChecked()
    assert (again.phase_beginning.value(), again.phase_end.value()) == (15, 12)


def test_an_impossible_shape_is_shown_next_to_the_fields_and_nothing_is_saved(
    qtbot, vault, make_window
):
    client_id = seed(vault)
    window, area, dialog = open_contract_form(qtbot, vault, make_window, client_id)
    fill_therapy_with_edge(dialog)
    dialog.usual_shape.setChecked(False)
    dialog.phase_beginning.setValue(30)
    dialog.phase_end.setValue(20)
    assert "leaves no time for the middle" in dialog.shape_line.text()
    dialog.save_button.click()

    assert dialog.isVisible() and area.dialog is dialog
    assert window.practice.contracts.for_client(client_id) == []
    assert dialog.phase_error.isVisible()
    assert "too little for the middle" in dialog.phase_error.text()
    assert dialog.shape_part.isAncestorOf(dialog.phase_error)  # next to the fields
    assert dialog.phase_beginning.property("invalid") and dialog.phase_end.property("invalid")
    assert dialog.focusWidget() is dialog.phase_beginning
    assert "session shape" in dialog.error.text()
    assert not dialog.shape_line.isVisible()  # the quiet line would only repeat it

    dialog.phase_end.setValue(10)  # 30 + 10 leaves 10 for the middle: the error goes
    assert not dialog.phase_error.isVisible()
    assert not dialog.phase_end.property("invalid")
    assert dialog.shape_line.isVisible()
    assert dialog.shape_line.text() == "30 min beginning · 10 min middle · 10 min end"
    dialog.save_button.click()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)
    [contract] = window.practice.contracts.for_client(client_id)
    assert window.practice.sessions.settings.plan_for(contract) == PhasePlan(30, 10, 10)


def test_therapy_without_a_coaching_edge_says_it_has_a_plain_timer(qtbot, vault, make_window):
    client_id = seed(vault)
    _window, _area, dialog = open_contract_form(qtbot, vault, make_window, client_id)
    dialog.kind_therapy.setChecked(True)
    dialog.coaching_edge.setChecked(False)
    assert "plain timer, without phases" in dialog.shape_line.text()
    dialog.coaching_edge.setChecked(True)
    assert "plain timer" not in dialog.shape_line.text()
    dialog.kind_coaching.setChecked(True)
    assert "plain timer" not in dialog.shape_line.text()


def test_settings_are_saved_reloaded_and_used_when_a_contract_has_none(qtbot, vault, make_window):
    client_id = seed(
        vault,
        terms=ContractTerms(
            ContractKind.THERAPY, ContractStatus.ACTIVE, date(2026, 1, 5), therapy=EDGE
        ),
    )
    window = open_window(qtbot, vault, make_window)
    [contract] = window.practice.contracts.for_client(client_id)
    settings = window.practice.sessions.settings
    assert settings.plan_for(contract) == PhasePlan(10, 30, 10)  # the built-in default

    window.shell.show_area("settings")
    view = window.shell.findChild(SessionSettingsView, "session_settings")
    assert view.isVisible()
    assert view.cue_minutes.value() == 2 and not view.cue_sound.isChecked()
    view.cue_minutes.setValue(0)
    assert view.cue_minutes.text() == "Only when the time is up"
    view.cue_sound.setChecked(True)
    view.findChild(type(view.cue_minutes), "edges_therapy_beginning").setValue(5)
    view.findChild(type(view.cue_minutes), "edges_therapy_end").setValue(8)
    view.findChild(type(view.cue_minutes), "edges_coaching_beginning").setValue(12)
    view.findChild(type(view.cue_minutes), "edges_coaching_end").setValue(15)
    assert (
        "5 min beginning · 37 min middle · 8 min end" in view.examples[ContractKind.THERAPY].text()
    )
    assert settings.cue_minutes == 2  # nothing is stored before Save
    view.save_button.click()
    assert "Saved" in view.status.text() and not view.error.isVisible()
    view.cue_minutes.setValue(1)  # a further change is not yet saved
    assert not view.status.text()
    view.cue_minutes.setValue(0)

    assert settings.cue_minutes == 0 and settings.cue_sound
    assert settings.edges(ContractKind.THERAPY) == (5, 8)
    assert settings.edges(ContractKind.COACHING) == (12, 15)
    assert settings.plan_for(contract) == PhasePlan(5, 37, 8)

    window.lock()
    unlock_with(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=WAIT_MS)
    window.shell.show_area("settings")
    view = window.shell.findChild(SessionSettingsView, "session_settings")
    assert view.cue_minutes.value() == 0 and view.cue_sound.isChecked()
    assert [(b.value(), e.value()) for b, e in view.edges.values()] == [(5, 8), (12, 15)]

    # The contract form shows the practice's usual shape for a contract without its own.
    contract = window.practice.contracts.get(contract.id)
    form = ContractEditorDialog(
        window.practice.contracts,
        client_id,
        contract,
        None,
        session_settings=window.practice.sessions.settings,
    )
    qtbot.addWidget(form)
    assert form.usual_shape.isChecked()
    assert form.shape_line.text().startswith("5 min beginning · 37 min middle · 8 min end")
    assert form.terms().phase_beginning is None and form.terms().phase_end is None


def test_a_refused_save_is_said_plainly_and_changes_nothing(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("settings")
    view = window.shell.findChild(SessionSettingsView, "session_settings")
    view.cue_minutes.setMaximum(30)  # past what the spin box normally allows
    view.cue_minutes.setValue(20)
    view.cue_sound.setChecked(True)
    view.save_button.click()
    assert view.error.isVisible() and "up to 10 minutes" in view.error.text()
    assert "Nothing was changed" in view.error.text()
    assert not view.status.text()
    assert window.practice.sessions.settings.cue_minutes == 2
    assert not window.practice.sessions.settings.cue_sound
