"""The synthetic practice: deterministic, realistic, and always within the rules."""

import shutil
from datetime import date, timedelta

import pytest

from practice_desk.domain.clients import ClientDetails, ClientStatus
from practice_desk.domain.contracts import ContractKind, ContractStatus
from practice_desk.domain.duplicates import phone_key
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.demo import DEMO_CLIENTS, create_demo_practice
from practice_desk.services.locations import VaultFiles
from practice_desk.services.sample_contacts import EMAIL_DOMAINS
from practice_desk.services.sample_practice import fill_sample_practice, plan_clients
from practice_desk.services.vault import Vault
from tests.conftest import PASSPHRASE

CLIENTS = 40
SEED = 7
FIXED_TODAY = date(2026, 1, 5)


@pytest.fixture
def practice(vault):
    opened = vault.unlock(PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def filled(practice):
    summary = fill_sample_practice(practice, clients=CLIENTS, seed=SEED, today=practice.today)
    return practice, summary


@pytest.fixture
def second_practice(template, tmp_path, clock):
    """Another copy of the template practice, beside the test's own."""
    shutil.copytree(template.folder, tmp_path / "second")
    vault = Vault(VaultFiles(tmp_path / "second"), clock, kdf_params=fast_params_for_tests)
    opened = vault.unlock(PASSPHRASE)
    yield opened
    opened.close()


def contents(practice):
    """Everything the generator decided, without the clock's stamps."""
    found = []
    for summary in sorted(practice.clients.summaries(), key=lambda row: row.id):
        client = practice.clients.get(summary.id)
        contracts = [contract.terms for contract in practice.contracts.for_client(client.id)]
        notes = [(n.addressed_to, n.body) for n in practice.clients.referral_notes(client.id)]
        found.append(
            (client.id, client.details, client.consultation, client.kind, contracts, notes)
        )
    return found


def all_contracts(practice):
    return [
        (summary, contract)
        for summary in practice.clients.summaries()
        for contract in practice.contracts.for_client(summary.id)
    ]


def test_the_same_seed_gives_the_same_practice(filled, second_practice):
    practice, summary = filled
    again = fill_sample_practice(second_practice, clients=CLIENTS, seed=SEED, today=practice.today)
    assert again == summary
    assert contents(second_practice) == contents(practice)


def test_a_different_seed_gives_different_clients():
    first = list(plan_clients(CLIENTS, seed=1, today=FIXED_TODAY))
    second = list(plan_clients(CLIENTS, seed=2, today=FIXED_TODAY))
    assert [plan.details for plan in first] != [plan.details for plan in second]
    assert list(plan_clients(CLIENTS, seed=1, today=FIXED_TODAY)) == first


def test_the_summary_counts_what_was_stored(filled):
    practice, summary = filled
    pairs = all_contracts(practice)
    kinds = [contract.kind for _, contract in pairs]
    assert summary.clients == len(practice.clients.summaries()) == CLIENTS
    assert summary.therapy_contracts == kinds.count(ContractKind.THERAPY)
    assert summary.coaching_contracts == kinds.count(ContractKind.COACHING)
    assert summary.goals == sum(len(contract.terms.goals) for _, contract in pairs)


def test_both_kinds_of_work_and_never_both_for_one_client(filled):
    practice, summary = filled
    assert summary.therapy_contracts > summary.coaching_contracts > 0
    kinds_by_client = {}
    for client, contract in all_contracts(practice):
        kinds_by_client.setdefault(client.id, set()).add(contract.kind)
        assert client.kind is contract.kind
    assert all(len(kinds) == 1 for kinds in kinds_by_client.values())


def test_therapy_names_no_sponsor_and_coaching_no_therapy_terms(filled):
    practice, _ = filled
    for _, contract in all_contracts(practice):
        terms = contract.terms
        if terms.kind is ContractKind.THERAPY:
            assert terms.coaching is None
            assert terms.therapy is not None
            assert not terms.therapy.coaching_edge or terms.therapy.screening_reason
        else:
            assert terms.therapy is None
            assert terms.coaching is not None


def test_statuses_and_dates_are_plausible(filled):
    practice, _ = filled
    today = practice.today
    for client, contract in all_contracts(practice):
        terms = contract.terms
        assert 1 <= len(terms.goals) <= 4
        assert 7000 <= terms.fee_minor <= 18000 and terms.currency in ("EUR", "GBP", "USD")
        if terms.status is not ContractStatus.DRAFT:
            assert terms.starts_on <= today
        if terms.status is ContractStatus.ENDED:
            assert terms.starts_on <= terms.ends_on <= today
        if terms.status in (ContractStatus.ACTIVE, ContractStatus.PAUSED):
            assert client.status is ClientStatus.ACTIVE
    statuses = {summary.status for summary in practice.clients.summaries()}
    assert statuses == set(ClientStatus)


def test_clients_without_contracts_are_enquiries_or_consultations(filled):
    practice, _ = filled
    with_contracts = {client.id for client, _ in all_contracts(practice)}
    others = [s for s in practice.clients.summaries() if s.id not in with_contracts]
    assert others
    for summary in others:
        client = practice.clients.get(summary.id)
        assert client.kind is None
        if client.consultation is not None:
            assert client.consultation.outcome.value in ("refer_elsewhere", "no_fit")


def test_names_come_from_many_cultures():
    plans = list(plan_clients(200, seed=1, today=FIXED_TODAY))
    names = " ".join(f"{p.details.display_name} {p.details.legal_name}" for p in plans)
    assert any(ord(ch) > 127 for ch in names)
    assert any("\u0370" <= ch <= "\u03ff" for ch in names)  # Greek
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names)  # Chinese
    nicknames = [
        p
        for p in plans
        if p.details.legal_name
        and p.details.legal_name.split()[0] != p.details.display_name.split()[0]
    ]
    assert nicknames  # "Kasia Nowak", legally Katarzyna Nowak


