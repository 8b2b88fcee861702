"""Contract use cases. The domain explains the rules first; the database triggers stand behind
them for every other path in. Every refusal is written to the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import (
    NEXT_STATUSES,
    Contract,
    ContractKind,
    ContractStatus,
    ContractTerms,
)
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.role_rules import check_accountability, check_contract_kind
from practice_desk.services.audit import utc_stamp
from practice_desk.storage import client_store, contract_store
from practice_desk.storage.database import Connection, transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice


class ContractNotFound(PracticeDeskError):
    title = "Contract not found"

    def __init__(self) -> None:
        super().__init__("This contract is no longer in the practice.", "Please reopen the client.")


class ContractBook:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    def for_client(self, client_id: int) -> list[Contract]:
        return contract_store.read_contracts(self._practice.conn, client_id)

    def get(self, contract_id: int) -> Contract:
        found = contract_store.read_contract(self._practice.conn, contract_id)
        if found is None:
            raise ContractNotFound()
        return found

    def kind_of_work(self, client_id: int) -> ContractKind | None:
        """The only kind a new contract for this client may have (None: either)."""
        return contract_store.held_kind(self._practice.conn, client_id)

    def check_kind(self, client_id: int, wanted: ContractKind) -> None:
        """Ask before filling in a form: raises (and audits) RoleSeparationRefused."""
        with self._practice.audit.refusals_recorded(
            object_type="client", object_id=client_id, client_id=client_id
        ):
            check_contract_kind(self.kind_of_work(client_id), wanted)

    def create(self, client_id: int, terms: ContractTerms) -> Contract:
        """Raises RoleSeparationRefused, SingleAccountabilityRefused or FieldInvalid."""
        audit = self._practice.audit
        client = self._practice.clients.get(client_id)
        with audit.refusals_recorded(
            object_type="client", object_id=client_id, client_id=client_id
        ):
            check_contract_kind(self.kind_of_work(client_id), terms.kind)
            clean = terms.validated(self._practice.today)
            check_accountability(clean)
            now = self._now()
            with transaction(self._practice.conn) as conn:
                contract_id = contract_store.insert_contract(conn, client_id, clean, now)
                audit.record(
                    AuditAction.CONTRACT_CREATED,
                    object_type="contract",
                    object_id=contract_id,
                    client_id=client_id,
                    detail=f"{clean.kind.value}:{clean.status.value}",
                )
                _advance_client(conn, client.details.status, client_id, clean.status, now)
        return self.get(contract_id)

    def update(self, contract_id: int, terms: ContractTerms) -> Contract:
        before = self.get(contract_id)
        audit = self._practice.audit
        client_id = before.client_id
        with audit.refusals_recorded(
            object_type="contract", object_id=contract_id, client_id=client_id
        ):
            if terms.kind is not before.kind:
                raise FieldInvalid(
                    "kind",
                    "The kind of a contract can't be changed once it exists. The rules keep "
                    "each client in one kind of work.",
                )
            _check_transition(before.status, terms.status)
            clean = terms.validated(self._practice.today)
            check_accountability(clean)
            if clean == before.terms:
                return before
            now = self._now()
            ended = (
                clean.status is ContractStatus.ENDED and before.status is not ContractStatus.ENDED
            )
            with transaction(self._practice.conn) as conn:
                contract_store.update_contract(conn, contract_id, client_id, clean, now)
                audit.record(
                    AuditAction.CONTRACT_ENDED if ended else AuditAction.CONTRACT_CHANGED,
                    object_type="contract",
                    object_id=contract_id,
                    client_id=client_id,
                    detail=f"{clean.kind.value}:{clean.status.value}",
                )
                client = self._practice.clients.get(client_id)
                _advance_client(conn, client.details.status, client_id, clean.status, now)
        return self.get(contract_id)

    def end(self, contract_id: int, on: date | None = None) -> Contract:
        contract = self.get(contract_id)
        day = on or self._practice.today
        if contract.terms.starts_on and day < contract.terms.starts_on:
            day = contract.terms.starts_on
        return self.update(
            contract_id, replace(contract.terms, status=ContractStatus.ENDED, ends_on=day)
        )

    def _now(self) -> str:
        return utc_stamp(self._practice.clock.now())


def _check_transition(before: ContractStatus, after: ContractStatus) -> None:
    if after is before or after in NEXT_STATUSES[before]:
        return
    if before is ContractStatus.ENDED:
        message = "An ended contract stays ended. New work with this client is a new contract."
    else:
        message = f"A {before.value} contract can't become {after.value}."
    raise FieldInvalid("status", message)


def _advance_client(
    conn: Connection,
    client_status: ClientStatus,
    client_id: int,
    contract_status: ContractStatus,
    now: str,
) -> None:
    """An active contract makes an enquiry or consultation client an active client."""
    if contract_status is ContractStatus.ACTIVE and client_status in (
        ClientStatus.ENQUIRY,
        ClientStatus.CONSULTATION,
    ):
        client_store.set_status(conn, client_id, ClientStatus.ACTIVE, now)
