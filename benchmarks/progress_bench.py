"""Progress benchmark: the progress view of a client with 200 signed sessions opens.

Run it with
`QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/progress_bench.py [--sessions 200] [--runs 30]`
(the script sets QT_QPA_PLATFORM=offscreen itself when it is unset).

The practice: a new one in a temporary folder, removed afterwards, with the cheapest Argon2id
cost. It holds one client with an active therapy contract (a coaching edge, three goals) and
--sessions signed sessions made by `fill_sample_sessions` through the session use cases, one
a week with about five progress markers each. The clock is a ManualClock; the sessions begin
on --first-day at 10:00 UTC. The time the building takes is printed, and not counted.

The figure is the median and max of --runs openings, after one uncounted opening: building
`ProgressView(practice.sessions, client_id)` (one call to `sessions.progress()`, then the
chart's bars, the timeline's rows and the goal cards), `show()` at 1100x750 with the app's
stylesheet, and a synchronous paint of the whole view (`grab()`), offscreen. Each view is
closed, deleted and garbage collected, untimed, before the next. Target: median <= 100 ms.
For reference, the reading alone (`sessions.progress()`, the services' part) is timed too.

Times come from time.perf_counter(). Nothing printed comes from a practice: the data is
synthetic and the output is timings and counts only.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench_table import row
from pyside_check import none_lost_per_call, quiet_offscreen_warning

OPEN_TARGET_MS = 100.0
DEFAULT_FIRST_DAY = date(2022, 1, 3)
BENCH_PASSPHRASE = "synthetic practice for benchmarks only"  # as in generate.py
VIEW_SIZE = (1100, 750)


def _build(home: Path, clock, sessions: int, seed: int):
    """(practice, client id, markers stored)."""
    from practice_desk.domain.contracts import ContractKind
    from practice_desk.domain.profile import PracticeProfile
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.sample_sessions import (
        add_sample_client_in_work,
        fill_sample_sessions,
    )
    from practice_desk.services.vault import Vault

    vault = Vault(VaultFiles(home), clock, kdf_params=fast_params_for_tests)
    profile = PracticeProfile("Sample Practice", "Dr. Sam Sample", "Synthetic data")
    practice = vault.create(profile, BENCH_PASSPHRASE).practice
    client_id = add_sample_client_in_work(practice, kind=ContractKind.THERAPY, seed=seed)
    report = fill_sample_sessions(practice, client_id, sessions, seed=seed)
    return practice, client_id, report.markers


def time_reading(practice, client_id: int, runs: int) -> list[float]:
    """Milliseconds for `sessions.progress()` alone, the part of the opening that reads."""
    practice.sessions.progress(client_id)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        practice.sessions.progress(client_id)
        times.append((time.perf_counter() - started) * 1000)
    return times


def time_opening(practice, client_id: int, runs: int) -> list[float] | None:
    """Milliseconds to build, show and paint the progress view; None if PySide6 is unsound."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from practice_desk.ui.progress_view import ProgressView
    from practice_desk.ui.style import STYLESHEET

    if os.environ["QT_QPA_PLATFORM"] == "offscreen":
        quiet_offscreen_warning()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(STYLESHEET)
    if none_lost_per_call() > 0:
        print("This PySide6 build drops references to None; reinstall the project.")
        return None

    def open_view() -> ProgressView:
        view = ProgressView(practice.sessions, client_id, local=practice.bookings.local)
        view.resize(*VIEW_SIZE)
        view.show()
        view.grab()  # a synchronous paint of the view and every child
        return view

    def close(view: ProgressView) -> None:
        """Untimed: delete the view now (without an event loop running, deleteLater alone
        would keep every view alive), and collect its garbage before the next opening."""
        view.close()
        view.deleteLater()
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()

    close(open_view())  # the first opening warms the caches; not counted
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        view = open_view()
        times.append((time.perf_counter() - started) * 1000)
        close(view)
    return times


def _parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200, help="signed sessions (default 200)")
    parser.add_argument("--runs", type=int, default=30, help="timed openings (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--first-day",
        type=date.fromisoformat,
        default=DEFAULT_FIRST_DAY,
        help=f"the day of the first session (default {DEFAULT_FIRST_DAY})",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.sessions < 0:
        parser.error("--runs must be at least 1, --sessions 0 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty: offscreen
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from practice_desk.domain.clock import ManualClock

    began = time.perf_counter()
    first = args.first_day
    clock = ManualClock(datetime(first.year, first.month, first.day, 10, tzinfo=UTC))
    scratch = Path(tempfile.mkdtemp(prefix="practice-desk-progress-bench-"))
    try:
        print(f"Building a practice: one client with {args.sessions} signed sessions…", flush=True)
        built = time.perf_counter()
        practice, client_id, markers = _build(scratch / "practice", clock, args.sessions, args.seed)
        built_s = time.perf_counter() - built
        try:
            reads = time_reading(practice, client_id, args.runs)
            times = time_opening(practice, client_id, args.runs)
        finally:
            practice.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print(
        f"Practice built in {built_s:.1f} s (not counted): {args.sessions} sessions, {markers} markers."
    )
    print(f"Milliseconds over {args.runs} runs (after one uncounted run):")
    print(f"  {'':44} {'median':>6} {'max':>8}   {'target':<9} verdict")
    print(row(f"(a) progress view, {args.sessions} sessions: opened", times, OPEN_TARGET_MS))
    print(row("(b) of which sessions.progress() (reference)", reads, None))
    print(f"  Took {time.perf_counter() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
