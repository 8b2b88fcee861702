"""The sample calendar: deterministic, within the booking rules, and a believable week today."""

import shutil
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from practice_desk.domain.appointments import AppointmentKind, AppointmentStatus, BlockReason
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import ContractKind, ContractStatus
from practice_desk.domain.practice_time import week_start
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.demo import (
    DEMO_CLIENTS,
    DEMO_SESSION_CLIENTS,
    DEMO_SESSIONS_EACH,
    create_demo_practice,
)
from practice_desk.services.locations import VaultFiles
from practice_desk.services.sample_calendar import fill_sample_calendar
from practice_desk.services.sample_practice import fill_sample_practice
from practice_desk.services.vault import Vault
from tests.conftest import PASSPHRASE

SEED = 5
YEARS = 0.5
SAMPLE_CLIENTS = 12  # the sample practice's, some of whose active contracts get sessions
ZONE = "Europe/Berlin"  # the clocks change within the half year
MIDWEEK = timedelta(days=2, hours=6)  # the clock fixture's Monday 09:00 UTC to Wednesday 15:00
EVERYTHING = (
    datetime.fromisoformat("1900-01-01T00:00Z"),
    datetime.fromisoformat("2200-01-01T00:00Z"),
)


def fill(practice):
    practice.bookings.settings.set_time_zone(ZONE)
    fill_sample_practice(practice, clients=SAMPLE_CLIENTS, seed=SEED, today=practice.today)
    report = fill_sample_calendar(practice, years=YEARS, seed=SEED, today=practice.today)
    return practice, report


@pytest.fixture
def filled(practice, clock):
    clock.advance(MIDWEEK.total_seconds())
    return fill(practice)


@pytest.fixture
def second_practice(template, tmp_path, clock):
    shutil.copytree(template.folder, tmp_path / "second")
    vault = Vault(VaultFiles(tmp_path / "second"), clock, kdf_params=fast_params_for_tests)
    opened = vault.unlock(PASSPHRASE)
    yield opened
    opened.close()


def appointments(practice):
    return practice.bookings.between(*EVERYTHING)


def calendar(practice):
    """What the generator decided, in wall-clock time, without ids and stamps."""
    bookings = practice.bookings
    return [
        (a.kind, bookings.local(a.starts_at), a.minutes, a.status, a.cancelled_by, a.client_name)
        for a in appointments(practice)
    ]


def test_the_same_seed_gives_the_same_calendar(filled, second_practice):
    practice, report = filled
    _, again = fill(second_practice)
    assert again == report
    assert calendar(second_practice) == calendar(practice)
    assert report.appointments == len(appointments(practice))


def test_the_report_counts_what_was_stored(filled):
    practice, report = filled
    kinds = Counter(a.kind for a in appointments(practice))
    assert report.consultations == kinds[AppointmentKind.CONSULTATION]
    assert report.blocked == kinds[AppointmentKind.BLOCKED]
    assert (
        report.sessions
        == kinds[AppointmentKind.THERAPY_SESSION] + kinds[AppointmentKind.COACHING_SESSION]
    )
    statuses = Counter(a.status for a in appointments(practice) if a.kind.has_client)
    assert report.attended == statuses[AppointmentStatus.ATTENDED]
    assert report.booked == statuses[AppointmentStatus.BOOKED]
    assert report.existing_contracts > 0  # the sample practice's active contracts joined in
    assert report.first_day.weekday() == 0 and report.first_day <= practice.today - timedelta(
        days=180
    )


def test_no_two_appointments_overlap_and_the_gap_is_kept(filled):
    practice, _ = filled
    (overlaps,) = practice.conn.execute(
        "SELECT count(*) FROM appointments a JOIN appointments b ON a.id < b.id "
        "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
        "WHERE a.status IN ('booked', 'attended') AND b.status IN ('booked', 'attended')"
    ).fetchone()
    assert overlaps == 0
    gap = timedelta(minutes=practice.bookings.settings.gap_minutes)
    taking = [a for a in appointments(practice) if a.status.takes_time]
    assert all(b.starts_at >= a.ends_at + gap for a, b in pairwise(taking))


def test_client_appointments_are_on_whole_hours_within_working_hours(filled):
    practice, _ = filled
    bookings = practice.bookings
    hours = bookings.settings.working_hours
    for appointment in appointments(practice):
        if appointment.kind.has_client:
            start = bookings.local(appointment.starts_at)
            assert start.minute == 0
            assert hours.covers(start, start + timedelta(minutes=appointment.minutes))


def test_no_client_has_both_kinds_of_work(filled):
    practice, report = filled
    assert report.therapy_contracts and report.coaching_contracts
    rows = practice.conn.execute(
        "SELECT client_id FROM appointments WHERE kind <> 'consultation' AND client_id IS NOT NULL "
        "GROUP BY client_id HAVING count(DISTINCT kind) > 1 "
        "UNION SELECT client_id FROM contracts GROUP BY client_id HAVING count(DISTINCT kind) > 1"
    ).fetchall()
    assert rows == []


