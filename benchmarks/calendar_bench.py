"""Calendar benchmark: the next free slots and a week's appointments in a career-size calendar.

Run it with `make bench`, or
`QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/calendar_bench.py [--home DIR] [--runs 50]`
(the script sets QT_QPA_PLATFORM=offscreen itself when it is unset, for the week view). It is
not called calendar.py: a script of that name in this folder would stand in for the standard
library's `calendar` module (which datetime.strptime imports) in every script here.

The practice: with --home pointing at a practice made by benchmarks/generate.py (with its
default --today and the fixed benchmark passphrase, or --passphrase-file), that one is opened
and measured. Otherwise a practice is built the same way, `generate.py --clients 300 --years 20`
(the sample practice, then `fill_sample_calendar`: twenty years of history and six weeks
ahead, about 25 sessions a week), in --home when it is given and empty, else in a temporary
folder that is removed afterwards; the time that takes is printed, and not counted.

The clock stands at 08:00 on --today in the practice's time zone (a ManualClock), so "now" is
where the generated history ends and the booked weeks begin, whenever the benchmark runs.

Figures, each the median and max of --runs calls after one uncounted call:

(a) `practice.bookings.next_free_slots(50)`: the next six free 50-minute slots within working
    hours, keeping the gap. It reads the busy times of the next 57 days and searches them
    (target <= 20 ms).
(b) `practice.bookings.on_days(monday, 7)`: every appointment of the busiest week in the
    practice (the most appointments; the latest of equals), read and built as Appointment
    objects, client names included.
(c) the week view shown (target <= 50 ms with 60 appointments in the week): the Calendar
    area's refresh (read the week, build the grid's items, lay them out) and a synchronous
    paint of the grid, in a week booked for the purpose (see `time_week_view`).

Times come from time.perf_counter(). Nothing printed comes from a practice: the data is
synthetic and the output is timings and counts only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from bench_table import row
from pyside_check import none_lost_per_call, quiet_offscreen_warning

SLOT_MINUTES = 50
FREE_SLOTS_TARGET_MS = 20.0
WEEK_VIEW_TARGET_MS = 50.0
WEEK_VIEW_APPOINTMENTS = 60  # the week the view's target is set for
DEFAULT_TODAY = date(2026, 1, 5)  # benchmarks/generate.py's default --today
BENCH_PASSPHRASE = "synthetic practice for benchmarks only"  # as in generate.py
EVERYTHING = (datetime(1900, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC))


# --- the practice --------------------------------------------------------------------------------


def _open_or_build(args, clock):
    """(practice, seconds spent building or None, temporary folder or None)."""
    from practice_desk.domain.profile import PracticeProfile
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.sample_calendar import fill_sample_calendar
    from practice_desk.services.sample_practice import fill_sample_practice
    from practice_desk.services.vault import Vault, VaultState

    scratch = None
    home = args.home
    if home is None:
        scratch = Path(tempfile.mkdtemp(prefix="practice-desk-calendar-bench-"))
        home = scratch / "practice"
    vault = Vault(VaultFiles(home), clock, kdf_params=fast_params_for_tests)
    if vault.state() is not VaultState.NEW:
        return vault.unlock(_passphrase(args.passphrase_file)), None, scratch
    print(
        f"Building a practice: {args.clients} sample clients and {args.years:g} years of "
        f"calendar (seed {args.seed}, today {args.today})…",
        flush=True,
    )
    began = time.perf_counter()
    profile = PracticeProfile("Sample Practice", "Dr. Sam Sample", "Synthetic data")
    practice = vault.create(profile, _passphrase(args.passphrase_file)).practice
    fill_sample_practice(practice, clients=args.clients, seed=args.seed, today=args.today)
    fill_sample_calendar(practice, years=args.years, seed=args.seed, today=args.today)
    return practice, time.perf_counter() - began, scratch


def _passphrase(path: Path | None) -> str:
    if path is None:
        return BENCH_PASSPHRASE
    lines = path.read_text("utf-8").splitlines()
    return lines[0] if lines else ""


def _set_clock_to_morning(practice, clock, today: date) -> None:
    """Move the clock to 08:00 on `today` in the practice's zone."""
    from practice_desk.domain.practice_time import to_utc

    morning = to_utc(datetime(today.year, today.month, today.day, 8), practice.bookings.settings.tz)
    clock.advance((morning - clock.now()).total_seconds())


def _busiest_week(practice, appointments) -> tuple[date, int]:
    from practice_desk.domain.practice_time import week_start

    weeks = Counter(week_start(practice.bookings.local(a.starts_at).date()) for a in appointments)
    monday, count = max(weeks.items(), key=lambda item: (item[1], item[0]))
    return monday, count


# --- the figures ---------------------------------------------------------------------------------


