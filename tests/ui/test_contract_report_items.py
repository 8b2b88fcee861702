"""What a sponsor report may hold, ticked item by item in a coaching contract; a therapy
contract has no such choice at all."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import ContractKind, ReportItem
from practice_desk.ui.contract_editor import REPORT_ITEMS_HINT, ContractEditorDialog
from tests.conftest import PASSPHRASE

LABELS = {item.label for item in ReportItem}


@pytest.fixture
def practice(vault):
    opened = vault.unlock(PASSPHRASE)
    yield opened
    opened.close()


def editor(qtbot, practice, client_id, contract=None) -> ContractEditorDialog:
    dialog = ContractEditorDialog(practice.contracts, client_id, contract, None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def shown_report_boxes(dialog) -> dict[str, bool]:
    """The report-item checkboxes a practitioner can see, by label, and whether ticked."""
    return {
        box.text(): box.isChecked()
        for box in dialog.findChildren(QCheckBox)
        if box.isVisible() and box.text() in LABELS
    }


def test_ticked_report_items_are_saved_and_shown_again(qtbot, practice):
    client = practice.clients.create(ClientDetails("Jonas Weber"))
    dialog = editor(qtbot, practice, client.id)
    dialog.kind_coaching.setChecked(True)
    dialog.sponsor_organisation.setText("Contoso GmbH")

    assert shown_report_boxes(dialog) == dict.fromkeys(
        [item.label for item in ReportItem], False
    ), "nothing may be reported until ticked"
    hint = dialog.findChild(QLabel, "report_items_hint")
    assert hint.isVisible() and hint.text() == REPORT_ITEMS_HINT
    dialog.report_items[ReportItem.ATTENDANCE].setChecked(True)
    dialog.report_items[ReportItem.GOALS].setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [contract] = practice.contracts.for_client(client.id)
    assert contract.terms.coaching.report_items == {ReportItem.ATTENDANCE, ReportItem.GOALS}

    again = editor(qtbot, practice, client.id, contract)
    assert shown_report_boxes(again) == {
        ReportItem.ATTENDANCE.label: True,
        ReportItem.GOALS.label: True,
        ReportItem.ASSESSMENT.label: False,
        ReportItem.SUMMARY.label: False,
    }
    again.report_items[ReportItem.GOALS].setChecked(False)
    again.report_items[ReportItem.SUMMARY].setChecked(True)
    again.save_button.click()
    qtbot.waitUntil(lambda: not again.isVisible())
    [contract] = practice.contracts.for_client(client.id)
    assert contract.terms.coaching.report_items == {ReportItem.ATTENDANCE, ReportItem.SUMMARY}


def test_a_therapy_contract_form_has_no_report_items(qtbot, practice):
    client = practice.clients.create(ClientDetails("Mira Sol"))
    dialog = editor(qtbot, practice, client.id)
    assert dialog.kind_therapy.isChecked()
    assert shown_report_boxes(dialog) == {}
    assert not dialog.findChild(QLabel, "report_items_hint").isVisible()

    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [contract] = practice.contracts.for_client(client.id)
    assert contract.kind is ContractKind.THERAPY and contract.terms.coaching is None

    editing = editor(qtbot, practice, client.id, contract)
    assert shown_report_boxes(editing) == {}


def test_switching_to_therapy_before_saving_drops_the_ticks(qtbot, practice):
    client = practice.clients.create(ClientDetails("Ole Brandt"))
    dialog = editor(qtbot, practice, client.id)
    dialog.kind_coaching.setChecked(True)
    dialog.report_items[ReportItem.SUMMARY].setChecked(True)
    dialog.kind_therapy.setChecked(True)
    assert shown_report_boxes(dialog) == {}

    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [contract] = practice.contracts.for_client(client.id)
    assert contract.kind is ContractKind.THERAPY
    assert contract.terms.coaching is None, "a therapy contract keeps no reporting terms"
