"""Start-up of the installed (frozen) app against the app run from source.

    make dist   # builds dist/practice-desk/
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/frozen_startup.py [--bundle PATH]

Both are timed from process start to the unlock screen on screen, the same way: the app's own
probe (practice_desk.ui.startup_probe, switched on by PRACTICE_DESK_STARTUP_PROBE=1) prints
the moment the first frame showing the unlock screen is handed over, and the parent subtracts
the moment it spawned the process. Both open the same locked practice, made beforehand in a
temporary folder (see startup.py).

(a) from source: `python -m practice_desk`, what `make run` starts.
(b) frozen: the PyInstaller bundle's `practice-desk`.
(c) the ratio (b)/(a), against the target of at most 1.5x.

One uncounted warm-up of each comes first (file caches; the source run's .pyc files), then the
runs alternate a/b and b/a. Without a bundle it says how to build one and exits 0, so
`make bench` works before `make dist`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from practice_desk.ui.startup_probe import PROBE_ENV
from startup import BenchmarkFailed, create_practice, time_to_exposed_ms

ROOT = Path(__file__).resolve().parent.parent
EXECUTABLE = "practice-desk.exe" if sys.platform == "win32" else "practice-desk"
DEFAULT_BUNDLE = ROOT / "dist" / "practice-desk" / EXECUTABLE
RATIO_TARGET = 1.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE, help="the frozen app")
    parser.add_argument("--runs", type=int, default=7, help="timed starts of each (default 7)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.bundle.is_file():
        print(f"Frozen start-up: no bundle at {args.bundle}; build it with `make dist` first.")
        return 0
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    began = time.perf_counter()
    commands = {"source": [sys.executable, "-m", "practice_desk"], "frozen": [str(args.bundle)]}
    times: dict[str, list[float]] = {mode: [] for mode in commands}
    with tempfile.TemporaryDirectory(prefix="practice-desk-bench-") as temp:
        home = os.path.join(temp, "practice")
        create_practice(home)
        env = {**os.environ, "PRACTICE_DESK_HOME": home, PROBE_ENV: "1"}
        try:
            for mode, command in commands.items():
                time_to_exposed_ms(mode, command, env)  # warm-up, not counted
            for run in range(args.runs):
                order = ("source", "frozen") if run % 2 == 0 else ("frozen", "source")
                for mode in order:
                    times[mode].append(time_to_exposed_ms(mode, commands[mode], env))
        except BenchmarkFailed as exc:
            print(f"Benchmark failed: {exc}", file=sys.stderr)
            return 2

    source, frozen = times["source"], times["frozen"]
    ratio = statistics.median(frozen) / statistics.median(source)
    verdict = "met" if ratio <= RATIO_TARGET else "MISSED"
    files = [f for f in args.bundle.parent.rglob("*") if f.is_file() and not f.is_symlink()]
    size = sum(f.stat().st_size for f in files)
    print()
    print(f"Frozen start-up to the unlock screen (QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']})")
    print()
    print(f"  {'':28} {'median':>9} {'min':>9}   {'target':<9} verdict")
    print(f"  {'(a) from source':28} {statistics.median(source):>6.0f} ms {min(source):>6.0f} ms")
    print(f"  {'(b) frozen bundle':28} {statistics.median(frozen):>6.0f} ms {min(frozen):>6.0f} ms")
    print(
        f"  {'(c) ratio (b)/(a)':28} {ratio:>7.2f} x {min(frozen) / min(source):>7.2f} x"
        f"   <= {RATIO_TARGET:g} x   {verdict}"
    )
    print()
    print(
        f"  Bundle: {args.bundle.parent} ({size / 2**20:.0f} MiB in its files). "
        f"{args.runs} starts of each after one warm-up; took {time.perf_counter() - began:.0f} s."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
