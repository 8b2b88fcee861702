import pytest

from practice_desk.security.kdf import (
    DEFAULT_MEMORY_KIB,
    MAX_ITERATIONS,
    MIN_MEMORY_KIB,
    TARGET_SECONDS,
    KdfParams,
    calibrate,
    derive_key,
    fast_params_for_tests,
)


class ModelMachine:
    """A computer whose Argon2id time is fixed + per_pass * iterations (no real hashing)."""

    def __init__(self, fixed, per_pass, *, drift=1.0):
        self.fixed = fixed
        self.per_pass = per_pass
        self.drift = drift  # > 1: the machine gets slower after the first two timings
        self.calls = []

    def seconds(self, params):
        return self.fixed + self.per_pass * params.iterations

    def __call__(self, params):
        self.calls.append(params)
        factor = self.drift if len(self.calls) > 2 else 1.0
        return self.seconds(params) * factor


@pytest.mark.parametrize(
    ("fixed", "per_pass"), [(0.1, 0.05), (0.05, 0.01), (0.2, 0.1), (0.0, 0.02), (0.3, 0.004)]
)
def test_calibration_hits_the_target_time(fixed, per_pass):
    machine = ModelMachine(fixed, per_pass)
    params = calibrate(measure=machine)
    assert abs(machine.seconds(params) - TARGET_SECONDS) <= per_pass / 2 + 1e-9
    assert params.memory_kib == DEFAULT_MEMORY_KIB
    params.check_bounds()


def test_calibration_uses_the_memory_it_is_given_and_a_fresh_salt():
    machine = ModelMachine(0.1, 0.05)
    params = calibrate(target_seconds=1.0, memory_kib=MIN_MEMORY_KIB, measure=machine)
    assert all(probe.memory_kib == MIN_MEMORY_KIB for probe in machine.calls)
    assert params.memory_kib == MIN_MEMORY_KIB
    assert len(params.salt) == 16
    assert params.salt not in {probe.salt for probe in machine.calls}
    assert machine.seconds(params) == pytest.approx(1.0, abs=0.025)


def test_calibration_corrects_when_the_check_disagrees():
    machine = ModelMachine(0.1, 0.05, drift=2.0)  # twice as slow as first measured
    params = calibrate(measure=machine)
    assert len(machine.calls) <= 4
    actual = machine.seconds(params) * machine.drift
    assert 0.5 <= actual <= 1.0


def test_a_noisy_first_timing_does_not_push_unlocking_below_half_a_second():
    """A busy moment during the 1-pass probe once made calibration choose too few passes."""
    machine = ModelMachine(0.08, 0.045)
    timings = iter([0.30, 0.08 + 0.045 * 5])  # the 1-pass probe caught the machine busy

    def measure(params):
        machine.calls.append(params)
        return next(timings, None) or machine.seconds(params)

    params = calibrate(measure=measure)
    assert 0.5 <= machine.seconds(params) <= 1.0


def test_a_very_fast_machine_is_capped_at_the_maximum_passes():
    params = calibrate(measure=ModelMachine(0.0001, 0.000001))
    assert params.iterations == MAX_ITERATIONS


def test_a_very_slow_machine_still_gets_two_passes():
    params = calibrate(measure=ModelMachine(2.0, 1.0))
    assert params.iterations == 2


def test_derive_is_deterministic_per_salt_and_secret():
    params = fast_params_for_tests()
    key = derive_key(b"secret", params)
    assert len(key) == 32
    assert derive_key(b"secret", params) == key
    assert derive_key(b"secret", params.with_new_salt()) != key
    assert derive_key(b"Secret", params) != key


@pytest.mark.parametrize(
    "params",
    [
        KdfParams(b"s" * 16, 1, MIN_MEMORY_KIB - 1),
        KdfParams(b"s" * 16, 0, MIN_MEMORY_KIB),
        KdfParams(b"s" * 16, MAX_ITERATIONS + 1, MIN_MEMORY_KIB),
        KdfParams(b"s" * 15, 1, MIN_MEMORY_KIB),
        KdfParams(b"s" * 16, 1, MIN_MEMORY_KIB, lanes=0),
    ],
)
def test_derive_refuses_parameters_we_never_write(params):
    with pytest.raises(ValueError):
        derive_key(b"secret", params)


def test_fast_test_parameters_are_still_within_what_we_accept():
    params = fast_params_for_tests()
    params.check_bounds()
    assert params.memory_kib == MIN_MEMORY_KIB == 64 * 1024


def test_describe_never_includes_the_salt():
    described = fast_params_for_tests().describe()
    assert "salt" not in described
    assert described == {"iterations": 1, "memory_kib": MIN_MEMORY_KIB, "lanes": 4}
