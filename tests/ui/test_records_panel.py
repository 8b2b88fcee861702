"""One client's records, driven as a practitioner would: issue an invoice and mark it paid, write
a sponsor report and record the client's approval, print or save the client record, and find
the client in the Records area.

Printing and saving go through document_output; here they are replaced by a recorder where the
test is about this panel, and one test saves for real. The test clock starts on Monday
5 January 2026; the calendar is kept in Berlin time.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTreeWidget

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ConsultationOutcome, ConsultationRecord
from practice_desk.domain.contracts import CoachingTerms, Goal, GoalStatus, Payer, ReportItem
from practice_desk.domain.disclosure import DocumentKind, Recipient
from practice_desk.ui import document_output
from practice_desk.ui.invoice_dialog import MarkPaidDialog, NewInvoiceDialog
from practice_desk.ui.prompts import PROMPTS, PdfPassword
from practice_desk.ui.records_area import EMPTY_STATE
from practice_desk.ui.records_panel import (
    APPROVAL_REMINDER,
    NO_TERMS,
    THERAPY_LINE,
    RecordsDialog,
    RecordsPanel,
)
from practice_desk.ui.sponsor_report_dialog import ApprovalDialog, WriteReportDialog
from practice_desk.ui.style import STYLESHEET
from tests.services.calendar_support import CONTRACT_START
from tests.services.document_support import CLINICAL, flat, pdf_text, signed_session
from tests.services.session_support import (
    MONDAY,
    coaching_client,
    edge_therapy_client,
    plain_therapy_client,
)
from tests.ui.conftest import WAIT_MS, open_window

NEXT_MONDAY = date(2026, 1, 19)
PAYER = Payer(True, "Northwind Holdings AG", "Hafenstraße 1\n20457 Hamburg")
SUMMARY = "SUMM-OSPREY-3310 steadier delegation"
APPROVAL = "read together in session on 19 January"
PASSWORD = "lighthouse-kettle-47"


@pytest.fixture
def open_panel(qtbot, practice):
    def build(client_id: int) -> RecordsPanel:
        panel = RecordsPanel(practice, client_id)
        panel.setStyleSheet(STYLESHEET)
        qtbot.addWidget(panel)
        panel.resize(760, 900)
        panel.show()
        return panel

    return build


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, object]]:
    """What was handed to the printer or the save question: ("print" | "save", Document)."""
    calls: list[tuple[str, object]] = []

    def recorder(how: str):
        def record(parent, practice, document, **_options):
            calls.append((how, document))
            return True

        return record

    monkeypatch.setattr(document_output, "print_document", recorder("print"))
    monkeypatch.setattr(document_output, "save_document", recorder("save"))
    return calls


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible(), f"{button.objectName()} is not on screen"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def rows(table: QTreeWidget) -> list[list[str]]:
    return [
        [table.topLevelItem(i).text(c) for c in range(table.columnCount())]
        for i in range(table.topLevelItemCount())
    ]


def label(widget, name: str) -> QLabel:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return found


def last_told() -> tuple[str, str]:
    return PROMPTS.told[-1]


def text_of(document) -> str:
    return flat(pdf_text(document.pdf))


# --- invoices and receipts ----------------------------------------------------------------------


def test_an_invoice_is_issued_listed_paid_and_then_goes_out_as_a_receipt(
    qtbot, practice, clock, open_panel, sent
):
    client_id, contract = plain_therapy_client(practice, payer=PAYER, fee_minor=80_00)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    signed_session(practice, clock, client_id, contract, day=NEXT_MONDAY)
    panel = open_panel(client_id)
    assert label(panel, "invoices_empty").text() == "No invoices yet."
    assert not panel.invoice_print.isEnabled() and not panel.mark_paid_button.isEnabled()

    click(qtbot, panel.new_invoice_button)
    dialog = panel.dialog
    assert isinstance(dialog, NewInvoiceDialog) and dialog.windowTitle() == "New invoice"
    assert rows(dialog.lines) == [
        ["Mon 12 Jan 2026", "Psychotherapy session", "80.00 EUR"],
        ["Mon 19 Jan 2026", "Psychotherapy session", "80.00 EUR"],
    ]
    assert dialog.total.text() == "2 appointments · total 160.00 EUR"
    assert dialog.bill_to_box.isVisible()
    assert dialog.to_payer.text() == "The payer: Northwind Holdings AG"
    assert "Professional services" in dialog.payer_note.text()

    dialog.lines.topLevelItem(1).setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.total.text() == "1 appointment · total 80.00 EUR"
    dialog.to_payer.setChecked(True)
    click(qtbot, dialog.save_button)

    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)
    assert rows(panel.invoices) == [
        ["2026-0001", "19 Jan 2026", "Northwind Holdings AG", "80.00 EUR", "Unpaid"]
    ]
    assert panel.mark_paid_button.isEnabled()
    assert "goes out as an invoice" in panel.invoice_print.toolTip()
    click(qtbot, panel.invoice_print)
    how, document = sent[-1]
    assert how == "print"
    assert (document.kind, document.recipient) == (DocumentKind.INVOICE, Recipient.PAYER)
    assert "Professional services" in text_of(document)
    assert "Psychotherapy" not in text_of(document), "a payer of therapy reads no service name"

    click(qtbot, panel.mark_paid_button)
    paying = panel.dialog
    assert isinstance(paying, MarkPaidDialog)
    click(qtbot, paying.save_button)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)

    assert rows(panel.invoices)[0][4] == f"Paid {practice.today.day} Jan 2026"
    assert not panel.mark_paid_button.isEnabled()
    assert "receipt" in panel.invoice_save.toolTip()
    assert label(panel, "receipt_hint").text() == "A paid invoice prints and saves as a receipt."
    click(qtbot, panel.invoice_save)
    how, document = sent[-1]
    assert how == "save"
    assert document.kind is DocumentKind.RECEIPT
    assert "Receipt" in text_of(document) and "paid in full" in text_of(document)
    assert practice.invoices.billable(client_id)[0].line.service_on == NEXT_MONDAY


def test_the_payer_is_offered_only_when_the_contract_names_one(qtbot, practice, clock, open_panel):
    client_id, contract = coaching_client(practice, fee_minor=150_00, currency="GBP")
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    panel = open_panel(client_id)

    click(qtbot, panel.new_invoice_button)

    dialog = panel.dialog
    assert rows(dialog.lines) == [["Mon 12 Jan 2026", "Coaching session", "150.00 GBP"]]
    assert not dialog.bill_to_box.isVisible()
    dialog.reject()


def test_nothing_to_invoice_is_said_plainly_and_no_dialog_opens(qtbot, practice, open_panel):
    client_id, _ = plain_therapy_client(practice)
    panel = open_panel(client_id)

    click(qtbot, panel.new_invoice_button)

    assert panel.dialog is None
    title, text = last_told()
    assert title == "Nothing to invoice" and "waiting for an invoice" in text


def test_an_invoice_needs_a_ticked_appointment(qtbot, practice, clock, open_panel):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    panel = open_panel(client_id)
    click(qtbot, panel.new_invoice_button)
    dialog = panel.dialog
    dialog.set_checked([])

    click(qtbot, dialog.save_button)

    assert dialog.isVisible()
    assert last_told() == (
        "Please check this field",
        "Please tick at least one appointment to invoice.\n\nNothing has been saved yet.",
    )
    assert practice.invoices.for_client(client_id) == []
    dialog.reject()


# --- sponsor reports ----------------------------------------------------------------------------


def coaching_with_terms(practice, items):
    goals = (Goal("Delegate the weekly planning", GoalStatus.PROGRESSING, "mostly there"),)
    terms = CoachingTerms(sponsor_organisation="Contoso GmbH", report_items=frozenset(items))
    return coaching_client(practice, goals=goals, coaching=terms)


def test_a_therapy_client_has_no_sponsor_reports_even_when_a_company_pays(practice, open_panel):
    client_id, _ = edge_therapy_client(practice, payer=PAYER)

    panel = open_panel(client_id)

    assert label(panel, "reports_therapy").text() == THERAPY_LINE
    for name in ("write_report", "record_approval", "discard_report", "report_print"):
        assert panel.findChild(QPushButton, name) is None
    assert panel.findChild(QTreeWidget, "report_list") is None


def test_a_report_is_written_approved_and_only_then_released(
    qtbot, practice, clock, open_panel, sent
):
    items = {ReportItem.ATTENDANCE, ReportItem.GOALS, ReportItem.SUMMARY}
    client_id, contract = coaching_with_terms(practice, items)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    panel = open_panel(client_id)
    assert label(panel, "approval_reminder").text() == APPROVAL_REMINDER
    assert label(panel, "reports_empty").text() == "No sponsor reports yet."

    click(qtbot, panel.write_button)
    dialog = panel.dialog
    assert isinstance(dialog, WriteReportDialog) and dialog.windowTitle() == "Sponsor report"
    allowed = dialog.allowed.text()
    assert ReportItem.ATTENDANCE.label in allowed and ReportItem.GOALS.label in allowed
    assert ReportItem.ASSESSMENT.label not in allowed
    assert dialog.period_from.date().toPython() == CONTRACT_START
    assert dialog.summary.isVisible()
    dialog.summary.setPlainText(SUMMARY)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)

    today = practice.today
    assert rows(panel.reports) == [
        [f"5 Jan 2026 – {today.day} Jan 2026", "Draft: waiting for the client's approval"]
    ]
    preview = panel.report_preview.toPlainText()
    assert "Mon 12 Jan 2026: Attended" in preview and SUMMARY in preview
    assert "mostly there" not in preview, "the terms don't allow the assessment"
    assert not panel.report_print.isEnabled() and not panel.report_save.isEnabled()
    assert "approval first" in panel.report_save.toolTip()
    qtbot.mouseClick(panel.report_save, Qt.MouseButton.LeftButton)
    assert sent == [], "a draft never leaves the practice"

    click(qtbot, panel.approve_button)
    approving = panel.dialog
    assert isinstance(approving, ApprovalDialog)
    click(qtbot, approving.save_button)  # nothing typed yet
    assert approving.isVisible()
    title, text = last_told()
    assert title == "Please check this field" and "read together in session" in text
    approving.how.setText(APPROVAL)
    click(qtbot, approving.save_button)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=WAIT_MS)

    assert rows(panel.reports)[0][1] == f"Approved on {today.day} Jan 2026"
    assert not panel.approve_button.isEnabled() and not panel.discard_button.isEnabled()
    click(qtbot, panel.report_save)
    how, document = sent[-1]
    assert how == "save"
    assert (document.kind, document.recipient) == (DocumentKind.SPONSOR_REPORT, Recipient.SPONSOR)
    text = text_of(document)
    assert SUMMARY in text and APPROVAL in text and "Delegate the weekly planning" in text
    for word in CLINICAL:
        assert word not in text


def test_terms_that_allow_nothing_offer_no_report_and_say_why(practice, open_panel):
    client_id, _ = coaching_with_terms(practice, ())

    panel = open_panel(client_id)

    assert not panel.write_button.isVisible()
    assert label(panel, "reports_no_terms").text() == NO_TERMS
    assert "tick it in the contract" in NO_TERMS


def test_the_summary_box_appears_only_when_the_terms_allow_a_summary(qtbot, practice, open_panel):
    client_id, _ = coaching_with_terms(practice, {ReportItem.ATTENDANCE})
    panel = open_panel(client_id)

    click(qtbot, panel.write_button)

    dialog = panel.dialog
    assert not dialog.summary.isVisible()
    assert dialog.allowed.text() == f"• {ReportItem.ATTENDANCE.label}"
    dialog.reject()


def test_a_report_period_must_be_in_order(qtbot, practice, open_panel):
    client_id, _ = coaching_with_terms(practice, {ReportItem.ATTENDANCE})
    panel = open_panel(client_id)
    click(qtbot, panel.write_button)
    dialog = panel.dialog
    dialog.period_from.setDate(dialog.period_to.date().addDays(3))

    click(qtbot, dialog.save_button)

    assert dialog.isVisible()
    assert last_told()[1].startswith("The period can't end before it starts.")
    assert practice.sponsor_reports.for_client(client_id) == []
    dialog.reject()


def test_discarding_a_draft_asks_first(qtbot, practice, open_panel):
    client_id, contract = coaching_with_terms(practice, {ReportItem.ATTENDANCE})
    practice.sponsor_reports.write(contract.id, CONTRACT_START, practice.today)
    panel = open_panel(client_id)

    PROMPTS.script(answers=[False])
    click(qtbot, panel.discard_button)
    assert panel.reports.topLevelItemCount() == 1
    assert last_told()[0] == "Discard this draft?"

    PROMPTS.script(answers=[True])
    click(qtbot, panel.discard_button)
    assert practice.sponsor_reports.for_client(client_id) == []
    assert label(panel, "reports_empty").isVisible()


# --- the client record and the consultation -----------------------------------------------------


def test_the_record_period_starts_at_the_first_session_and_ends_today(
    qtbot, practice, clock, open_panel, sent
):
    client_id, contract = edge_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    signed_session(practice, clock, client_id, contract, day=NEXT_MONDAY)
    panel = open_panel(client_id)

    assert panel.record_from.date().toPython() == MONDAY
    assert panel.record_to.date().toPython() == practice.today
    assert panel.record_for.currentText() == "Your own file"

    panel.record_for.setCurrentIndex(panel.record_for.findText("The client"))
    click(qtbot, panel.record_save)
    how, document = sent[-1]
    assert how == "save"
    assert (document.kind, document.recipient) == (DocumentKind.CLIENT_RECORD, Recipient.CLIENT)
    assert "Mon 12 Jan 2026" in text_of(document) and "Mon 19 Jan 2026" in text_of(document)

    panel.record_from.setDate(panel.record_to.date().addDays(1))
    click(qtbot, panel.record_print)
    assert len(sent) == 1, "nothing went to the printer"
    title, text = last_told()
    assert title == "Please check this field"
    assert text.startswith("The period can't end before it starts.")


def test_without_sessions_the_record_starts_at_the_contract(qtbot, practice, clock, open_panel):
    clock.advance(timedelta(days=20).total_seconds())
    client_id, _ = plain_therapy_client(practice)

    panel = open_panel(client_id)

    assert panel.record_from.date().toPython() == CONTRACT_START
    assert panel.record_to.date().toPython() == practice.today


def test_the_consultation_summary_is_offered_once_an_outcome_is_recorded(
    qtbot, practice, open_panel, sent
):
    client_id, _ = plain_therapy_client(practice)
    assert open_panel(client_id).findChild(QPushButton, "consultation_print") is None
    practice.clients.record_consultation(
        client_id,
        ConsultationRecord(ConsultationOutcome.OFFER_THERAPY, CONTRACT_START, "CONS-NOTE-7"),
    )

    panel = open_panel(client_id)
    assert "Offer therapy" in label(panel, "consultation_about").text()
    click(qtbot, panel.consultation_print)

    how, document = sent[-1]
    assert how == "print" and document.kind is DocumentKind.CONSULTATION_SUMMARY
    assert "CONS-NOTE-7" in text_of(document)


# --- the real way out ---------------------------------------------------------------------------


def test_an_invoice_saved_for_real_is_protected_and_audited(
    qtbot, practice, clock, open_panel, tmp_path
):
    client_id, contract = plain_therapy_client(practice, fee_minor=90_00)
    _, appointment = signed_session(practice, clock, client_id, contract, day=MONDAY)
    invoice = practice.invoices.issue(client_id, [appointment.id])
    target = tmp_path / "invoice.pdf"
    PROMPTS.script(save_paths=[target], pdf_passwords=[PdfPassword.protect(PASSWORD)])
    panel = open_panel(client_id)

    click(qtbot, panel.invoice_save)

    reader = PdfReader(target)
    assert reader.is_encrypted and reader.decrypt(PASSWORD)
    assert invoice.number in flat("\n".join(page.extract_text() for page in reader.pages))
    title, text = last_told()
    assert title == "PDF saved" and "protected with your password" in text
    (entry,) = practice.audit.find(actions=(AuditAction.DOCUMENT_SAVED,))
    assert entry.detail == "invoice>client;protected" and entry.client_id == client_id


# --- where the panel lives ----------------------------------------------------------------------


def test_the_client_page_opens_the_records_in_a_dialog_without_the_name(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    client_id, _ = plain_therapy_client(window.practice)
    name = window.practice.clients.get(client_id).details.display_name
    window.shell.open_client(client_id)
    area = window.shell.clients

    click(qtbot, area.client_view.records_button)

    dialog = area.dialog
    assert isinstance(dialog, RecordsDialog)
    assert dialog.windowTitle() == "Records" and name not in dialog.windowTitle()
    assert label(dialog, "records_client").text() == name
    assert label(dialog, "reports_therapy").text() == THERAPY_LINE
    dialog.reject()
    qtbot.waitUntil(lambda: area.dialog is None, timeout=WAIT_MS)


def test_the_records_area_shows_the_chosen_clients_documents(qtbot, vault, clock, make_window):
    window = open_window(qtbot, vault, make_window)
    practice = window.practice
    practice.bookings.settings.set_time_zone("Europe/Berlin")
    therapy_id, _ = plain_therapy_client(practice)
    coaching_id, _ = coaching_with_terms(practice, {ReportItem.ATTENDANCE})
    coaching_name = practice.clients.get(coaching_id).details.display_name
    window.shell.show_area("records")
    area = window.shell.records

    assert area.right.currentWidget() is area.empty
    assert area.empty.text() == EMPTY_STATE
    assert area.model.rowCount() == 2, "clients added after unlock are listed"

    qtbot.keyClicks(area.search, coaching_name)
    assert area.model.rowCount() == 1
    index = area.model.index(0, 0)
    qtbot.mouseClick(
        area.clients.viewport(),
        Qt.MouseButton.LeftButton,
        pos=area.clients.visualRect(index).center(),
    )

    panel = area.panel
    assert panel is not None and area.right.currentWidget() is panel
    assert label(panel, "records_client").text() == coaching_name
    assert panel.write_button.isVisible()
    viewed = practice.audit.find(actions=(AuditAction.CLIENT_VIEWED,))
    assert [entry.client_id for entry in viewed] == [coaching_id]
    assert therapy_id != coaching_id
