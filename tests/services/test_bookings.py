"""Booking single appointments: overlaps refused (naming what is in the way), the gap and
working hours asked about, cancelled time given back, blocked time keeping its time."""

from datetime import UTC, datetime, timedelta

import pytest

from practice_desk.domain.appointments import AppointmentStatus, BlockReason, CancelledBy
from practice_desk.domain.booking_rules import (
    BookingWarning,
    Caution,
    NeedsConfirmation,
    OverlapRefused,
)
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.fields import FieldInvalid
from practice_desk.services.bookings import AppointmentNotFound
from practice_desk.services.clients import ClientNotFound
from tests.services.calendar_support import (
    BLOCKED,
    COACHING_SESSION,
    CONSULTATION,
    MONDAY,
    THERAPY_SESSION,
    book,
    book_one,
    client_in,
    local_starts,
    local_times,
    new_client,
    request,
    wall,
)
from tests.services.conftest import audit_entries, row_counts

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def anna(practice):
    """A therapy client with an active contract: (client id, contract)."""
    return client_in(practice, ContractKind.THERAPY)


@pytest.fixture
def ten(practice, anna):
    """Anna's session on Monday 10:00 to 10:50."""
    return book_one(practice, THERAPY_SESSION, wall(MONDAY, 10), anna[0])


def test_a_booking_is_stored_in_utc_with_the_practices_zone_and_audited(practice, anna):
    client_id, contract = anna
    booked = book_one(practice, THERAPY_SESSION, wall(MONDAY, 10), client_id, note="Room 2")
    assert booked.starts_at == datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    assert booked.ends_at == datetime(2026, 1, 12, 9, 50, tzinfo=UTC)
    assert (booked.time_zone, booked.contract_id, booked.client_id) == (
        "Europe/Berlin",
        contract.id,
        client_id,
    )
    assert (booked.status, booked.note, booked.series_id) == (
        AppointmentStatus.BOOKED,
        "Room 2",
        None,
    )
    assert len(booked.uid) >= 16
    assert practice.bookings.get(booked.id) == booked
    assert practice.bookings.for_client(client_id) == [booked]
    last = audit_entries(practice)[-1]
    assert (last.action, last.object_type, last.object_id, last.client_id, last.detail) == (
        "appointment_booked",
        "appointment",
        booked.id,
        client_id,
        "therapy_session",
    )


# --- the edges of an appointment -----------------------------------------------------------


def test_back_to_back_with_the_gap_needs_no_confirmation(practice, anna, ten):
    eva, _ = client_in(practice, ContractKind.THERAPY)
    after = book_one(practice, THERAPY_SESSION, wall(MONDAY, 11), eva)
    before = book_one(practice, THERAPY_SESSION, wall(MONDAY, 9), eva)
    assert local_starts(practice, practice.bookings.on_days(MONDAY, 1)) == [
        wall(MONDAY, 9),
        wall(MONDAY, 10),
        wall(MONDAY, 11),
    ]
    assert {before.id, after.id, ten.id} == {a.id for a in practice.bookings.on_days(MONDAY, 1)}


@pytest.mark.parametrize(
    "start", [wall(MONDAY, 10, 50), wall(MONDAY, 10, 55), wall(MONDAY, 9, 5), wall(MONDAY, 9, 10)]
)
def test_closer_than_the_gap_asks_first_naming_the_neighbour(practice, anna, ten, start):
    eva, _ = client_in(practice, ContractKind.THERAPY)
    before = row_counts(practice)
    with pytest.raises(NeedsConfirmation) as caught:
        book(practice, THERAPY_SESSION, start, eva)
    assert caught.value.warnings == [BookingWarning(Caution.SHORT_GAP, ten)]
    assert (
        caught.value.warnings[0].neighbour.client_name
        == practice.clients.get(anna[0]).details.display_name
    )
    assert row_counts(practice) == before  # asking is not a refusal: nothing is written

    booked = book_one(practice, THERAPY_SESSION, start, eva, confirmed=True)
    assert practice.bookings.local(booked.starts_at) == start


def test_a_smaller_gap_setting_makes_back_to_back_fine(practice, anna, ten):
    practice.bookings.settings.set_gap_minutes(0)
    eva, _ = client_in(practice, ContractKind.THERAPY)
    book_one(practice, THERAPY_SESSION, wall(MONDAY, 10, 50), eva)


