from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from practice_desk.domain.appointments import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    CancelledBy,
)
from practice_desk.domain.booking_rules import (
    ClientClosedRefused,
    ConsultationAfterContractRefused,
    OverlapRefused,
    SessionNeedsContractRefused,
    StatusChangeRefused,
    check_client,
    check_status_change,
    first_conflict,
    short_gaps,
)
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.fields import FieldInvalid

CONSULTATION, THERAPY_SESSION, COACHING_SESSION, BLOCKED = AppointmentKind
BOOKED, ATTENDED, CANCELLED, LATE, NO_SHOW = AppointmentStatus
THERAPY, COACHING = ContractKind.THERAPY, ContractKind.COACHING
NINE = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


def at(minutes):
    return NINE + timedelta(minutes=minutes)


def appointment(id, start, minutes=50, status=BOOKED, kind=THERAPY_SESSION):
    return Appointment(
        id, f"{id:032d}", kind, 1, 1, at(start), at(start + minutes), "UTC", status=status
    )


# --- who may be booked ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [ClientStatus.ENQUIRY, ClientStatus.CONSULTATION])
def test_a_consultation_is_for_someone_without_a_contract(status):
    check_client(CONSULTATION, status, None, None)


@pytest.mark.parametrize("held", [THERAPY, COACHING])
def test_a_consultation_after_any_contract_is_refused(held):
    with pytest.raises(ConsultationAfterContractRefused) as caught:
        check_client(CONSULTATION, ClientStatus.ACTIVE, held, None)
    assert caught.value.code == "booking_consultation_after_contract"


@pytest.mark.parametrize(
    ("kind", "held"), [(THERAPY_SESSION, THERAPY), (COACHING_SESSION, COACHING)]
)
def test_a_session_with_an_active_contract_of_its_kind_is_fine(kind, held):
    check_client(kind, ClientStatus.ACTIVE, held, 7)


@pytest.mark.parametrize(
    ("kind", "wanted"), [(THERAPY_SESSION, THERAPY), (COACHING_SESSION, COACHING)]
)
def test_a_session_without_an_active_contract_is_refused(kind, wanted):
    with pytest.raises(SessionNeedsContractRefused) as caught:
        check_client(kind, ClientStatus.ACTIVE, wanted, None)
    refusal = caught.value
    assert (refusal.code, refusal.wanted, refusal.held) == (
        "booking_needs_contract",
        wanted,
        wanted,
    )
    assert f"active {wanted.value} contract" in refusal.advice


@pytest.mark.parametrize(
    ("kind", "held"), [(THERAPY_SESSION, COACHING), (COACHING_SESSION, THERAPY)]
)
def test_a_session_of_the_other_kind_names_the_work_the_client_has(kind, held):
    with pytest.raises(SessionNeedsContractRefused) as caught:
        check_client(kind, ClientStatus.ACTIVE, held, None)
    assert f"work with you is {held.value}" in caught.value.advice
    assert f"only {held.value} sessions" in caught.value.advice


@pytest.mark.parametrize("kind", [CONSULTATION, THERAPY_SESSION, COACHING_SESSION])
def test_nothing_is_booked_for_a_closed_client(kind):
    with pytest.raises(ClientClosedRefused) as caught:
        check_client(kind, ClientStatus.CLOSED, None, 7)
    assert caught.value.code == "booking_client_closed"


# --- overlaps and gaps ---------------------------------------------------------------------


def test_the_first_conflict_is_the_earliest_that_keeps_its_time():
    others = [
        appointment(1, 60, status=CANCELLED),
        appointment(2, 90),
        appointment(3, 40, status=NO_SHOW),
        appointment(4, 70, minutes=10),
        appointment(5, 120, status=ATTENDED),
    ]
    assert first_conflict(at(60), at(130), others).id == 4
    assert first_conflict(at(115), at(125), others).id == 2
    assert first_conflict(at(140), at(200), others).id == 5
    assert first_conflict(at(40), at(60), others) is None  # only the no-show is there
    assert first_conflict(at(170), at(220), others) is None  # back to back with #5


def test_blocked_time_is_a_conflict_like_any_other():
    block = appointment(9, 0, minutes=24 * 60, kind=BLOCKED)
    assert first_conflict(at(600), at(650), [block]) == block


