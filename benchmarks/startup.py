"""Startup benchmark: process start to a window on screen, bare PySide6 versus Practice Desk.

Run it with `make bench`, or `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py`
(the script sets QT_QPA_PLATFORM=offscreen itself when it is unset). Figures measured:

(a) bare window: a child Python process creates a QApplication and a plain QWidget of the
    app's window size (1100 x 720), shows it and runs the event loop.
(b) unlock screen: a child process calls the real entry point, `practice_desk.app.main([])`
    (argument parsing, logging, QApplication, stylesheet, Vault(VaultFiles(home)),
    MainWindow(...), resize, show(), start(), app.exec()), against a locked practice that
    was created once beforehand in a temporary folder; PRACTICE_DESK_HOME points at it.
    The only addition is PRACTICE_DESK_STARTUP_PROBE=1, which makes the app attach the probe
    below to its unlock view. The keychain detection that start() begins on a background
    thread runs as it would for a user.
(c) unlock: `Vault.unlock(passphrase)` timed in this process on that same practice, whose
    key file was written with the parameters `calibrate()` picks on this computer; the
    Argon2id derivation alone is timed too, to show what the rest of unlocking costs.
(d) the ratio (b)/(a), against the target of at most 2x the bare window.

"Exposed", identically for both children: `practice_desk.ui.startup_probe.exit_when_painted`
on the widget that has to be seen (the bare QWidget; the MainWindow's unlock view) prints
time.time_ns() once the first frame showing it has been handed to the platform, checks that
the window is exposed (and, for the app, that the unlock view is the page on top) and leaves
with os._exit, which also ends the keychain thread without waiting for it. The installed app
is timed with the same probe by benchmarks/frozen_startup.py.

Time is measured from process start: the parent reads time.time_ns() just before spawning
the child with subprocess, and the child prints time.time_ns() when exposed. The difference
includes interpreter start-up, site (the venv's .pth files), imports, building the widgets and
the first paint: what the practitioner waits through. Both children are this same script run
with `--child`, so both pay the same few milliseconds to compile it. One uncounted warm-up run
of each comes first (file caches, .pyc files), so these are warm starts; the runs then
alternate a/b and b/a so slow drift on the machine affects both alike. On Windows with
Python < 3.13 time.time() ticks every ~16 ms, which makes single runs coarse there.

Nothing printed comes from a practice: the practice is made up, its passphrase is random and
never shown, and the output is timings and settings only.
"""

from __future__ import annotations

import os
import sys
import time

CHILD_FLAG = "--child"
EXPOSED_TAG = "EXPOSED"  # what startup_probe prints; not imported, so the parent never loads Qt
WINDOW_SIZE = (1100, 720)  # what practice_desk.app.main gives the window
CHILD_TIMEOUT_S = 60
RATIO_TARGET = 2.0
UNLOCK_TARGET_S = (0.5, 1.0)  # security/kdf.py: "the 0.5-1 s a practitioner barely notices"


# --- the children --------------------------------------------------------------------------------


def _bare_child() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    from practice_desk.ui.startup_probe import exit_when_painted

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(*WINDOW_SIZE)
    exit_when_painted(window)
    window.show()
    app.exec()


def _app_child() -> None:
    from practice_desk import app
    from practice_desk.ui.startup_probe import PROBE_ENV

    os.environ[PROBE_ENV] = "1"
    app.main([])
    sys.stdout.write("app.main returned before the unlock screen was painted\n")
    sys.stdout.flush()
    os._exit(4)


CHILDREN = {"bare": _bare_child, "app": _app_child}


# --- the parent ----------------------------------------------------------------------------------


class BenchmarkFailed(RuntimeError):
    pass


def _time_to_exposed_ms(mode: str, env: dict[str, str]) -> float:
    return time_to_exposed_ms(
        mode, [sys.executable, os.path.abspath(__file__), CHILD_FLAG, mode], env
    )