@pytest.mark.parametrize(
    ("start", "minutes"),
    [
        (wall(MONDAY, 10, 49), 50),  # one minute into its end
        (wall(MONDAY, 9, 11), 50),  # one minute into its start
        (wall(MONDAY, 10, 10), 10),  # inside it
        (wall(MONDAY, 9, 30), 120),  # around it
        (wall(MONDAY, 10), 50),  # the very same time
    ],
)
def test_an_overlap_is_refused_naming_the_appointment_in_the_way(
    practice, anna, ten, start, minutes
):
    eva, _ = client_in(practice, ContractKind.THERAPY)
    before = row_counts(practice)
    with pytest.raises(OverlapRefused) as caught:
        book(practice, THERAPY_SESSION, start, eva, minutes, confirmed=True)
    assert caught.value.conflict == practice.bookings.get(ten.id)
    assert caught.value.conflict.client_name == practice.clients.get(anna[0]).details.display_name
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail, last.object_type, last.client_id) == (
        "refused",
        "booking_overlap",
        "client",
        eva,
    )


def test_the_earliest_of_several_conflicts_is_named(practice, anna, ten):
    eleven = book_one(practice, THERAPY_SESSION, wall(MONDAY, 11), anna[0])
    with pytest.raises(OverlapRefused) as caught:
        book(practice, BLOCKED, wall(MONDAY, 10, 30), minutes=60)
    assert caught.value.conflict.id == ten.id
    with pytest.raises(OverlapRefused) as caught:
        book(practice, BLOCKED, wall(MONDAY, 10, 51), minutes=60)
    assert caught.value.conflict.id == eleven.id


@pytest.mark.parametrize(
    ("status", "by"),
    [
        (AppointmentStatus.CANCELLED, CancelledBy.PRACTITIONER),
        (AppointmentStatus.CANCELLED, CancelledBy.CLIENT),
        (AppointmentStatus.LATE_CANCELLED, CancelledBy.CLIENT),
        (AppointmentStatus.NO_SHOW, None),
    ],
)
def test_an_appointment_that_gave_up_its_time_frees_it(practice, clock, anna, ten, status, by):
    if status is AppointmentStatus.NO_SHOW:
        clock.advance(minutes=7 * 24 * 60 + 5)  # to Monday 10:05, after it began
    practice.bookings.set_status(ten.id, status, by=by)
    eva, _ = client_in(practice, ContractKind.THERAPY)
    taken = book_one(practice, THERAPY_SESSION, wall(MONDAY, 10), eva, confirmed=True)
    assert taken.starts_at == ten.starts_at
    on_monday = practice.bookings.on_days(MONDAY, 1)
    assert [(a.id, a.status) for a in on_monday] == [
        (ten.id, status),
        (taken.id, AppointmentStatus.BOOKED),
    ]
    slots = practice.bookings.next_free_slots(50, after=ten.starts_at - timedelta(hours=2))
    assert ten.starts_at not in slots


def test_a_cancelled_appointment_is_no_neighbour_either(practice, anna, ten):
    practice.bookings.set_status(ten.id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT)
    book_one(practice, THERAPY_SESSION, wall(MONDAY, 10, 50), anna[0])  # no gap warning


def test_reinstating_a_cancellation_onto_a_taken_time_is_refused(practice, anna, ten):
    practice.bookings.set_status(ten.id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT)
    eva, _ = client_in(practice, ContractKind.THERAPY)
    other = book_one(practice, THERAPY_SESSION, wall(MONDAY, 10, 30), eva)
    before = row_counts(practice)
    with pytest.raises(OverlapRefused) as caught:
        practice.bookings.set_status(ten.id, AppointmentStatus.BOOKED)
    assert caught.value.conflict == practice.bookings.get(other.id)
    still = practice.bookings.get(ten.id)
    assert (still.status, still.cancelled_by) == (AppointmentStatus.CANCELLED, CancelledBy.CLIENT)
    assert row_counts(practice) == {**before, "audit_log": before["audit_log"] + 1}
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail, last.object_type, last.object_id) == (
        "refused",
        "booking_overlap",
        "appointment",
        ten.id,
    )


