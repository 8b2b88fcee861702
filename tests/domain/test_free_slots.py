"""The next free times offered when booking: within working hours, keeping the gap, on the
quarter hour, in wall-clock time that is right on the days the clocks change."""

from datetime import datetime, time, timedelta

from practice_desk.domain.free_slots import STEP_MINUTES, next_free_slots
from practice_desk.domain.practice_time import to_local, to_utc, zone
from practice_desk.domain.working_hours import DayHours, WorkingHours

BERLIN = zone("Europe/Berlin")
NEW_YORK = zone("America/New_York")
DEFAULT = WorkingHours.default()


def local(*parts):
    return datetime(*parts)


def busy_at(*spans, tz=BERLIN):
    """(start, end) pairs of wall-clock times, as the UTC busy list the search reads."""
    return sorted((to_utc(start, tz), to_utc(end, tz)) for start, end in spans)


def slots(after, *, busy=(), minutes=50, hours=DEFAULT, tz=BERLIN, gap=10, **options):
    found = next_free_slots(
        after=to_utc(after, tz),
        minutes=minutes,
        hours=hours,
        tz=tz,
        busy=list(busy),
        gap_minutes=gap,
        **options,
    )
    return [to_local(start, tz) for start in found]


def every_day(start, end):
    return WorkingHours((DayHours(start, end),) * 7)


def test_a_free_week_offers_three_a_day_spaced_by_length_and_gap():
    assert slots(local(2026, 1, 12, 7, 0)) == [
        local(2026, 1, 12, 9, 0),
        local(2026, 1, 12, 10, 0),
        local(2026, 1, 12, 11, 0),
        local(2026, 1, 13, 9, 0),
        local(2026, 1, 13, 10, 0),
        local(2026, 1, 13, 11, 0),
    ]


def test_slots_stay_within_working_hours():
    found = slots(local(2026, 1, 12, 7, 0), per_day=20, count=20)
    monday = [start for start in found if start.date() == local(2026, 1, 12).date()]
    assert monday[0] == local(2026, 1, 12, 9, 0)
    assert monday[-1] == local(2026, 1, 12, 17, 0)  # ends 17:50, the 18:00 one wouldn't fit
    assert len(monday) == 9


def test_the_slot_after_a_booking_keeps_the_gap():
    busy = busy_at((local(2026, 1, 12, 10, 0), local(2026, 1, 12, 10, 50)))
    assert slots(local(2026, 1, 12, 7, 0), busy=busy, count=3) == [
        local(2026, 1, 12, 9, 0),  # ends 9:50, exactly the gap before 10:00
        local(2026, 1, 12, 11, 0),
        local(2026, 1, 12, 12, 0),
    ]


def test_a_slot_closer_than_the_gap_is_not_offered():
    busy = busy_at((local(2026, 1, 12, 9, 55), local(2026, 1, 12, 10, 45)))
    found = slots(local(2026, 1, 12, 7, 0), busy=busy, count=2)
    # 9:00 would end five minutes before it; after it, 10:55 is rounded to the quarter hour
    assert found == [local(2026, 1, 12, 11, 0), local(2026, 1, 12, 12, 0)]


def test_without_a_gap_slots_are_back_to_back():
    busy = busy_at((local(2026, 1, 12, 9, 0), local(2026, 1, 12, 9, 45)))
    assert slots(local(2026, 1, 12, 7, 0), busy=busy, gap=0, count=1) == [local(2026, 1, 12, 9, 45)]
    assert slots(local(2026, 1, 12, 7, 0), busy=busy, count=1) == [local(2026, 1, 12, 10, 0)]


def test_slots_begin_on_the_quarter_hour():
    assert STEP_MINUTES == 15
    busy = busy_at((local(2026, 1, 12, 9, 0), local(2026, 1, 12, 10, 47)))
    assert slots(local(2026, 1, 12, 7, 0), busy=busy, count=1) == [local(2026, 1, 12, 11, 0)]
    assert slots(local(2026, 1, 12, 10, 1, 30), count=1) == [local(2026, 1, 12, 10, 15)]
    for start in slots(local(2026, 1, 12, 9, 3), busy=busy, per_day=9, count=9):
        assert start.minute % 15 == 0 and start.second == 0


def test_slots_one_after_another_stay_on_the_quarter_hour():
    found = slots(local(2026, 1, 12, 7, 0), minutes=60, count=3)
    assert found == [
        local(2026, 1, 12, 9, 0),
        local(2026, 1, 12, 10, 15),
        local(2026, 1, 12, 11, 30),
    ]
    for start in slots(local(2026, 1, 12, 7, 0), minutes=53, gap=0, per_day=8, count=8):
        assert start.minute % 15 == 0, start


def test_nothing_before_after_is_offered():
    found = slots(local(2026, 1, 12, 16, 12))
    assert found[:2] == [local(2026, 1, 12, 16, 15), local(2026, 1, 13, 9, 0)]
    assert slots(local(2026, 1, 12, 17, 11), count=1) == [local(2026, 1, 13, 9, 0)]


