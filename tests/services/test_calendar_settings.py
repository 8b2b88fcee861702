"""The calendar's settings: the practice's time zone (taken from the computer once, then
kept), working hours, the gap between appointments and the label used for exports."""

import sys
from datetime import time

import pytest
import tzlocal

from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.practice_time import UnknownTimeZone
from practice_desk.domain.working_hours import DayHours, WorkingHours
from practice_desk.services.calendar_settings import (
    CalendarSettings,
    system_zone_name,
    zone_names,
)
from practice_desk.storage import profile_store
from practice_desk.storage.database import transaction

CUSTOM_HOURS = WorkingHours(
    (
        DayHours(time(8), time(12, 30)),
        None,
        DayHours(time(14), time(20)),
        DayHours(time(9), time(17)),
        DayHours(time(9), time(13)),
        DayHours(time(10), time(14)),
        None,
    )
)


@pytest.fixture
def practice(quick_practice):
    return quick_practice


@pytest.fixture
def settings(practice):
    return practice.bookings.settings


def computer_zone(monkeypatch, name):
    """Pretend the computer is set to `name` (tzlocal caches what it read first)."""
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: name)


def fresh(practice):
    """Settings read straight from the database, with nothing cached."""
    return CalendarSettings(lambda: practice.conn)


def test_the_zone_is_taken_from_the_computer_once_and_then_kept(practice, settings, monkeypatch):
    computer_zone(monkeypatch, "America/New_York")
    assert settings.time_zone_name == "America/New_York"
    assert str(settings.tz) == "America/New_York"
    computer_zone(monkeypatch, "Asia/Tokyo")  # the laptop travels
    assert settings.time_zone_name == "America/New_York"
    assert fresh(practice).time_zone_name == "America/New_York"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps its zone in the registry")
def test_the_computers_zone_is_read_from_the_system(monkeypatch, local_timezone):
    monkeypatch.setattr("tzlocal.unix._cache_tz_name", None)
    local_timezone("Pacific/Auckland")
    assert system_zone_name() == "Pacific/Auckland"


@pytest.mark.parametrize("reading", ["Not/A_Zone", "", None, RuntimeError("no zone configured")])
def test_a_computer_zone_that_cant_be_read_falls_back_to_utc(practice, monkeypatch, reading):
    def read():
        if isinstance(reading, Exception):
            raise reading
        return reading

    monkeypatch.setattr(tzlocal, "get_localzone_name", read)
    assert practice.bookings.settings.time_zone_name == "UTC"


def test_choosing_a_zone_is_stored(practice, settings):
    settings.set_time_zone("Europe/Berlin")
    settings.set_time_zone("Australia/Adelaide")
    assert settings.time_zone_name == "Australia/Adelaide"
    assert str(settings.tz) == "Australia/Adelaide"
    assert fresh(practice).time_zone_name == "Australia/Adelaide"
    assert "Australia/Adelaide" in zone_names()
    assert zone_names() == sorted(zone_names())


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "Europe/Berlin/../../etc/passwd"])
def test_an_unknown_zone_is_refused_and_the_old_one_kept(practice, settings, name):
    settings.set_time_zone("Europe/Berlin")
    with pytest.raises(UnknownTimeZone):
        settings.set_time_zone(name)
    assert settings.time_zone_name == "Europe/Berlin"
    assert str(settings.tz) == "Europe/Berlin"
    assert fresh(practice).time_zone_name == "Europe/Berlin"


def test_working_hours_default_and_round_trip(practice, settings):
    assert settings.working_hours == WorkingHours.default()
    assert settings.set_working_hours(CUSTOM_HOURS) == CUSTOM_HOURS
    assert settings.working_hours == CUSTOM_HOURS
    assert fresh(practice).working_hours == CUSTOM_HOURS


def test_invalid_working_hours_are_refused_and_the_old_ones_kept(practice, settings):
    settings.set_working_hours(CUSTOM_HOURS)
    backwards = WorkingHours((DayHours(time(18), time(9)), *CUSTOM_HOURS.days[1:]))
    with pytest.raises(FieldInvalid) as caught:
        settings.set_working_hours(backwards)
    assert caught.value.field == "hours_monday"
    assert settings.working_hours == CUSTOM_HOURS
    assert fresh(practice).working_hours == CUSTOM_HOURS


def test_the_gap_defaults_to_ten_minutes_and_is_kept(practice, settings):
    assert settings.gap_minutes == 10
    for minutes in (0, 25, 60):
        assert settings.set_gap_minutes(minutes) == minutes
        assert fresh(practice).gap_minutes == minutes


@pytest.mark.parametrize("minutes", [-5, 61, 24 * 60])
def test_a_gap_out_of_range_is_refused(settings, minutes):
    settings.set_gap_minutes(15)
    with pytest.raises(FieldInvalid) as caught:
        settings.set_gap_minutes(minutes)
    assert caught.value.field == "gap"
    assert settings.gap_minutes == 15


@pytest.mark.parametrize("stored", ["999", "ten", "-1"])
def test_a_damaged_stored_gap_reads_as_the_default(practice, settings, stored):
    with transaction(practice.conn) as conn:
        profile_store.write_setting(conn, "gap_minutes", stored)
    assert settings.gap_minutes == 10


def test_the_export_label_is_neutral_by_default_and_cleaned(practice, settings):
    assert settings.export_label == "Appointment"
    assert settings.set_export_label("  Praxis \n Termin ") == "Praxis Termin"
    assert fresh(practice).export_label == "Praxis Termin"


@pytest.mark.parametrize("label", ["", "   ", "x" * 41, "Termin\x00"])
def test_an_unusable_export_label_is_refused_and_the_old_one_kept(settings, label):
    settings.set_export_label("Termin")
    with pytest.raises(FieldInvalid) as caught:
        settings.set_export_label(label)
    assert caught.value.field == "export_label"
    assert settings.export_label == "Termin"