def test_reinstating_onto_a_free_time_is_fine(practice, anna, ten):
    practice.bookings.set_status(ten.id, AppointmentStatus.CANCELLED, by=CancelledBy.CLIENT)
    back = practice.bookings.set_status(ten.id, AppointmentStatus.BOOKED)
    assert (back.status, back.cancelled_by, back.cancelled_at) == (
        AppointmentStatus.BOOKED,
        None,
        None,
    )


def test_a_no_show_who_did_come_cant_be_marked_attended_over_a_new_booking(
    practice, clock, anna, ten
):
    clock.advance(minutes=7 * 24 * 60 + 5)
    practice.bookings.set_status(ten.id, AppointmentStatus.NO_SHOW)
    block = book_one(practice, BLOCKED, wall(MONDAY, 10, 15), minutes=30, confirmed=True)
    with pytest.raises(OverlapRefused) as caught:
        practice.bookings.set_status(ten.id, AppointmentStatus.ATTENDED)
    assert caught.value.conflict.id == block.id
    assert practice.bookings.get(ten.id).status is AppointmentStatus.NO_SHOW


# --- blocked time -----------------------------------------------------------------------------


def test_blocked_time_blocks_bookings(practice, anna):
    block = book_one(
        practice, BLOCKED, wall(MONDAY, 12), minutes=240, block_reason=BlockReason.SUPERVISION
    )
    assert (block.client_id, block.block_reason) == (None, BlockReason.SUPERVISION)
    with pytest.raises(OverlapRefused) as caught:
        book(practice, THERAPY_SESSION, wall(MONDAY, 15, 30), anna[0])
    assert caught.value.conflict == block
    last = audit_entries(practice)[-1]
    assert (last.action, last.detail) == ("refused", "booking_overlap")


def test_a_holiday_over_several_days_blocks_every_one_of_them(practice, anna):
    holiday = book_one(
        practice,
        BLOCKED,
        wall(MONDAY, 0),
        minutes=3 * 24 * 60,
        block_reason=BlockReason.HOLIDAY,
    )
    with pytest.raises(OverlapRefused) as caught:
        book(practice, THERAPY_SESSION, wall(MONDAY + timedelta(days=1), 14), anna[0])
    assert caught.value.conflict.id == holiday.id
    thursday = book_one(practice, THERAPY_SESSION, wall(MONDAY + timedelta(days=3), 9), anna[0])
    assert thursday.status is AppointmentStatus.BOOKED
    slots = practice.bookings.next_free_slots(50, after=holiday.starts_at, count=1)
    slots = local_times(practice, slots)
    assert slots == [wall(MONDAY + timedelta(days=3), 10)]


def test_blocked_time_over_a_booking_is_refused(practice, anna, ten):
    with pytest.raises(OverlapRefused) as caught:
        book(practice, BLOCKED, wall(MONDAY, 0), minutes=24 * 60)
    assert caught.value.conflict == ten
    last = audit_entries(practice)[-1]
    assert (last.action, last.object_type, last.object_id, last.client_id) == (
        "refused",
        "calendar",
        None,
        None,
    )


def test_blocked_time_outside_working_hours_is_not_questioned(practice):
    saturday = MONDAY + timedelta(days=5)
    block = book_one(practice, BLOCKED, wall(saturday, 0), minutes=48 * 60)
    assert block.minutes == 48 * 60


# --- asking before booking ------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [wall(MONDAY, 8), wall(MONDAY, 17, 30), wall(MONDAY + timedelta(days=5), 10)],
    ids=["early", "late", "saturday"],
)
def test_outside_working_hours_asks_first(practice, anna, start):
    before = row_counts(practice)
    with pytest.raises(NeedsConfirmation) as caught:
        book(practice, THERAPY_SESSION, start, anna[0])
    assert caught.value.warnings == [BookingWarning(Caution.OUTSIDE_HOURS)]
    assert row_counts(practice) == before
    assert book_one(practice, THERAPY_SESSION, start, anna[0], confirmed=True).id


def test_in_the_past_asks_first(practice, clock, anna):
    yesterday = wall(MONDAY - timedelta(days=8), 10)  # Sunday 4 January
    with pytest.raises(NeedsConfirmation) as caught:
        book(practice, THERAPY_SESSION, yesterday, anna[0])
    assert caught.value.warnings == [
        BookingWarning(Caution.OUTSIDE_HOURS),
        BookingWarning(Caution.IN_THE_PAST),
    ]
    earlier_today = wall(MONDAY - timedelta(days=7), 9)  # today, before 10:00 now
    with pytest.raises(NeedsConfirmation) as caught:
        book(practice, THERAPY_SESSION, earlier_today, anna[0])
    assert caught.value.warnings == [BookingWarning(Caution.IN_THE_PAST)]


