"""The calendar's settings, kept with the practice: time zone, working hours, the gap between
appointments, and the neutral label used when the calendar leaves the vault."""

from __future__ import annotations

import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo, available_timezones

from practice_desk.domain.fields import FieldInvalid, single_line
from practice_desk.domain.practice_time import FALLBACK_ZONE, zone
from practice_desk.domain.working_hours import DEFAULT_GAP_MINUTES, WorkingHours, check_gap
from practice_desk.storage import profile_store
from practice_desk.storage.database import Connection, transaction

log = logging.getLogger(__name__)

TIME_ZONE = "time_zone"
WORKING_HOURS = "working_hours"
GAP_MINUTES = "gap_minutes"
EXPORT_LABEL = "calendar_export_label"
DEFAULT_EXPORT_LABEL = "Appointment"
EXPORT_LABEL_MAX = 40


def system_zone_name() -> str:
    """This computer's IANA zone, or UTC when it can't be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
        zone(name or "")
        return name
    except Exception:  # no zone configured, or one unknown to tzdata
        log.info("the system time zone could not be read; using UTC")
        return FALLBACK_ZONE


def zone_names() -> list[str]:
    return sorted(available_timezones())


class CalendarSettings:
    def __init__(self, conn: Callable[[], Connection]) -> None:
        self._connect = conn
        self._tz: ZoneInfo | None = None
        self._hours: WorkingHours | None = None

    @property
    def _conn(self) -> Connection:
        return self._connect()

    @property
    def time_zone_name(self) -> str:
        """The practice's zone. The first reading takes the computer's and keeps it, so the
        calendar doesn't shift when the laptop travels."""
        stored = profile_store.read_setting(self._conn, TIME_ZONE)
        if stored:
            return stored
        name = system_zone_name()
        with transaction(self._conn) as conn:
            profile_store.write_setting(conn, TIME_ZONE, name)
        return name

    @property
    def tz(self) -> ZoneInfo:
        if self._tz is None:
            self._tz = zone(self.time_zone_name)
        return self._tz

    def set_time_zone(self, name: str) -> ZoneInfo:
        tz = zone(name)
        with transaction(self._conn) as conn:
            profile_store.write_setting(conn, TIME_ZONE, name)
        self._tz = tz
        return tz

    @property
    def working_hours(self) -> WorkingHours:
        if self._hours is None:
            self._hours = WorkingHours.from_json(
                profile_store.read_setting(self._conn, WORKING_HOURS)
            )
        return self._hours

    def set_working_hours(self, hours: WorkingHours) -> WorkingHours:
        clean = hours.validated()
        with transaction(self._conn) as conn:
            profile_store.write_setting(conn, WORKING_HOURS, clean.to_json())
        self._hours = clean
        return clean

    @property
    def gap_minutes(self) -> int:
        stored = profile_store.read_setting(self._conn, GAP_MINUTES)
        try:
            return check_gap(int(stored)) if stored else DEFAULT_GAP_MINUTES
        except (ValueError, FieldInvalid):
            return DEFAULT_GAP_MINUTES

    def set_gap_minutes(self, minutes: int) -> int:
        clean = check_gap(minutes)
        with transaction(self._conn) as conn:
            profile_store.write_setting(conn, GAP_MINUTES, str(clean))
        return clean

    @property
    def export_label(self) -> str:
        return profile_store.read_setting(self._conn, EXPORT_LABEL) or DEFAULT_EXPORT_LABEL

    def set_export_label(self, label: str) -> str:
        clean = single_line("export_label", "The label", label, EXPORT_LABEL_MAX, required=True)
        with transaction(self._conn) as conn:
            profile_store.write_setting(conn, EXPORT_LABEL, clean)
        return clean
