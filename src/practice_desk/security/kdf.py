"""Argon2id key derivation, with its cost calibrated on the computer that creates the practice."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

MIN_MEMORY_KIB = 64 * 1024
DEFAULT_MEMORY_KIB = 128 * 1024
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 200  # a bound, so a doctored key file can't make unlocking hang for hours
LANES = 4
TARGET_SECONDS = 0.7  # within the 0.5-1 s a practitioner barely notices once a day
ACCEPTABLE_SECONDS = (0.5, 1.0)


@dataclass(frozen=True)
class KdfParams:
    salt: bytes
    iterations: int
    memory_kib: int = DEFAULT_MEMORY_KIB
    lanes: int = LANES

    def check_bounds(self) -> None:
        """Raise ValueError when the parameters are weaker or heavier than we ever write."""
        if len(self.salt) < 16:
            raise ValueError("salt too short")
        if not MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB:
            raise ValueError("memory cost out of range")
        if not 1 <= self.iterations <= MAX_ITERATIONS:
            raise ValueError("time cost out of range")
        if not 1 <= self.lanes <= 16:
            raise ValueError("parallelism out of range")

    def with_new_salt(self) -> KdfParams:
        return KdfParams(os.urandom(16), self.iterations, self.memory_kib, self.lanes)

    def describe(self) -> dict[str, int]:
        info = asdict(self)
        info.pop("salt")
        return info


def derive_key(secret: bytes, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # loads after the window shows

    params.check_bounds()
    kdf = Argon2id(
        salt=params.salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret)


def measure_seconds(params: KdfParams) -> float:
    started = time.perf_counter()
    derive_key(b"calibration", params)
    return time.perf_counter() - started


def calibrate(
    target_seconds: float = TARGET_SECONDS,
    memory_kib: int = DEFAULT_MEMORY_KIB,
    measure: Callable[[KdfParams], float] = measure_seconds,
) -> KdfParams:
    """Pick the time cost that makes one derivation take about `target_seconds` here.

    Timings of 1 and 5 passes give a fixed part (allocating memory) and a cost per pass; far
    apart, so a noisy moment barely moves the slope. Then check the choice against the
    acceptable band and correct it, at most twice, if the machine disagreed.
    """
    scale = target_seconds / TARGET_SECONDS  # the band moves with a non-default target
    low, high = (bound * scale for bound in ACCEPTABLE_SECONDS)
    probe = KdfParams(os.urandom(16), 1, memory_kib)
    one = measure(probe)
    five = measure(KdfParams(probe.salt, 5, memory_kib))
    per_pass = max((five - one) / 4, 1e-4)
    fixed = max(one - per_pass, 0.0)
    iterations = _clamp_passes(round((target_seconds - fixed) / per_pass))
    for _ in range(2):
        actual = measure(KdfParams(probe.salt, iterations, memory_kib))
        if actual <= 0 or low <= actual <= high:
            break
        iterations = _clamp_passes(round(iterations * target_seconds / actual))
    return KdfParams(os.urandom(16), iterations, memory_kib)


def _clamp_passes(iterations: int) -> int:
    return max(2, min(MAX_ITERATIONS, iterations))


def fast_params_for_tests() -> KdfParams:
    """The cheapest parameters we accept: still 64 MiB, one pass. For tests and the demo."""
    return KdfParams(os.urandom(16), 1, MIN_MEMORY_KIB)