def test_contact_details_are_fictional_and_never_shared_by_accident(filled):
    practice, summary = filled
    emails = [s.email for s in practice.clients.summaries() if s.email]
    assert emails and all(email.isascii() for email in emails)
    assert all(email.rpartition("@")[2] in EMAIL_DOMAINS for email in emails)
    assert len({email.casefold() for email in emails}) == len(emails)
    phones = [phone_key(s.phone) for s in practice.clients.summaries() if s.phone]
    assert len(phones) - len(set(phones)) <= summary.look_alikes_confirmed


def test_the_audit_chain_is_intact_afterwards(filled):
    practice, summary = filled
    verdict = practice.audit.verify()
    assert verdict.intact
    assert verdict.entries > summary.clients + summary.contracts


def test_it_fills_only_an_empty_practice(practice):
    practice.clients.create(ClientDetails("Someone Already Here"))
    with pytest.raises(ValueError):
        fill_sample_practice(practice, clients=3, seed=1, today=practice.today)


def test_its_today_may_not_be_after_the_practice_today(practice):
    later = practice.today + timedelta(days=1)
    with pytest.raises(ValueError):
        fill_sample_practice(practice, clients=3, seed=1, today=later)


def test_the_demo_opens_on_a_small_practice_of_both_kinds(clock):
    demo = create_demo_practice(clock)
    try:
        practice = demo.vault.unlock(demo.passphrase)
        try:
            summaries = practice.clients.summaries()
            kinds = [summary.kind for summary in summaries]
            assert len(summaries) == DEMO_CLIENTS + demo.calendar.clients  # and its caseload
            assert ContractKind.THERAPY in kinds and ContractKind.COACHING in kinds
            assert None in kinds  # an enquiry or consultation without a contract yet
            assert practice.audit.verify().intact
        finally:
            practice.close()
    finally:
        demo.discard()
    assert not demo.folder.exists()
