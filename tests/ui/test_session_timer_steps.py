"""The session room's timer, stepped through a whole session on the test clock: it is called
the way its single-shot QTimer would call it (after the interval it scheduled, plus up to
250 ms of event-loop delay), through a pause, a sleeping laptop and the phases, and every
display is checked against the time worked out here, in whole microseconds, apart from the
room. A correctness property, not a timing one: benchmarks/session_bench.py times the real
thing.

The clock stands at Monday 5 January 2026, 09:00 UTC."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from practice_desk.ui.session_room import SessionRoom
from tests.conftest import PASSPHRASE
from tests.ui.test_session_room import seed

US = 1_000_000  # microseconds in a second
SESSION = 50 * 60 * US
ENDS = {"beginning": 10 * 60 * US, "middle": 40 * 60 * US, "end": SESSION}  # each phase's end
JITTER = 250_000  # the event loop may call the timer this much late
OPENING = 100_000  # the room is built up to this long after the session starts
ASLEEP = 7 * 60 * US


def _mss(us: int) -> str:
    whole = us // US
    return f"{whole // 60}:{whole % 60:02d}"


def expected(phase: str, elapsed: int) -> tuple[str, str, str]:
    """(phase, phase left, session left) at `elapsed` µs of session time: whole seconds, rounded
    down, as a countdown that is never ahead."""
    left = ENDS[phase] - elapsed
    where = "the session" if phase == "end" else f"the {phase}"
    phase_left = (
        f"{_mss(left)} left in {where}"
        if left >= 0
        else f"{phase.capitalize()} over by {_mss(-left)}"
    )
    return phase.capitalize(), phase_left, f"Session: {_mss(SESSION - elapsed)} left"


def shown_second(room: SessionRoom) -> int:
    """The whole seconds the display says have passed ("Session: 49:59 left" is 1)."""
    minutes, seconds = room.session_left.text().split()[1].split(":")
    return SESSION // US - int(minutes) * 60 - int(seconds)


@dataclass
class Walk:
    ticks: int = 0
    mismatches: list[str] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # seconds never shown while awake
    backwards: list[int] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)  # seconds from a second to its display
    slept: int = 0  # seconds jumped over on waking
    spent: dict[str, int] = field(default_factory=dict)
    drift: float = float("nan")


def walk_fifty_minutes(open_room, clock, rng: random.Random) -> tuple[SessionRoom, Walk]:
    """The session has just started at the clock's now; `open_room` builds its room a moment
    later. The beginning runs 12 s over before it is moved on, the clock is paused for one to
    five minutes at a random moment, the laptop sleeps for 7 minutes (no timer fires; the
    overdue one fires on waking), the end is begun by hand, and at exactly 50:00 of session
    time the session is finished. Session time is wall time less paused time, in µs."""
    walk = Walk()
    wall = paused = 0
    pause_from: int | None = None
    phase = "beginning"
    started = clock.now()

    def active() -> int:
        return wall - paused - (wall - pause_from if pause_from is not None else 0)

    def move_to(moment: int) -> None:
        nonlocal wall
        clock.advance((moment - wall) / US)
        wall = moment
        assert clock.now() - started == timedelta(microseconds=moment)

    def moment(seconds: int) -> int:
        return seconds * US + rng.randrange(US)

    to_middle, pause_at, to_end = moment(612), moment(1500), moment(2350)
    pause_for = rng.randrange(60 * US, 300 * US)
    sleep_after = 1900 * US  # the first timer due after this fires ASLEEP late
    actions = [("advance", to_middle), ("pause", pause_at), ("resume", 0)]
    actions += [("advance", to_end), ("finish", SESSION)]
    due: int | None = None
    woke_at: int | None = None
    last = (0, 0)  # (µs, second) of the last display that moved on
    move_to(rng.randint(1, OPENING))
    room = open_room()

    def schedule() -> None:
        """When the room's single-shot timer fires, if the room started it."""
        nonlocal due, woke_at
        if not room._ticker.isActive():
            return
        due = wall + room._ticker.interval() * 1000 + rng.randint(0, JITTER)
        if woke_at is None and active() >= sleep_after:
            due += ASLEEP
            woke_at = due

    def check(woke: bool = False) -> None:
        nonlocal last
        elapsed = active()
        shown = (room.phase.text(), room.phase_left.text(), room.session_left.text())
        if shown != expected(phase, elapsed) or room.reading.paused != (pause_from is not None):
            walk.mismatches.append(f"{elapsed / US:.6f} s: {shown} != {expected(phase, elapsed)}")
        second = shown_second(room)
        if second < last[1]:
            walk.backwards.append(second)
        elif second > last[1]:
            if woke:
                walk.slept += second - last[1] - 1
            else:
                walk.skipped += range(last[1] + 1, second)
                walk.lags.append((elapsed - last[1] * US) / US)  # second s is due at s - 1
            last = (elapsed, second)

    schedule()
    check()
    while True:
        what, at = actions[0]
        at = pause_from + pause_for if what == "resume" else at + paused
        if due is not None and due <= at:  # the room's timer fires first
            move_to(due)
            fired, due = due, None
            room._ticker.stop()  # a single-shot timer is inactive in its own slot
            room.tick()
            walk.ticks += 1
            schedule()
            check(woke=fired == woke_at)
            continue
        actions.pop(0)
        move_to(at)
        room._ticker.stop()  # to see whether the action starts it again
        if what == "advance":
            room.advance()
            phase = "middle" if phase == "beginning" else "end"
        elif what == "pause":
            room.toggle_pause()
            pause_from = wall
        elif what == "resume":
            room.toggle_pause()
            paused += wall - pause_from
            pause_from = None
        else:  # at exactly 50:00 the timer reads 0:00 left, then the session is finished
            room.tick()
            check()
            room.finish()
            break
        if room._ticker.isActive():
            schedule()
        elif pause_from is None:
            due = None
        # else paused: the timer started before the pause still fires once, and stops
        check()
    walk.spent = {"Beginning": to_middle, "Middle": to_end - to_middle, "End": SESSION - to_end}
    walk.drift = room.reading.elapsed - active() / US
    return room, walk