def test_short_gaps_name_the_neighbours_closer_than_the_gap():
    gap = timedelta(minutes=10)
    before, after = appointment(1, 0), appointment(2, 120)
    assert short_gaps(at(60), at(110), [before, after], gap) == []
    assert short_gaps(at(59), at(109), [before, after], gap) == [before]
    assert short_gaps(at(55), at(115), [before, after], gap) == [before, after]
    assert short_gaps(at(50), at(100), [before], gap) == [before]  # back to back
    # an overlap is a conflict, not a short gap; a cancelled neighbour is no neighbour
    assert short_gaps(at(30), at(80), [before], gap) == []
    assert short_gaps(at(55), at(105), [replace(before, status=CANCELLED)], gap) == []
    assert short_gaps(at(50), at(100), [before], timedelta()) == []


def test_overlap_refused_carries_the_other_appointment_but_not_its_details():
    other = replace(appointment(4, 0), client_name="Anna Berg", note="private")
    refusal = OverlapRefused(other)
    assert refusal.conflict is other
    assert refusal.code == "booking_overlap"
    assert "Anna" not in str(refusal) and "private" not in str(refusal)


# --- statuses --------------------------------------------------------------------------------

ALLOWED = {
    (BOOKED, ATTENDED),
    (BOOKED, CANCELLED),
    (BOOKED, LATE),
    (BOOKED, NO_SHOW),
    (ATTENDED, BOOKED),
    (CANCELLED, BOOKED),
    (LATE, BOOKED),
    (LATE, CANCELLED),
    (NO_SHOW, BOOKED),
    (NO_SHOW, ATTENDED),
}
PAIRS = [(old, new) for old in AppointmentStatus for new in AppointmentStatus if old is not new]


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=lambda s: s.value)
def test_the_status_matrix(old, new):
    started = appointment(1, 0, status=old)
    after_start = at(5)
    if (old, new) in ALLOWED:
        check_status_change(started, new, after_start, CancelledBy.CLIENT)
    else:
        with pytest.raises(StatusChangeRefused) as caught:
            check_status_change(started, new, after_start, CancelledBy.CLIENT)
        assert f"“{old.label}” can't become “{new.label}”" in str(caught.value)


@pytest.mark.parametrize("status", list(AppointmentStatus))
def test_keeping_the_same_status_is_no_change(status):
    check_status_change(appointment(1, 0, status=status), status, at(-60), None)


@pytest.mark.parametrize("new", [ATTENDED, NO_SHOW])
def test_attendance_is_recorded_only_once_the_appointment_has_begun(new):
    booked = appointment(1, 0)
    with pytest.raises(StatusChangeRefused) as caught:
        check_status_change(booked, new, at(-1), None)
    assert "once the appointment has begun" in str(caught.value)
    check_status_change(booked, new, at(0), None)


def test_a_no_show_who_did_turn_up_needs_the_start_too():
    check_status_change(appointment(1, 0, status=NO_SHOW), ATTENDED, at(1), None)


@pytest.mark.parametrize("new", [CANCELLED, LATE])
def test_a_cancellation_says_who_cancelled(new):
    with pytest.raises(FieldInvalid) as caught:
        check_status_change(appointment(1, 0), new, at(-600), None)
    assert caught.value.field == "cancelled_by"


def test_a_late_cancellation_is_only_ever_the_clients():
    booked = appointment(1, 0)
    check_status_change(booked, LATE, at(-60), CancelledBy.CLIENT)
    with pytest.raises(FieldInvalid) as caught:
        check_status_change(booked, LATE, at(-60), CancelledBy.PRACTITIONER)
    assert caught.value.field == "cancelled_by"
    check_status_change(booked, CANCELLED, at(-60), CancelledBy.PRACTITIONER)


@pytest.mark.parametrize("new", list(AppointmentStatus))
def test_blocked_time_has_no_statuses(new):
    block = appointment(1, 0, kind=BLOCKED)
    with pytest.raises(StatusChangeRefused) as caught:
        check_status_change(block, new, at(60), CancelledBy.PRACTITIONER)
    assert "Blocked time has no attendance" in str(caught.value)
