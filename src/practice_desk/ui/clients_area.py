"""The Clients area: the list, one client's page, and the dialogs that change them.

Dialogs open with open() (window-modal, non-blocking) and report back by signals, so a lock
can close them and tests can drive them like any other widget.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice_desk.domain.appointments import AppointmentStatus
from practice_desk.domain.clients import Client
from practice_desk.domain.clients import ConsultationOutcome as Outcome
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.referral import referral_note_draft
from practice_desk.domain.role_rules import RoleSeparationRefused, RuleRefusal
from practice_desk.services.practice import Practice
from practice_desk.ui.appointment_text import span_text
from practice_desk.ui.client_editor import ClientEditorDialog
from practice_desk.ui.client_list_view import ClientListView
from practice_desk.ui.client_view import ClientView
from practice_desk.ui.consultation_dialog import ConsultationDialog
from practice_desk.ui.contract_editor import ContractEditorDialog
from practice_desk.ui.progress_view import ProgressView
from practice_desk.ui.prompts import PROMPTS
from practice_desk.ui.records_panel import RecordsDialog
from practice_desk.ui.refusal_dialog import ReferralNoteDialog, RefusalDialog

_SUGGESTED_KIND = {
    Outcome.OFFER_THERAPY: ContractKind.THERAPY,
    Outcome.OFFER_COACHING: ContractKind.COACHING,
}


UPCOMING_SHOWN = 5


class ClientsArea(QStackedWidget):
    book_requested = Signal(int)  # client id
    session_requested = Signal(int)  # client id: an ad hoc session

    def __init__(self, practice: Practice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clients_page")
        self._practice = practice
        # The list is read when the area is first shown, so unlocking never waits for it.
        self.list_view = ClientListView([])
        self._loaded = False
        self.list_view.open_requested.connect(self.open_client)
        self.list_view.new_requested.connect(self.new_client)
        self.addWidget(self.list_view)
        self.client_view: ClientView | None = None
        self.progress_page: QWidget | None = None
        self.dialog: QDialog | None = None  # the one dialog open at a time, for tests and lock
        self.refusal_dialog: RefusalDialog | None = None

    # --- navigation ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._load()
        super().showEvent(event)

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.list_view.load(self._practice.clients.summaries())

    def reload_list(self) -> None:
        """Read the list again: records were deleted or brought back elsewhere (Records
        retention). A client's page whose record is gone goes back to the list."""
        rows = self._practice.clients.summaries()
        self._loaded = True
        self.list_view.load(rows)
        shown = self.client_view.client.id if self.client_view is not None else None
        if shown is not None and shown not in {row.id for row in rows}:
            self.show_list()

    def show_list(self) -> None:
        self.setCurrentWidget(self.list_view)
        self._drop_client_view()
        self.list_view.table.setFocus()

    def find(self) -> None:
        self.show_list()
        self.list_view.find()

    def open_client(self, client_id: int) -> None:
        try:
            client = self._practice.clients.open(client_id)  # audited as viewed
        except PracticeDeskError as problem:
            PROMPTS.tell_error(self, problem)
            return
        self._show_client(client)

    def _appointment_lines(self, client_id: int) -> tuple[list[str], int]:
        """The next few booked appointments as lines, and how many were attended."""
        bookings = self._practice.bookings
        now = bookings.now()
        appointments = bookings.for_client(client_id)
        upcoming = [
            f"{span_text(item, bookings.local)} · {item.kind.label}"
            for item in appointments
            if item.status is AppointmentStatus.BOOKED and item.ends_at > now
        ][:UPCOMING_SHOWN]
        attended = sum(item.status is AppointmentStatus.ATTENDED for item in appointments)
        return upcoming, attended

    def _show_client(self, client: Client) -> None:
        """Rebuild the page from stored data (after a change, without a second audit entry)."""
        view = ClientView(
            client,
            self._practice.contracts.for_client(client.id),
            self._practice.clients.referral_notes(client.id),
            self._appointment_lines(client.id),
        )
        view.book_requested.connect(lambda: self.book_requested.emit(client.id))
        view.session_requested.connect(lambda: self.session_requested.emit(client.id))
        view.progress_requested.connect(self.show_progress)
        view.records_requested.connect(self.show_records)
        view.back_requested.connect(self.show_list)
        view.edit_requested.connect(self.edit_client)
        view.consultation_requested.connect(self.record_consultation)
        view.new_contract_requested.connect(lambda: self.edit_contract(None))
        view.edit_contract_requested.connect(self.edit_contract)
        view.end_contract_requested.connect(self.end_contract)
        self._drop_client_view()
        self.client_view = view
        self.addWidget(view)
        self.setCurrentWidget(view)
        view.edit_button.setFocus()

    def show_progress(self) -> None:
        """The client's progress over sessions, with the way back to their page."""
        if self.client_view is None:
            return
        client = self.client_view.client
        self._drop_progress()
        page = QWidget(objectName="progress_page")
        back = QPushButton(f"← {client.details.display_name}", objectName="progress_back")
        back.setFlat(True)
        back.setToolTip("Esc")
        back.clicked.connect(self.close_progress)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 16)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        layout.addLayout(row)
        self.progress = ProgressView(
            self._practice.sessions, client.id, local=self._practice.bookings.local
        )
        layout.addWidget(self.progress, 1)
        self.progress_page = page
        self.addWidget(page)
        self.setCurrentWidget(page)

    def show_records(self) -> None:
        """The client's documents in a dialog titled "Records": never the client's name."""
        client = self.current_client
        if client is None:
            return
        self._open_dialog(RecordsDialog(self._practice, client.id, self))

    def close_progress(self) -> None:
        self._drop_progress()
        if self.client_view is not None:
            self.setCurrentWidget(self.client_view)

    def _drop_progress(self) -> None:
        if self.progress_page is not None:
            self.removeWidget(self.progress_page)
            self.progress_page.deleteLater()
            self.progress_page = None

    def _drop_client_view(self) -> None:
        self._drop_progress()
        if self.client_view is not None:
            self.removeWidget(self.client_view)
            self.client_view.deleteLater()
            self.client_view = None

    @property
    def current_client(self) -> Client | None:
        if self.client_view is not None and self.currentWidget() is self.client_view:
            return self.client_view.client
        return None

    # --- dialogs ------------------------------------------------------------------------------

    def _open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def new_client(self) -> None:
        dialog = ClientEditorDialog(self._practice.clients, None, self)
        dialog.saved.connect(self._client_saved)
        dialog.open_existing.connect(self.open_client)
        self._open_dialog(dialog)

    def edit_client(self) -> None:
        client = self.current_client
        if client is None:
            return
        dialog = ClientEditorDialog(
            self._practice.clients, self._practice.clients.get(client.id), self
        )
        dialog.saved.connect(self._client_saved)
        dialog.open_existing.connect(self.open_client)
        self._open_dialog(dialog)

    def _client_saved(self, client: Client) -> None:
        self._load()
        self.list_view.client_saved(self._practice.clients.summary(client.id))
        self._show_client(client)

    def record_consultation(self) -> None:
        client = self.current_client
        if client is None:
            return
        dialog = ConsultationDialog(
            self._practice.clients, client, self._practice.today.isoformat(), self
        )
        dialog.saved.connect(self._client_saved)
        self._open_dialog(dialog)

    def edit_contract(self, contract_id: int | None) -> None:
        client = self.current_client
        if client is None:
            return
        contracts = self._practice.contracts
        contract = contracts.get(contract_id) if contract_id is not None else None
        outcome = client.consultation.outcome if client.consultation else None
        existing = contracts.for_client(client.id)
        dialog = ContractEditorDialog(
            contracts,
            client.id,
            contract,
            self,
            suggested_kind=_SUGGESTED_KIND.get(outcome) if outcome else None,
            default_currency=existing[-1].terms.currency if existing else "EUR",
            session_settings=self._practice.sessions.settings,
        )
        dialog.saved.connect(lambda _contract: self._refresh_client(client.id))
        dialog.refused.connect(self.show_refusal)
        self._open_dialog(dialog)

    def end_contract(self, contract_id: int) -> None:
        client = self.current_client
        if client is None or not PROMPTS.confirm(
            self,
            "End this contract?",
            "The contract is marked as ended today. It stays in the record, and this client "
            "stays with the same kind of work for any later contract.",
            "End the contract",
        ):
            return
        try:
            self._practice.contracts.end(contract_id)
        except PracticeDeskError as problem:
            PROMPTS.tell_error(self, problem)
            return
        self._refresh_client(client.id)

    def _refresh_client(self, client_id: int) -> None:
        self._load()
        self.list_view.client_saved(self._practice.clients.summary(client_id))
        self._show_client(self._practice.clients.get(client_id))

    def show_refusal(self, refusal: RuleRefusal) -> None:
        client = self.current_client
        parent = self.dialog if self.dialog is not None and self.dialog.isVisible() else self
        dialog = RefusalDialog(refusal, parent)
        if client is not None and isinstance(refusal, RoleSeparationRefused):
            dialog.referral_requested.connect(lambda: self._write_referral(client, refusal))
        self.refusal_dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _write_referral(self, client: Client, refusal: RoleSeparationRefused) -> None:
        if self.dialog is not None:
            self.dialog.reject()  # the contract form: there is nothing to save now
        draft = referral_note_draft(
            client.details.display_name,
            refusal.wanted,
            refusal.held,
            self._practice.profile.practitioner_name,
        )
        dialog = ReferralNoteDialog(self._practice.clients, client.id, draft, self)
        dialog.saved.connect(lambda _note: self._refresh_client(client.id))
        self._open_dialog(dialog)
