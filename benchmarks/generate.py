"""Synthetic practice generator: a new practice folder filled with made-up clients and contracts.

    .venv/bin/python benchmarks/generate.py --home /tmp/bench-practice [--clients 5000]
        [--years 0] [--weekly-load 25] [--seed 1] [--today 2026-01-05] [--passphrase-file FILE]

The content comes from practice_desk.services.sample_practice (the demo practice uses it too):
the same seed and --today give the same clients and contracts on every run and every machine.
Everything goes in through the ordinary use cases, so the duplicate guard, the role rules and
the audit trail all run; batches of 500 clients are committed together.

With --years N the practice also gets a calendar from practice_desk.services.sample_calendar:
N years of history up to --today and six weeks booked ahead, about --weekly-load sessions a
week, with the clients that history brings in (the calendar's caseload comes on top of
--clients; a dozen of the sample clients' active contracts get sessions too). Everything is
booked and marked through practice.bookings. `--clients 300 --years 20` is a career-size
practice.

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
from practice_desk.services.sample_calendar import CalendarFillReport, fill_sample_calendar
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
    parser.add_argument(
        "--years",
        type=float,
        default=0,
        help="years of calendar history up to --today (default 0: no calendar)",
    )
    parser.add_argument(
        "--weekly-load",
        type=int,
        default=25,
        help="sessions a week in the calendar (default 25)",
    )
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
    if args.years < 0 or args.weekly_load < 1:
        parser.error("--years must be 0 or more, --weekly-load at least 1")
    return args


def _passphrase(path: Path | None) -> str:
    if path is None:
        print(f"Passphrase (synthetic data only): {BENCH_PASSPHRASE}")
        return BENCH_PASSPHRASE
    lines = path.read_text("utf-8").splitlines()
    return lines[0] if lines else ""


def _every(step: int, noun: str):
    """A progress callback that prints when the count passes another `step`."""
    printed = [0]

    def report(done: int) -> None:
        if done // step > printed[0]:
            printed[0] = done // step
            print(f"  {done:>7,} {noun}", flush=True)

    return report


def _print_calendar(calendar: CalendarFillReport, years: float) -> None:
    print(f"  calendar            {calendar.first_day} to {calendar.last_day} ({years:g} years)")
    print(f"    clients it brought in  {calendar.clients:>7,}")
    print(
        f"    contracts              {calendar.contracts:>7,} "
        f"({calendar.therapy_contracts:,} therapy, {calendar.coaching_contracts:,} coaching; "
        f"{calendar.existing_contracts:,} sample contracts given sessions)"
    )
    print(f"    appointments           {calendar.appointments:>7,}")
    print(f"      consultations        {calendar.consultations:>7,}")
    print(f"      sessions             {calendar.sessions:>7,}")
    print(f"      blocked time         {calendar.blocked:>7,}")
    print(
        f"    outcomes: {calendar.attended:,} attended, {calendar.cancelled:,} cancelled, "
        f"{calendar.late_cancelled:,} cancelled late, {calendar.no_show:,} did not attend; "
        f"{calendar.booked:,} booked ahead"
    )


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
        calendar, booked = None, 0.0
        if args.years > 0:
            booking = time.perf_counter()
            calendar = fill_sample_calendar(
                practice,
                years=args.years,
                seed=args.seed,
                today=today,
                weekly_load=args.weekly_load,
                progress=_every(5000, "appointments"),
            )
            booked = time.perf_counter() - booking
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
    if calendar is not None:
        _print_calendar(calendar, args.years)
    print(f"  audit chain         {'intact' if intact else 'BROKEN'}")
    print(f"  files               {size / 1e6:.1f} MB")
    if calendar is None:
        print(f"Filled in {filled:.1f} s ({total:.1f} s with creating and closing the practice).")
    else:
        rate = calendar.appointments / booked if booked else 0.0
        print(
            f"Clients and contracts filled in {filled:.1f} s; the calendar's "
            f"{calendar.appointments:,} appointments booked in {booked:.1f} s "
            f"({rate:,.0f} a second); {total:.1f} s with creating and closing the practice."
        )
    return 0 if intact else 1


if __name__ == "__main__":
    raise SystemExit(main())
