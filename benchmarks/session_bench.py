"""Session benchmark: a marker key is saved at once, and the session timer keeps to the second.

Run it with
`QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/session_bench.py [--keys 200] [--seconds 20]`
(the script sets QT_QPA_PLATFORM=offscreen itself when it is unset). A run takes about 25 s,
most of it the --seconds of real time the timer is watched for.

The practice: a new one in a temporary folder, removed afterwards, with the cheapest Argon2id
cost. It holds one client in therapy with a coaching edge under an active contract, so a
session has a beginning, a middle and an end (10 + 30 + 10 minutes). The room is a real
`SessionRoom`, 1100x750 with the app's stylesheet, shown and active, offscreen.

Figures (a) to (c), in milliseconds: the median, p95 and max of --keys keys, the digits 1 to 7
in turn, in a session started on the system clock. The verdict is on the p95.

(a) digit key -> marker saved (target <= 30 ms): with the keyboard on the room,
    `QTest.keyClick(room, Key_1..7)`. The key handler saves the marker in its own transaction
    before it returns, so this is the key press and release, the marker committed and its row
    added to the list. After each key, untimed, Esc on the marker's text field hands the
    keyboard back to the room, as in use. The stored markers are counted afterwards.
(b) the same key, saved and shown: (a) plus the event loop's next turn (`processEvents`), in
    which the room lays itself out and repaints.
(c) Ctrl+digit in a note field: the keyboard in the note's agenda field, which keeps it after
    Esc; the field must be left with no digit typed in it.

(d) The timer in real time, on the system clock: a second session's room runs its own
    single-shot QTimer for --seconds seconds (plus half a second, so the watch ends mid-second)
    in an event loop. Each display (each call of the room's `_show`) is recorded with the true
    elapsed time, read from the system clock apart from the room. For each whole second the
    session passes, the lag is how long after it the display showed it. Expect every second
    shown once and in order, a lag far under 1 s, and at the end the true second (drift 0).
(e) The timer over 50 simulated minutes, on a ManualClock: `room.tick()` is called as the
    room's single-shot QTimer would call it, after the interval the room scheduled plus 0-250 ms
    of event-loop jitter (seeded). The beginning runs 12 s over before it is moved on, the clock
    is paused for a few minutes at a random moment, the laptop sleeps for 7 minutes (no timer
    fires; the overdue one fires on waking), and the end is begun by hand; at exactly 50:00 of
    session time the session is finished. At every display the phase, phase-left and
    session-left texts are compared with texts worked out here from the elapsed time, counted
    in whole microseconds apart from the room. Expect 0 mismatches, no second skipped but the
    sleeping ones, and the finished room to say "Lasted 50:00" with drift 0.000 s.
    tests/ui/test_session_timer_steps.py asserts the same walk. Last, a room opened at the very
    start of a session, on a whole second (elapsed 0.000000, as a ManualClock has it), is
    ticked once after the interval it asks for: the second it then shows should be 1 (49:59).

Times come from time.perf_counter() and the system clock. Nothing printed comes from a
practice: the data is synthetic and the output is timings and counts only.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pyside_check import none_lost_per_call, quiet_offscreen_warning

KEY_TARGET_MS = 30.0
LAG_TARGET_S = 1.0
BENCH_PASSPHRASE = "synthetic practice for benchmarks only"  # as in generate.py
ROOM_SIZE = (1100, 750)
US = 1_000_000  # microseconds in a second
SESSION_S = 50 * 60
TARGETS_S = {"beginning": 10 * 60, "middle": 40 * 60, "end": SESSION_S}  # where each phase ends
JITTER_US = 250_000
OPENING_US = 100_000  # the room is built up to this long after the session starts
SLEEP_US = 7 * 60 * US
_MICROSECOND = timedelta(microseconds=1)
_SESSION_LEFT = re.compile(r"Session: (\d+):(\d\d) left")


# --- the practice and the room -------------------------------------------------------------------


def _new_practice(home: Path, clock):
    """(practice, client id): a client in therapy with a coaching edge, the contract active."""
    from practice_desk.domain.clients import ClientDetails
    from practice_desk.domain.contracts import (
        ContractKind,
        ContractStatus,
        ContractTerms,
        Goal,
        TherapyTerms,
    )
    from practice_desk.domain.profile import PracticeProfile
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault

    vault = Vault(VaultFiles(home), clock, kdf_params=fast_params_for_tests)
    profile = PracticeProfile("Sample Practice", "Dr. Sam Sample", "Synthetic data")
    practice = vault.create(profile, BENCH_PASSPHRASE).practice
    client = practice.clients.create(ClientDetails("Session bench client"))
    practice.contracts.create(
        client.id,
        ContractTerms(
            ContractKind.THERAPY,
            ContractStatus.ACTIVE,
            practice.today,
            goals=(Goal("A synthetic goal"),),
            therapy=TherapyTerms(coaching_edge=True, screening_reason="Synthetic."),
        ),
    )
    return practice, client.id


def _application():
    """The QApplication with the app's stylesheet, or None if PySide6 is unsound."""
    from PySide6.QtWidgets import QApplication

    from practice_desk.ui.style import STYLESHEET

    if os.environ["QT_QPA_PLATFORM"] == "offscreen":
        quiet_offscreen_warning()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(STYLESHEET)
    if none_lost_per_call() > 0:
        print("This PySide6 build drops references to None; reinstall the project.")
        return None
    return app


