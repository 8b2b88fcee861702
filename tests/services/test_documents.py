"""Confidential documents through the one guard: what each recipient may read, read back from
the real PDFs, and an audit entry for every save, print and refusal."""

from __future__ import annotations

import io
import re
import tempfile
from datetime import date

import pytest
from pypdf import PdfReader

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ConsultationOutcome, ConsultationRecord
from practice_desk.domain.contracts import (
    CoachingTerms,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    GoalStatus,
    Payer,
    ReportItem,
)
from practice_desk.domain.disclosure import DisclosureRefused, DocumentKind, Recipient
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.invoices import BillTo, InvoiceRefused
from practice_desk.services.documents import NothingToPrint
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.conftest import snapshot
from tests.services.conftest import audit_entries
from tests.services.document_support import (
    ADDENDUM,
    CLINICAL,
    MARKER,
    NOTE,
    PROCESS,
    flat,
    pdf_pages,
    pdf_text,
    signed_session,
)
from tests.services.session_support import (
    GOALS,
    MONDAY,
    coaching_client,
    edge_therapy_client,
    plain_therapy_client,
)

NEXT_MONDAY = date(2026, 1, 19)
PAYER = Payer(True, "Northwind Holdings AG", "Hafenstraße 1\n20457 Hamburg")
SUMMARY = "SUMM-KESTREL-6120 steady progress on delegation"
ASSESSED = "ASSE-MARTEN-2231 mostly there"


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


def refusals(practice):
    return [
        entry.detail
        for entry in audit_entries(practice)
        if entry.action == AuditAction.REFUSED.value and entry.object_type == "document"
    ]


# --- session record ----------------------------------------------------------------------------


def test_session_record_holds_the_whole_signed_note_and_no_process_notes(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)

    document = practice.documents.session_record(session.id)

    text = flat(pdf_text(document.pdf))
    for field in ("agenda", "goal", "working_notes", "takeaways", "progress_comment"):
        assert f"{NOTE} {field}" in text
    assert f"{MARKER} insight" in text and f"{MARKER} takeaway" in text
    assert ADDENDUM in text
    assert GOALS[0].text in text
    for words in ("Time in each phase", "Beginning", "Middle", "End", "Signed", "CONFIDENTIAL"):
        assert words in text
    assert "Therapy with a coaching edge" in text
    assert PROCESS not in text
    assert document.kind is DocumentKind.SESSION_RECORD
    assert document.file_name == "session-record-2026-01-12.pdf"
    assert session.client_name not in document.file_name


def test_session_record_includes_process_notes_only_with_a_reason(practice, clock):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)

    document = practice.documents.session_record(
        session.id, include_process_notes="Court order 12/2026"
    )

    text = flat(pdf_text(document.pdf))
    assert PROCESS in text
    assert "Court order 12/2026" in text
    assert "included deliberately" in text

    def disclosed():
        return [
            entry
            for entry in audit_entries(practice)
            if entry.action == AuditAction.PROCESS_NOTES_DISCLOSED.value
        ]

    # Shown is not disclosed: only the output that leaves is kept and audited.
    assert disclosed() == []
    practice.documents.printed(document)
    assert len(disclosed()) == 1 and "Court" not in disclosed()[0].detail
    (reason,) = practice.conn.execute("SELECT reason FROM process_note_disclosures").fetchone()
    assert reason == "Court order 12/2026"


@pytest.mark.parametrize("recipient", [Recipient.PAYER, Recipient.SPONSOR])
def test_a_session_record_never_goes_to_a_third_party(practice, clock, recipient):
    client_id, contract = edge_therapy_client(practice, payer=PAYER)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)

    with pytest.raises(DisclosureRefused) as refused:
        practice.documents.session_record(session.id, recipient=recipient)

    assert "client or your own file only" in refused.value.message
    assert "Therapy answers to the client alone" in refused.value.advice
    assert refusals(practice) == [f"session_record_to_{recipient.value}"]
    assert all(entry.client_id == client_id for entry in audit_entries(practice)[-1:])


def test_process_notes_are_refused_for_coaching(practice, clock):
    client_id, contract = coaching_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)

    with pytest.raises(DisclosureRefused):
        practice.documents.session_record(session.id, include_process_notes="curiosity")

    assert refusals(practice) == ["process_notes_not_therapy"]


# --- client record and consultation ------------------------------------------------------------


