"""Sponsor reports: what a coaching sponsor may read, as the client approved it.

The content is gathered when the report is written, holding only the items the contract's
reporting terms allow, and stored with the report. Once the client's approval is recorded
the report is final: what the sponsor receives is exactly what the client saw.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from practice_desk.domain.contracts import ReportItem
from practice_desk.domain.fields import FieldInvalid, multi_line, single_line

SUMMARY_MAX = 4000
APPROVAL_NOTE_MAX = 500


@dataclass(frozen=True)
class AttendanceRow:
    day: date
    status: str  # "Attended", "Cancelled late", ...


@dataclass(frozen=True)
class GoalRow:
    text: str
    status: str  # "Open", "Progressing", ...
    assessment: str = ""  # kept only when the terms allow it


@dataclass(frozen=True)
class ReportContent:
    attendance: tuple[AttendanceRow, ...] = ()
    goals: tuple[GoalRow, ...] = ()
    summary: str = ""

    def to_json(self) -> str:
        return json.dumps(
            {
                "attendance": [[row.day.isoformat(), row.status] for row in self.attendance],
                "goals": [[row.text, row.status, row.assessment] for row in self.goals],
                "summary": self.summary,
            },
            ensure_ascii=False,
        )

    @staticmethod
    def from_json(text: str) -> ReportContent:
        data = json.loads(text)
        return ReportContent(
            tuple(AttendanceRow(date.fromisoformat(d), s) for d, s in data["attendance"]),
            tuple(GoalRow(t, s, a) for t, s, a in data["goals"]),
            data["summary"],
        )


@dataclass(frozen=True)
class SponsorReport:
    id: int
    client_id: int
    contract_id: int
    period_from: date
    period_to: date
    items: frozenset[ReportItem]
    content: ReportContent
    created_at: datetime
    approved_at: datetime | None = None
    approval_note: str = ""
    client_name: str = field(default="", compare=False)

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


def clean_summary(text: str) -> str:
    return multi_line("report_summary", "The summary", text, SUMMARY_MAX)


def clean_approval_note(text: str) -> str:
    return single_line("approval_note", "How the client approved", text, APPROVAL_NOTE_MAX)


def check_period(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise FieldInvalid("period_to", "The period can't end before it starts.")
