"""The audit trail: what happened, when, to which record, and never any clinical text.

Entries are hash-chained: each one's hash covers its own fields and the hash before it, so a
changed, removed or reordered entry breaks the chain at exactly that place.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS_HASH = "0" * 64
DETAIL_MAX = 200


class AuditAction(enum.Enum):
    UNLOCKED = "unlocked"
    UNLOCK_FAILED = "unlock_failed"
    LOCKED = "locked"
    CLIENT_VIEWED = "client_viewed"
    CLIENT_CREATED = "client_created"
    CLIENT_CHANGED = "client_changed"
    DIFFERENT_PERSON_CONFIRMED = "different_person_confirmed"
    CONSULTATION_RECORDED = "consultation_recorded"
    CONTRACT_CREATED = "contract_created"
    CONTRACT_CHANGED = "contract_changed"
    CONTRACT_ENDED = "contract_ended"
    REFERRAL_NOTE_WRITTEN = "referral_note_written"
    APPOINTMENT_BOOKED = "appointment_booked"
    APPOINTMENT_MOVED = "appointment_moved"
    APPOINTMENT_STATUS = "appointment_status"
    APPOINTMENT_DELETED = "appointment_deleted"
    CALENDAR_EXPORTED = "calendar_exported"
    DAY_SHEET_SAVED = "day_sheet_saved"
    SESSION_STARTED = "session_started"
    SESSION_FINISHED = "session_finished"
    SESSION_SIGNED = "session_signed"
    SESSION_DISCARDED = "session_discarded"
    ADDENDUM_WRITTEN = "addendum_written"
    PROCESS_NOTES_DISCLOSED = "process_notes_disclosed"
    DOCUMENT_SAVED = "document_saved"
    DOCUMENT_PRINTED = "document_printed"
    INVOICE_ISSUED = "invoice_issued"
    INVOICE_PAID = "invoice_paid"
    SPONSOR_REPORT_WRITTEN = "sponsor_report_written"
    SPONSOR_REPORT_APPROVED = "sponsor_report_approved"
    SPONSOR_REPORT_DISCARDED = "sponsor_report_discarded"
    BACKUP_WRITTEN = "backup_written"
    BACKUP_RESTORED = "backup_restored"
    CLIENT_EXPORTED = "client_exported"
    PRACTICE_EXPORTED = "practice_exported"
    CUSTODIAN_PACKAGE_WRITTEN = "custodian_package_written"
    RETENTION_PERIOD_CHANGED = "retention_period_changed"
    RECORD_DELETED = "record_deleted"
    RECORD_DELETION_UNDONE = "record_deletion_undone"
    RECORD_DESTROYED = "record_destroyed"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AuditAction.UNLOCKED: "Practice unlocked",
    AuditAction.UNLOCK_FAILED: "Unlock attempt failed",
    AuditAction.LOCKED: "Practice locked",
    AuditAction.CLIENT_VIEWED: "Client viewed",
    AuditAction.CLIENT_CREATED: "Client created",
    AuditAction.CLIENT_CHANGED: "Client changed",
    AuditAction.DIFFERENT_PERSON_CONFIRMED: "Confirmed as a different person",
    AuditAction.CONSULTATION_RECORDED: "Consultation outcome recorded",
    AuditAction.CONTRACT_CREATED: "Contract created",
    AuditAction.CONTRACT_CHANGED: "Contract changed",
    AuditAction.CONTRACT_ENDED: "Contract ended",
    AuditAction.REFERRAL_NOTE_WRITTEN: "Referral note written",
    AuditAction.APPOINTMENT_BOOKED: "Appointment booked",
    AuditAction.APPOINTMENT_MOVED: "Appointment moved",
    AuditAction.APPOINTMENT_STATUS: "Appointment marked",
    AuditAction.APPOINTMENT_DELETED: "Appointment deleted",
    AuditAction.CALENDAR_EXPORTED: "Calendar exported",
    AuditAction.DAY_SHEET_SAVED: "Day sheet saved",
    AuditAction.SESSION_STARTED: "Session started",
    AuditAction.SESSION_FINISHED: "Session finished",
    AuditAction.SESSION_SIGNED: "Session note signed",
    AuditAction.SESSION_DISCARDED: "Unsigned session discarded",
    AuditAction.ADDENDUM_WRITTEN: "Addendum written",
    AuditAction.PROCESS_NOTES_DISCLOSED: "Process notes included in an output",
    AuditAction.DOCUMENT_SAVED: "Document saved as PDF",
    AuditAction.DOCUMENT_PRINTED: "Document printed",
    AuditAction.INVOICE_ISSUED: "Invoice issued",
    AuditAction.INVOICE_PAID: "Invoice marked paid",
    AuditAction.SPONSOR_REPORT_WRITTEN: "Sponsor report written",
    AuditAction.SPONSOR_REPORT_APPROVED: "Sponsor report approved by the client",
    AuditAction.SPONSOR_REPORT_DISCARDED: "Sponsor report draft discarded",
    AuditAction.BACKUP_WRITTEN: "Backup written and verified",
    AuditAction.BACKUP_RESTORED: "Practice restored from a backup",
    AuditAction.CLIENT_EXPORTED: "Client's record exported for them",
    AuditAction.PRACTICE_EXPORTED: "Whole practice exported unprotected",
    AuditAction.CUSTODIAN_PACKAGE_WRITTEN: "Package for the designated colleague written",
    AuditAction.RETENTION_PERIOD_CHANGED: "Retention period changed",
    AuditAction.RECORD_DELETED: "Record deleted (can be undone for 30 days)",
    AuditAction.RECORD_DELETION_UNDONE: "Record deletion undone",
    AuditAction.RECORD_DESTROYED: "Record destroyed for good",
    AuditAction.REFUSED: "Refused by the practice rules",
}


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # UTC, ISO 8601
    action: str
    object_type: str
    object_id: int | None
    client_id: int | None
    detail: str  # a code or a count, never free text
    prev_hash: str
    entry_hash: str

    def content(self) -> tuple[int, str, str, str, int | None, int | None, str]:
        """What the entry's hash seals, besides the hash before it."""
        return (
            self.seq,
            self.at,
            self.action,
            self.object_type,
            self.object_id,
            self.client_id,
            self.detail,
        )


def chain_hash(prev_hash: str, *content: object) -> str:
    payload = json.dumps([prev_hash, *content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def seal(
    prev_hash: str,
    seq: int,
    at: str,
    action: str,
    object_type: str,
    object_id: int | None,
    client_id: int | None,
    detail: str,
) -> AuditEntry:
    content = (seq, at, action, object_type, object_id, client_id, detail)
    return AuditEntry(*content, prev_hash, chain_hash(prev_hash, *content))


@dataclass(frozen=True)
class ChainVerdict:
    entries: int
    first_broken: int | None  # the position (1-based) where the chain stops being intact

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def verify_chain(entries: Iterable[AuditEntry]) -> ChainVerdict:
    """Walk the entries in stored order; report the first position whose link is broken."""
    expected_prev = GENESIS_HASH
    count = 0
    for position, entry in enumerate(entries, start=1):
        count = position
        recomputed = chain_hash(entry.prev_hash, *entry.content())
        if (
            entry.seq != position
            or entry.prev_hash != expected_prev
            or entry.entry_hash != recomputed
        ):
            return ChainVerdict(position, position)
        expected_prev = entry.entry_hash
    return ChainVerdict(count, None)