def test_client_record_covers_the_chosen_days_with_goals_and_a_marker_summary(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    signed_session(practice, clock, client_id, contract, day=NEXT_MONDAY)

    document = practice.documents.client_record(client_id, MONDAY, MONDAY)

    text = flat(pdf_text(document.pdf))
    assert "Mon 12 Jan 2026" in text
    assert "Mon 19 Jan 2026" not in text
    assert "Goals and their progress" in text and GOALS[0].text in text
    assert "Progress markers" in text and "All markers 2" in text
    assert f"{NOTE} agenda" in text and ADDENDUM in text
    assert PROCESS not in text

    both = practice.documents.client_record(client_id, MONDAY, NEXT_MONDAY)
    assert "Mon 19 Jan 2026" in flat(pdf_text(both.pdf))
    assert "All markers 4" in flat(pdf_text(both.pdf))


def test_every_page_of_a_long_record_is_marked_and_numbered(practice, clock):
    client_id, contract = edge_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    for _ in range(12):
        practice.sessions.add_addendum(session.id, f"{ADDENDUM} " + "word " * 120)

    document = practice.documents.session_record(session.id)

    pages = pdf_pages(document.pdf)
    assert len(pages) == document.pages >= 3
    name = practice.clients.get(client_id).details.display_name
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "CONFIDENTIAL" in page and "Harbour Practice" in page
        assert name in page
        assert re.search(r"Printed \d\d \w{3} \d{4}, \d\d:\d\d", page)


def test_the_period_must_be_in_order(practice):
    client_id, _ = edge_therapy_client(practice)
    with pytest.raises(FieldInvalid):
        practice.documents.client_record(client_id, NEXT_MONDAY, MONDAY)


def test_consultation_summary_shows_the_outcome_and_note(practice):
    client_id, _ = plain_therapy_client(practice)
    with pytest.raises(NothingToPrint):
        practice.documents.consultation_summary(client_id)
    practice.clients.record_consultation(
        client_id,
        ConsultationRecord(ConsultationOutcome.OFFER_THERAPY, date(2026, 1, 5), "CONS-NOTE-1"),
    )

    text = flat(pdf_text(practice.documents.consultation_summary(client_id).pdf))

    assert "Offer therapy" in text and "CONS-NOTE-1" in text and "Mon 5 Jan 2026" in text
    with pytest.raises(DisclosureRefused):
        practice.documents.consultation_summary(client_id, recipient=Recipient.PAYER)


# --- invoices and receipts ---------------------------------------------------------------------


def test_a_therapy_invoice_to_a_company_carries_no_clinical_content(practice, clock):
    client_id, contract = edge_therapy_client(practice, payer=PAYER, fee_minor=95_00)
    _, appointment = signed_session(practice, clock, client_id, contract, day=MONDAY)

    invoice = practice.invoices.issue(client_id, [appointment.id], bill_to=BillTo.PAYER)
    document = practice.documents.invoice(invoice.id)

    text = flat(pdf_text(document.pdf))
    assert "Northwind Holdings AG" in text
    assert "Mon 12 Jan 2026" in text and "95.00" in text and "95.00 EUR" in text
    assert "Professional services" in text
    assert invoice.number == "2026-0001" and invoice.number in text
    for word in (*CLINICAL, GOALS[0].text, "herap", "Psychotherapist", "session", "coaching"):
        assert word.lower() not in text.lower()
    client_name = practice.clients.get(client_id).details.display_name
    assert client_name not in text
    assert document.recipient is Recipient.PAYER


def test_an_invoice_to_the_client_names_the_service(practice, clock):
    client_id, contract = coaching_client(practice, fee_minor=180_00, currency="GBP")
    _, appointment = signed_session(practice, clock, client_id, contract, day=MONDAY)

    invoice = practice.invoices.issue(client_id, [appointment.id])
    text = flat(pdf_text(practice.documents.invoice(invoice.id).pdf))

    assert "Coaching session" in text and "180.00 GBP" in text
    assert NOTE not in text and MARKER not in text


def test_a_paid_invoice_prints_as_a_receipt(practice, clock):
    client_id, contract = plain_therapy_client(practice, fee_minor=80_00)
    _, appointment = signed_session(practice, clock, client_id, contract, day=MONDAY)
    invoice = practice.invoices.issue(client_id, [appointment.id])

    paid = practice.invoices.mark_paid(invoice.id)
    document = practice.documents.invoice(paid.id)

    text = flat(pdf_text(document.pdf))
    assert document.kind is DocumentKind.RECEIPT
    assert "Receipt" in text and "paid in full" in text and "Psychotherapy session" in text
    with pytest.raises(InvoiceRefused):
        practice.invoices.mark_paid(invoice.id)


def test_an_appointment_is_invoiced_once_and_numbers_run_without_gaps(practice, clock):
    client_id, contract = plain_therapy_client(practice, fee_minor=80_00)
    _, first = signed_session(practice, clock, client_id, contract, day=MONDAY)
    _, second = signed_session(practice, clock, client_id, contract, day=NEXT_MONDAY)

    one = practice.invoices.issue(client_id, [first.id])
    assert [item.appointment.id for item in practice.invoices.billable(client_id)] == [second.id]
    with pytest.raises(InvoiceRefused):
        practice.invoices.issue(client_id, [first.id])
    two = practice.invoices.issue(client_id, [second.id])

    assert (one.number, two.number) == ("2026-0001", "2026-0002")
    with pytest.raises(Exception) as refused:
        practice.conn.execute("UPDATE invoice_lines SET fee_minor = 1")
    assert "invoice_issued" in str(refused.value)
    with pytest.raises(InvoiceRefused):
        practice.invoices.issue(client_id, [second.id], bill_to=BillTo.PAYER)


def test_an_invoice_to_a_payer_needs_a_payer_in_the_contract(practice, clock):
    client_id, contract = plain_therapy_client(practice)
    _, appointment = signed_session(practice, clock, client_id, contract, day=MONDAY)
    before = practice.conn.execute("SELECT count(*) FROM invoices").fetchone()

    with pytest.raises(InvoiceRefused):
        practice.invoices.issue(client_id, [appointment.id], bill_to=BillTo.PAYER)

    assert practice.conn.execute("SELECT count(*) FROM invoices").fetchone() == before


# --- sponsor reports ---------------------------------------------------------------------------


def coaching_with_terms(practice, items, **extra):
    goals = (Goal("Delegate the weekly planning", GoalStatus.PROGRESSING, ASSESSED),)
    terms = CoachingTerms(
        sponsor_organisation="Contoso GmbH",
        reporting_scope="Attendance and goals, in general terms",
        report_items=frozenset(items),
    )
    return coaching_client(practice, goals=goals, coaching=terms, **extra)


def test_no_sponsor_report_in_therapy_even_when_a_company_pays(practice):
    client_id, contract = edge_therapy_client(practice, payer=PAYER)

    with pytest.raises(DisclosureRefused) as refused:
        practice.sponsor_reports.write(contract.id, MONDAY, NEXT_MONDAY)

    assert "no sponsor reports in therapy" in refused.value.message
    assert refusals(practice) == ["sponsor_report_therapy"]
    assert practice.conn.execute("SELECT count(*) FROM sponsor_reports").fetchone() == (0,)
    with pytest.raises(RefusedByDatabase):  # the database holds the line too
        _raw_sponsor_insert(practice, client_id, contract.id)


def _raw_sponsor_insert(practice, client_id, contract_id):
    from practice_desk.storage.invoice_store import explained

    with explained():
        practice.conn.execute(
            "INSERT INTO sponsor_reports (client_id, contract_id, period_from, period_to, items, "
            "content, created_at, updated_at) VALUES (?, ?, '2026-01-01', '2026-01-31', "
            "'attendance', '{}', 'x', 'x')",
            (client_id, contract_id),
        )


def test_a_report_needs_terms_that_allow_something(practice):
    _, contract = coaching_with_terms(practice, ())

    with pytest.raises(DisclosureRefused) as refused:
        practice.sponsor_reports.write(contract.id, MONDAY, NEXT_MONDAY)

    assert "don't allow anything" in refused.value.message
    assert refusals(practice) == ["sponsor_report_no_terms"]


def test_a_report_is_released_only_after_the_client_approved_it(practice, clock):
    client_id, contract = coaching_with_terms(practice, {ReportItem.ATTENDANCE})
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    report = practice.sponsor_reports.write(contract.id, MONDAY, NEXT_MONDAY)

    with pytest.raises(DisclosureRefused) as refused:
        practice.documents.sponsor_report(report.id)
    assert "hasn't approved" in refused.value.message
    assert refusals(practice) == ["sponsor_report_not_approved"]

    with pytest.raises(FieldInvalid):
        practice.sponsor_reports.approve(report.id, "  ")
    practice.sponsor_reports.approve(report.id, "Read together in session on 19 January")
    document = practice.documents.sponsor_report(report.id)

    text = flat(pdf_text(document.pdf))
    assert "Read together in session on 19 January" in text
    assert document.recipient is Recipient.SPONSOR


@pytest.mark.parametrize(
    "items",
    [
        {ReportItem.ATTENDANCE},
        {ReportItem.GOALS},
        {ReportItem.GOALS, ReportItem.ASSESSMENT},
        {ReportItem.SUMMARY},
        set(ReportItem),
    ],
)
def test_a_sponsor_report_contains_exactly_what_the_terms_allow(practice, clock, items):
    client_id, contract = coaching_with_terms(practice, items)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    report = practice.sponsor_reports.write(contract.id, MONDAY, NEXT_MONDAY, SUMMARY)
    practice.sponsor_reports.approve(report.id, "Approved by e-mail")

    text = flat(pdf_text(practice.documents.sponsor_report(report.id).pdf))

    expected = {
        "Mon 12 Jan 2026 Attended": ReportItem.ATTENDANCE in items,
        "Delegate the weekly planning": ReportItem.GOALS in items,
        ASSESSED: ReportItem.GOALS in items and ReportItem.ASSESSMENT in items,
        SUMMARY: ReportItem.SUMMARY in items,
    }
    assert {words: words in text for words in expected} == expected
    for word in (*CLINICAL, "takeaway", "insight", "Progress markers"):
        assert word not in text


def test_narrowed_terms_stop_an_approved_report(practice, clock):
    _, contract = coaching_with_terms(practice, {ReportItem.ATTENDANCE, ReportItem.GOALS})
    report = practice.sponsor_reports.write(contract.id, MONDAY, NEXT_MONDAY)
    practice.sponsor_reports.approve(report.id, "Approved in session")
    narrowed = ContractTerms(
        ContractKind.COACHING,
        ContractStatus.ACTIVE,
        starts_on=contract.terms.starts_on,
        goals=contract.terms.goals,
        coaching=CoachingTerms(
            sponsor_organisation="Contoso GmbH", report_items=frozenset({ReportItem.ATTENDANCE})
        ),
    )
    practice.contracts.update(contract.id, narrowed)

    with pytest.raises(DisclosureRefused):
        practice.documents.sponsor_report(report.id)

    assert refusals(practice) == ["sponsor_report_beyond_terms"]
    with pytest.raises(RefusedByDatabase):
        from practice_desk.storage.invoice_store import explained

        with explained():
            practice.conn.execute("UPDATE sponsor_reports SET content = '{}'")


# --- output ------------------------------------------------------------------------------------


@pytest.fixture
def watched_tmp(tmp_path, monkeypatch):
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(folder))
    return folder


