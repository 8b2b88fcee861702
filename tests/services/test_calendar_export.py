"""Exporting the calendar: what a phone needs (stable UIDs, the right times in the practice's
zone, cancellations), and nothing about the client."""

import os
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from practice_desk.domain.appointments import (
    AppointmentKind,
    AppointmentRequest,
    AppointmentStatus,
    BlockReason,
    CancelledBy,
)
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.recurrence import SeriesPlan
from practice_desk.services.calendar_export import ExportResult, export_calendar
from tests.conftest import snapshot

FIRST, LAST = date(2026, 1, 1), date(2026, 4, 30)

# Distinctive markers: if any of them turns up in the file, client data has leaked.
DISPLAY_NAME = "Zephyrine Quillfeather"
LEGAL_NAME = "Marmaduke Xylophantine"
EMAIL = "zq.leakmarker@example.org"
PHONE = "+44 20 7946 0958"
ADDRESS = "Addressmarker Lane 7"
CLIENT_NOTES = "Clientnotesmarker"
NOTES = ("Consultnotemarker", "Seriesnotemarker", "Coachnotemarker", "Blocknotemarker")
SECOND_NAME = "Łukasz Öztürk"


def forbidden(*, initials_allowed=False):
    words = [
        DISPLAY_NAME,
        *DISPLAY_NAME.split(),
        LEGAL_NAME,
        *LEGAL_NAME.split(),
        EMAIL,
        "leakmarker",
        PHONE,
        "7946",
        ADDRESS,
        CLIENT_NOTES,
        *NOTES,
        SECOND_NAME,
        "Łukasz",
        "Öztürk",
        "therapy",
        "coaching",
        "consultation",
        "session",
        "supervision",
        "blocked",
    ]
    if not initials_allowed:
        words += ["Z. Q.", "Z.Q.", "Ł. Ö."]
    return words


def unfolded(data):
    """The file's text with RFC 5545 line folding undone, so a marker split across a fold
    is still found."""
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


def events(data):
    return {str(event["UID"]): event for event in Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture
def booked(practice):
    """A practice in Berlin: a consultation, a weekly therapy series across the March change
    of clocks (two of them cancelled), a coaching session and supervision."""
    bookings = practice.bookings
    bookings.settings.set_time_zone("Europe/Berlin")
    zephyrine = practice.clients.create(
        ClientDetails(
            DISPLAY_NAME,
            legal_name=LEGAL_NAME,
            email=EMAIL,
            phone=PHONE,
            address=ADDRESS,
            notes=CLIENT_NOTES,
        )
    )
    consultation = bookings.book(
        AppointmentRequest(
            AppointmentKind.CONSULTATION,
            datetime(2026, 1, 6, 9, 0),
            50,
            zephyrine.id,
            note=NOTES[0],
        ),
        confirmed=True,
    )
    practice.contracts.create(
        zephyrine.id,
        ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, starts_on=date(2026, 1, 5)),
    )
    series = bookings.book(
        AppointmentRequest(
            AppointmentKind.THERAPY_SESSION,
            datetime(2026, 3, 17, 10, 0),
            50,
            zephyrine.id,
            note=NOTES[1],
        ),
        series=SeriesPlan(count=4),
        confirmed=True,
    )
    lukasz = practice.clients.create(ClientDetails(SECOND_NAME))
    practice.contracts.create(
        lukasz.id,
        ContractTerms(ContractKind.COACHING, ContractStatus.ACTIVE, starts_on=date(2026, 1, 5)),
    )
    coaching = bookings.book(
        AppointmentRequest(
            AppointmentKind.COACHING_SESSION,
            datetime(2026, 3, 18, 11, 0),
            60,
            lukasz.id,
            note=NOTES[2],
        ),
        confirmed=True,
    )
    block = bookings.book(
        AppointmentRequest(
            AppointmentKind.BLOCKED,
            datetime(2026, 3, 19, 14, 0),
            90,
            block_reason=BlockReason.SUPERVISION,
            note=NOTES[3],
        ),
        confirmed=True,
    )
    late = bookings.set_status(
        series[1].id, AppointmentStatus.LATE_CANCELLED, by=CancelledBy.CLIENT
    )
    cancelled = bookings.set_status(
        series[2].id, AppointmentStatus.CANCELLED, by=CancelledBy.PRACTITIONER
    )
    return {
        "consultation": consultation[0],
        "series": [series[0], late, cancelled, series[3]],
        "coaching": coaching[0],
        "block": block[0],
    }


