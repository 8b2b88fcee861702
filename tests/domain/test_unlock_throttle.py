import itertools

import pytest

from practice_desk.domain.clock import ManualClock
from practice_desk.domain.unlock_throttle import (
    FREE_ATTEMPTS,
    MAX_DELAY_SECONDS,
    UnlockThrottle,
    delay_after,
)


@pytest.mark.parametrize("failures", [0, 1, 2, 3, 4])
def test_no_delay_for_the_first_failures(failures):
    assert delay_after(failures) == 0


def test_delay_grows_after_five_failures_and_is_capped():
    delays = [delay_after(n) for n in range(FREE_ATTEMPTS, FREE_ATTEMPTS + 10)]
    assert delays[:5] == [5, 10, 20, 40, 80]
    assert all(later >= earlier for earlier, later in itertools.pairwise(delays))
    assert max(delays) == MAX_DELAY_SECONDS
    assert delay_after(10_000) == MAX_DELAY_SECONDS


def fail(throttle, clock, times):
    for _ in range(times):
        throttle.record_failure(clock.now())


def test_four_failures_leave_no_wait():
    clock = ManualClock()
    throttle = UnlockThrottle()
    fail(throttle, clock, 4)
    assert throttle.seconds_to_wait(clock.now()) == 0


def test_fifth_failure_asks_to_wait_until_the_clock_moves_on():
    clock = ManualClock()
    throttle = UnlockThrottle()
    fail(throttle, clock, 4)
    assert throttle.record_failure(clock.now()) == 5
    assert throttle.seconds_to_wait(clock.now()) == 5
    clock.advance(4.2)
    assert throttle.seconds_to_wait(clock.now()) == 1  # rounds up: never says 0 too early
    clock.advance(0.8)
    assert throttle.seconds_to_wait(clock.now()) == 0


def test_each_further_failure_doubles_the_wait():
    clock = ManualClock()
    throttle = UnlockThrottle()
    fail(throttle, clock, 5)
    clock.advance(5)
    assert throttle.record_failure(clock.now()) == 10
    assert throttle.seconds_to_wait(clock.now()) == 10


def test_wait_never_exceeds_five_minutes():
    clock = ManualClock()
    throttle = UnlockThrottle()
    fail(throttle, clock, 50)
    assert throttle.seconds_to_wait(clock.now()) == MAX_DELAY_SECONDS


def test_success_resets_the_count_and_the_wait():
    clock = ManualClock()
    throttle = UnlockThrottle()
    fail(throttle, clock, 7)
    throttle.record_success()
    assert throttle.failures == 0
    assert throttle.seconds_to_wait(clock.now()) == 0
    fail(throttle, clock, 4)  # a fresh run of free attempts
    assert throttle.seconds_to_wait(clock.now()) == 0
