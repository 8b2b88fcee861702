"""Random sequences of client and contract operations, through the app and past it with raw
SQL, must never break the rules: one kind of work per person, no sponsor on therapy, the
permanent kind-of-work mark, an intact audit chain, and refusals that change nothing.

One practice is opened per test (Argon2id is slow); every example works on fresh clients."""

import itertools
from dataclasses import dataclass, field, replace
from datetime import date

import pytest
import sqlcipher3
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import (
    NEXT_STATUSES,
    CoachingTerms,
    ContractKind,
    ContractStatus,
    ContractTerms,
)
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.role_rules import RoleSeparationRefused, SingleAccountabilityRefused
from tests.services.conftest import audit_entries, row_counts

THERAPY, COACHING = ContractKind.THERAPY, ContractKind.COACHING
START = date(2025, 11, 3)
NAMES = itertools.count(1)

KINDS = st.sampled_from(list(ContractKind))
STATUSES = st.sampled_from(list(ContractStatus))
PICK = st.integers(0, 30)
OPERATIONS = st.one_of(
    st.tuples(st.just("client")),
    st.tuples(st.just("contract"), PICK, KINDS, STATUSES, st.booleans()),
    st.tuples(st.just("status"), PICK, STATUSES),
    st.tuples(st.just("end"), PICK),
    st.tuples(st.just("raw_contract"), PICK, KINDS),
    st.tuples(st.just("raw_sponsor"), PICK, st.sampled_from(["terms", "recipient"])),
    st.tuples(st.just("raw_work_kind"), PICK, st.sampled_from([None, "therapy", "coaching"])),
    st.tuples(st.just("raw_kind"), PICK),
    st.tuples(st.just("raw_move"), PICK, PICK),
    st.tuples(st.just("raw_delete"), PICK),
)


@dataclass
class Model:
    """What the practice should hold for the clients of one example."""

    kind_of: dict[int, ContractKind | None] = field(default_factory=dict)
    contracts: dict[int, tuple[int, ContractKind]] = field(default_factory=dict)
    status_of: dict[int, ContractStatus] = field(default_factory=dict)

    def client(self, pick):
        clients = list(self.kind_of)
        return clients[pick % len(clients)] if clients else None

    def contract(self, pick):
        contracts = list(self.contracts)
        return contracts[pick % len(contracts)] if contracts else None