@pytest.fixture
def started(qtbot, vault):
    """(practice, the session just started, a function that opens its room)."""
    client_id, _ = seed(vault)
    practice = vault.unlock(PASSPHRASE)
    rooms: list[SessionRoom] = []

    def open_room(session) -> SessionRoom:
        room = SessionRoom(practice, session)
        qtbot.addWidget(room)
        rooms.append(room)
        return room

    yield practice, practice.sessions.start(client_id=client_id), open_room
    for room in rooms:
        room.stop()  # no reading after the practice is closed
    practice.close()


@pytest.mark.parametrize("rng_seed", [1, 2])
def test_fifty_minutes_of_late_ticks_show_every_second_and_end_on_the_dot(started, clock, rng_seed):
    _, session, open_room = started
    room, walk = walk_fifty_minutes(lambda: open_room(session), clock, random.Random(rng_seed))

    assert walk.ticks > 2500
    assert walk.mismatches == []
    assert walk.skipped == []
    assert walk.backwards == []
    assert walk.slept >= 420, "seven minutes asleep are jumped over, not counted out"
    assert max(walk.lags) <= (5_000 + JITTER) / US, "each second is shown on the tick after it"
    assert walk.drift == 0.0
    assert room.phase.text() == "Finished"
    assert room.phase_left.text() == "Lasted 50:00"
    assert room.session_left.text() == "  ·  ".join(
        f"{name} {_mss(us)}" for name, us in walk.spent.items()
    )


def test_a_reading_on_a_whole_second_is_followed_by_the_next_second(started, clock):
    _, session, open_room = started
    room = open_room(session)  # at the very start: 0.000000 s
    assert room.session_left.text() == "Session: 50:00 left"
    clock.advance(room._ticker.interval() / 1000)
    room.tick()
    assert room.session_left.text() == "Session: 49:59 left"


def test_a_session_finished_on_fifty_minutes_after_two_pauses_lasted_fifty_minutes(started, clock):
    _, session, open_room = started
    room = open_room(session)
    for seconds in (589.586629, 534.381890, 355.126155, 577.613797):  # pause, resume, ...
        clock.advance(seconds)
        room.toggle_pause()
    clock.advance(3000 - 589.586629 - 355.126155)
    room.finish()
    assert room.phase_left.text() == "Lasted 50:00"
