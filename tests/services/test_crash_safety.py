"""No acknowledged write is lost when the writer is killed (SIGKILL) in the middle of its work.

A writer process runs the real services against a real SQLCipher practice: it books therapy
sessions (the appointment and its audit entry in one transaction) and saves a session note,
over and over, and acknowledges each write on a pipe once the service call has returned. The
test kills it at a random moment, reopens the database itself and checks the database (not the
printed lines): every acknowledged booking is there with its one audit entry, the note holds
the acknowledged text or a later one, both integrity checks are clean, the audit chain verifies,
no appointment lacks its audit entry or the other way round, nothing overlaps, and the only
write that may show up unacknowledged is the one that was in flight. A kill inside a
transaction (after BEGIN, before COMMIT) must leave no trace of it. Then the next writer carries
on in the same database.

Writers are forked from one zygote process (tests/services/crash_writer.py) that imported
everything once, so a kill costs milliseconds, not an interpreter start. Linux and macOS only.

    PRACTICE_DESK_CRASH_KILLS=2000   kill more often than the default 200
    PRACTICE_DESK_CRASH_SEED=1234    replay the kill schedule printed by a failing run (the
                                     timing of the kills themselves can't be replayed exactly)
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import select
import signal
import struct
import subprocess
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from practice_desk.domain.audit import AuditAction, verify_chain
from practice_desk.domain.practice_time import stamp
from practice_desk.storage import audit_store
from practice_desk.storage.database import integrity_report, open_database
from tests.services.crash_writer import NOTE_FIELD, note_counter, note_text
from tests.services.session_support import plain_therapy_client

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the writers are forked")

KILLS = int(os.environ.get("PRACTICE_DESK_CRASH_KILLS", "200"))
SEED = int(os.environ.get("PRACTICE_DESK_CRASH_SEED", random.SystemRandom().randrange(2**32)))
ROOT = Path(__file__).resolve().parents[2]
LINE_TIMEOUT = 20.0  # seconds to wait for any one line from the writer: a hang fails the test
ZYGOTE_TIMEOUT = 60.0

# Where a kill can land, as the writer's own lines tell it.
OPENING = "while opening"
IDLE = "between writes"
PREPARING = "before its transaction"
INSIDE = "inside a transaction"
COMMITTING = "during or after COMMIT, before the ack"


def stored_stamp(iso: str) -> str:
    """An instant from the writer's lines as the database stores it."""
    return stamp(datetime.fromisoformat(iso))