def test_every_warning_is_listed_at_once(practice, anna):
    book_one(practice, THERAPY_SESSION, wall(MONDAY, 17, 0), anna[0])
    with pytest.raises(NeedsConfirmation) as caught:
        book(practice, BLOCKED, wall(MONDAY, 17, 55), minutes=30)
    assert [w.caution for w in caught.value.warnings] == [Caution.SHORT_GAP]
    with pytest.raises(NeedsConfirmation) as caught:
        book(practice, CONSULTATION, wall(MONDAY, 17, 55), new_client(practice).id)
    assert [w.caution for w in caught.value.warnings] == [Caution.OUTSIDE_HOURS, Caution.SHORT_GAP]


# --- invalid requests ----------------------------------------------------------------------


def test_an_invalid_request_is_refused_naming_the_field_and_nothing_is_written(practice, anna):
    before = row_counts(practice)
    with pytest.raises(FieldInvalid) as caught:
        book(practice, THERAPY_SESSION, wall(MONDAY, 10), anna[0], minutes=300)
    assert caught.value.field == "minutes"
    with pytest.raises(FieldInvalid) as caught:
        book(practice, CONSULTATION, wall(MONDAY, 10))
    assert caught.value.field == "client"
    assert row_counts(practice) == before


def test_booking_for_a_missing_client_is_refused(practice):
    with pytest.raises(ClientNotFound):
        practice.bookings.book(request(CONSULTATION, wall(MONDAY, 10), 404))
    with pytest.raises(AppointmentNotFound):
        practice.bookings.get(404)


# --- reading the calendar ------------------------------------------------------------------


def test_on_days_uses_the_practices_local_days(practice):
    late = book_one(practice, BLOCKED, wall(MONDAY, 23, 0), minutes=50)
    after_midnight = book_one(practice, BLOCKED, wall(TUESDAY, 0, 30), minutes=30)
    assert late.starts_at.date() == after_midnight.starts_at.date() == MONDAY  # in UTC
    assert [a.id for a in practice.bookings.on_days(MONDAY, 1)] == [late.id]
    assert [a.id for a in practice.bookings.on_days(TUESDAY, 1)] == [after_midnight.id]
    assert [a.id for a in practice.bookings.on_days(MONDAY, 2)] == [late.id, after_midnight.id]


def test_next_free_slots_start_now_and_skip_what_is_booked(practice, anna):
    # now is Monday 5 January, 10:00 in Berlin
    today = MONDAY - timedelta(days=7)
    book_one(practice, THERAPY_SESSION, wall(today, 11), anna[0])
    slots = practice.bookings.next_free_slots(50, count=4)
    assert local_times(practice, slots) == [
        wall(today, 10),
        wall(today, 12),
        wall(today, 13),
        wall(today + timedelta(days=1), 9),
    ]
    earlier = practice.bookings.next_free_slots(50, after=datetime(2025, 1, 1, tzinfo=UTC))
    assert earlier[0] == slots[0]  # never a suggestion in the past


def test_free_slots_follow_the_working_hours_and_gap_settings(practice, clock):
    practice.bookings.settings.set_gap_minutes(30)
    clock.advance(minutes=-60)  # 09:00 in Berlin
    today = MONDAY - timedelta(days=7)
    slots = practice.bookings.next_free_slots(60, count=3)
    assert local_times(practice, slots) == [
        wall(today, 9),
        wall(today, 10, 30),
        wall(today, 12),
    ]


@pytest.mark.parametrize(
    ("kind", "minutes", "expected"),
    [
        (None, None, CONSULTATION),
        (ContractKind.THERAPY, 60, THERAPY_SESSION),
        (ContractKind.COACHING, 90, COACHING_SESSION),
    ],
)
def test_the_booking_form_suggests_what_the_client_needs(practice, kind, minutes, expected):
    if kind is None:
        client_id, contract = new_client(practice).id, None
    else:
        client_id, contract = client_in(practice, kind, session_minutes=minutes)
    suggestion = practice.bookings.suggest(client_id)
    assert (suggestion.kind, suggestion.minutes, suggestion.contract) == (
        expected,
        minutes or 50,
        contract,
    )
