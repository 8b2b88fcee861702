"""The writer process of tests/services/test_crash_safety.py: a zygote that forks writers.

Run from the repository root as `python -m tests.services.crash_writer`. The test sends one JSON
line of configuration on stdin (the practice folder, the raw key in hex, the client and the
session to write for: the key never goes on the command line or into a file), then one command
a line:

    write <seed>   fork a writer: it opens the practice through the real services, then books
                   appointments (each with its audit entry, in one transaction) and saves the
                   session note, over and over, until it is killed
    quit           exit

Everything goes out on stdout, each line in a single os.write (shorter than PIPE_BUF, so the
lines of the zygote and of its writer never mix):

    zygote <pid>                   imports done, ready to fork
    forked <pid>                   a writer was forked (zygote)
    ready                          the writer has opened the practice
    start booking <start>          about to call bookings.book(...)
    start note <counter>           about to call sessions.save_text(...)
    tx begin | tx commit           SQLite began executing BEGIN / COMMIT (trace callback)
    ack booking <id> <start>       book(...) returned: the booking is committed
    ack note <counter>             save_text(...) returned: the note is committed
    error <text>                   the writer failed on its own (the test fails)
    done                           the writer lived out its time without being killed
    reaped <pid> <wait status>     the writer is gone and reaped (zygote)

The zygote imports everything once and never opens the database, starts a thread or loads Qt,
so forking it is safe and cheap. A writer ends by os._exit, never returning into the zygote.
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
import traceback
from datetime import datetime
from pathlib import Path

from practice_desk.domain.appointments import AppointmentKind, AppointmentRequest
from practice_desk.domain.clock import ManualClock
from practice_desk.domain.practice_time import parse_stamp
from practice_desk.domain.session_notes import NoteField
from practice_desk.security.keyfile import read_key_file
from practice_desk.services import bookings as _bookings  # noqa: F401  (imported before fork)
from practice_desk.services import clients as _clients  # noqa: F401
from practice_desk.services import contracts as _contracts  # noqa: F401
from practice_desk.services import sessions as _sessions  # noqa: F401
from practice_desk.services.locations import VaultFiles
from practice_desk.services.practice import Practice, open_practice

MINUTES = 50
NOTE_FIELD = NoteField.WORKING_NOTES
LIFETIME_SECONDS = 30.0  # a writer nobody kills stops by itself (the test then fails)
_LINE = (
    "{n}.{i} Spoke about sleep, the week at work and one small step she wants to try; "
    "we agreed to look at it again next time."
)


def note_text(counter: int) -> str:
    """The note as the writer saves it for `counter`: up to ~12 KB, so a save spans pages.
    Counter 0 is the empty note of a session just begun."""
    if counter == 0:
        return ""
    lines = [f"Working note {counter}"]
    lines += [_LINE.format(n=counter, i=i) for i in range(counter * 37 % 100)]
    return "\n".join(lines)


def note_counter(text: str) -> int:
    """The counter of a stored note (0 while it is still empty)."""
    if not text:
        return 0
    first = text.split("\n", 1)[0]
    return int(first.removeprefix("Working note "))


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def _trace(statement: str) -> None:
    if statement.startswith("BEGIN"):
        say("tx begin")
    elif statement.startswith("COMMIT"):
        say("tx commit")


def _last_end(practice: Practice) -> datetime:
    """Where the next booking may go: after the latest one, never before now."""
    (latest,) = practice.conn.execute("SELECT max(ends_at) FROM appointments").fetchone()
    now = practice.clock.now()
    return max(parse_stamp(latest), now) if latest else now


def _write(config: dict, raw_key: bytes, seed: int) -> None:
    rng = random.Random(seed)
    files = VaultFiles(Path(config["home"]))
    practice = open_practice(files, read_key_file(files.key_file), raw_key, ManualClock())
    practice.conn.set_trace_callback(_trace)
    say("ready")
    client_id = config["client_id"]
    session_id = config["session_id"]
    counter = note_counter(practice.sessions.get(session_id).note.text(NOTE_FIELD))
    after = _last_end(practice)
    deadline = time.monotonic() + LIFETIME_SECONDS
    while time.monotonic() < deadline:
        if rng.random() < 0.5:
            (start,) = practice.bookings.next_free_slots(MINUTES, after=after, count=1)
            wall = practice.bookings.local(start).replace(tzinfo=None)
            say(f"start booking {start.isoformat()}")
            (booked,) = practice.bookings.book(
                AppointmentRequest(AppointmentKind.THERAPY_SESSION, wall, MINUTES, client_id)
            )
            say(f"ack booking {booked.id} {booked.starts_at.isoformat()}")
            after = booked.ends_at
        else:
            counter += 1
            text = note_text(counter)
            say(f"start note {counter}")
            stored = practice.sessions.save_text(session_id, NOTE_FIELD, text)
            if stored != text:
                raise AssertionError(f"note {counter} was stored changed")
            say(f"ack note {counter}")
    say("done")


def _fork_writer(config: dict, raw_key: bytes, seed: int) -> None:
    pid = os.fork()
    if pid == 0:  # the writer
        code = 0
        try:
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            _write(config, raw_key, seed)
        except BaseException:
            code = 3
            say("error " + traceback.format_exc().replace("\n", " | ")[-3000:])
        finally:
            os._exit(code)
    say(f"forked {pid}")
    _, status = os.waitpid(pid, 0)
    say(f"reaped {pid} {status}")


def main() -> None:
    config = json.loads(sys.stdin.buffer.readline())
    raw_key = bytes.fromhex(config.pop("raw_key"))
    if "PySide6" in sys.modules or threading.active_count() != 1:
        say("error the zygote must not load Qt or run threads before it forks")
        sys.exit(2)
    say(f"zygote {os.getpid()}")
    while line := sys.stdin.buffer.readline():
        command, *args = line.decode().split()
        if command == "quit":
            break
        if command == "write":
            _fork_writer(config, raw_key, int(args[0]))
        else:
            say(f"error unknown command {command}")


if __name__ == "__main__":
    main()
