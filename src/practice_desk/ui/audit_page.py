"""The audit trail viewer: who-did-what-when, filtered by client, dates and action, with the
state of the hash chain shown first."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.audit import AuditAction, AuditEntry, ChainVerdict
from practice_desk.domain.disclosure import DocumentKind, Recipient
from practice_desk.services.practice import Practice
from practice_desk.ui.style import error_label, heading, muted

_RULES = {
    "role_separation": "therapy and coaching stay apart",
    "single_accountability": "therapy has no sponsor",
    "payer_access": "a payer sees money documents only",
    "sponsor_scope": "a sponsor sees the agreed report only",
    "sponsor_report_therapy": "therapy has no sponsor reports",
    "sponsor_report_no_terms": "the reporting terms allow nothing",
    "sponsor_report_beyond_terms": "the report goes beyond the reporting terms",
    "sponsor_report_not_approved": "the client hasn't approved the report",
    "sponsor_report_recipient": "a sponsor report goes to the sponsor only",
    "process_notes_not_therapy": "process notes are for therapy only",
    "no_third_party_payer": "the contract names no payer",
}
_DOCUMENT_ACTIONS = (AuditAction.DOCUMENT_SAVED.value, AuditAction.DOCUMENT_PRINTED.value)


def describe_detail(entry: AuditEntry) -> str:
    """Codes made readable. Details never hold client data, so nothing here can leak any."""
    detail = entry.detail
    if entry.action == AuditAction.REFUSED.value:
        rule, _, kinds = detail.partition(":")
        text = _RULES.get(rule, rule.replace("_", " "))
        return f"{text} ({kinds.replace('->', ' → ')})" if kinds else text
    if entry.action in _DOCUMENT_ACTIONS:
        return document_detail(detail)
    if entry.action == AuditAction.CLIENT_CHANGED.value:
        return "changed: " + detail.replace("_", " ").replace(",", ", ") if detail else ""
    if entry.action == AuditAction.DIFFERENT_PERSON_CONFIRMED.value:
        other, _, matched = detail.partition(";")
        return f"looked like client #{other.split(':')[-1]} ({matched.replace('_', ' ')})"
    return detail.replace("_", " ").replace(":", " · ")


def document_detail(detail: str) -> str:
    """'session_record>payer;protected' -> 'session record for the payer, password-protected'."""
    what, _, protection = detail.partition(";")
    kind, _, recipient = what.partition(">")
    try:
        text = f"{DocumentKind(kind).label.lower()} for {Recipient(recipient).label.lower()}"
    except ValueError:
        return detail.replace("_", " ")
    if protection:
        text += ", password-protected" if protection == "protected" else ", not protected"
    return text


def local_time(stamp: str) -> str:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def chain_text(verdict: ChainVerdict | None) -> tuple[str, bool]:
    if verdict is None:
        return "The audit trail has not been checked yet.", True
    if verdict.intact:
        noun = "entry" if verdict.entries == 1 else "entries"
        return (
            f"Checked at unlock: the audit trail was intact ({verdict.entries:,} {noun}, "
            "every link sealed).",
            True,
        )
    return (
        f"The audit trail has been altered at entry {verdict.first_broken:,}: that entry was "
        "changed, removed or moved. The entries before it are intact. Keep the practice as it "
        "is, and compare it with a backup.",
        False,
    )


class AuditPage(QWidget):
    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_page")
        self._practice = practice
        self.chain = QLabel(objectName="audit_chain")
        self.chain.setWordWrap(True)
        self.check_button = QPushButton("Check the chain again", objectName="audit_check")
        self.check_button.clicked.connect(self.check_chain)

        self.client_filter = QComboBox(objectName="audit_client")
        self.client_filter.setEditable(True)
        self.client_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.client_filter.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.action_filter = QComboBox(objectName="audit_action")
        self.action_filter.addItem("Every action", None)
        for action in AuditAction:
            self.action_filter.addItem(action.label, action)
        day = practice.today
        today = QDate(day.year, day.month, day.day)
        self.since = QDateEdit(today.addDays(-30), objectName="audit_since")
        self.until = QDateEdit(today, objectName="audit_until")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.refresh)
        self.client_filter.currentIndexChanged.connect(self.refresh)
        self.action_filter.currentIndexChanged.connect(self.refresh)

        self.table = QTableWidget(0, 5, objectName="audit_table")
        self.table.setHorizontalHeaderLabels(["When", "What", "Record", "Client", "Detail"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 220, 110, 180)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.count = muted("", "audit_count")
        self.broken = error_label("audit_broken")

        top = QHBoxLayout()
        top.addWidget(heading("Audit trail"))
        top.addStretch(1)
        top.addWidget(self.check_button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Client"))
        filters.addWidget(self.client_filter, 2)
        filters.addWidget(QLabel("What"))
        filters.addWidget(self.action_filter, 1)
        filters.addWidget(QLabel("From"))
        filters.addWidget(self.since)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.until)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(
            muted(
                "Every unlock, lock, change and refusal, with its time and the record it "
                "concerns — never what was written. Entries can't be changed, and each one "
                "seals the one before it."
            )
        )
        layout.addWidget(self.chain)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._names: dict[int, str] = {}
        # Filled when the area is first shown (the shell calls reload_clients), not at unlock.
        self._show_chain(practice.audit_verdict)

    def reload_clients(self) -> None:
        summaries = sorted(self._practice.clients.summaries(), key=lambda row: row.display_name)
        self._names = {row.id: row.display_name for row in summaries}
        with QSignalBlocker(self.client_filter):
            self.client_filter.clear()
            self.client_filter.addItem("All clients", None)
            for row in summaries:
                self.client_filter.addItem(row.display_name, row.id)
        self.refresh()

    def check_chain(self) -> None:
        self._practice.audit_verdict = verdict = self._practice.audit.verify()
        text, _ = chain_text(verdict)
        self._show_chain(verdict, text.replace("Checked at unlock: the", "Checked just now: the"))

    def _show_chain(self, verdict: ChainVerdict | None, text: str = "") -> None:
        described, healthy = chain_text(verdict)
        self.chain.setText(text or described)
        self.chain.setProperty("role", "muted" if healthy else "error")
        self.chain.style().unpolish(self.chain)
        self.chain.style().polish(self.chain)

    def refresh(self) -> None:
        action = self.action_filter.currentData()
        entries = self._practice.audit.find(
            client_id=self.client_filter.currentData(),
            since=self.since.date().toPython(),
            until=self.until.date().toPython(),
            actions=(action,) if action else (),
        )
        self.table.setRowCount(len(entries))
        labels = {action.value: action.label for action in AuditAction}
        for row, entry in enumerate(entries):
            record = (
                f"{entry.object_type.replace('_', ' ')} #{entry.object_id}"
                if entry.object_id
                else ""
            )
            client = self._names.get(entry.client_id, "") if entry.client_id else ""
            cells = (
                local_time(entry.at),
                labels.get(entry.action, entry.action),
                record,
                client,
                describe_detail(entry),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        noun = "entry" if len(entries) == 1 else "entries"
        self.count.setText(f"{len(entries):,} {noun} shown, newest first")