def _open_room(app, practice, session):
    """The session's room, shown and active."""
    from PySide6.QtTest import QTest

    from practice_desk.ui.session_room import SessionRoom

    room = SessionRoom(practice, session)
    room.resize(*ROOM_SIZE)
    room.show()
    room.activateWindow()
    QTest.qWaitForWindowActive(room)
    room.setFocus()
    app.processEvents()
    return room


def _close_room(app, practice, room) -> None:
    room.stop()
    practice.sessions.finish(room.session.id)
    room.close()
    room.deleteLater()
    app.processEvents()


# --- (a)-(c) marker keys -------------------------------------------------------------------------


@dataclass
class KeyTimes:
    saved: list[float] = field(default_factory=list)
    shown: list[float] = field(default_factory=list)
    in_note: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _digit(index: int):
    from PySide6.QtCore import Qt

    return Qt.Key(Qt.Key.Key_1.value + index % 7)


def time_marker_keys(app, practice, client_id: int, keys: int) -> KeyTimes:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from practice_desk.domain.progress_markers import MarkerKind
    from practice_desk.domain.session_notes import NoteField

    times = KeyTimes()
    room = _open_room(app, practice, practice.sessions.start(client_id=client_id))
    session_id = room.session.id
    kinds = list(MarkerKind)
    wanted = []
    try:
        refocused = 0
        for index in range(keys):
            if not room.hasFocus():
                refocused += 1
                room.setFocus()
            began = time.perf_counter()
            QTest.keyClick(room, _digit(index))
            saved = time.perf_counter()
            app.processEvents()
            shown = time.perf_counter()
            times.saved.append((saved - began) * 1000)
            times.shown.append((shown - began) * 1000)
            wanted.append(kinds[index % 7])
            QTest.keyClick(room.markers.text, Qt.Key.Key_Escape)  # back to the room
            app.processEvents()
        stored = [marker.kind for marker in practice.sessions.markers(session_id)]
        if stored != wanted:
            times.problems.append(f"{len(stored)} markers stored for {keys} digit keys")
        if refocused:
            times.problems.append(f"Esc left the keyboard off the room {refocused} times")

        agenda = room.notes.editors[NoteField.AGENDA]
        agenda.setFocus()
        app.processEvents()
        refocused = 0
        for index in range(keys):
            if not agenda.hasFocus():
                refocused += 1
                agenda.setFocus()
            began = time.perf_counter()
            QTest.keyClick(agenda, _digit(index), Qt.KeyboardModifier.ControlModifier)
            times.in_note.append((time.perf_counter() - began) * 1000)
            wanted.append(kinds[index % 7])
            QTest.keyClick(room.markers.text, Qt.Key.Key_Escape)  # back to the note
            app.processEvents()
        stored = [marker.kind for marker in practice.sessions.markers(session_id)]
        if stored != wanted:
            times.problems.append(f"{len(stored)} markers stored for {2 * keys} keys in all")
        if agenda.toPlainText():
            times.problems.append("Ctrl+digit typed into the note field")
        if refocused:
            times.problems.append(f"Esc left the keyboard off the note {refocused} times")
    finally:
        _close_room(app, practice, room)
    return times


