"""The .ics builder on its own: plain items in, an iCalendar file out."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from practice_desk.domain.appointments import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    BlockReason,
)
from practice_desk.domain.practice_time import UnknownTimeZone
from practice_desk.reports.calendar_file import (
    PRODID,
    CalendarItem,
    calendar_file,
    calendar_items,
    initials,
)

STAMPED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def build(items, zone_name="Europe/Berlin", label="Appointment"):
    return calendar_file(items, zone_name=zone_name, label=label, stamped_at=STAMPED)


def item(uid="u1", start=datetime(2026, 1, 6, 8, 0, tzinfo=UTC), minutes=50, **extra):
    return CalendarItem(uid, start, start + timedelta(minutes=minutes), **extra)


def appointment(status=AppointmentStatus.BOOKED, kind=AppointmentKind.THERAPY_SESSION, **extra):
    values = {
        "id": 1,
        "uid": "5f1c0ffee0ddf00d",
        "kind": kind,
        "client_id": None if kind is AppointmentKind.BLOCKED else 7,
        "contract_id": None,
        "starts_at": datetime(2026, 1, 6, 8, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 1, 6, 8, 50, tzinfo=UTC),
        "time_zone": "Europe/Berlin",
        "status": status,
        "note": "Notemarker about panic attacks",
        "client_name": "Zephyrine Quillfeather",
    }
    return Appointment(**{**values, **extra})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zephyrine Quillfeather", "Z. Q."),
        ("Anna Maria de la Cruz", "A. C."),
        ("Łukasz Öztürk", "Ł. Ö."),
        ("ελένη παπαδοπούλου", "Ε. Π."),
        ("Madonna", "M."),
        ("(Sam) O'Brien-Smith", "S. O."),
        ("  ", ""),
        ("", ""),
    ],
)
def test_initials_take_the_first_and_last_words(name, expected):
    assert initials(name) == expected


def test_one_event_per_item_with_the_given_uid_times_and_stamp():
    data = build([item("a"), item("b", datetime(2026, 7, 1, 12, 0, tzinfo=UTC), 90)])
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == PRODID == "-//Practice Desk//EN"
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(found) == {"a", "b"}
    assert found["b"].start == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert found["b"].end == datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
    assert found["b"]["DTSTART"].to_ical() == b"20260701T140000"  # CEST, UTC+2
    assert found["a"]["DTSTART"].to_ical() == b"20260106T090000"  # CET, UTC+1
    assert found["a"]["DTSTAMP"].dt == STAMPED


def test_the_vtimezone_covers_winter_and_summer_when_the_items_do():
    data = build([item("a"), item("b", datetime(2026, 7, 1, 12, 0, tzinfo=UTC))])
    zones = Calendar.from_ical(data).walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in zones] == ["Europe/Berlin"]
    assert zones[0].walk("STANDARD") and zones[0].walk("DAYLIGHT")


def test_a_zone_without_daylight_saving_still_gets_its_vtimezone():
    data = build([item()], zone_name="Asia/Kolkata")
    calendar = Calendar.from_ical(data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Kolkata"]
    assert calendar.walk("VEVENT")[0]["DTSTART"].to_ical() == b"20260106T133000"


def test_a_utc_practice_writes_plain_utc_times():
    event = Calendar.from_ical(build([item()], zone_name="UTC")).walk("VEVENT")[0]
    assert event.start == datetime(2026, 1, 6, 8, 0, tzinfo=UTC)
    assert event["DTSTART"].to_ical() == b"20260106T080000Z"


def test_no_items_no_events_no_zone():
    calendar = Calendar.from_ical(build([]))
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE") == []


def test_an_unknown_zone_is_refused_plainly():
    with pytest.raises(UnknownTimeZone):
        build([item()], zone_name="Mars/Olympus_Mons")


def test_summary_is_the_label_and_the_initials_when_given():
    data = build([item("a"), item("b", initials="Z. Q.")], label="Busy, back; soon")
    found = {str(e["UID"]): str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")}
    assert found == {"a": "Busy, back; soon", "b": "Busy, back; soon · Z. Q."}


def test_cancelled_items_are_cancelled_and_free():
    data = build([item("a"), item("b", cancelled=True)])
    found = {str(e["UID"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert (str(found["a"]["STATUS"]), str(found["a"]["TRANSP"])) == ("CONFIRMED", "OPAQUE")
    assert (str(found["b"]["STATUS"]), str(found["b"]["TRANSP"])) == ("CANCELLED", "TRANSPARENT")


def test_events_carry_only_the_properties_a_phone_needs():
    data = build([item(initials="Z. Q.")])
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS", "TRANSP"}


@pytest.mark.parametrize(
    ("status", "cancelled"),
    [
        (AppointmentStatus.BOOKED, False),
        (AppointmentStatus.ATTENDED, False),
        (AppointmentStatus.NO_SHOW, False),
        (AppointmentStatus.CANCELLED, True),
        (AppointmentStatus.LATE_CANCELLED, True),
    ],
)
def test_items_from_appointments_keep_the_uid_times_and_cancellation(status, cancelled):
    source = appointment(status)
    (made,) = calendar_items([source])
    assert made == CalendarItem(source.uid, source.starts_at, source.ends_at, cancelled, "")


def test_items_carry_initials_only_when_asked_and_never_for_blocked_time():
    session = appointment()
    block = appointment(
        kind=AppointmentKind.BLOCKED, block_reason=BlockReason.SUPERVISION, client_name=""
    )
    assert [i.initials for i in calendar_items([session, block])] == ["", ""]
    assert [i.initials for i in calendar_items([session, block], include_initials=True)] == [
        "Z. Q.",
        "",
    ]


@pytest.mark.parametrize("include_initials", [False, True])
def test_nothing_but_times_and_the_label_reach_the_file(include_initials):
    items = calendar_items(
        [
            appointment(),
            appointment(kind=AppointmentKind.CONSULTATION, uid="c0ffee"),
            appointment(kind=AppointmentKind.COACHING_SESSION, uid="beef"),
        ],
        include_initials=include_initials,
    )
    text = build(items).decode("utf-8").replace("\r\n ", "").casefold()
    for word in ("Zephyrine", "Quillfeather", "Notemarker", "panic", "therapy", "coaching"):
        assert word.casefold() not in text
    assert "consultation" not in text
    assert ("z. q." in text) is include_initials