def test_a_protected_pdf_opens_with_its_password_only(practice, clock, tmp_path, watched_tmp):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    out = tmp_path / "out"
    out.mkdir()
    home = snapshot(practice.files.home)

    document = practice.documents.session_record(session.id)
    path = practice.documents.save(document, out / "record", password="harbour-lights-42")

    assert path == out / "record.pdf"
    assert [p.name for p in out.iterdir()] == ["record.pdf"]
    assert list(watched_tmp.iterdir()) == []
    data = path.read_bytes()
    assert NOTE.encode() not in data
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.trailer["/Encrypt"]["/R"] == 6
    assert reader.decrypt("wrong password") == 0
    with pytest.raises(Exception):  # noqa: B017 - pypdf refuses to read an encrypted page
        PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert reader.decrypt("harbour-lights-42") != 0
    assert NOTE in flat("\n".join(page.extract_text() for page in reader.pages))
    saved = audit_entries(practice)[-1]
    assert saved.action == AuditAction.DOCUMENT_SAVED.value
    assert saved.detail == "session_record>practice;protected"
    assert saved.client_id == client_id
    assert snapshot(practice.files.home).keys() == home.keys()


def test_an_unprotected_save_and_a_print_are_audited_without_content(practice, clock, tmp_path):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    document = practice.documents.session_record(session.id)

    practice.documents.save(document, tmp_path / "plain.pdf")
    practice.documents.printed(document)

    last = audit_entries(practice)[-2:]
    assert [entry.action for entry in last] == [
        AuditAction.DOCUMENT_SAVED.value,
        AuditAction.DOCUMENT_PRINTED.value,
    ]
    assert [entry.detail for entry in last] == [
        "session_record>practice;unprotected",
        "session_record>practice",
    ]
    assert NOTE in flat(pdf_text((tmp_path / "plain.pdf").read_bytes()))