class Run:
    def __init__(self, practice):
        self.practice = practice
        self.conn = practice.conn
        self.model = Model()

    # --- helpers -----------------------------------------------------------------------------

    def new_client(self):
        client = self.practice.clients.create(ClientDetails(f"Random Client {next(NAMES)}"))
        self.model.kind_of[client.id] = None
        return client.id

    def refused_by_app(self, error, detail, before):
        event(f"refused by the app: {detail}")
        assert row_counts(self.practice) == {**before, "audit_log": before["audit_log"] + 1}
        last = audit_entries(self.practice)[-1]
        assert (last.action, last.detail) == ("refused", detail), error

    def refused_by_database(self, sql, params, message, before):
        event(f"refused by the database: {message}")
        with pytest.raises(sqlcipher3.IntegrityError) as caught:
            self.conn.execute(sql, params)
        assert message in str(caught.value)
        assert row_counts(self.practice) == before

    # --- operations --------------------------------------------------------------------------

    def client(self):
        self.new_client()

    def contract(self, pick, kind, status, with_sponsor):
        client = self.model.client(pick) or self.new_client()
        held = self.model.kind_of[client]
        coaching = CoachingTerms("Acme Ltd", report_recipients=("HR",)) if with_sponsor else None
        terms = ContractTerms(kind, status, starts_on=START, coaching=coaching)
        before = row_counts(self.practice)
        if held is not None and held is not kind:
            with pytest.raises(RoleSeparationRefused) as caught:
                self.practice.contracts.create(client, terms)
            self.refused_by_app(caught.value, f"role_separation:{held.value}->{kind.value}", before)
        elif with_sponsor and kind is THERAPY:
            with pytest.raises(SingleAccountabilityRefused) as caught:
                self.practice.contracts.create(client, terms)
            self.refused_by_app(caught.value, "single_accountability", before)
        else:
            contract = self.practice.contracts.create(client, terms)
            assert (contract.kind, contract.status) == (kind, status)
            self.model.contracts[contract.id] = (client, kind)
            self.model.status_of[contract.id] = status
            self.model.kind_of[client] = kind

    def status(self, pick, target):
        contract_id = self.model.contract(pick)
        if contract_id is None:
            return
        current = self.model.status_of[contract_id]
        terms = replace(self.practice.contracts.get(contract_id).terms, status=target)
        before = row_counts(self.practice)
        if target is current or target in NEXT_STATUSES[current]:
            assert self.practice.contracts.update(contract_id, terms).status is target
            self.model.status_of[contract_id] = target
        else:
            with pytest.raises(FieldInvalid):
                self.practice.contracts.update(contract_id, terms)
            assert row_counts(self.practice) == before

    def end(self, pick):
        contract_id = self.model.contract(pick)
        if contract_id is not None:
            assert self.practice.contracts.end(contract_id).status is ContractStatus.ENDED
            self.model.status_of[contract_id] = ContractStatus.ENDED

    def raw_contract(self, pick, kind):
        client = self.model.client(pick) or self.new_client()
        held = self.model.kind_of[client]
        sql = (
            "INSERT INTO contracts (client_id, kind, status, starts_on, currency, created_at, "
            "updated_at) VALUES (?, ?, 'active', '2025-11-03', 'EUR', 'now', 'now')"
        )
        if held is not None and held is not kind:
            before = row_counts(self.practice)
            self.refused_by_database(
                sql, (client, kind.value), "practice_desk:role_separation", before
            )
            return
        contract_id = self.conn.execute(sql, (client, kind.value)).lastrowid
        self.model.contracts[contract_id] = (client, kind)
        self.model.status_of[contract_id] = ContractStatus.ACTIVE
        self.model.kind_of[client] = kind

    def raw_sponsor(self, pick, table):
        contract_id = self.model.contract(pick)
        if contract_id is None:
            return
        sql = {
            "terms": "INSERT INTO coaching_terms (contract_id, sponsor_organisation) "
            "VALUES (?, 'Acme')",
            "recipient": "INSERT INTO report_recipients (contract_id, name) VALUES (?, 'HR')",
        }[table]
        before = row_counts(self.practice)
        if self.model.contracts[contract_id][1] is THERAPY:
            self.refused_by_database(
                sql, (contract_id,), "practice_desk:single_accountability", before
            )
            return
        try:
            self.conn.execute(sql, (contract_id,))
        except sqlcipher3.IntegrityError as error:  # coaching terms already there
            assert "UNIQUE" in str(error)
            assert row_counts(self.practice) == before

    def raw_work_kind(self, pick, kind):
        client = self.model.client(pick)
        if client is None:
            return
        held = self.model.kind_of[client]
        sql = "UPDATE clients SET work_kind = ? WHERE id = ?"
        if held is not None and kind != held.value:
            before = row_counts(self.practice)
            self.refused_by_database(sql, (kind, client), "practice_desk:role_separation", before)
            return
        self.conn.execute(sql, (kind, client))
        if kind is not None:
            self.model.kind_of[client] = ContractKind(kind)

    def raw_kind(self, pick):
        contract_id = self.model.contract(pick)
        if contract_id is None:
            return
        other = COACHING if self.model.contracts[contract_id][1] is THERAPY else THERAPY
        self.refused_by_database(
            "UPDATE contracts SET kind = ? WHERE id = ?",
            (other.value, contract_id),
            "practice_desk:role_separation",
            row_counts(self.practice),
        )

    def raw_move(self, pick, other_pick):
        contract_id, client = self.model.contract(pick), self.model.client(other_pick)
        if contract_id is None or client == self.model.contracts[contract_id][0]:
            return
        self.refused_by_database(
            "UPDATE contracts SET client_id = ? WHERE id = ?",
            (client, contract_id),
            "practice_desk:role_separation",
            row_counts(self.practice),
        )

    def raw_delete(self, pick):
        """Remove a contract behind the app's back; its kind of work stays with the client."""
        contract_id = self.model.contract(pick)
        if contract_id is None:
            return
        for table in ("report_recipients", "coaching_terms", "contract_goals"):
            self.conn.execute(f"DELETE FROM {table} WHERE contract_id = ?", (contract_id,))
        self.conn.execute("DELETE FROM contracts WHERE id = ?", (contract_id,))
        del self.model.contracts[contract_id]

    # --- what must always hold -----------------------------------------------------------------

    def check_invariants(self):
        conn = self.conn
        mixed = conn.execute(
            "SELECT client_id FROM contracts GROUP BY client_id HAVING count(DISTINCT kind) > 1"
        ).fetchall()
        assert mixed == []
        for table in ("coaching_terms", "report_recipients"):
            on_therapy = conn.execute(
                f"SELECT count(*) FROM {table} t JOIN contracts c ON c.id = t.contract_id "
                "WHERE c.kind <> 'coaching'"
            ).fetchone()[0]
            assert on_therapy == 0, table
        unmarked = conn.execute(
            "SELECT count(*) FROM contracts c JOIN clients k ON k.id = c.client_id "
            "WHERE k.work_kind IS NOT c.kind"
        ).fetchone()[0]
        assert unmarked == 0
        assert conn.execute(
            "SELECT count(*) FROM contracts WHERE kind = 'coaching' AND coaching_edge <> 0"
        ).fetchone() == (0,)
        for client, kind in self.model.kind_of.items():
            assert self.practice.contracts.kind_of_work(client) is kind
        for contract_id, (client, kind) in self.model.contracts.items():
            contract = self.practice.contracts.get(contract_id)
            assert (contract.client_id, contract.kind) == (client, kind)
            assert contract.status is self.model.status_of[contract_id]


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, min_size=4, max_size=30))
def test_random_operations_never_break_the_rules(practice, operations):
    run = Run(practice)
    for name, *arguments in operations:
        getattr(run, name)(*arguments)
        run.check_invariants()
    verdict = practice.audit.verify()
    assert verdict.intact, verdict
