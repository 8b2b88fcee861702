"""Sponsor reports for coaching: written with only what the reporting terms allow, shown to
the client, and final once their approval is recorded. Refusals are audited."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from practice_desk.domain.appointments import AppointmentStatus
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.contracts import ContractKind, ReportItem
from practice_desk.domain.disclosure import DisclosureRefused, check_reporting_terms
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.practice_time import stamp, to_local
from practice_desk.domain.sponsor_reports import (
    AttendanceRow,
    GoalRow,
    ReportContent,
    SponsorReport,
    check_period,
    clean_approval_note,
    clean_summary,
)
from practice_desk.storage import sponsor_report_store
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.domain.contracts import Contract
    from practice_desk.services.practice import Practice


class ReportNotFound(PracticeDeskError):
    title = "Report not found"

    def __init__(self) -> None:
        super().__init__("That sponsor report is no longer in the practice.")


class ReportApproved(PracticeDeskError):
    title = "This report is approved"

    def __init__(self) -> None:
        super().__init__(
            "The client approved this report as it stands, so it can't be changed.",
            "Write a new report if something needs to be different.",
        )


class SponsorReports:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    def get(self, report_id: int) -> SponsorReport:
        report = sponsor_report_store.read_report(self._practice.conn, report_id)
        if report is None:
            raise ReportNotFound()
        return report

    def for_client(self, client_id: int) -> list[SponsorReport]:
        return sponsor_report_store.for_client(self._practice.conn, client_id)

    def allowed_items(self, contract: Contract) -> frozenset[ReportItem]:
        coaching = contract.terms.coaching
        if contract.kind is not ContractKind.COACHING or coaching is None:
            return frozenset()
        return coaching.report_items

    def write(
        self, contract_id: int, period_from: date, period_to: date, summary: str = ""
    ) -> SponsorReport:
        """A draft for the client to see, holding every item the terms allow and nothing else."""
        contract = self._practice.contracts.get(contract_id)
        items = self._check_terms(contract)
        check_period(period_from, period_to)
        content = self._gather(contract, items, period_from, period_to, clean_summary(summary))
        draft = SponsorReport(
            id=0,
            client_id=contract.client_id,
            contract_id=contract.id,
            period_from=period_from,
            period_to=period_to,
            items=items,
            content=content,
            created_at=self._practice.clock.now(),
        )
        conn = self._practice.conn
        with transaction(conn):
            report_id = sponsor_report_store.insert_report(conn, draft, self._now())
            self._audit(AuditAction.SPONSOR_REPORT_WRITTEN, report_id, contract.client_id)
        return self.get(report_id)

    def revise(self, report_id: int, summary: str) -> SponsorReport:
        """Gather the content again (goals may have moved on) with a new summary."""
        report = self._draft(report_id)
        contract = self._practice.contracts.get(report.contract_id)
        items = self._check_terms(contract)
        if report.items - items:
            raise self._refused(
                report.client_id,
                DisclosureRefused(
                    "sponsor_report_beyond_terms",
                    "The reporting terms have changed since this report was written.",
                    "Discard it and write a new one.",
                ),
            )
        content = self._gather(
            contract, report.items, report.period_from, report.period_to, clean_summary(summary)
        )
        with transaction(self._practice.conn):
            sponsor_report_store.update_content(
                self._practice.conn, report_id, content, self._now()
            )
        return self.get(report_id)

    def approve(self, report_id: int, how: str) -> SponsorReport:
        """Record that the client saw this report and agreed to its release."""
        report = self._draft(report_id)
        note = clean_approval_note(how)
        if not note:
            raise FieldInvalid(
                "approval_note",
                "Please note how the client approved the report (for example: "
                "'read together in session on 12 March').",
            )
        with transaction(self._practice.conn):
            sponsor_report_store.approve(self._practice.conn, report_id, note, self._now())
            self._audit(AuditAction.SPONSOR_REPORT_APPROVED, report_id, report.client_id)
        return self.get(report_id)

    def discard(self, report_id: int) -> None:
        report = self._draft(report_id)
        with transaction(self._practice.conn):
            sponsor_report_store.delete_draft(self._practice.conn, report_id)
            self._audit(AuditAction.SPONSOR_REPORT_DISCARDED, report_id, report.client_id)

    # --- helpers -------------------------------------------------------------------------------

    def _draft(self, report_id: int) -> SponsorReport:
        report = self.get(report_id)
        if report.is_approved:
            raise ReportApproved()
        return report

    def _check_terms(self, contract: Contract) -> frozenset[ReportItem]:
        items = self.allowed_items(contract)
        try:
            check_reporting_terms(contract.kind, items)
        except DisclosureRefused as refused:
            raise self._refused(contract.client_id, refused) from None
        return items

    def _refused(self, client_id: int, refused: DisclosureRefused) -> DisclosureRefused:
        self._practice.audit.record(
            AuditAction.REFUSED, object_type="document", client_id=client_id, detail=refused.code
        )
        return refused

    def _gather(
        self,
        contract: Contract,
        items: frozenset[ReportItem],
        period_from: date,
        period_to: date,
        summary: str,
    ) -> ReportContent:
        attendance: tuple[AttendanceRow, ...] = ()
        if ReportItem.ATTENDANCE in items:
            tz = self._practice.bookings.settings.tz
            rows = []
            for appointment in self._practice.bookings.for_client(contract.client_id):
                day = to_local(appointment.starts_at, tz).date()
                if appointment.contract_id != contract.id or not period_from <= day <= period_to:
                    continue
                if appointment.status is AppointmentStatus.BOOKED:
                    continue  # not yet held: nothing to report
                rows.append((appointment.starts_at, AttendanceRow(day, appointment.status.label)))
            attendance = tuple(row for _, row in sorted(rows, key=lambda pair: pair[0]))
        goals: tuple[GoalRow, ...] = ()
        if ReportItem.GOALS in items:
            keep_assessment = ReportItem.ASSESSMENT in items
            goals = tuple(
                GoalRow(goal.text, goal.status.label, goal.assessment if keep_assessment else "")
                for goal in contract.terms.goals
            )
        text = summary if ReportItem.SUMMARY in items else ""
        return ReportContent(attendance, goals, text)

    def _audit(self, action: AuditAction, report_id: int, client_id: int) -> None:
        self._practice.audit.record(
            action, object_type="sponsor_report", object_id=report_id, client_id=client_id
        )

    def _now(self) -> str:
        return stamp(self._practice.clock.now())
