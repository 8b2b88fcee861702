"""Who may be booked: a consultation comes before any contract, a session needs an active
contract of its own kind, a closed client gets nothing. Every refusal is audited by its rule
alone and writes nothing else."""

from dataclasses import replace
from datetime import timedelta

import pytest

from practice_desk.domain.booking_rules import (
    ClientClosedRefused,
    ConsultationAfterContractRefused,
    SessionNeedsContractRefused,
)
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import ContractKind, ContractStatus
from tests.services.calendar_support import (
    COACHING_SESSION,
    CONSULTATION,
    MONDAY,
    THERAPY_SESSION,
    book,
    book_one,
    client_in,
    contract_with_status,
    new_client,
    wall,
)
from tests.services.conftest import audit_entries, row_counts

THERAPY, COACHING = ContractKind.THERAPY, ContractKind.COACHING
DRAFT, ACTIVE, PAUSED, ENDED = ContractStatus
SESSION_OF = {THERAPY: THERAPY_SESSION, COACHING: COACHING_SESSION}


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


def refused(practice, error, kind, client_id):
    """Book, expecting `error`; check the refusal was audited and nothing else written."""
    before = row_counts(practice)
    with pytest.raises(error) as caught:
        book(practice, kind, wall(MONDAY, 10), client_id, confirmed=True)
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail, last.object_type, last.object_id, last.client_id) == (
        "refused",
        error.code,
        "client",
        client_id,
        client_id,
    )
    assert practice.bookings.for_client(client_id) == []
    return caught.value


def test_a_consultation_is_booked_for_someone_new(practice):
    client = new_client(practice)
    booked = book_one(practice, CONSULTATION, wall(MONDAY, 10), client.id)
    assert (booked.kind, booked.contract_id, booked.minutes) == (CONSULTATION, None, 50)
    assert booked.client_name == client.details.display_name


@pytest.mark.parametrize("status", list(ContractStatus), ids=lambda s: s.value)
@pytest.mark.parametrize("kind", [THERAPY, COACHING], ids=lambda k: k.value)
def test_a_consultation_after_any_contract_is_refused(practice, kind, status):
    client_id, _ = client_in(practice, kind, status)
    refusal = refused(practice, ConsultationAfterContractRefused, CONSULTATION, client_id)
    assert "book a session instead" in refusal.advice


def test_a_consultation_booked_before_the_contract_stays_movable(practice):
    client = new_client(practice)
    consultation = book_one(practice, CONSULTATION, wall(MONDAY, 10), client.id)
    contract_with_status(practice, client.id, THERAPY, ACTIVE)
    (moved,) = practice.bookings.move(consultation.id, wall(MONDAY, 14), 50)
    assert practice.bookings.local(moved.starts_at) == wall(MONDAY, 14)


@pytest.mark.parametrize("kind", [THERAPY, COACHING], ids=lambda k: k.value)
def test_a_session_is_booked_on_the_active_contract_of_its_kind(practice, kind):
    client_id, contract = client_in(practice, kind, ACTIVE)
    booked = book_one(practice, SESSION_OF[kind], wall(MONDAY, 10), client_id)
    assert (booked.kind, booked.contract_id) == (SESSION_OF[kind], contract.id)


def test_a_session_goes_on_the_active_contract_not_an_ended_one(practice):
    client_id, ended = client_in(practice, THERAPY, ENDED)
    active = contract_with_status(practice, client_id, THERAPY, ACTIVE)
    booked = book_one(practice, THERAPY_SESSION, wall(MONDAY, 10), client_id)
    assert booked.contract_id == active.id != ended.id


@pytest.mark.parametrize("status", [DRAFT, PAUSED, ENDED], ids=lambda s: s.value)
@pytest.mark.parametrize("kind", [THERAPY, COACHING], ids=lambda k: k.value)
def test_a_session_needs_an_active_contract(practice, kind, status):
    client_id, _ = client_in(practice, kind, status)
    refusal = refused(practice, SessionNeedsContractRefused, SESSION_OF[kind], client_id)
    assert (refusal.wanted, refusal.held) == (kind, kind)
    assert f"Sessions need an active {kind.value} contract" in refusal.advice


def test_a_session_for_someone_without_any_contract_points_to_a_consultation(practice):
    client = new_client(practice)
    refusal = refused(practice, SessionNeedsContractRefused, THERAPY_SESSION, client.id)
    assert refusal.held is None
    assert "book an initial consultation" in refusal.advice


@pytest.mark.parametrize(("held", "wanted"), [(THERAPY, COACHING), (COACHING, THERAPY)])
def test_a_session_of_the_other_kind_of_work_is_refused_naming_the_work_they_have(
    practice, held, wanted
):
    client_id, _ = client_in(practice, held, ACTIVE)
    refusal = refused(practice, SessionNeedsContractRefused, SESSION_OF[wanted], client_id)
    assert (refusal.wanted, refusal.held) == (wanted, held)
    assert f"work with you is {held.value}" in refusal.advice
    assert f"only {held.value} sessions can be booked" in refusal.advice
    assert f"A {wanted.value} session can't be booked" in refusal.message


@pytest.mark.parametrize(
    ("kind", "contract"),
    [(CONSULTATION, None), (THERAPY_SESSION, THERAPY), (COACHING_SESSION, COACHING)],
)
def test_a_closed_client_gets_nothing(practice, kind, contract):
    client = new_client(practice, status=ClientStatus.CLOSED)
    if contract is not None:
        contract_with_status(practice, client.id, contract, ACTIVE)
    assert practice.clients.get(client.id).details.status is ClientStatus.CLOSED
    refusal = refused(practice, ClientClosedRefused, kind, client.id)
    assert "reopen the client first" in refusal.advice


def test_closing_a_client_stops_their_appointments_being_moved(practice):
    client_id, _ = client_in(practice, THERAPY, ACTIVE)
    session = book_one(practice, THERAPY_SESSION, wall(MONDAY, 10), client_id)
    details = practice.clients.get(client_id).details
    practice.clients.update(client_id, replace(details, status=ClientStatus.CLOSED))
    with pytest.raises(ClientClosedRefused):
        practice.bookings.move(session.id, wall(MONDAY, 11), 50)
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail, last.object_type, last.object_id) == (
        "refused",
        "booking_client_closed",
        "appointment",
        session.id,
    )
    assert practice.bookings.get(session.id) == session
    # what was booked stays in the calendar and can still be cancelled or deleted
    assert practice.bookings.delete(session.id) == [session.id]


def test_a_paused_contract_stops_its_sessions_being_moved(practice):
    client_id, contract = client_in(practice, COACHING, ACTIVE)
    session = book_one(practice, COACHING_SESSION, wall(MONDAY, 10), client_id)
    practice.contracts.update(contract.id, replace(contract.terms, status=PAUSED))
    with pytest.raises(SessionNeedsContractRefused):
        practice.bookings.move(session.id, wall(MONDAY + timedelta(days=1), 10), 50)
    assert practice.bookings.get(session.id) == session
