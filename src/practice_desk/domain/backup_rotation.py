"""Which automatic backups to keep: the newest of each recent day, week and month.

Grandfather-father-son rotation. A backup is kept if it is the newest of one of the last
`daily` days that have a backup, of the last `weekly` ISO weeks, or of the last `monthly`
months; the newest backup of all is always kept. Counting days that *have* a backup, rather
than calendar days, means a fortnight's holiday never deletes the last good backups.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

STALE_AFTER = timedelta(days=2)
DAILY_INTERVAL = timedelta(hours=24)


@dataclass(frozen=True)
class KeepPolicy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def validated(self) -> KeepPolicy:
        for name, value, most in (
            ("daily", self.daily, 60),
            ("weekly", self.weekly, 52),
            ("monthly", self.monthly, 120),
        ):
            if not 0 <= value <= most:
                raise ValueError(f"Keep between 0 and {most} {name} backups.")
        return self


def to_keep(moments: Iterable[datetime], policy: KeepPolicy) -> set[datetime]:
    """The moments (local times of backups) that rotation keeps; all others may go."""
    newest_first = sorted(set(moments), reverse=True)
    if not newest_first:
        return set()
    keep = {newest_first[0]}
    buckets: tuple[tuple[int, Callable[[datetime], Hashable]], ...] = (
        (policy.daily, lambda m: m.date()),
        (policy.weekly, lambda m: m.isocalendar()[:2]),
        (policy.monthly, lambda m: (m.year, m.month)),
    )
    for count, bucket_of in buckets:
        seen: set[Hashable] = set()
        for moment in newest_first:
            if len(seen) >= count:
                break
            bucket = bucket_of(moment)
            if bucket not in seen:
                seen.add(bucket)
                keep.add(moment)
    return keep


def is_stale(last_backup: datetime | None, now: datetime) -> bool:
    """Warn the practitioner: no backup yet, or the last one is older than two days."""
    return last_backup is None or now - last_backup > STALE_AFTER


def is_due(last_backup: datetime | None, now: datetime) -> bool:
    """A daily backup is due while the practice stays open."""
    return last_backup is None or now - last_backup >= DAILY_INTERVAL
