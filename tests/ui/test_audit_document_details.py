"""The audit page reads document entries and refusals in words, from codes that hold no
client data."""

from __future__ import annotations

import pytest

from practice_desk.domain.audit import AuditAction, AuditEntry
from practice_desk.ui.audit_page import describe_detail


def entry(action: AuditAction, detail: str) -> AuditEntry:
    return AuditEntry(
        seq=1,
        at="2026-01-12T10:00:00.000000Z",
        action=action.value,
        object_type="document",
        object_id=None,
        client_id=7,
        detail=detail,
        prev_hash="0" * 64,
        entry_hash="0" * 64,
    )


@pytest.mark.parametrize(
    ("action", "detail", "shown"),
    [
        (
            AuditAction.DOCUMENT_SAVED,
            "session_record>practice;protected",
            "session record for your own file, password-protected",
        ),
        (
            AuditAction.DOCUMENT_SAVED,
            "invoice>payer;unprotected",
            "invoice for the payer, not protected",
        ),
        (AuditAction.DOCUMENT_PRINTED, "sponsor_report>sponsor", "sponsor report for the sponsor"),
        (AuditAction.REFUSED, "sponsor_report_therapy", "therapy has no sponsor reports"),
        (AuditAction.REFUSED, "session_record_to_payer", "session record to payer"),
    ],
)
def test_document_entries_read_plainly(action, detail, shown):
    assert describe_detail(entry(action, detail)) == shown
