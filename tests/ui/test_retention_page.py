"""Records retention from the screen: the records past the period are listed, deleting them
takes a confirmation that names them (No changes nothing), deleted records wait among those
that can be brought back, Bring back restores them, and records whose 30 days are over are
destroyed for good after the next unlock, leaving a stub.

The clock starts on Monday 4 January 2016; the old records are written then and the clock
moves on to March 2024. The calendar is kept in Berlin time.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QTreeWidget

from practice_desk.domain.clock import ManualClock
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.records_area import RecordsArea
from practice_desk.ui.retention_confirm import ConfirmDeletionDialog
from practice_desk.ui.retention_page import RetentionPage, period_text
from practice_desk.ui.style import STYLESHEET
from tests.services.calendar_support import new_client
from tests.services.retention_support import START, coaching_record, jump_years_later, later
from tests.ui.conftest import WAIT_MS, open_window

OLD_COACHING = "Greta Holm"
OLD_ENQUIRY = "Bea Lund"
RECENT = "Emil Dahl"


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
def old_records(practice, clock):
    """Two records past the period in 2024 (a coaching client, an enquiry) and a recent one."""
    coaching = coaching_record(practice, clock, "zq-heron-5521", OLD_COACHING)
    enquiry = new_client(practice, name=OLD_ENQUIRY)
    jump_years_later(clock)
    recent = new_client(practice, name=RECENT)
    return {OLD_COACHING: coaching.client_id, OLD_ENQUIRY: enquiry.id, RECENT: recent.id}


@pytest.fixture
def page(qtbot, practice, old_records) -> RetentionPage:
    shown = RetentionPage(practice)
    shown.setStyleSheet(STYLESHEET)
    qtbot.addWidget(shown)
    shown.resize(900, 900)
    shown.show()
    return shown


def rows(table: QTreeWidget) -> list[list[str]]:
    return [
        [table.topLevelItem(i).text(c) for c in range(table.columnCount())]
        for i in range(table.topLevelItemCount())
    ]


def names(table: QTreeWidget) -> list[str]:
    return [row[0] for row in rows(table)]


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def client_names(practice) -> set[str]:
    return {row.display_name for row in practice.clients.summaries()}


def test_the_records_past_the_period_are_listed_with_their_dates(page):
    assert page.years.value() == 7
    assert page.period.text() == period_text(7)
    assert page.period.text().startswith("Records are kept for 7 years after the last session")
    assert sorted(names(page.due)) == [OLD_ENQUIRY, OLD_COACHING]
    coaching = next(row for row in rows(page.due) if row[0] == OLD_COACHING)
    assert coaching[1] == "Coaching"
    assert coaching[2] == "11 Jan 2016" and coaching[3] == "11 Jan 2023"
    enquiry = next(row for row in rows(page.due) if row[0] == OLD_ENQUIRY)
    assert enquiry[1] == "No contract"
    assert page.due_summary.text().startswith("2 records are past the retention period")
    assert not page.delete_button.isEnabled(), "nothing ticked yet"
    assert page.pending_empty.isVisible() and page.stubs_empty.isVisible()


def test_deleting_needs_a_confirmation_that_names_them_and_no_changes_nothing(
    qtbot, practice, page, old_records
):
    page.tick(old_records[OLD_COACHING])
    assert page.delete_button.text() == "Delete 1 record…"
    before = client_names(practice)

    PROMPTS.script(answers=[False])
    click(qtbot, page.delete_button)

    title, text = PROMPTS.told[-1]
    assert title == "Delete records"
    assert OLD_COACHING in text and OLD_ENQUIRY not in text
    assert "disappear from every list now" in text and "30 days" in text
    assert "destroyed for good" in text and "only the name" in text
    assert client_names(practice) == before
    assert OLD_COACHING in names(page.due) and practice.retention.pending() == []


def test_after_yes_they_wait_among_the_deleted_and_bring_back_restores_them(
    qtbot, practice, page, old_records
):
    changes = []
    page.changed.connect(lambda: changes.append(True))
    page.select_all.click()
    assert page.delete_button.text() == "Delete 2 records…"

    PROMPTS.script(answers=[True])
    click(qtbot, page.delete_button)

    assert (
        names(page.due) == []
        and page.due_summary.text() == "No records are past the retention period."
    )
    assert sorted(names(page.pending)) == [OLD_ENQUIRY, OLD_COACHING]
    pending = next(row for row in rows(page.pending) if row[0] == OLD_COACHING)
    assert pending[2] == "4 Mar 2024" and pending[3] == "3 Apr 2024"
    assert client_names(practice) == {RECENT}
    assert page.status.text().startswith("2 records deleted.")
    assert changes == [True]

    page.select_pending(old_records[OLD_COACHING])
    click(qtbot, page.undo_button)

    assert names(page.pending) == [OLD_ENQUIRY]
    assert OLD_COACHING in names(page.due)
    assert client_names(practice) == {RECENT, OLD_COACHING}
    assert page.status.text().startswith(f"{OLD_COACHING} is back")
    assert changes == [True, True]


def test_a_longer_period_takes_the_records_off_the_list(qtbot, practice, page):
    page.years.setValue(10)
    assert page.period.text() == period_text(10)
    qtbot.waitUntil(lambda: practice.retention.policy.years == 10, timeout=WAIT_MS)

    assert names(page.due) == []
    assert not page.delete_button.isEnabled()


def test_the_confirmation_lists_every_name_and_keeps_by_default(qtbot):
    many = [f"Client {n:02d}" for n in range(30)]
    dialog = ConfirmDeletionDialog(many)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.windowTitle() == "Delete records"
    assert dialog.findChild(QLabel, "retention_confirm_head").text() == "Delete 30 records?"
    listed = dialog.findChild(QListWidget, "retention_confirm_names")
    assert [listed.item(i).text() for i in range(listed.count())] == many
    assert listed.height() < 300, "a long list scrolls inside the dialog"
    assert dialog.delete_button.text() == "Delete 30 records"
    assert dialog.keep_button.isDefault() and not dialog.delete_button.isDefault()


def test_the_records_area_leads_to_retention_and_follows_its_changes(qtbot, practice, old_records):
    area = RecordsArea(practice)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    assert area.retention_due.text() == "2 records past the retention period"
    area.choose_client(old_records[OLD_ENQUIRY])
    assert area.panel is not None

    area.retention_button.click()
    assert area.right.currentWidget() is area.retention
    area.retention.tick(old_records[OLD_ENQUIRY])
    PROMPTS.script(answers=[True])
    click(qtbot, area.retention.delete_button)

    assert area.panel is None, "the deleted client's documents are not left on screen"
    assert area.model.total == 2
    assert area.retention_due.text() == "1 record past the retention period"


def test_records_past_their_thirty_days_are_destroyed_after_the_next_unlock(
    qtbot, vault, practice, clock, old_records, make_window
):
    practice.retention.delete([old_records[OLD_ENQUIRY]], confirmed=True)
    practice.close()
    later(clock, days=31)

    window = open_window(qtbot, vault, make_window)

    qtbot.waitUntil(
        lambda: any(title == "Records destroyed for good" for title, _ in PROMPTS.told),
        timeout=WAIT_MS,
    )
    text = next(text for title, text in PROMPTS.told if title == "Records destroyed for good")
    assert text.startswith("1 record deleted more than 30 days ago was destroyed for good")
    stubs = window.practice.retention.stubs()
    assert [stub.display_name for stub in stubs] == [OLD_ENQUIRY]
    window.shell.show_area("records")
    window.shell.records.retention_button.click()
    assert names(window.shell.records.retention.stubs) == [OLD_ENQUIRY]
    assert window.shell.records.retention.stubs.isVisible()


def test_a_day_after_deleting_nothing_is_destroyed_at_unlock(
    qtbot, vault, practice, clock, old_records, make_window
):
    practice.retention.delete([old_records[OLD_ENQUIRY]], confirmed=True)
    practice.close()
    later(clock, days=1)

    window = open_window(qtbot, vault, make_window)
    qtbot.wait(500)  # past the moment final deletion runs after unlocking

    assert not any(title == "Records destroyed for good" for title, _ in PROMPTS.told)
    assert [item.display_name for item in window.practice.retention.pending()] == [OLD_ENQUIRY]
    assert window.practice.retention.stubs() == []


def test_deleted_records_leave_the_clients_list_at_once(
    qtbot, vault, practice, old_records, make_window
):
    practice.close()
    window = open_window(qtbot, vault, make_window)
    shell = window.shell
    shell.open_client(old_records[OLD_ENQUIRY])
    assert shell.clients.current_client.id == old_records[OLD_ENQUIRY]

    shell.show_area("records")
    shell.records.retention_button.click()
    page = shell.records.retention
    page.tick(old_records[OLD_ENQUIRY])
    PROMPTS.script(answers=[True])
    click(qtbot, page.delete_button)
    shell.show_area("clients")

    assert shell.clients.current_client is None, "the deleted client's page is gone"
    model = shell.clients.list_view.model
    listed = {model.client_at(row).display_name for row in range(model.rowCount())}
    assert listed == {OLD_COACHING, RECENT}
