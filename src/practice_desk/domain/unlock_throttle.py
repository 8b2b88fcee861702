"""A growing pause after repeated wrong passphrases.

It slows a person guessing at the keyboard; the real protection against someone who copies
the files is the Argon2id cost of every guess. The count lives in memory only: a wrong
passphrase must leave every file byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

FREE_ATTEMPTS = 5
FIRST_DELAY_SECONDS = 5
MAX_DELAY_SECONDS = 300


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` consecutive wrong attempts."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


@dataclass
class UnlockThrottle:
    failures: int = 0
    blocked_until: datetime | None = field(default=None)

    def seconds_to_wait(self, now: datetime) -> int:
        if self.blocked_until is None or now >= self.blocked_until:
            return 0
        return max(1, int((self.blocked_until - now).total_seconds() + 0.999))

    def record_failure(self, now: datetime) -> int:
        self.failures += 1
        delay = delay_after(self.failures)
        self.blocked_until = now + timedelta(seconds=delay) if delay else None
        return delay

    def record_success(self) -> None:
        self.failures = 0
        self.blocked_until = None
