"""The database keeps issued invoices and approved sponsor reports final for any writer, raw
SQL included, and keeps sponsor reports away from therapy."""

from __future__ import annotations

import pytest

from practice_desk.domain.contracts import CoachingTerms, ReportItem
from practice_desk.storage.invoice_store import explained
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.services.document_support import signed_session
from tests.services.session_support import MONDAY, coaching_client, plain_therapy_client


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


def refused_rule(practice, sql, args=()):
    with pytest.raises(RefusedByDatabase) as refused, explained():
        practice.conn.execute(sql, args)
    return refused.value.rule


@pytest.fixture
def issued(practice, clock):
    client_id, contract = plain_therapy_client(practice, fee_minor=90_00)
    _, appointment = signed_session(practice, clock, client_id, contract, day=MONDAY)
    return practice.invoices.issue(client_id, [appointment.id])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE invoices SET number = '2026-0099'",
        "UPDATE invoices SET bill_to_name = 'Someone else'",
        "UPDATE invoices SET issued_on = '2026-01-01'",
        "DELETE FROM invoices",
        "UPDATE invoice_lines SET fee_minor = 1",
        "DELETE FROM invoice_lines",
        "INSERT OR REPLACE INTO invoice_lines SELECT * FROM invoice_lines",
        "INSERT OR REPLACE INTO invoices SELECT * FROM invoices",
    ],
)
def test_an_issued_invoice_never_changes(practice, issued, sql):
    before = practice.conn.execute("SELECT * FROM invoices, invoice_lines").fetchall()

    assert refused_rule(practice, sql) in ("invoice_issued", "constraint")

    assert practice.conn.execute("SELECT * FROM invoices, invoice_lines").fetchall() == before


def test_paid_is_recorded_once(practice, issued):
    practice.conn.execute("UPDATE invoices SET paid_on = '2026-01-20'")
    assert refused_rule(practice, "UPDATE invoices SET paid_on = '2026-01-21'") == "invoice_issued"
    assert refused_rule(practice, "UPDATE invoices SET paid_on = NULL") == "invoice_issued"


def test_a_payer_invoice_needs_a_payer_in_the_contract(practice, issued):
    rule = refused_rule(
        practice,
        "INSERT INTO invoices (number, client_id, contract_id, bill_to, bill_to_name, issued_on, "
        "currency, created_at) VALUES ('2026-0050', ?, ?, 'payer', 'Acme', '2026-01-20', 'EUR', "
        "'x')",
        (issued.client_id, issued.contract_id),
    )
    assert rule == "invoice_recipient"


def test_an_approved_report_is_final(practice):
    coaching = CoachingTerms(report_items=frozenset({ReportItem.ATTENDANCE}))
    _, contract = coaching_client(practice, coaching=coaching)
    report = practice.sponsor_reports.write(contract.id, MONDAY, MONDAY)
    practice.conn.execute("UPDATE sponsor_reports SET content = content")  # a draft may change
    practice.sponsor_reports.approve(report.id, "In session")

    for sql in (
        "UPDATE sponsor_reports SET content = '{}'",
        "UPDATE sponsor_reports SET approved_at = NULL",
        "DELETE FROM sponsor_reports",
        "INSERT OR REPLACE INTO sponsor_reports SELECT * FROM sponsor_reports",
    ):
        assert refused_rule(practice, sql) == "report_approved"
    kept = practice.sponsor_reports.get(report.id)
    assert (kept.content, kept.items, kept.approval_note) == (
        report.content,
        report.items,
        "In session",
    )