class Lines:
    """Lines from a pipe, each read with a timeout."""

    def __init__(self, stream) -> None:
        self._fd = stream.fileno()
        os.set_blocking(self._fd, False)
        self._partial = b""
        self._lines: deque[str] = deque()

    def next(self, timeout: float = LINE_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while not self._lines:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no line from the writer in {timeout:.0f} s")
            ready, _, _ = select.select([self._fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                raise EOFError("the zygote closed its output")
            *complete, self._partial = (self._partial + chunk).split(b"\n")
            self._lines.extend(line.decode() for line in complete)
        return self._lines.popleft()


@dataclass
class Round:
    """What one writer said before it was killed."""

    mode: str
    pid: int | None = None
    status: int | None = None
    ready: bool = False
    booked: dict[int, str] = field(default_factory=dict)  # id: start, as stored
    notes: list[int] = field(default_factory=list)
    op: tuple[str, str] | None = None  # the write in flight: ("booking", start) or ("note", n)
    stage: str = ""
    errors: list[str] = field(default_factory=list)
    seen: Counter = field(default_factory=Counter)

    def feed(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        self.seen[line if word == "tx" else word] += 1
        if word == "forked":
            self.pid = int(rest)
        elif word == "reaped":
            self.status = int(rest.split()[1])
        elif word == "ready":
            self.ready = True
        elif word == "start":
            kind, detail = rest.split()
            self.op, self.stage = (kind, detail), PREPARING
        elif line == "tx begin" and self.op is not None:
            self.stage = INSIDE
        elif line == "tx commit" and self.op is not None:
            self.stage = COMMITTING
        elif word == "ack":
            kind, *details = rest.split()
            if kind == "booking":
                self.booked[int(details[0])] = stored_stamp(details[1])
            else:
                self.notes.append(int(details[0]))
            self.op, self.stage = None, ""
        elif word in ("error", "done"):
            self.errors.append(line)

    @property
    def landed(self) -> str:
        if not self.ready:
            return OPENING
        return self.stage if self.op is not None else IDLE

    @property
    def acks(self) -> int:
        return len(self.booked) + len(self.notes)


@dataclass
class Expected:
    """What the database must hold: everything acknowledged so far, across all rounds."""

    session_id: int
    booked: dict[int, str] = field(default_factory=dict)
    known_ids: set[int] = field(default_factory=set)  # in the database at the last check
    note: int = 0  # the note's counter at the last check


@dataclass
class Tally:
    landed: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    acks_per_round: Counter = field(default_factory=Counter)
    torn_wal_rounds: int = 0
    acks: int = 0

    def summary(self, seconds: float) -> str:
        return (
            f"crash safety, seed {SEED}: {sum(self.landed.values())} kills in {seconds:.1f} s, "
            f"{self.acks} acknowledged writes; kills landed {dict(self.landed)}; in-flight "
            f"writes {dict(self.outcomes)}; rounds leaving uncommitted WAL frames "
            f"{self.torn_wal_rounds}; acks per round {sorted(self.acks_per_round.items())}"
        )


def uncommitted_wal_frames(wal: Path) -> int:
    """Frames of the current WAL generation after its last commit frame: a transaction that
    was being written out when the process died (recovery must ignore them)."""
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return 0
    if len(data) < 32:
        return 0
    page_size = struct.unpack_from(">I", data, 8)[0]
    salts = data[16:24]
    frames = committed = 0
    offset = 32
    while offset + 24 + page_size <= len(data):
        if data[offset + 8 : offset + 16] != salts:
            break
        frames += 1
        if struct.unpack_from(">I", data, offset + 4)[0]:
            committed = frames
        offset += 24 + page_size
    return frames - committed


class Zygote:
    def __init__(self, config: dict) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.services.crash_writer"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.lines = Lines(self.process.stdout)
        self.writer: int | None = None  # a forked writer not yet reaped
        self.send(json.dumps(config))
        first = self.lines.next(ZYGOTE_TIMEOUT)
        assert first.startswith("zygote "), first

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def run_round(self, rng: random.Random) -> Round:
        """Fork a writer, kill it at a random moment, read everything it said."""
        mode = rng.choices(
            ["opening", "delay", "after ack", "in tx", "at commit"], [1, 3, 2, 4, 2]
        )[0]
        round_ = Round(mode)
        self.send(f"write {rng.randrange(2**32)}")
        if mode == "opening":
            self._read_until(round_, lambda: round_.pid is not None)
            time.sleep(rng.uniform(0, 0.004))
        elif mode == "delay":
            self._read_until(round_, lambda: round_.ready)
            time.sleep(rng.uniform(0, 0.04))
        elif mode == "after ack":
            wanted = rng.randint(1, 6)
            self._read_until(round_, lambda: round_.acks >= wanted)
        elif mode == "in tx":
            wanted = rng.randint(1, 6)
            self._read_until(round_, lambda: round_.seen["tx begin"] >= wanted)
            time.sleep(rng.choice([0.0, rng.uniform(0, 0.0005)]))
        else:  # as soon as the writer starts to COMMIT
            wanted = rng.randint(1, 6)
            self._read_until(round_, lambda: round_.seen["tx commit"] >= wanted)
        assert round_.pid is not None
        with contextlib.suppress(ProcessLookupError):  # ended on its own: reported below
            os.kill(round_.pid, signal.SIGKILL)
        self._read_until(round_, lambda: round_.status is not None)
        return round_

    def _read_until(self, round_: Round, done) -> None:
        while not done():
            round_.feed(self.lines.next())
            if round_.pid is not None and round_.status is None:
                self.writer = round_.pid
            if round_.status is not None:
                self.writer = None
                if not done():
                    raise AssertionError(f"the writer ended on its own: {round_.errors}")

    def close(self) -> None:
        if self.writer is not None:  # forked and not reaped: still ours to kill
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.writer, signal.SIGKILL)
        try:
            self.send("quit")
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=LINE_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            assert self.process.stdout is not None
            self.process.stdout.close()


def check_database(
    database: Path, raw_key: bytes, round_: Round, expected: Expected, tally: Tally, context: str
) -> None:
    """Reopen the practice as the app would after a crash and check what it holds."""
    conn = open_database(database, raw_key)
    try:
        cipher, plain = integrity_report(conn)
        verdict = verify_chain(audit_store.all_entries(conn))
        stored = {
            id_: (starts, ends)  # stamps in one fixed format: they compare as text
            for id_, starts, ends in conn.execute("SELECT id, starts_at, ends_at FROM appointments")
        }
        audited = Counter(
            object_id
            for (object_id,) in conn.execute(
                "SELECT object_id FROM audit_log WHERE action = ? AND object_type = 'appointment'",
                (AuditAction.APPOINTMENT_BOOKED.value,),
            )
        )
        note, signed = conn.execute(
            f"SELECT {NOTE_FIELD.value}, signed_at FROM sessions WHERE id = ?",
            (expected.session_id,),
        ).fetchone()
    finally:
        conn.close()

    assert cipher == [], f"{context}: cipher_integrity_check: {cipher}"
    assert plain == [], f"{context}: integrity_check: {plain}"
    assert verdict.intact, f"{context}: audit chain broken at entry {verdict.first_broken}"
    # No half-applied booking: each appointment has exactly one booking entry, and each entry
    # its appointment.
    assert set(audited) == set(stored), (
        f"{context}: appointments without their audit entry "
        f"{sorted(set(stored) - set(audited))}, entries without their appointment "
        f"{sorted(set(audited) - set(stored))}"
    )
    assert max(audited.values(), default=1) == 1, f"{context}: a booking was audited twice"

    expected.booked.update(round_.booked)
    lost = {
        id_: start
        for id_, start in expected.booked.items()
        if id_ not in stored or stored[id_][0] != start
    }
    assert not lost, f"{context}: acknowledged bookings lost or changed: {lost}"
    spans = sorted(stored.values())
    overlaps = [(a, b) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert not overlaps, f"{context}: overlapping appointments {overlaps[:3]}"

    # Only the write in flight may have landed without its ack.
    unacked = set(stored) - expected.known_ids - set(round_.booked)
    booking_in_flight = round_.op if round_.op and round_.op[0] == "booking" else None
    counter = note_counter(note)
    floor = max([expected.note, *round_.notes])
    note_in_flight = round_.op if round_.op and round_.op[0] == "note" else None
    assert note == note_text(counter), f"{context}: the note holds text nobody wrote"
    assert signed is None, f"{context}: the note was signed"
    if booking_in_flight:
        assert len(unacked) <= 1, f"{context}: unacknowledged bookings {sorted(unacked)}"
        landed = bool(unacked)
        if landed:
            (id_,) = unacked
            assert stored[id_][0] == stored_stamp(booking_in_flight[1]), context
    else:
        assert not unacked, f"{context}: bookings nobody started {sorted(unacked)}"
    assert counter >= floor, f"{context}: acknowledged note {floor} lost, the note holds {counter}"
    if note_in_flight:
        assert counter in (floor, int(note_in_flight[1])), f"{context}: note {counter} from nowhere"
        landed = counter == int(note_in_flight[1])
    else:
        assert counter == floor, f"{context}: note {counter} was never started"
    if round_.op is not None:
        if round_.landed == INSIDE:
            assert not landed, f"{context}: a transaction killed before COMMIT left its write"
        tally.outcomes["committed, not acknowledged" if landed else "rolled back"] += 1

    expected.known_ids = set(stored)
    expected.note = counter


def test_no_acknowledged_write_is_lost_when_the_writer_is_killed(
    calendar_practice, files, template_raw_key
):
    practice = calendar_practice
    client_id, _ = plain_therapy_client(practice)
    session = practice.sessions.start(client_id=client_id)
    practice.close()

    rng = random.Random(SEED)
    expected, tally = Expected(session.id), Tally()
    began = time.monotonic()
    zygote = Zygote(
        {
            "home": str(files.home),
            "raw_key": template_raw_key.hex(),
            "client_id": client_id,
            "session_id": session.id,
        }
    )
    try:
        for number in range(1, KILLS + 1):
            round_ = zygote.run_round(rng)
            context = (
                f"seed {SEED} (PRACTICE_DESK_CRASH_SEED), kill {number}, mode {round_.mode}, "
                f"landed {round_.landed}"
            )
            assert os.WIFSIGNALED(round_.status) and os.WTERMSIG(round_.status) == signal.SIGKILL, (
                f"{context}: the writer was not killed but ended: {round_.errors}"
            )
            tally.landed[round_.landed] += 1
            tally.acks += round_.acks
            tally.acks_per_round[round_.acks] += 1
            if uncommitted_wal_frames(Path(f"{files.database}-wal")):
                tally.torn_wal_rounds += 1
            check_database(files.database, template_raw_key, round_, expected, tally, context)
    finally:
        zygote.close()

    summary = tally.summary(time.monotonic() - began)
    print(summary)
    assert sum(tally.landed.values()) == KILLS >= 1, summary
    assert tally.acks > 0 and len(expected.booked) > 0 and expected.note > 0, summary
    assert len(tally.acks_per_round) > 1, summary
    # Enough kills hit a transaction between BEGIN and COMMIT, and enough in-flight writes
    # landed just before their ack, for the checks above to mean something.
    assert tally.landed[INSIDE] >= KILLS // 20, summary
    if KILLS >= 100:
        assert tally.outcomes["committed, not acknowledged"] >= 1, summary