def all_booked(booked):
    return [booked["consultation"], *booked["series"], booked["coaching"], booked["block"]]


def test_one_event_per_appointment_with_the_stored_uids(practice, booked, tmp_path):
    result = export_calendar(practice, FIRST, LAST, tmp_path / "phone.ics")
    assert result == ExportResult(tmp_path / "phone.ics", 7)
    found = events(result.path.read_bytes())
    assert set(found) == {appointment.uid for appointment in all_booked(booked)}


def test_uids_are_stable_across_exports_and_moves(practice, booked, clock, tmp_path):
    first = events(export_calendar(practice, FIRST, LAST, tmp_path / "a.ics").path.read_bytes())
    clock.advance(minutes=60)
    moved = practice.bookings.move(booked["coaching"].id, datetime(2026, 3, 18, 15, 0), 60)[0]
    second = events(export_calendar(practice, FIRST, LAST, tmp_path / "b.ics").path.read_bytes())
    assert set(first) == set(second)
    assert second[moved.uid].start == datetime(2026, 3, 18, 14, 0, tzinfo=UTC)
    # DTSTAMP tells a calendar which copy is newer
    assert second[moved.uid]["DTSTAMP"].dt > first[moved.uid]["DTSTAMP"].dt


def test_a_weekly_series_keeps_its_wall_clock_time_across_the_change_of_clocks(
    practice, booked, tmp_path
):
    data = export_calendar(practice, FIRST, LAST, tmp_path / "c.ics").path.read_bytes()
    found = events(data)
    series = [found[appointment.uid] for appointment in booked["series"]]
    # Berlin is UTC+1 until 29 March and UTC+2 after it
    assert [event.start.astimezone(UTC).hour for event in series] == [9, 9, 8, 8]
    for event, day in zip(series[:3], (17, 24, 31), strict=True):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["DTEND"].params["TZID"] == "Europe/Berlin"
        assert event["DTSTART"].to_ical() == f"202603{day}T100000".encode()
        assert event["DTEND"].to_ical() == f"202603{day}T105000".encode()
    assert "DTSTART;TZID=Europe/Berlin:20260407T100000" in unfolded(data)


def test_the_practice_zone_is_described_in_a_vtimezone(practice, booked, tmp_path):
    data = export_calendar(practice, FIRST, LAST, tmp_path / "c.ics").path.read_bytes()
    calendar = Calendar.from_ical(data)
    zones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in zones] == ["Europe/Berlin"]
    assert zones[0].walk("DAYLIGHT") and zones[0].walk("STANDARD")
    assert calendar.get_missing_tzids() == set()
    assert str(calendar["PRODID"]) == "-//Practice Desk//EN"
    assert str(calendar["VERSION"]) == "2.0"


def test_cancelled_appointments_are_marked_so_phones_remove_them(practice, booked, tmp_path):
    found = events(export_calendar(practice, FIRST, LAST, tmp_path / "c.ics").path.read_bytes())
    series = booked["series"]
    assert [str(found[item.uid]["STATUS"]) for item in series] == [
        "CONFIRMED",
        "CANCELLED",
        "CANCELLED",
        "CONFIRMED",
    ]
    assert str(found[series[1].uid]["TRANSP"]) == "TRANSPARENT"
    assert str(found[series[0].uid]["TRANSP"]) == "OPAQUE"


def test_a_deleted_booking_is_exported_as_cancelled_so_phones_remove_it(practice, booked, tmp_path):
    block = booked["block"]
    practice.bookings.delete(block.id)
    found = events(export_calendar(practice, FIRST, LAST, tmp_path / "c.ics").path.read_bytes())
    assert str(found[block.uid]["STATUS"]) == "CANCELLED"
    assert found[block.uid].start == block.starts_at
    outside = events(
        export_calendar(
            practice, LAST + timedelta(days=1), LAST + timedelta(days=30), tmp_path / "later.ics"
        ).path.read_bytes()
    )
    assert block.uid not in outside


def test_every_event_says_only_the_neutral_label(practice, booked, tmp_path):
    data = export_calendar(practice, FIRST, LAST, tmp_path / "c.ics").path.read_bytes()
    for event in events(data).values():
        assert str(event["SUMMARY"]) == "Appointment"
        for name in ("DESCRIPTION", "LOCATION", "ATTENDEE", "CATEGORIES", "ORGANIZER", "URL"):
            assert name not in event
    text = unfolded(data).casefold()
    for word in forbidden():
        assert word.casefold() not in text, word


