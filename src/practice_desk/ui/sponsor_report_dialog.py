"""Writing a coaching sponsor report and recording the client's approval of it.

The report holds what the contract's reporting terms allow and nothing else, so the dialog
shows that list before anything is written. A summary box appears only when the terms allow a
summary. A report is released to the sponsor only after the client approved it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from practice_desk.domain.contracts import Contract, ReportItem
from practice_desk.domain.sponsor_reports import SponsorReport
from practice_desk.services.practice import Practice
from practice_desk.ui.client_view import long_date
from practice_desk.ui.form_dialog import line, text_box
from practice_desk.ui.invoice_dialog import TellingFormDialog, date_edit, day_text
from practice_desk.ui.qt_dates import pydate
from practice_desk.ui.style import muted, subheading

APPROVAL_EXAMPLE = "read together in session on 12 March"


def contract_text(contract: Contract) -> str:
    starts = contract.terms.starts_on
    since = f" from {long_date(starts)}" if starts else ""
    return f"{contract.kind.label}{since} · {contract.status.label}"


def allowed_text(items: frozenset[ReportItem]) -> str:
    return "\n".join(f"• {item.label}" for item in ReportItem if item in items)


class WriteReportDialog(TellingFormDialog):
    written = Signal(object)  # SponsorReport

    def __init__(
        self,
        practice: Practice,
        contracts: list[Contract],
        period_from: date,
        parent: QWidget | None,
    ) -> None:
        super().__init__("Sponsor report", parent, save_label="Write draft")
        self.setObjectName("write_report_dialog")
        self._practice = practice
        self._contracts = contracts
        self.contract = QComboBox(objectName="report_contract")
        for contract in contracts:
            self.contract.addItem(contract_text(contract), contract.id)
        self.contract.setCurrentIndex(len(contracts) - 1)  # the newest
        today = practice.today
        self.period_from = date_edit("report_from", min(period_from, today))
        self.period_to = date_edit("report_to", today)
        self.allowed = muted("", "report_allowed")
        self.summary = text_box(
            "report_summary", 130, "A few sentences for the sponsor, in words the client agreed"
        )
        self.summary_label = muted("Summary for the sponsor", "report_summary_label")

        form = QFormLayout()
        if len(contracts) > 1:
            form.addRow("Contract", self.contract)
        form.addRow("From", self.period_from)
        form.addRow("To", self.period_to)
        self.body.addLayout(form)
        self.body.addWidget(
            subheading("What the contract lets this report contain", "allowed_head")
        )
        self.body.addWidget(self.allowed)
        self.body.addWidget(self.summary_label)
        self.body.addWidget(self.summary)
        self.body.addWidget(
            muted(
                "The report is written as a draft. Go through it with the client; it can be "
                "printed or saved for the sponsor only once you have recorded their approval.",
                "report_draft_note",
            )
        )
        self.fields = {
            "period_from": self.period_from,
            "period_to": self.period_to,
            "report_summary": self.summary,
        }
        self.contract.currentIndexChanged.connect(self._show_terms)
        self._show_terms()
        self.fit_width(560)

    @property
    def chosen(self) -> Contract:
        return self._contracts[self.contract.currentIndex()]

    def _show_terms(self) -> None:
        items = self._practice.sponsor_reports.allowed_items(self.chosen)
        self.allowed.setText(allowed_text(items) or "Nothing: the terms allow no report.")
        self._with_summary = ReportItem.SUMMARY in items
        self.summary.setVisible(self._with_summary)
        self.summary_label.setVisible(self._with_summary)
        self.save_button.setEnabled(bool(items))

    def save(self) -> None:
        summary = self.summary.toPlainText() if self._with_summary else ""
        report = self.attempt(
            lambda: self._practice.sponsor_reports.write(
                self.chosen.id,
                pydate(self.period_from.date()),
                pydate(self.period_to.date()),
                summary,
            )
        )
        if report is not None:
            self.written.emit(report)
            self.accept()


class ApprovalDialog(TellingFormDialog):
    approved = Signal(object)  # SponsorReport

    def __init__(self, practice: Practice, report: SponsorReport, parent: QWidget | None) -> None:
        super().__init__("Record approval", parent, save_label="Record approval")
        self.setObjectName("approval_dialog")
        self._practice = practice
        self._report = report
        self.how = line("approval_note", f"For example: {APPROVAL_EXAMPLE}", 500)
        period = f"{long_date(report.period_from)} – {long_date(report.period_to)}"
        self.body.addWidget(
            muted(
                f"The report for {period}. Once approval is recorded the report is final: the "
                "sponsor receives exactly what the client saw.",
                "approval_intro",
            )
        )
        self.body.addWidget(QLabel("How did the client approve it?"))
        self.body.addWidget(self.how)
        self.fields = {"approval_note": self.how}
        self.fit_width(540)

    def save(self) -> None:
        report = self.attempt(
            lambda: self._practice.sponsor_reports.approve(self._report.id, self.how.text())
        )
        if report is not None:
            self.approved.emit(report)
            self.accept()


def preview_text(report: SponsorReport) -> str:
    """What the sponsor will read, for going through the draft with the client."""
    content = report.content
    parts = []
    if content.attendance:
        rows = "\n".join(f"  {day_text(row.day)}: {row.status}" for row in content.attendance)
        parts.append(f"Sessions held and missed\n{rows}")
    if content.goals:
        lines = []
        for goal in content.goals:
            assessed = f" ({goal.assessment})" if goal.assessment else ""
            lines.append(f"  {goal.text}: {goal.status}{assessed}")
        parts.append("Work goals\n" + "\n".join(lines))
    if content.summary:
        indented = "\n".join(f"  {line}" for line in content.summary.splitlines())
        parts.append(f"Summary\n{indented}")
    if report.approval_note:
        parts.append(f"Approved: {report.approval_note}")
    return "\n\n".join(parts) or "Nothing took place in this period to report."