def _timed(call, runs: int) -> list[float]:
    """Milliseconds for `runs` calls, after one uncounted call."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_free_slots(practice, runs: int) -> list[float]:
    return _timed(lambda: practice.bookings.next_free_slots(SLOT_MINUTES), runs)


def time_week_read(practice, monday: date, runs: int) -> list[float]:
    return _timed(lambda: practice.bookings.on_days(monday, 7), runs)


def time_week_view(practice, monday: date, runs: int) -> list[float] | None:
    """Milliseconds to show a week of WEEK_VIEW_APPOINTMENTS appointments in the calendar's
    week view: read the week, build the grid's items, lay them out and paint, synchronously
    (QWidget.repaint), offscreen, with the app's stylesheet. None if PySide6 is unsound.

    Generated weeks hold 25-35 appointments, so the week is booked for the purpose after the
    last booked one: twelve 50-minute sessions a day, Monday to Friday, 08:00 to 19:50. That
    booking happens inside a transaction that is rolled back afterwards, so a practice reused
    with --home is left as it was."""
    from PySide6.QtWidgets import QApplication

    from practice_desk.storage.database import transaction
    from practice_desk.ui.calendar_area import CalendarArea
    from practice_desk.ui.style import STYLESHEET

    if os.environ["QT_QPA_PLATFORM"] == "offscreen":
        quiet_offscreen_warning()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(STYLESHEET)
    if none_lost_per_call() > 0:
        print("This PySide6 build drops references to None; reinstall the project.")
        return None

    class _Undo(Exception):
        pass

    times: list[float] = []
    try:
        with transaction(practice.conn):
            week = _book_a_full_week(practice)
            area = CalendarArea(practice)
            area.resize(1280, 800)
            area.show()
            area.show_date(week)
            app.processEvents()
            shown = len(area.grid.items)
            if shown != WEEK_VIEW_APPOINTMENTS:
                raise RuntimeError(f"the week view shows {shown} appointments")

            def show_week() -> None:
                area.refresh()
                area.grid.repaint()

            times = _timed(show_week, runs)
            area.close()
            area.deleteLater()
            app.processEvents()
            raise _Undo()
    except _Undo:
        pass
    return times


def _book_a_full_week(practice) -> date:
    """Book WEEK_VIEW_APPOINTMENTS sessions in the first empty week after the last booking."""
    from datetime import time as clock_time
    from datetime import timedelta

    from practice_desk.domain.appointments import AppointmentKind, AppointmentRequest
    from practice_desk.domain.clients import ClientDetails
    from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
    from practice_desk.domain.practice_time import week_start

    bookings = practice.bookings
    last = max(a.ends_at for a in bookings.between(*EVERYTHING))
    monday = week_start(bookings.local(last).date()) + timedelta(weeks=2)
    clients = []
    for number in range(6):
        client = practice.clients.create(ClientDetails(f"Week view client {number + 1}"))
        practice.contracts.create(
            client.id,
            ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, practice.today),
        )
        clients.append(client.id)
    per_day = WEEK_VIEW_APPOINTMENTS // 5
    for day in range(5):
        for hour in range(per_day):
            start = datetime.combine(monday + timedelta(days=day), clock_time(8 + hour))
            bookings.book(
                AppointmentRequest(
                    AppointmentKind.THERAPY_SESSION,
                    start,
                    SLOT_MINUTES,
                    clients[(day * per_day + hour) % len(clients)],
                ),
                confirmed=True,
            )
    return monday


# --- the report ----------------------------------------------------------------------------------


def _parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--home", type=Path, help="a practice from generate.py to reuse, or an empty folder"
    )
    parser.add_argument("--runs", type=int, default=50, help="timed calls each (default 50)")
    parser.add_argument(
        "--clients", type=int, default=300, help="sample clients when building (default 300)"
    )
    parser.add_argument(
        "--years", type=float, default=20, help="calendar years when building (default 20)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=DEFAULT_TODAY,
        help=f"the practice's today, as generated (default {DEFAULT_TODAY})",
    )
    parser.add_argument(
        "--passphrase-file", type=Path, help="a file whose first line is the passphrase"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.clients < 0 or args.years < 0:
        parser.error("--runs must be at least 1, --clients and --years 0 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty: for the week view
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from practice_desk.domain.clock import ManualClock

    began = time.perf_counter()
    clock = ManualClock(datetime(args.today.year, args.today.month, args.today.day, 12, tzinfo=UTC))
    practice, built_s, scratch = _open_or_build(args, clock)
    try:
        _set_clock_to_morning(practice, clock, args.today)
        appointments = practice.bookings.between(*EVERYTHING)
        if not appointments:
            print("The practice has no calendar; build one with generate.py --years.")
            return 2
        monday, in_week = _busiest_week(practice, appointments)
        slots = practice.bookings.next_free_slots(SLOT_MINUTES)
        free = time_free_slots(practice, args.runs)
        week = time_week_read(practice, monday, args.runs)
        view = time_week_view(practice, monday, args.runs)
    finally:
        practice.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    first = min(a.starts_at for a in appointments).date()
    print()
    if built_s is not None:
        print(f"Practice built in {built_s:.1f} s (not counted).")
    print(
        f"{len(appointments):,} appointments from {first} on; now is 08:00 on {args.today}. "
        f"{len(slots)} free slots found; the busiest week (from {monday}) has {in_week}."
    )
    print(f"Milliseconds over {args.runs} runs each (after one uncounted run):")
    print(f"  {'':44} {'median':>6} {'max':>8}   {'target':<9} verdict")
    print(row("(a) next_free_slots(50)", free, FREE_SLOTS_TARGET_MS))
    print(row(f"(b) on_days(monday, 7): {in_week} appointments", week, None))
    print(
        row(
            f"(c) week view painted ({WEEK_VIEW_APPOINTMENTS} appointments)",
            view,
            WEEK_VIEW_TARGET_MS,
        )
    )
    print(f"  Took {time.perf_counter() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