def test_the_practitioners_own_label_is_used(practice, booked, tmp_path):
    practice.bookings.settings.set_export_label("Busy; back soon, maybe")
    data = export_calendar(practice, FIRST, LAST, tmp_path / "c.ics").path.read_bytes()
    assert {str(event["SUMMARY"]) for event in events(data).values()} == {"Busy; back soon, maybe"}


def test_initials_only_when_asked_and_never_more(practice, booked, tmp_path):
    data = export_calendar(
        practice, FIRST, LAST, tmp_path / "c.ics", include_initials=True
    ).path.read_bytes()
    found = events(data)
    summaries = {uid: str(event["SUMMARY"]) for uid, event in found.items()}
    assert summaries[booked["consultation"].uid] == "Appointment · Z. Q."
    assert summaries[booked["coaching"].uid] == "Appointment · Ł. Ö."
    assert summaries[booked["block"].uid] == "Appointment"  # blocked time names nobody
    text = unfolded(data).casefold()
    for word in forbidden(initials_allowed=True):
        assert word.casefold() not in text, word


def test_the_range_is_inclusive_of_both_days(practice, booked, tmp_path):
    result = export_calendar(practice, date(2026, 3, 17), date(2026, 3, 18), tmp_path / "c")
    found = events(result.path.read_bytes())
    assert set(found) == {booked["series"][0].uid, booked["coaching"].uid}
    assert result.count == 2


def test_an_empty_range_gives_a_valid_empty_calendar(practice, booked, tmp_path):
    result = export_calendar(practice, date(2026, 2, 1), date(2026, 2, 28), tmp_path / "c")
    calendar = Calendar.from_ical(result.path.read_bytes())
    assert result.count == 0
    assert calendar.walk("VEVENT") == []


def test_the_export_is_audited_with_a_count_only(practice, booked, tmp_path):
    export_calendar(practice, FIRST, LAST, tmp_path / "c.ics")
    export_calendar(practice, date(2026, 3, 17), date(2026, 3, 17), tmp_path / "d.ics")
    entries = practice.audit.find(actions=(AuditAction.CALENDAR_EXPORTED,))
    assert [(e.object_type, e.object_id, e.client_id, e.detail) for e in entries] == [
        ("calendar", None, None, "1 appointment"),
        ("calendar", None, None, "7 appointments"),
    ]
    assert practice.audit.verify().intact


@pytest.mark.parametrize(
    ("name", "saved_as"),
    [
        ("phone.ics", "phone.ics"),
        ("phone", "phone.ics"),
        ("p.ICS", "p.ICS"),
        ("p.txt", "p.txt.ics"),
    ],
)
def test_only_the_chosen_file_is_written_privately(practice, booked, tmp_path, name, saved_as):
    out = tmp_path / "out"
    out.mkdir()
    (out / "unrelated.txt").write_text("keep me")
    result = export_calendar(practice, FIRST, LAST, out / name)
    assert result.path == out / saved_as
    assert sorted(os.listdir(out)) == sorted(["unrelated.txt", saved_as])
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600


def test_exporting_again_replaces_the_file(practice, booked, tmp_path):
    target = tmp_path / "c.ics"
    target.write_bytes(b"old contents " * 1000)
    export_calendar(practice, FIRST, LAST, target)
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert b"old contents" not in target.read_bytes()


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 3, 2), date(2026, 3, 1)),  # backwards
        (date(2026, 1, 1), date(2028, 1, 1)),  # over two years
        (date(2024, 2, 29), date(2026, 3, 1)),  # over two years from a leap day
    ],
)
def test_a_bad_range_is_refused_and_writes_nothing(practice, booked, tmp_path, first, last):
    out = tmp_path / "out"
    out.mkdir()
    before = practice.audit.find()
    with pytest.raises(FieldInvalid) as refused:
        export_calendar(practice, first, last, out / "c.ics")
    assert refused.value.field == "last_day"
    assert snapshot(out) == {}
    assert practice.audit.find() == before


def test_exactly_two_years_is_allowed(practice, booked, tmp_path):
    assert export_calendar(practice, date(2026, 1, 1), date(2027, 12, 31), tmp_path / "c").count


def test_a_failed_write_leaves_no_audit_entry(practice, booked, tmp_path):
    with pytest.raises(OSError):
        export_calendar(practice, FIRST, LAST, tmp_path / "missing" / "c.ics")
    assert practice.audit.find(actions=(AuditAction.CALENDAR_EXPORTED,)) == []
    assert practice.audit.verify().intact
