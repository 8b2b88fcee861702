"""When to lock an idle practice.

Idle time is measured on the wall clock from the last input, not by counting timer ticks, so a
laptop that slept past the limit locks at the first tick after it wakes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

DEFAULT_MINUTES = 5
MIN_MINUTES = 1
MAX_MINUTES = 60


def clamp_minutes(minutes: int) -> int:
    return max(MIN_MINUTES, min(MAX_MINUTES, int(minutes)))


class IdlePolicy:
    def __init__(self, started: datetime, minutes: int = DEFAULT_MINUTES) -> None:
        self.last_activity = started
        self.minutes = clamp_minutes(minutes)

    def touch(self, now: datetime) -> None:
        self.last_activity = now

    def should_lock(self, now: datetime) -> bool:
        return now - self.last_activity >= timedelta(minutes=self.minutes)

    def seconds_left(self, now: datetime) -> float:
        limit = timedelta(minutes=self.minutes)
        return max(0.0, (limit - (now - self.last_activity)).total_seconds())
