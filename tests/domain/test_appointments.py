from datetime import UTC, datetime, timedelta

import pytest

from practice_desk.domain.appointments import (
    NEXT_STATUSES,
    Appointment,
    AppointmentKind,
    AppointmentRequest,
    AppointmentStatus,
    BlockReason,
    default_minutes,
    is_late_cancellation,
)
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.fields import FieldInvalid

CONSULTATION, THERAPY, COACHING, BLOCKED = AppointmentKind
AT = datetime(2026, 1, 12, 10, 0)


def request(kind=THERAPY, minutes=50, client_id=1, **fields):
    return AppointmentRequest(kind, fields.pop("starts_at", AT), minutes, client_id, **fields)


def test_sessions_match_their_kind_of_contract():
    assert THERAPY.contract_kind is ContractKind.THERAPY
    assert COACHING.contract_kind is ContractKind.COACHING
    assert CONSULTATION.contract_kind is None
    assert BLOCKED.contract_kind is None
    assert AppointmentKind.session_for(ContractKind.THERAPY) is THERAPY
    assert AppointmentKind.session_for(ContractKind.COACHING) is COACHING
    assert [kind.has_client for kind in AppointmentKind] == [True, True, True, False]


def test_only_booked_and_attended_appointments_keep_their_time():
    keep = {status for status in AppointmentStatus if status.takes_time}
    assert keep == {AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED}
    cancellations = {status for status in AppointmentStatus if status.is_cancellation}
    assert cancellations == {AppointmentStatus.CANCELLED, AppointmentStatus.LATE_CANCELLED}


def test_every_status_can_be_undone_back_to_booked():
    for status, following in NEXT_STATUSES.items():
        if status is not AppointmentStatus.BOOKED:
            assert AppointmentStatus.BOOKED in following, status
    assert set(NEXT_STATUSES) == set(AppointmentStatus)


def test_a_request_is_cleaned():
    clean = request(
        starts_at=datetime(2026, 1, 12, 10, 0, 42, 7), note="  first line \r\n\n"
    ).validated()
    assert clean.starts_at == AT
    assert clean.note == "  first line"
    assert clean.block_reason is None


def test_blocked_time_has_no_client_and_always_a_reason():
    clean = request(BLOCKED, 120, client_id=7).validated()
    assert clean.client_id is None
    assert clean.block_reason is BlockReason.OTHER
    holiday = request(BLOCKED, 120, None, block_reason=BlockReason.HOLIDAY).validated()
    assert holiday.block_reason is BlockReason.HOLIDAY
    assert request(THERAPY, block_reason=BlockReason.HOLIDAY).validated().block_reason is None


@pytest.mark.parametrize("kind", [CONSULTATION, THERAPY, COACHING])
def test_an_appointment_with_a_client_needs_the_client(kind):
    with pytest.raises(FieldInvalid) as caught:
        request(kind, client_id=None).validated()
    assert caught.value.field == "client"


@pytest.mark.parametrize(
    ("kind", "minutes", "ok"),
    [
        (THERAPY, 9, False),
        (THERAPY, 10, True),
        (THERAPY, 240, True),
        (THERAPY, 241, False),
        (CONSULTATION, 241, False),
        (BLOCKED, 9, False),
        (BLOCKED, 241, True),
        (BLOCKED, 62 * 24 * 60, True),
        (BLOCKED, 62 * 24 * 60 + 1, False),
    ],
)
def test_lengths_are_limited(kind, minutes, ok):
    wanted = request(kind, minutes, None if kind is BLOCKED else 1)
    if ok:
        assert wanted.validated().minutes == minutes
    else:
        with pytest.raises(FieldInvalid) as caught:
            wanted.validated()
        assert caught.value.field == "minutes"


def test_a_note_is_limited_and_the_message_does_not_repeat_it():
    with pytest.raises(FieldInvalid) as caught:
        request(note="private " * 200).validated()
    assert caught.value.field == "note"
    assert "private" not in str(caught.value)


def test_a_request_start_is_wall_clock_time():
    with pytest.raises(ValueError):
        request(starts_at=AT.replace(tzinfo=UTC)).validated()


def test_default_lengths():
    assert default_minutes(CONSULTATION) == 50
    assert default_minutes(CONSULTATION, 90) == 50
    assert default_minutes(THERAPY) == 50
    assert default_minutes(COACHING, 90) == 90


def test_overlap_is_half_open_and_the_margin_widens_it():
    start = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    item = Appointment(1, "u" * 32, THERAPY, 1, 1, start, start + timedelta(minutes=50), "UTC")
    assert item.minutes == 50
    after = start + timedelta(minutes=50)
    assert not item.overlaps(after, after + timedelta(minutes=50), timedelta())
    assert item.overlaps(after - timedelta(minutes=1), after + timedelta(minutes=49), timedelta())
    assert item.overlaps(after, after + timedelta(minutes=50), timedelta(minutes=10))
    later = after + timedelta(minutes=10)
    assert not item.overlaps(later, later + timedelta(minutes=50), timedelta(minutes=10))


@pytest.mark.parametrize(
    ("hours_ahead", "late"), [(0, True), (23.99, True), (24, False), (72, False), (-1, True)]
)
def test_a_cancellation_less_than_a_day_ahead_is_late(hours_ahead, late):
    starts = datetime(2026, 1, 12, 10, 0, tzinfo=UTC)
    cancelled = starts - timedelta(hours=hours_ahead)
    assert is_late_cancellation(cancelled, starts) is late