def test_a_short_password_or_a_missing_folder_writes_nothing(practice, clock, tmp_path):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    document = practice.documents.session_record(session.id)
    before = len(audit_entries(practice))
    out = tmp_path / "out"
    out.mkdir()

    with pytest.raises(FieldInvalid):
        practice.documents.save(document, out / "a.pdf", password="short")
    with pytest.raises(OSError):
        practice.documents.save(document, out / "missing" / "a.pdf")

    assert list(out.iterdir()) == []
    assert len(audit_entries(practice)) == before


def test_a_failed_save_keeps_no_disclosure_and_a_good_one_keeps_it_once(practice, clock, tmp_path):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)
    document = practice.documents.session_record(session.id, include_process_notes="Subpoena")

    def kept():
        return practice.conn.execute("SELECT count(*) FROM process_note_disclosures").fetchone()[0]

    with pytest.raises(OSError):
        practice.documents.save(document, tmp_path / "missing" / "record.pdf")
    assert kept() == 0

    practice.documents.save(document, tmp_path / "record.pdf", password="harbour-lights-42")
    assert kept() == 1
    actions = [entry.action for entry in audit_entries(practice)[-2:]]
    assert actions == [AuditAction.PROCESS_NOTES_DISCLOSED.value, AuditAction.DOCUMENT_SAVED.value]
