import pytest

from practice_desk.domain.clock import ManualClock
from practice_desk.domain.idle import DEFAULT_MINUTES, IdlePolicy, clamp_minutes


def test_default_is_five_minutes():
    clock = ManualClock()
    policy = IdlePolicy(clock.now())
    assert policy.minutes == DEFAULT_MINUTES == 5
    clock.advance(minutes=5)
    assert policy.should_lock(clock.now())


def test_locks_exactly_at_the_limit_not_a_second_before():
    clock = ManualClock()
    policy = IdlePolicy(clock.now(), minutes=10)
    clock.advance(minutes=10, seconds=-1)
    assert not policy.should_lock(clock.now())
    assert policy.seconds_left(clock.now()) == 1
    clock.advance(1)
    assert policy.should_lock(clock.now())
    assert policy.seconds_left(clock.now()) == 0


def test_touch_restarts_the_countdown():
    clock = ManualClock()
    policy = IdlePolicy(clock.now(), minutes=2)
    clock.advance(minutes=1, seconds=59)
    policy.touch(clock.now())
    clock.advance(minutes=1, seconds=59)
    assert not policy.should_lock(clock.now())
    clock.advance(1)
    assert policy.should_lock(clock.now())


def test_a_laptop_that_slept_past_the_limit_locks_at_once():
    clock = ManualClock()
    policy = IdlePolicy(clock.now(), minutes=5)
    clock.advance(minutes=600)
    assert policy.should_lock(clock.now())
    assert policy.seconds_left(clock.now()) == 0


@pytest.mark.parametrize(
    ("asked", "kept"), [(-5, 1), (0, 1), (1, 1), (30, 30), (60, 60), (61, 60), (10_000, 60)]
)
def test_minutes_are_clamped_to_one_to_sixty(asked, kept):
    assert clamp_minutes(asked) == kept
    assert IdlePolicy(ManualClock().now(), minutes=asked).minutes == kept
