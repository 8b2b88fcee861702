"""The one way a confidential document leaves the practice.

Every document is built here, and every build first asks the disclosure rules what its
recipient may see (domain/disclosure.py). Content a recipient may not see is never gathered,
so the PDF layer can't print it by mistake. A refusal is written to the audit trail; so is
every save and print (the type, the recipient and the client's id, never content). PDFs are
made in memory; the only file ever written is the one the practitioner chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from practice_desk.domain.appointments import AppointmentKind
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.disclosure import (
    DisclosureRefused,
    DisclosureRequest,
    DocumentKind,
    Part,
    Recipient,
    allowance,
)
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid, single_line
from practice_desk.domain.invoices import BillTo
from practice_desk.domain.session_notes import DISCLOSURE_REASON_MAX
from practice_desk.safe_files import write_atomic
from practice_desk.services.calendar_export import with_suffix
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.reports.blocks import DocumentContent
    from practice_desk.services.practice import Practice

MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class Document:
    """A finished PDF in memory, and what it is, for whom, about whom."""

    kind: DocumentKind
    recipient: Recipient
    client_id: int
    title: str
    file_name: str  # a suggestion without the client's name: file names travel further
    pdf: bytes
    pages: int
    # Process notes inside: (session id, reason). The disclosure is kept and audited when the
    # document is saved or printed, not when it is merely shown.
    disclosure: tuple[int, str] | None = None
    # A client record may carry the process notes of several sessions, for one reason.
    disclosures: tuple[tuple[int, str], ...] = ()

    @property
    def all_disclosures(self) -> tuple[tuple[int, str], ...]:
        """Every (session id, reason) whose process notes this document carries."""
        single = (self.disclosure,) if self.disclosure is not None else ()
        return single + self.disclosures


class NothingToPrint(PracticeDeskError):
    title = "Nothing to put in this document"


class Documents:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    # --- the documents -------------------------------------------------------------------------

    def session_record(
        self,
        session_id: int,
        *,
        recipient: Recipient = Recipient.PRACTICE,
        include_process_notes: str | None = None,
    ) -> Document:
        """One session: its note, time per phase, markers, signed status and addenda. Process
        notes come along only with a reason, which is kept and audited."""
        from practice_desk.services import document_content

        sessions = self._practice.sessions
        session = sessions.get(session_id)
        contract = sessions.contract(session)
        self._allow(
            DisclosureRequest(
                DocumentKind.SESSION_RECORD,
                recipient,
                session.kind,
                process_note_reason=(include_process_notes or "").strip(),
            ),
            session.client_id,
        )
        record = sessions.record(
            session_id, include_process_notes=include_process_notes, disclose_now=False
        )
        content = document_content.session_record(
            record, contract, self._practice.bookings.settings.tz, include_process_notes
        )
        day = self._local_day(session.started_at)
        document = self._finish(
            DocumentKind.SESSION_RECORD,
            recipient,
            session.client_id,
            content,
            f"session-record-{day.isoformat()}.pdf",
        )
        if include_process_notes is None:
            return document
        return replace(document, disclosure=(session_id, include_process_notes))

    def client_record(
        self,
        client_id: int,
        first: date,
        last: date,
        *,
        recipient: Recipient = Recipient.PRACTICE,
        include_process_notes: str | None = None,
    ) -> Document:
        """The sessions between two days (both included), the goals and their progress, and a
        summary of the markers. Process notes come along only with a reason (therapy only),
        kept and audited for each session whose notes leave with the document."""
        from practice_desk.services import document_content

        if last < first:
            raise FieldInvalid("last", "The period can't end before it starts.")
        client = self._practice.clients.get(client_id)
        self._allow(
            DisclosureRequest(
                DocumentKind.CLIENT_RECORD,
                recipient,
                client.kind,
                process_note_reason=(include_process_notes or "").strip(),
            ),
            client_id,
        )
        reason = None
        if include_process_notes is not None:
            reason = disclosure_reason(include_process_notes)
        progress = self._practice.sessions.progress(client_id)
        tz = self._practice.bookings.settings.tz
        chosen = tuple(
            item
            for item in progress.sessions
            if first <= self._local_day(item.session.started_at) <= last
        )
        addenda = {
            item.session.id: tuple(self._practice.sessions.addenda(item.session.id))
            for item in chosen
            if item.session.is_signed
        }
        process_notes: dict[int, str] = {}
        if reason is not None:
            for item in chosen:
                if item.session.kind is ContractKind.THERAPY:
                    text = self._practice.sessions.process_note(item.session.id)
                    if text:
                        process_notes[item.session.id] = text
        content = document_content.client_record(
            client,
            self._practice.contracts.for_client(client_id),
            chosen,
            progress.goals,
            addenda,
            (first, last),
            tz,
            process_notes if reason is not None else None,
            reason or "",
        )
        document = self._finish(
            DocumentKind.CLIENT_RECORD,
            recipient,
            client_id,
            content,
            f"client-record-{first.isoformat()}-to-{last.isoformat()}.pdf",
        )
        if reason is None:
            return document
        return replace(
            document, disclosures=tuple((session_id, reason) for session_id in process_notes)
        )

    def consultation_summary(
        self, client_id: int, *, recipient: Recipient = Recipient.PRACTICE
    ) -> Document:
        from practice_desk.services import document_content

        client = self._practice.clients.get(client_id)
        self._allow(
            DisclosureRequest(DocumentKind.CONSULTATION_SUMMARY, recipient, client.kind),
            client_id,
        )
        if client.consultation is None:
            raise NothingToPrint(
                "No consultation outcome has been recorded for this client yet.",
                "Record the outcome on the client's page first.",
            )
        consultations = [
            appointment
            for appointment in self._practice.bookings.for_client(client_id)
            if appointment.kind is AppointmentKind.CONSULTATION
        ]
        content = document_content.consultation_summary(
            client, consultations, self._practice.bookings.settings.tz
        )
        return self._finish(
            DocumentKind.CONSULTATION_SUMMARY,
            recipient,
            client_id,
            content,
            f"consultation-{client.consultation.held_on.isoformat()}.pdf",
        )

    def invoice(self, invoice_id: int) -> Document:
        """The invoice, or once it is paid, the receipt. Dates, service and fees only."""
        from practice_desk.services import document_content

        invoice = self._practice.invoices.get(invoice_id)
        contract = self._practice.contracts.get(invoice.contract_id)
        kind = DocumentKind.RECEIPT if invoice.is_paid else DocumentKind.INVOICE
        recipient = Recipient.PAYER if invoice.bill_to is BillTo.PAYER else Recipient.CLIENT
        parts = self._allow(
            DisclosureRequest(
                kind,
                recipient,
                contract.kind,
                third_party_payer=contract.terms.payer.third_party,
            ),
            invoice.client_id,
        )
        content = document_content.invoice(
            invoice,
            self._practice.clients.get(invoice.client_id).details.display_name,
            contract.kind if Part.SERVICE_NAMED in parts else None,
            self._practice.profile,
        )
        word = "receipt" if invoice.is_paid else "invoice"
        return self._finish(
            kind, recipient, invoice.client_id, content, f"{word}-{invoice.number}.pdf"
        )

    def sponsor_report(self, report_id: int) -> Document:
        """An approved coaching report, with only what the contract's terms allow today."""
        from practice_desk.services import document_content

        report = self._practice.sponsor_reports.get(report_id)
        contract = self._practice.contracts.get(report.contract_id)
        parts = self._allow(
            DisclosureRequest(
                DocumentKind.SPONSOR_REPORT,
                Recipient.SPONSOR,
                contract.kind,
                report_items=self._practice.sponsor_reports.allowed_items(contract),
                wanted_items=report.items,
                client_approved=report.is_approved,
            ),
            report.client_id,
        )
        content = document_content.sponsor_report(report, contract, parts)
        return self._finish(
            DocumentKind.SPONSOR_REPORT,
            Recipient.SPONSOR,
            report.client_id,
            content,
            f"sponsor-report-{report.period_to.isoformat()}.pdf",
        )

    # --- output --------------------------------------------------------------------------------

    def save(self, document: Document, target: Path, *, password: str | None = None) -> Path:
        """Write the PDF to `target` (".pdf" added when missing), atomically, protected with
        AES-256 when a password is given. The audit entry commits only if the file was
        written."""
        data = self.pdf_bytes(document, password)
        path = with_suffix(Path(target), ".pdf")
        detail = f"{self._detail(document)};{'protected' if password else 'unprotected'}"
        with transaction(self._practice.conn):
            self._record_output(document, AuditAction.DOCUMENT_SAVED, detail)
            write_atomic(path, data)
        return path

    def pdf_bytes(self, document: Document, password: str | None = None) -> bytes:
        """The PDF as it would be saved: protected with AES-256 when a password is given."""
        if password is None:
            return document.pdf
        if len(password) < MIN_PASSWORD_LENGTH:
            raise FieldInvalid(
                "pdf_password",
                f"Please use a password of at least {MIN_PASSWORD_LENGTH} characters.",
            )
        from practice_desk.reports.pdf_protection import protect

        return protect(document.pdf, password)

    def printed(self, document: Document) -> None:
        """Note that the document went to a printer."""
        with transaction(self._practice.conn):
            self._record_output(document, AuditAction.DOCUMENT_PRINTED, self._detail(document))

    # --- helpers -------------------------------------------------------------------------------

    def _record_output(self, document: Document, action: AuditAction, detail: str) -> None:
        for session_id, reason in document.all_disclosures:
            self._practice.sessions.disclose(session_id, reason)
        self._practice.audit.record(
            action, object_type="document", client_id=document.client_id, detail=detail
        )

    def _allow(self, request: DisclosureRequest, client_id: int) -> frozenset[Part]:
        try:
            return allowance(request)
        except DisclosureRefused as refused:
            self._practice.audit.record(
                AuditAction.REFUSED,
                object_type="document",
                client_id=client_id,
                detail=refused.code,
            )
            raise

    def _finish(
        self,
        kind: DocumentKind,
        recipient: Recipient,
        client_id: int,
        content: DocumentContent,
        file_name: str,
    ) -> Document:
        from practice_desk.reports.blocks import render_document

        tz = self._practice.bookings.settings.tz
        pdf = render_document(
            content,
            practice_name=self._practice.profile.practice_name,
            printed_at=self._practice.clock.now().astimezone(tz),
        )
        return Document(kind, recipient, client_id, content.title, file_name, pdf, _page_count(pdf))

    def _local_day(self, instant: datetime) -> date:
        return instant.astimezone(self._practice.bookings.settings.tz).date()

    @staticmethod
    def _detail(document: Document) -> str:
        return f"{document.kind.value}>{document.recipient.value}"


def disclosure_reason(text: str) -> str:
    # The same rule Sessions applies to one session's record: a reason on one line, required.
    reason = single_line("disclosure_reason", "The reason", text, DISCLOSURE_REASON_MAX)
    if not reason:
        raise FieldInvalid(
            "disclosure_reason", "Please give the reason for including process notes."
        )
    return reason


_PAGE_TREE = re.compile(rb"<<\s*/Count (\d+) /Kids")


def _page_count(pdf: bytes) -> int:
    # reportlab writes one flat page tree, "<< /Count n /Kids [...] /Type /Pages >>": reading
    # the number there spares parsing the whole document again.
    found = _PAGE_TREE.search(pdf)
    return int(found.group(1)) if found else 0