def test_days_off_are_skipped():
    friday_evening = local(2026, 1, 16, 17, 30)
    assert slots(friday_evening, count=1) == [local(2026, 1, 19, 9, 0)]  # Monday
    tuesdays_only = WorkingHours((None, DayHours(time(14), time(15)), *(None,) * 5))
    assert slots(local(2026, 1, 12, 7, 0), hours=tuesdays_only, count=3) == [
        local(2026, 1, 13, 14, 0),
        local(2026, 1, 20, 14, 0),
        local(2026, 1, 27, 14, 0),
    ]


def test_the_per_day_cap_spreads_the_offer_over_days():
    found = slots(local(2026, 1, 12, 7, 0), per_day=1, count=3)
    assert found == [local(2026, 1, 12, 9, 0), local(2026, 1, 13, 9, 0), local(2026, 1, 14, 9, 0)]


def test_blocked_time_over_several_days_blocks_all_of_them():
    busy = busy_at((local(2026, 1, 13, 12, 0), local(2026, 1, 15, 12, 0)))
    found = slots(local(2026, 1, 13, 7, 0), busy=busy, per_day=9, count=9)
    assert [start for start in found if start.date() == local(2026, 1, 14).date()] == []
    assert local(2026, 1, 13, 11, 0) in found  # ends 11:50, the gap before the block holds
    assert local(2026, 1, 13, 12, 0) not in found
    thursday = [start for start in found if start.date() == local(2026, 1, 15).date()]
    assert thursday[0] == local(2026, 1, 15, 12, 15)  # the gap, then the next quarter hour


def test_a_block_that_began_weeks_before_still_counts():
    busy = busy_at((local(2025, 12, 1, 0, 0), local(2026, 1, 14, 0, 0)))
    assert slots(local(2026, 1, 12, 7, 0), busy=busy, count=1) == [local(2026, 1, 14, 9, 0)]


def test_a_cancelled_appointment_is_simply_not_busy():
    # the caller passes only what keeps its time; an empty list means a free day
    assert slots(local(2026, 1, 12, 7, 0), count=1) == [local(2026, 1, 12, 9, 0)]


def test_no_working_hours_means_no_slots():
    off = WorkingHours((None,) * 7)
    assert slots(local(2026, 1, 12, 7, 0), hours=off) == []
    assert slots(local(2026, 1, 12, 7, 0), minutes=10 * 60) == []  # longer than any day


def test_the_search_is_bounded():
    busy = busy_at((local(2026, 1, 12, 0, 0), local(2026, 3, 12, 0, 0)))
    assert slots(local(2026, 1, 12, 7, 0), busy=busy, search_days=56) == []


def test_slots_on_the_day_the_clocks_go_forward_skip_the_missing_hour():
    night = every_day(time(1), time(5))
    found = slots(local(2026, 3, 29, 0, 0), hours=night, per_day=6, count=6)
    march_29 = [start for start in found if start.date() == local(2026, 3, 29).date()]
    # 01:00 to 05:00 on this day is three real hours: nothing at 02:00, which never happens
    assert march_29 == [
        local(2026, 3, 29, 1, 0),
        local(2026, 3, 29, 3, 0),
        local(2026, 3, 29, 4, 0),
    ]


def test_slots_on_the_day_the_clocks_go_back_use_both_passes_of_the_hour():
    night = every_day(time(1), time(5))
    found = next_free_slots(
        after=to_utc(local(2026, 10, 25, 0, 0), BERLIN),
        minutes=50,
        hours=night,
        tz=BERLIN,
        busy=[],
        gap_minutes=10,
        count=5,
        per_day=5,
    )
    assert [start - found[0] for start in found] == [timedelta(hours=h) for h in range(5)]
    assert [to_local(start, BERLIN).hour for start in found] == [1, 2, 2, 3, 4]


def test_daytime_slots_across_the_change_of_clocks_stay_at_the_same_wall_clock_time():
    before, after = slots(local(2026, 3, 27, 7, 0), per_day=1, count=2)  # Friday, then Monday
    assert (before, after) == (local(2026, 3, 27, 9, 0), local(2026, 3, 30, 9, 0))
    assert to_utc(before, BERLIN).hour == 8 and to_utc(after, BERLIN).hour == 7


def test_new_york_slots_follow_new_yorks_own_change_of_clocks():
    sunday = every_day(time(9), time(12))
    found = slots(local(2026, 3, 7, 7, 0), hours=sunday, tz=NEW_YORK, per_day=1, count=2)
    assert found == [local(2026, 3, 7, 9, 0), local(2026, 3, 8, 9, 0)]
    utc_hours = [to_utc(start, NEW_YORK).hour for start in found]
    assert utc_hours == [14, 13]