# --- (d) and (e) the timer -----------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One display of the timer: the true elapsed session time then (µs), the whole seconds
    the display said had passed, whether the room's running timer showed it (not a button, nor
    a tick while paused), and whether the laptop had just woken from sleep."""

    elapsed_us: int
    second: int
    tick: bool = True
    woke: bool = False


@dataclass
class Steps:
    displays: int
    seconds: int  # new seconds shown, one per whole second the session passed while awake
    lags: list[float]  # seconds from each whole second to the display showing it
    unchanged: int  # ticks that showed no new second (the timer fired before it turned)
    skipped: int  # seconds never shown while awake
    backwards: int  # displays that went back to an earlier second
    slept: int  # seconds jumped over on waking


def _shown_second(session_left: str) -> int:
    """Whole seconds passed, as the session-left text says ("Session: 49:59 left" is 1)."""
    match = _SESSION_LEFT.fullmatch(session_left)
    if match is None:
        raise ValueError(f"not a running session's time: {session_left!r}")
    return SESSION_S - int(match[1]) * 60 - int(match[2])


def _steps(displays: list[Shown]) -> Steps:
    """The display says second s from elapsed s-1 (exclusive) to s (inclusive): a countdown that
    is never ahead. So second s is due at elapsed s-1, and its lag is counted from there."""
    lags: list[float] = []
    unchanged = skipped = backwards = slept = 0
    for before, after in itertools.pairwise(displays):
        if after.second < before.second:
            backwards += 1
        elif after.second == before.second:
            unchanged += after.tick
        elif after.woke:
            slept += after.second - before.second - 1
        else:
            skipped += after.second - before.second - 1
            lags.append((after.elapsed_us - before.second * US) / US)
    return Steps(len(displays), len(lags), lags, unchanged, skipped, backwards, slept)


@dataclass
class RealTime:
    steps: Steps
    final_shown: int
    final_true_s: float
    worst_reading_error_s: float  # how far the system clock had moved on when a reading showed


def watch_real_time(app, practice, client_id: int, seconds: int) -> RealTime:
    """Run the room's own timer for `seconds` (and a half) of real time."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    room = _open_room(app, practice, practice.sessions.start(client_id=client_id))
    started_at = room.session.started_at
    displays: list[Shown] = []
    errors: list[float] = []
    show = room._show

    def true_us() -> int:
        return (datetime.now(UTC) - started_at) // _MICROSECOND

    def recorded(reading) -> None:
        show(reading)
        now = true_us()
        displays.append(Shown(now, _shown_second(room.session_left.text())))
        errors.append(abs(now / US - reading.elapsed))

    try:
        displays.append(Shown(true_us(), _shown_second(room.session_left.text())))
        room._show = recorded
        loop = QEventLoop()
        stop_ms = round((seconds + 0.5) * 1000 - true_us() / 1000)
        stop = QTimer(singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        stop.timeout.connect(loop.quit)
        stop.start(stop_ms)
        loop.exec()
        final_true_s = true_us() / US
        final_shown = _shown_second(room.session_left.text())
    finally:
        room._show = show
        _close_room(app, practice, room)
    return RealTime(_steps(displays), final_shown, final_true_s, max(errors))


def _mss(us: int) -> str:
    whole = us // US
    return f"{whole // 60}:{whole % 60:02d}"


def expected_texts(phase: str, elapsed_us: int) -> tuple[str, str, str]:
    """(phase, phase left, session left) as the room should show them at this elapsed time,
    worked out apart from the room: whole seconds, rounded down."""
    left = TARGETS_S[phase] * US - elapsed_us
    where = "the session" if phase == "end" else f"the {phase}"
    phase_left = (
        f"{_mss(left)} left in {where}"
        if left >= 0
        else f"{phase.capitalize()} over by {_mss(-left)}"
    )
    return phase.capitalize(), phase_left, f"Session: {_mss(SESSION_S * US - elapsed_us)} left"


@dataclass
class Walk:
    ticks: int = 0
    checks: int = 0
    mismatches: list[str] = field(default_factory=list)
    displays: list[Shown] = field(default_factory=list)
    worst_reading_error_us: int = 0
    final_texts: tuple[str, str] = ("", "")
    expected_final: tuple[str, str] = ("", "")
    final_drift_s: float = float("nan")
    paused_us: int = 0
    slept_us: int = 0
    room: Any = None


def walk_fifty_minutes(open_room: Callable[[], Any], clock, rng: random.Random) -> Walk:
    """Drive the room's timer through a 50-minute session on a ManualClock (see (e) above). The
    session has just started at the clock's now; `open_room` builds its room, a moment later.

    Everything is counted in whole microseconds since the start: `wall` (the clock), `paused`
    (paused time that is over) and `pause_from` (a pause going on). Active session time is wall
    time less paused time, which is all the room's display may depend on."""
    walk = Walk()
    state = {"wall": 0, "paused": 0, "pause_from": None, "phase": "beginning"}
    started = clock.now()

    def active() -> int:
        pause_from = state["pause_from"]
        current = state["wall"] - pause_from if pause_from is not None else 0
        return state["wall"] - state["paused"] - current

    def move_to(moment: int) -> None:
        clock.advance((moment - state["wall"]) / US)
        state["wall"] = moment
        assert (clock.now() - started) // _MICROSECOND == moment

    def sec(seconds: float) -> int:  # a moment with random microseconds
        return int(seconds * US) + rng.randrange(US)

    to_middle, pause_at, to_end = sec(612), sec(1500), sec(2350)
    pause_for = rng.randrange(60 * US, 300 * US)
    sleep_after = 1900 * US  # the first timer due after this fires SLEEP_US late
    actions = [("advance", to_middle), ("pause", pause_at), ("resume", None)]
    actions += [("advance", to_end), ("finish", SESSION_S * US)]
    timer = {"due": None, "woke_at": None}
    move_to(rng.randint(1, OPENING_US))
    room = walk.room = open_room()

    def schedule() -> None:
        """When the room's single-shot timer will fire, if the room started it."""
        if not room._ticker.isActive():
            return
        due = state["wall"] + room._ticker.interval() * 1000 + rng.randint(0, JITTER_US)
        if timer["woke_at"] is None and active() >= sleep_after:
            due += SLEEP_US
            timer["woke_at"] = due
        timer["due"] = due

    def check(tick: bool = False, woke: bool = False) -> None:
        walk.checks += 1
        elapsed = active()
        shown = (room.phase.text(), room.phase_left.text(), room.session_left.text())
        wanted = expected_texts(state["phase"], elapsed)
        if shown != wanted or room.reading.paused != (state["pause_from"] is not None):
            walk.mismatches.append(f"at {elapsed / US:.6f} s: {shown} != {wanted}")
        error = abs(round(room.reading.elapsed * US) - elapsed)
        walk.worst_reading_error_us = max(walk.worst_reading_error_us, error)
        walk.displays.append(Shown(elapsed, _shown_second(shown[2]), tick, woke))

    schedule()
    check()
    while actions:
        what, at = actions[0]
        at = state["pause_from"] + pause_for if what == "resume" else at + state["paused"]
        due = timer["due"]
        if due is not None and due <= at:  # the room's timer fires first
            move_to(due)
            timer["due"] = None
            room._ticker.stop()  # a single-shot timer is inactive in its own slot
            room.tick()
            walk.ticks += 1
            schedule()
            check(tick=state["pause_from"] is None, woke=due == timer["woke_at"])
            continue
        actions.pop(0)
        move_to(at)
        room._ticker.stop()  # to see whether the action starts it again
        if what == "advance":
            room.advance()
            state["phase"] = "middle" if state["phase"] == "beginning" else "end"
        elif what == "pause":
            room.toggle_pause()
            state["pause_from"] = state["wall"]
        elif what == "resume":
            room.toggle_pause()
            state["paused"] += state["wall"] - state["pause_from"]
            state["pause_from"] = None
        else:  # finish, at exactly 50:00: the timer reads 0:00 left, then the session ends
            room.tick()
            check()
            room.finish()
            break
        if room._ticker.isActive():
            schedule()
        elif state["pause_from"] is None:
            timer["due"] = None
        # else paused: the timer started before the pause still fires once, and stops
        check()

    spent = {
        "Beginning": to_middle,
        "Middle": to_end - to_middle,
        "End": SESSION_S * US - to_end,
    }
    walk.expected_final = (
        f"Lasted {_mss(SESSION_S * US)}",
        "  ·  ".join(f"{name} {_mss(us)}" for name, us in spent.items()),
    )
    walk.final_texts = (room.phase_left.text(), room.session_left.text())
    walk.final_drift_s = room.reading.elapsed - active() / US
    walk.paused_us = state["paused"]
    walk.slept_us = SLEEP_US
    return walk


def walk_in_a_practice(app, home: Path, seed: int) -> tuple[Walk, tuple[int, str]]:
    """The walk (e), then a room opened at the very start of a session, on a whole second."""
    from practice_desk.domain.clock import ManualClock

    clock = ManualClock(datetime.now(UTC).replace(microsecond=0))
    practice, client_id = _new_practice(home, clock)
    try:
        session = practice.sessions.start(client_id=client_id)
        walk = walk_fifty_minutes(
            lambda: _open_room(app, practice, session), clock, random.Random(seed)
        )
        _close_room(app, practice, walk.room)
        clock.advance(60)
        room = _open_room(app, practice, practice.sessions.start(client_id=client_id))
        interval = room._ticker.interval()
        clock.advance(interval / 1000)
        room.tick()
        first = (interval, room.session_left.text())
        _close_room(app, practice, room)
        return walk, first
    finally:
        practice.close()


# --- the report ----------------------------------------------------------------------------------


def _parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200, help="timed keys each (default 200)")
    parser.add_argument(
        "--seconds", type=int, default=20, help="real seconds to watch the timer (default 20)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.keys < 1 or args.seconds < 2:
        parser.error("--keys must be at least 1, --seconds at least 2")
    return args


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(label: str, times: list[float], target: float) -> str:
    goal = f"<= {target:g} ms"
    verdict = "met" if _p95(times) <= target else "MISSED"
    return (
        f"  {label:40} {statistics.median(times):>6.2f} {_p95(times):>6.2f} "
        f"{max(times):>7.2f}   {goal:<9} {verdict}"
    )


def _lag_line(steps: Steps) -> str:
    if not steps.lags:
        return "no second shown"
    return (
        f"lag median {statistics.median(steps.lags) * 1000:.0f} ms, "
        f"max {max(steps.lags) * 1000:.0f} ms (target well under {LAG_TARGET_S * 1000:.0f} ms)"
    )


def _order_line(steps: Steps) -> str:
    return (
        f"{steps.skipped} skipped, {steps.backwards} shown out of order, "
        f"{steps.unchanged} ticks that showed no new second"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty: offscreen
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from practice_desk.domain.clock import SystemClock

    began = time.perf_counter()
    app = _application()
    if app is None:
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="practice-desk-session-bench-"))
    try:
        practice, client_id = _new_practice(scratch / "practice", SystemClock())
        try:
            keys = time_marker_keys(app, practice, client_id, args.keys)
            print(f"Watching the timer for {args.seconds} s of real time…", flush=True)
            real = watch_real_time(app, practice, client_id, args.seconds)
        finally:
            practice.close()
        walk, (first_ms, first_text) = walk_in_a_practice(app, scratch / "walk", args.seed)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print(f"Milliseconds over {args.keys} keys each (the digits 1-7 in turn):")
    print(f"  {'':40} {'median':>6} {'p95':>6} {'max':>7}   {'target':<9} verdict")
    print(_row("(a) digit key -> marker saved", keys.saved, KEY_TARGET_MS))
    print(_row("(b) digit key -> saved and shown", keys.shown, KEY_TARGET_MS))
    print(_row("(c) Ctrl+digit in a note -> saved", keys.in_note, KEY_TARGET_MS))
    print(
        f"  Markers stored: {2 * args.keys} expected; "
        + ("all there, in order." if not keys.problems else "; ".join(keys.problems))
    )

    steps = real.steps
    final_true = real.final_true_s
    due = -int(-final_true // 1)  # the second a never-ahead display shows at this moment
    print(f"(d) The timer in real time (system clock), watched for {real.final_true_s:.3f} s:")
    print(f"  {steps.displays} displays, {steps.seconds} new seconds shown; {_lag_line(steps)}")
    print(f"  Seconds: {_order_line(steps)}")
    print(
        f"  At the end: {final_true:.3f} s elapsed, the display shows second {real.final_shown} "
        f"(due: {due}), drift {real.final_shown - due} s; each reading was shown within "
        f"{real.worst_reading_error_s * 1000:.3f} ms of being read"
    )

    walk_steps = _steps(walk.displays)
    print(
        f"(e) The timer over 50 simulated minutes (ManualClock, seed {args.seed}, "
        f"jitter 0-{JITTER_US // 1000} ms, paused {walk.paused_us / US:.3f} s, "
        f"asleep {walk.slept_us // US // 60} min):"
    )
    print(
        f"  {walk.ticks} ticks, {walk.checks} displays checked, "
        f"{len(walk.mismatches)} mismatches"
        + (f" (first: {walk.mismatches[0]})" if walk.mismatches else "")
    )
    print(f"  {walk_steps.seconds} new seconds shown; {_lag_line(walk_steps)}")
    print(f"  Seconds: {_order_line(walk_steps)}; {walk_steps.slept} jumped over asleep")
    finished = walk.final_texts == walk.expected_final
    print(
        f"  Finished at 50:00: {walk.final_texts[0]!r} ({walk.final_texts[1]})"
        + ("" if finished else f", expected {walk.expected_final}")
    )
    print(
        f"  Final drift {walk.final_drift_s:.3f} s; the room's readings were at most "
        f"{walk.worst_reading_error_us} µs off the true elapsed time"
    )
    print(
        f"  A room opened on a whole second (elapsed 0.000000, as on a ManualClock): the next "
        f"reading {first_ms} ms later shows {first_text!r}, second {_shown_second(first_text)}"
        + (" (second 1 never shown)" if _shown_second(first_text) > 1 else "")
    )
    print(f"  Took {time.perf_counter() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