def time_to_exposed_ms(mode: str, command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from spawning `command` to the EXPOSED line it prints (startup_probe)."""
    import subprocess

    started_ns = time.time_ns()
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        raise BenchmarkFailed(f"{mode}: no window after {CHILD_TIMEOUT_S} s") from None
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == EXPOSED_TAG and parts[2] == "ok":
            return (int(parts[1]) - started_ns) / 1e6
    tail = "\n".join(done.stderr.strip().splitlines()[-5:])
    raise BenchmarkFailed(
        f"{mode}: the child exited with {done.returncode} without reporting its window\n"
        f"  stdout: {done.stdout.strip()[-200:]!r}\n  stderr (last lines):\n{tail}"
    )


def create_practice(home: str) -> tuple[object, str]:
    """A locked practice at `home` protected as a real one would be; returns (vault, secret)."""
    import secrets
    from pathlib import Path

    from practice_desk.domain.clock import SystemClock
    from practice_desk.domain.profile import PracticeProfile
    from practice_desk.security.kdf import calibrate
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault, VaultState

    params = calibrate()
    passphrase = secrets.token_urlsafe(24)
    vault = Vault(VaultFiles(Path(home)), SystemClock(), kdf_params=lambda: params)
    created = vault.create(PracticeProfile("Benchmark Practice", "Bench Mark"), passphrase)
    created.practice.close()
    if vault.state() is not VaultState.LOCKED:
        raise BenchmarkFailed(f"the prepared practice is {vault.state().value}, not locked")
    return vault, passphrase


def _time_unlock(vault, passphrase: str, runs: int) -> tuple[list[float], list[float]]:
    """Seconds for Vault.unlock, and for the Argon2id derivation alone, `runs` times each."""
    from practice_desk.security import keyfile
    from practice_desk.security.kdf import measure_seconds

    unlocks = []
    for _ in range(runs):
        started = time.perf_counter()
        practice = vault.unlock(passphrase)
        unlocks.append(time.perf_counter() - started)
        practice.close()
    slot_params = keyfile.read_key_file(vault.files.key_file).slot("passphrase").kdf
    derivations = [measure_seconds(slot_params) for _ in range(runs)]
    return unlocks, derivations


def _parse_args(argv: list[str]):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="timed starts of each window (default 7)"
    )
    parser.add_argument(
        "--unlock-runs", type=int, default=3, help="timed unlocks in-process (default 3)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.unlock_runs < 1:
        parser.error("--runs and --unlock-runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    import statistics
    import tempfile

    args = _parse_args(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    began = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="practice-desk-bench-") as temp:
        home = os.path.join(temp, "practice")
        print("Preparing a practice with calibrated Argon2id settings…", flush=True)
        vault, passphrase = create_practice(home)
        env = {**os.environ, "PRACTICE_DESK_HOME": home}

        print(f"Starting each window {args.runs} times (+1 warm-up)…", flush=True)
        times: dict[str, list[float]] = {"bare": [], "app": []}
        try:
            for mode in ("bare", "app"):
                _time_to_exposed_ms(mode, env)  # warm-up, not counted
            for run in range(args.runs):
                for mode in ("bare", "app") if run % 2 == 0 else ("app", "bare"):
                    times[mode].append(_time_to_exposed_ms(mode, env))
        except BenchmarkFailed as exc:
            print(f"Benchmark failed: {exc}", file=sys.stderr)
            return 2

        print(f"Unlocking {args.unlock_runs} times…", flush=True)
        unlocks, derivations = _time_unlock(vault, passphrase, args.unlock_runs)
        summary = vault.key_file_summary()

    bare, app = times["bare"], times["app"]
    ratio = statistics.median(app) / statistics.median(bare)
    unlock = statistics.median(unlocks)
    low, high = UNLOCK_TARGET_S
    if unlock < low:
        unlock_verdict = "MISSED (faster: weaker than intended)"
    elif unlock > high:
        unlock_verdict = "MISSED (slower)"
    else:
        unlock_verdict = "met"

    def ms(seconds: list[float]) -> tuple[str, str]:
        return f"{statistics.median(seconds) * 1000:.0f} ms", f"{min(seconds) * 1000:.0f} ms"

    rows = [
        ("(a) bare PySide6 window", *ms([t / 1000 for t in bare]), "", ""),
        ("(b) Practice Desk, unlock screen", *ms([t / 1000 for t in app]), "", ""),
        (
            "(d) ratio (b)/(a)",
            f"{ratio:.2f} x",
            f"{min(app) / min(bare):.2f} x",
            f"<= {RATIO_TARGET:g} x",
            "met" if ratio <= RATIO_TARGET else "MISSED",
        ),
        ("(c) Vault.unlock", *ms(unlocks), f"{low:g}-{high:g} s", unlock_verdict),
        ("    Argon2id alone, same params", *ms(derivations), "", ""),
    ]

    import PySide6

    print()
    print(
        f"Practice Desk startup (QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}, "
        f"Python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, "
        f"{os.cpu_count()} CPUs)"
    )
    print()
    print(f"  {'':33} {'median':>9} {'min':>9}   {'target':<9} verdict")
    for label, median, minimum, target, verdict in rows:
        print(f"  {label:33} {median:>9} {minimum:>9}   {target:<9} {verdict}".rstrip())
    print()
    print(
        f"  Argon2id in the key file: {summary.memory_kib / 1024:.0f} MiB, "
        f"{summary.iterations} iterations, {summary.lanes} lanes "
        "(what calibrate() chose on this computer for this run)"
    )
    print(
        f"  {args.runs} starts of each window after one warm-up, {args.unlock_runs} unlocks; "
        f"the ratio's min column is min(b)/min(a). Took {time.perf_counter() - began:.0f} s."
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == CHILD_FLAG and sys.argv[2] in CHILDREN:
        CHILDREN[sys.argv[2]]()
    else:
        raise SystemExit(main())