def test_sessions_lie_within_their_contracts_and_follow_the_consultation(filled):
    practice, _ = filled
    bookings = practice.bookings
    contracts = {}
    for summary in practice.clients.summaries():
        for contract in practice.contracts.for_client(summary.id):
            contracts[contract.id] = contract
    consulted = {}
    for appointment in appointments(practice):
        day = bookings.local(appointment.starts_at).date()
        if appointment.kind is AppointmentKind.CONSULTATION:
            consulted[appointment.client_id] = day
        if appointment.contract_id is None:
            continue
        contract = contracts[appointment.contract_id]
        assert contract.client_id == appointment.client_id
        assert AppointmentKind.session_for(contract.kind) is appointment.kind
        assert contract.terms.starts_on <= day
        if contract.status is ContractStatus.ENDED:
            assert day <= contract.terms.ends_on
        else:
            assert contract.status is ContractStatus.ACTIVE
    for client_id, day in consulted.items():
        starts = [c.terms.starts_on for c in contracts.values() if c.client_id == client_id]
        assert all(day < start for start in starts)


def test_the_past_has_outcomes_and_the_future_is_booked(filled):
    practice, _ = filled
    bookings = practice.bookings
    today = practice.today
    past, ahead = Counter(), Counter()
    for appointment in appointments(practice):
        if appointment.kind.has_client:
            day = bookings.local(appointment.starts_at).date()
            (past if day < today else ahead)[appointment.status] += 1
    assert past[AppointmentStatus.BOOKED] == 0
    assert past[AppointmentStatus.ATTENDED] > 0.8 * sum(past.values())
    assert past[AppointmentStatus.CANCELLED] and past[AppointmentStatus.LATE_CANCELLED]
    assert past[AppointmentStatus.NO_SHOW]
    assert set(ahead) <= {AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED}
    assert ahead[AppointmentStatus.BOOKED] > 100  # six weeks ahead


def test_the_caseload_stays_a_working_one(filled):
    """Distinct clients seen in each full working week: around the weekly load."""
    practice, _ = filled
    bookings = practice.bookings
    weeks: dict[date, set[int]] = {}
    for appointment in appointments(practice):
        if appointment.contract_id is not None:
            monday = week_start(bookings.local(appointment.starts_at).date())
            weeks.setdefault(monday, set()).add(appointment.client_id)
    busy = sorted(len(clients) for clients in weeks.values())
    assert 18 <= busy[len(busy) // 2] <= 30


def test_todays_week_looks_like_a_working_week(filled):
    practice, _ = filled
    week = practice.bookings.on_days(week_start(practice.today), 7)
    kinds = Counter(a.kind for a in week)
    assert 15 <= len(week) <= 35
    assert kinds[AppointmentKind.CONSULTATION] >= 1
    assert any(a.block_reason is BlockReason.SUPERVISION for a in week)
    assert not any(a.block_reason is BlockReason.HOLIDAY for a in week)


def test_everything_went_through_the_audited_use_cases(filled):
    practice, report = filled
    verdict = practice.audit.verify()
    assert verdict.intact
    assert verdict.entries > report.appointments + report.attended


def test_it_fills_only_a_calendar_without_appointments(filled):
    practice, _ = filled
    with pytest.raises(ValueError):
        fill_sample_calendar(practice, years=1, seed=SEED, today=practice.today)


def test_its_today_may_not_be_after_the_practice_today(practice):
    later = practice.today + timedelta(days=1)
    with pytest.raises(ValueError):
        fill_sample_calendar(practice, years=1, seed=SEED, today=later)


def test_a_calendar_for_an_empty_practice_brings_its_own_clients(practice):
    practice.clients.create(ClientDetails("Someone Without Work"))
    report = fill_sample_calendar(practice, years=0.1, seed=1, today=practice.today)
    assert report.clients >= 15 and report.existing_contracts == 0
    kinds = {s.kind for s in practice.clients.summaries()}
    assert {ContractKind.THERAPY, ContractKind.COACHING} <= kinds


def test_the_demo_has_a_working_week(clock):
    clock.advance(MIDWEEK.total_seconds())
    demo = create_demo_practice(clock)
    try:
        practice = demo.vault.unlock(demo.passphrase)
        try:
            assert demo.calendar is not None
            assert len(practice.clients.summaries()) == DEMO_CLIENTS + demo.calendar.clients
            week = practice.bookings.on_days(week_start(practice.today), 7)
            kinds = Counter(a.kind for a in week)
            assert 15 <= len(week) <= 25
            assert kinds[AppointmentKind.CONSULTATION] >= 1
            assert any(a.block_reason is BlockReason.SUPERVISION for a in week)
            assert demo.calendar.last_day <= practice.today + timedelta(weeks=3)
            assert demo.calendar.first_day <= practice.today - timedelta(days=80)
            # Progress has something to show, and Home one note left unsigned.
            signed = [s for s in practice.sessions.recent(100) if s.is_signed]
            assert len(signed) == DEMO_SESSION_CLIENTS * DEMO_SESSIONS_EACH
            assert all(s.started_at < clock.now() for s in signed)
            progress = practice.sessions.progress(signed[0].client_id)
            assert sum(progress.totals().values()) >= DEMO_SESSIONS_EACH * 3
            assert len(practice.sessions.unsigned_reminders()) == 1
            assert practice.sessions.running() is None
        finally:
            practice.close()
    finally:
        demo.discard()
