"""Records retention, in the Records area: how long records are kept after the work ends, the
records past that time for the practitioner to review and delete, the deleted ones that can
still be brought back, and what remains of those destroyed for good.

Nothing is deleted without the confirmation in retention_confirm.py. Final deletion itself
happens at unlock (data_actions.py), never from this page.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.retention import MAX_YEARS, MIN_YEARS, UNDO_DAYS, PendingDeletion
from practice_desk.services.practice import Practice
from practice_desk.ui.client_view import long_date
from practice_desk.ui.invoice_dialog import fit_rows, record_list
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.retention_confirm import confirm_deletion, count_text
from practice_desk.ui.style import heading, muted, subheading

ID_ROLE = Qt.ItemDataRole.UserRole
INTRO = (
    "How long client records are kept once the work has ended, and the records past that "
    "time, for you to review. Nothing is deleted until you have ticked it and confirmed."
)
NO_DUE = "No records are past the retention period."
NO_PENDING = "No deleted records are waiting."
NO_STUBS = "No records have been destroyed."
PENDING_NOTE = (
    f"For {UNDO_DAYS} days after deletion a record can be brought back exactly as it was. "
    "After that it is destroyed for good, the next time the practice is unlocked."
)
STUB_NOTE = "Only the name, the birth date, the kind of work and the dates remain."
SHOWN_ROWS = 10  # longer lists scroll inside the page
PERIOD_SAVE_MS = 700  # a few clicks on the arrows become one change in the audit trail


def period_text(years: int) -> str:
    plural = "year" if years == 1 else "years"
    return (
        f"Records are kept for {years} {plural} after the last session or other contact: "
        "an appointment (held, cancelled or missed), the end of a contract, the consultation, "
        "or the last letter, report or invoice. Records with work still open or booked are "
        "never listed."
    )


def kind_text(kind: ContractKind | None) -> str:
    return kind.label if kind is not None else "No contract"


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class RetentionPage(QWidget):
    changed = Signal()  # records were deleted or brought back: client lists are out of date

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention_page")
        self._practice = practice
        self._pending: dict[int, PendingDeletion] = {}

        self.years = QSpinBox(objectName="retention_years")
        self.years.setRange(MIN_YEARS, MAX_YEARS)
        self.years.setSuffix(" years")
        self.years.setFixedWidth(120)
        self.period = muted("", "retention_period_text")
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(PERIOD_SAVE_MS)
        self._save_timer.timeout.connect(self.apply_period)

        self.due_summary = muted("", "retention_due_summary")
        self.due = record_list(
            "retention_due", ["Name", "Kind of work", "Last activity", "Due since"], (230, 120, 130)
        )
        self.due.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.due.itemChanged.connect(self._ticks_changed)
        self.due.itemActivated.connect(self._toggle)
        self.select_all = QPushButton("Tick all", objectName="retention_select_all")
        self.select_all.clicked.connect(self._tick_all)
        self.delete_button = QPushButton("Delete ticked…", objectName="retention_delete")
        self.delete_button.clicked.connect(self.delete_ticked)

        self.pending = record_list(
            "retention_pending",
            ["Name", "Kind of work", "Deleted on", "Destroyed for good after"],
            (230, 120, 130),
        )
        self.pending.itemSelectionChanged.connect(self._pending_chosen)
        self.pending_empty = muted(NO_PENDING, "retention_pending_empty")
        self.undo_button = QPushButton("Bring back", objectName="retention_undo")
        self.undo_button.clicked.connect(self.bring_back)

        self.stubs = record_list(
            "retention_stubs",
            ["Name", "Kind of work", "First activity", "Last activity", "Destroyed on"],
            (230, 120, 120, 120),
        )
        self.stubs.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.stubs_empty = muted(NO_STUBS, "retention_stubs_empty")

        self.status = QLabel(objectName="retention_status")
        self.status.setProperty("role", "success")
        self.status.setWordWrap(True)
        self.status.hide()

        self._lay_out()
        self.load()
        self.years.valueChanged.connect(self._years_edited)

    def _lay_out(self) -> None:
        period_row = QHBoxLayout()
        period_row.addWidget(QLabel("Keep records for"))
        period_row.addWidget(self.years)
        period_row.addWidget(QLabel("after the last activity"))
        period_row.addStretch(1)

        column = QWidget(objectName="retention_content")
        column.setMaximumWidth(760)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(8)
        layout.addWidget(heading("Records retention", "retention_heading"))
        layout.addWidget(muted(INTRO, "retention_intro"))
        layout.addWidget(self.status)
        layout.addSpacing(6)
        layout.addWidget(subheading("Retention period", "retention_period_heading"))
        layout.addLayout(period_row)
        layout.addWidget(self.period)
        layout.addSpacing(10)
        layout.addWidget(subheading("Past the retention period", "retention_due_heading"))
        layout.addWidget(self.due_summary)
        layout.addWidget(self.due)
        layout.addLayout(_row(self.select_all, self.delete_button))
        layout.addSpacing(10)
        layout.addWidget(subheading("Deleted, can still be brought back", "retention_pending_head"))
        layout.addWidget(muted(PENDING_NOTE, "retention_pending_note"))
        layout.addWidget(self.pending)
        layout.addWidget(self.pending_empty)
        layout.addLayout(_row(self.undo_button))
        layout.addSpacing(10)
        layout.addWidget(subheading("Destroyed for good", "retention_stubs_heading"))
        layout.addWidget(muted(STUB_NOTE, "retention_stubs_note"))
        layout.addWidget(self.stubs)
        layout.addWidget(self.stubs_empty)
        layout.addStretch(1)

        scroll = QScrollArea(objectName="retention_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(column)
        scroll.setStyleSheet(
            "QScrollArea#retention_scroll, QWidget#retention_content { background: transparent; }"
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- showing -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the period and all three lists again."""
        years = self._practice.retention.policy.years
        self.years.blockSignals(True)
        self.years.setValue(years)
        self.years.blockSignals(False)
        self.period.setText(period_text(years))
        self._load_due()
        self._load_pending()
        self._load_stubs()

    def _load_due(self) -> None:
        ticked = set(self.ticked_ids())
        self.due.blockSignals(True)
        self.due.clear()
        for record in self._practice.retention.report():
            row = QTreeWidgetItem(
                [
                    record.display_name,
                    kind_text(record.kind),
                    long_date(record.last_activity_on),
                    long_date(record.due_on),
                ]
            )
            row.setData(0, ID_ROLE, record.client_id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if record.client_id in ticked else Qt.CheckState.Unchecked
            row.setCheckState(0, state)
            self.due.addTopLevelItem(row)
        self.due.blockSignals(False)
        count = self.due.topLevelItemCount()
        self.due.setVisible(count > 0)
        self.select_all.setVisible(count > 1)
        if count:
            self.due_summary.setText(
                f"{count_text(count)} {'is' if count == 1 else 'are'} past the retention "
                "period. Tick the ones to delete after you have reviewed them."
            )
        else:
            self.due_summary.setText(NO_DUE)
        fit_rows(self.due, SHOWN_ROWS)
        self._ticks_changed()

    def _load_pending(self) -> None:
        chosen = self.selected_pending_id()
        self.pending.clear()
        self._pending = {}
        local = self._practice.bookings.local
        now = self._practice.clock.now()
        for item in self._practice.retention.pending():
            self._pending[item.client_id] = item
            final = (
                long_date(local(item.final_deletion_at).date())
                if item.can_undo(now)
                else "At the next unlock"
            )
            row = QTreeWidgetItem(
                [
                    item.display_name,
                    kind_text(item.kind),
                    long_date(local(item.deleted_at).date()),
                    final,
                ]
            )
            row.setData(0, ID_ROLE, item.client_id)
            self.pending.addTopLevelItem(row)
            if item.client_id == chosen:
                row.setSelected(True)
        has_any = bool(self._pending)
        self.pending.setVisible(has_any)
        self.pending_empty.setVisible(not has_any)
        self.undo_button.setVisible(has_any)
        if has_any and not self.pending.selectedItems():
            self.pending.topLevelItem(0).setSelected(True)
        fit_rows(self.pending, SHOWN_ROWS)
        self._pending_chosen()

    def _load_stubs(self) -> None:
        self.stubs.clear()
        local = self._practice.bookings.local
        for stub in self._practice.retention.stubs():
            self.stubs.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        stub.display_name,
                        kind_text(stub.kind),
                        _day(stub.first_activity_on),
                        _day(stub.last_activity_on),
                        long_date(local(stub.destroyed_at).date()),
                    ]
                )
            )
        has_any = self.stubs.topLevelItemCount() > 0
        self.stubs.setVisible(has_any)
        self.stubs_empty.setVisible(not has_any)
        fit_rows(self.stubs, SHOWN_ROWS)

    # --- the period ----------------------------------------------------------------------------

    def _years_edited(self, years: int) -> None:
        self.period.setText(period_text(years))
        self._save_timer.start()

    def apply_period(self) -> None:
        """Save the period shown (once the arrows have come to rest) and list again."""
        self._save_period()
        self.load()

    def _save_period(self) -> None:
        self._save_timer.stop()
        years = self.years.value()
        if years == self._practice.retention.policy.years:
            return
        try:
            self._practice.retention.set_years(years)
        except PracticeDeskError as error:
            PROMPTS.tell_error(self, error)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the page (or a lock tearing it down) saves a period still waiting for its
        # timer rather than losing it; the lists are read again when the page is next shown.
        if self._save_timer.isActive() and self._practice.is_open:
            self._save_period()
        super().hideEvent(event)

    # --- deleting ------------------------------------------------------------------------------

    def _rows(self) -> list[QTreeWidgetItem]:
        return [self.due.topLevelItem(i) for i in range(self.due.topLevelItemCount())]

    def ticked_ids(self) -> list[int]:
        return [
            row.data(0, ID_ROLE)
            for row in self._rows()
            if row.checkState(0) == Qt.CheckState.Checked
        ]

    def tick(self, client_id: int, on: bool = True) -> None:
        for row in self._rows():
            if row.data(0, ID_ROLE) == client_id:
                row.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _toggle(self, row: QTreeWidgetItem) -> None:
        on = row.checkState(0) != Qt.CheckState.Checked
        row.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _tick_all(self) -> None:
        rows = self._rows()
        on = any(row.checkState(0) != Qt.CheckState.Checked for row in rows)
        for row in rows:
            row.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _ticks_changed(self, *_args: object) -> None:
        count = len(self.ticked_ids())
        self.delete_button.setEnabled(count > 0)
        self.delete_button.setText(f"Delete {count_text(count)}…" if count else "Delete ticked…")
        rows = self._rows()
        all_ticked = bool(rows) and count == len(rows)
        self.select_all.setText("Untick all" if all_ticked else "Tick all")

    def delete_ticked(self) -> None:
        chosen = set(self.ticked_ids())
        if not chosen:
            return
        names = [row.text(0) for row in self._rows() if row.data(0, ID_ROLE) in chosen]
        ids = [row.data(0, ID_ROLE) for row in self._rows() if row.data(0, ID_ROLE) in chosen]
        if not confirm_deletion(self, names):
            return
        try:
            deleted = self._practice.retention.delete(ids, confirmed=True)
        except PracticeDeskError as error:
            PROMPTS.tell_error(self, error)
            self.load()
            return
        for client_id in ids:
            self.tick(client_id, False)
        self.load()
        until = min((item.final_deletion_at for item in deleted), default=None)
        self._say(
            f"{count_text(len(ids))} deleted. "
            + (
                f"You can bring {'it' if len(ids) == 1 else 'them'} back below until "
                f"{long_date(self._practice.bookings.local(until).date())}."
                if until is not None
                else ""
            )
        )
        self.changed.emit()

    # --- bringing back -------------------------------------------------------------------------

    def selected_pending_id(self) -> int | None:
        rows = self.pending.selectedItems()
        return rows[0].data(0, ID_ROLE) if rows else None

    def select_pending(self, client_id: int) -> None:
        for index in range(self.pending.topLevelItemCount()):
            row = self.pending.topLevelItem(index)
            row.setSelected(row.data(0, ID_ROLE) == client_id)

    def _pending_chosen(self) -> None:
        chosen = self.selected_pending_id()
        item = self._pending.get(chosen) if chosen is not None else None
        can = item is not None and item.can_undo(self._practice.clock.now())
        self.undo_button.setEnabled(can)
        self.undo_button.setToolTip(
            ""
            if can or item is None
            else f"The {UNDO_DAYS} days are over: it is destroyed at the next unlock."
        )

    def bring_back(self) -> None:
        client_id = self.selected_pending_id()
        if client_id is None:
            return
        try:
            client = self._practice.retention.undo(client_id)
        except PracticeDeskError as error:
            PROMPTS.tell_error(self, error)
            self.load()
            return
        self.load()
        self._say(f"{client.details.display_name} is back, exactly as before, in every list.")
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()


def _day(day: date | None) -> str:
    return long_date(day) if day is not None else "—"
