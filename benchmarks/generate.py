"""Synthetic practice generator: a new practice folder filled with made-up clients and contracts.

    .venv/bin/python benchmarks/generate.py --home /tmp/bench-practice [--clients 5000]
        [--seed 1] [--today 2026-01-05] [--passphrase-file FILE]

The content comes from practice_desk.services.sample_practice (the demo practice uses it too):
the same seed and --today give the same clients and contracts on every run and every machine.
Everything goes in through the ordinary use cases, so the duplicate guard, the role rules and
the audit trail all run; batches of 500 clients are committed together.

The practice uses the cheapest accepted Argon2id cost (fast_params_for_tests): it holds no real
data, and a benchmark should not wait for the key derivation. Without --passphrase-file the
passphrase is a fixed one, printed below, for the same reason.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from practice_desk.domain.clock import SystemClock
from practice_desk.domain.passphrase import PassphraseRejected
from practice_desk.domain.profile import PracticeProfile
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.locations import VaultFiles
from practice_desk.services.sample_practice import fill_sample_practice
from practice_desk.services.vault import Vault, VaultState

BENCH_PASSPHRASE = "synthetic practice for benchmarks only"
DEFAULT_TODAY = date(2026, 1, 5)
PROFILE = PracticeProfile(
    "Sample Practice", "Dr. Sam Sample", "Psychotherapist, executive coach (synthetic data)"
)


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", required=True, type=Path, help="a folder without a practice")
    parser.add_argument("--clients", type=int, default=5000, help="how many (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=DEFAULT_TODAY,
        help=f"the day the sample's dates count back from (default {DEFAULT_TODAY})",
    )
    parser.add_argument(
        "--passphrase-file", type=Path, help="a file whose first line is the passphrase"
    )
    args = parser.parse_args(argv)
    if args.clients < 0:
        parser.error("--clients must be 0 or more")
    return args


def _passphrase(path: Path | None) -> str:
    if path is None:
        print(f"Passphrase (synthetic data only): {BENCH_PASSPHRASE}")
        return BENCH_PASSPHRASE
    lines = path.read_text("utf-8").splitlines()
    return lines[0] if lines else ""


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    clock = SystemClock()
    vault = Vault(VaultFiles(args.home), clock, kdf_params=fast_params_for_tests)
    if vault.state() is not VaultState.NEW:
        print(f"{args.home} already holds a practice; choose an empty folder.", file=sys.stderr)
        return 2
    today = min(args.today, clock.now().astimezone().date())
    if today != args.today:
        print(f"--today is in the future here; using {today}.", file=sys.stderr)

    began = time.perf_counter()
    try:
        practice = vault.create(PROFILE, _passphrase(args.passphrase_file)).practice
    except PassphraseRejected as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        filling = time.perf_counter()
        summary = fill_sample_practice(
            practice,
            clients=args.clients,
            seed=args.seed,
            today=today,
            progress=lambda done: print(f"  {done:>7,} clients", flush=True),
        )
        filled = time.perf_counter() - filling
        intact = practice.audit.verify().intact
    finally:
        practice.close()
    total = time.perf_counter() - began

    size = sum(path.stat().st_size for path in vault.files.home.iterdir() if path.is_file())
    print()
    print(f"Practice at {vault.files.home} (seed {args.seed}, today {today})")
    print(f"  clients             {summary.clients:>9,}")
    print(f"  therapy contracts   {summary.therapy_contracts:>9,}")
    print(f"  coaching contracts  {summary.coaching_contracts:>9,}")
    print(f"  goals               {summary.goals:>9,}")
    print(f"  consultations       {summary.consultations:>9,}")
    print(f"  referral notes      {summary.referral_notes:>9,}")
    print(f"  look-alikes (confirmed different people) {summary.look_alikes_confirmed:,}")
    print(f"  audit chain         {'intact' if intact else 'BROKEN'}")
    print(f"  files               {size / 1e6:.1f} MB")
    print(f"Filled in {filled:.1f} s ({total:.1f} s with creating and closing the practice).")
    return 0 if intact else 1


if __name__ == "__main__":
    raise SystemExit(main())
