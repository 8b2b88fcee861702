"""Backup benchmark: backup plus verify of a career-size practice against `sqlcipher_export` alone.

Run it with
`.venv/bin/python benchmarks/backup_bench.py [--scale 1] [--runs 3] [--seed 1] [--cache DIR]`
or `make bench`. The size can also come from the environment:
`PRACTICE_DESK_BENCH_SCALE=0.1 make bench` (a tenth: 500 clients, 20,000 sessions).

The target (from the issue): backup plus verify of a career-size practice (5,000 clients,
200,000 sessions with 1 KB notes) within 2x the time of `sqlcipher_export` alone.

The practice (generated once, cached, not counted)
--------------------------------------------------
A new practice made through the real `Vault` (cheapest Argon2id cost), then filled with SQL
in big transactions: the services manage some 100-200 sessions a second, so 200,000 would
take half an hour or more. The SQL respects the schema and every trigger; where a trigger decides the order, the order is
chosen to satisfy it:

- Clients and contracts: the details and contract terms of `sample_practice.plan_clients`
  (names in twelve scripts, goals, coaching terms, payers), written with the stores'
  `insert_client` / `insert_contract`. A contract is written active (sessions need one) and
  ended afterwards, when its last session is over; a client whose work is over is closed.
  Clients and contracts without work (enquiries, consultations) stay as planned.
- The calendar: one 50-minute slot every hour, round the clock, Monday to Friday (120 a week),
  from January 1991, so that 200,000 sessions fit into some 35 years (no practitioner works
  at 3 am, but a backup doesn't care when a session took place). Each slot of the week is
  a "chair" that holds one client after another at the same weekday and hour, weekly; a
  client's successive contracts follow each other in the same chair. About 6 % of a
  contract's appointments are cancelled by the client and have no session. Each contract has
  its appointment series. The no-overlap trigger looks back 63 days from each new booking on
  the start index, so the appointments are inserted latest first (with ids in time order): no
  booked appointment ever lies in that window, and the check finds nothing to compare.
- Sessions: one per attended appointment, in time order. Each is inserted finished and
  unsigned, with its timer events (started, the phase changes of a structured session,
  finished), 2-6 progress markers (the sample marker texts; goal progress on the contract's
  goals), a goal link for structured sessions and process notes for one therapy session in
  seven; then signed with an UPDATE (markers, events and notes are refused once signed).
  About 3 % get an addendum afterwards. The note has six fields, about 1 KB in all, of
  random words drawn from the vocabulary of the app's sample texts (not repeated text).
- The audit trail: a valid hash chain (`domain.audit.chain_hash`) continuing the vault's own
  entries: client and contract created, session signed, addendum written, contract ended,
  about 215,000 entries. The app itself also writes a booking, a status change, a start and a
  finish per session; those are left out to keep the size to what the issue names.

The generated practice is cached under --cache (default benchmarks/.cache, ignored by git)
in a folder named by the generator version, the data version (migrations), the scale and the
seed; each run copies it to a temporary folder first, since unlocking and backing up write
to it. The first run prints the generation time and the size.

The figures (time.perf_counter(), gc.collect() untimed before each; one warm-up round, then
--runs rounds of a, b and c in turn, so that a busy moment of the machine falls on all alike;
the files are in the OS page cache, since caches can't be dropped here: warm-cache runs. CPU
is the process's, all threads together: above the wall time where threads ran side by side):

(a) `sqlcipher_export` alone: open a connection with the raw key, ATTACH a new file with the
    same key, `SELECT sqlcipher_export('export')`, DETACH, close.
(b) `practice.backups.write("manual")` into a fresh chosen folder: the whole BackupJob (its
    own connection, export with row counts, check of the export, pack, read-back, audit entry,
    rotation).
(c) (b) in its parts, each called directly on the same inputs: `export_encrypted` (with the
    row counts, on a connection from `open_database`, not flushed, as the job makes it),
    `check_database_file`, `write_bundle` and `check_members`; then the check beside the
    packing and the read-back, as the job runs them; and, for reference, the parts of the
    check on their own and a plain SHA-256 read of the export.

The output is timings, counts and sizes only; the data is synthetic. Benchmarks print; they
don't assert: the script exits 0 whether or not the target is met.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import heapq
import itertools
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

TARGET_RATIO = 2.0
SCALE_ENV = "PRACTICE_DESK_BENCH_SCALE"
GENERATOR_VERSION = 1  # bump whenever the generated practice changes
FULL_CLIENTS = 5000
FULL_SESSIONS = 200_000
FULL_CHAIRS = 120  # hourly slots a week: 24 a day, Monday to Friday
HISTORY_START = date(1991, 1, 7)  # a Monday
SAMPLE_TODAY = date(2026, 1, 5)  # plan_clients' today; only the details and terms are used
BENCH_PASSPHRASE = "synthetic practice for benchmarks only"  # as in generate.py
TIME_ZONE = "Europe/London"
SESSION_MINUTES = 50
CANCELLED_SHARE = 0.06
ADDENDUM_SHARE = 0.03
PROCESS_NOTE_SHARE = 1 / 7
BATCH = 2000  # sessions per transaction
BYTES_PER_SESSION = 3400  # rough database size per session, for the disk-space check
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"


# --- the practice ------------------------------------------------------------------------------


@dataclass
class Contract:
    client: int  # index into the client list
    terms: object  # ContractTerms
    sessions: int = 0
    cancelled: int = 0
    first_week: int = 0
    chair: int = 0
    id: int = 0
    goal_ids: list[int] = field(default_factory=list)
    created: datetime | None = None
    last_slot: datetime | None = None
    still_running: bool = False


@dataclass
class Slot:
    starts: datetime
    contract: Contract
    attended: bool


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _precise(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _vocabulary() -> list[str]:
    """Every word of the app's sample texts, once: some 1,500 words to draw notes from."""
    from practice_desk.services import sample_session_texts, sample_texts

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, (tuple, list, frozenset, set)):
            for item in value:
                yield from strings(item)

    words: set[str] = set()
    for module in (sample_session_texts, sample_texts):
        for name, value in vars(module).items():
            if name.isupper():
                for text in strings(value):
                    words.update(w.lower() for w in re.findall(r"[A-Za-z][a-z'’-]+", text))
    return sorted(words)


class NoteWriter:
    """Session notes of random words: about 140 words, 1 KB, in six fields."""

    SHAPE = (("agenda", 11), ("goal", 9), ("working_notes", 88))
    SHAPE_END = (("takeaways", 15), ("progress_comment", 10), ("next_steps", 10))

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = _vocabulary()

    def _sentences(self, words: list[str]) -> str:
        out, start = [], 0
        while start < len(words):
            length = self.rng.randint(7, 16)
            part = words[start : start + length]
            out.append(" ".join(part).capitalize() + ".")
            start += length
        return " ".join(out)

    def note(self) -> tuple[str, ...]:
        shape = self.SHAPE + self.SHAPE_END
        total = sum(n for _, n in shape)
        words = self.rng.choices(self.words, k=total)
        fields, start = [], 0
        for _, n in shape:
            fields.append(self._sentences(words[start : start + n]))
            start += n
        return tuple(fields)

    def text(self, words: int) -> str:
        return self._sentences(self.rng.choices(self.words, k=words))


def _plan(clients: int, sessions: int, chairs: int, seed: int):
    """(client plans, contracts with their chair and weeks, slots in time order)."""
    from practice_desk.domain.contracts import ContractStatus
    from practice_desk.services.sample_practice import plan_clients

    rng = random.Random(f"backup bench {seed}")
    plans = list(plan_clients(clients, seed=seed, today=SAMPLE_TODAY))
    contracts = [
        Contract(index, replace(terms, status=ContractStatus.ACTIVE, ends_on=None))
        for index, plan in enumerate(plans)
        for terms in plan.contracts
    ]
    weights = [rng.uniform(0.25, 1.75) for _ in contracts]
    scale = sessions / sum(weights)
    for contract, weight in zip(contracts, weights, strict=True):
        contract.sessions = max(1, round(weight * scale))
    contracts[-1].sessions += sessions - sum(c.sessions for c in contracts)
    while contracts[-1].sessions < 1:  # rounding took too much: take it back elsewhere
        donor = max(contracts, key=lambda c: c.sessions)
        donor.sessions -= 1
        contracts[-1].sessions += 1
    for contract in contracts:
        contract.cancelled = sum(rng.random() < CANCELLED_SHARE for _ in range(contract.sessions))

    # Clients take the least busy chair, their contracts one after another in it.
    by_client: dict[int, list[Contract]] = {}
    for contract in contracts:
        by_client.setdefault(contract.client, []).append(contract)
    free = [(0, chair) for chair in range(chairs)]
    heapq.heapify(free)
    for client_contracts in by_client.values():
        week, chair = heapq.heappop(free)
        for contract in client_contracts:
            contract.chair, contract.first_week = chair, week
            week += contract.sessions + contract.cancelled
        heapq.heappush(free, (week, chair))
    last_week = max(week for week, _ in free)

    start = datetime.combine(HISTORY_START, datetime.min.time(), tzinfo=UTC)
    slots = []
    for contract in contracts:
        runs = contract.sessions + contract.cancelled
        cancelled = set(rng.sample(range(1, runs), contract.cancelled)) if runs > 1 else set()
        day, hour = contract.chair % 5, contract.chair // 5
        for n in range(runs):
            starts = start + timedelta(days=7 * (contract.first_week + n) + day, hours=hour)
            slots.append(Slot(starts, contract, n not in cancelled))
        contract.last_slot = slots[-1].starts
        # The last client in a chair is still in work when the history ends.
        contract.still_running = contract.first_week + runs >= max(
            w for w, c in free if c == contract.chair
        )
    slots.sort(key=lambda slot: slot.starts)
    return plans, contracts, slots, last_week


def _insert_clients_and_contracts(conn, plans, contracts, rng, audit: list) -> list[int]:
    """Clients in order of their first contact, then their contracts; returns client ids."""
    from practice_desk.domain.clients import ClientStatus
    from practice_desk.storage import client_store, contract_store

    first_slot: dict[int, datetime] = {}
    for contract in contracts:
        moment = datetime.combine(HISTORY_START, datetime.min.time(), tzinfo=UTC) + timedelta(
            weeks=contract.first_week, days=contract.chair % 5, hours=contract.chair // 5
        )
        contract.created = moment - timedelta(days=7, hours=rng.randint(1, 20))
        first_slot.setdefault(contract.client, contract.created)
    history_days = (max(c.last_slot for c in contracts) - min(first_slot.values())).days
    created: list[datetime] = []
    for index in range(len(plans)):
        if index in first_slot:
            created.append(first_slot[index] - timedelta(days=rng.randint(10, 30)))
        else:
            created.append(
                datetime.combine(HISTORY_START, datetime.min.time(), tzinfo=UTC)
                + timedelta(days=rng.randint(0, history_days), hours=rng.randint(8, 18))
            )
    order = sorted(range(len(plans)), key=lambda index: created[index])
    ids = [0] * len(plans)
    for index in order:
        details = plans[index].details
        if index in first_slot:
            details = replace(details, status=ClientStatus.ACTIVE)
        moment = created[index]
        ids[index] = client_store.insert_client(conn, details, _precise(moment))
        audit.append((moment, "client_created", "client", ids[index], ids[index], ""))
    for contract in sorted(contracts, key=lambda c: c.created):
        client_id = ids[contract.client]
        terms = replace(
            contract.terms,
            starts_on=contract.created.date() + timedelta(days=7),
            session_minutes=SESSION_MINUTES,
            phase_beginning=None,
            phase_end=None,
        )
        contract.terms = terms
        contract.id = contract_store.insert_contract(
            conn, client_id, terms, _precise(contract.created)
        )
        contract.goal_ids = [
            goal_id
            for (goal_id,) in conn.execute(
                "SELECT id FROM contract_goals WHERE contract_id = ? ORDER BY position",
                (contract.id,),
            )
        ]
        detail = f"{terms.kind.value}:active"
        audit.append(
            (contract.created, "contract_created", "contract", contract.id, client_id, detail)
        )
    return ids


def _insert_appointments(conn, contracts, slots, client_ids, rng) -> list[int]:
    """Latest first, ids in time order (see the docstring); returns the ids by slot."""
    (last_id,) = conn.execute("SELECT coalesce(max(id), 0) FROM appointments").fetchone()
    series: dict[int, int] = {}
    for contract in sorted(contracts, key=lambda c: c.created):
        cursor = conn.execute(
            "INSERT INTO appointment_series (interval_weeks, created_at) VALUES (1, ?)",
            (_precise(contract.created),),
        )
        series[contract.id] = int(cursor.lastrowid)
    ids = [last_id + 1 + n for n in range(len(slots))]
    rows = []
    for appointment_id, slot in zip(reversed(ids), reversed(slots), strict=True):
        contract = slot.contract
        ends = slot.starts + timedelta(minutes=SESSION_MINUTES)
        if slot.attended:
            status, by, at = "attended", None, None
        else:
            status, by = "cancelled", "client"
            at = _precise(slot.starts - timedelta(hours=rng.randint(26, 200)))
        rows.append(
            (
                appointment_id,
                f"{rng.getrandbits(128):032x}",
                f"{contract.terms.kind.value}_session",
                client_ids[contract.client],
                contract.id,
                _stamp(slot.starts),
                _stamp(ends),
                TIME_ZONE,
                status,
                by,
                at,
                series[contract.id],
                _precise(contract.created),
                _precise(ends if slot.attended else slot.starts - timedelta(hours=26)),
            )
        )
    conn.executemany(
        "INSERT INTO appointments (id, uid, kind, client_id, contract_id, starts_at, ends_at, "
        "time_zone, status, cancelled_by, cancelled_at, series_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return ids


class SessionWriter:
    """Sessions with their events, markers, goal links, process notes, signature, addenda."""

    def __init__(self, conn, rng: random.Random, notes: NoteWriter) -> None:
        from practice_desk.domain.progress_markers import MarkerKind
        from practice_desk.services import sample_session_texts as texts

        self.conn, self.rng, self.notes = conn, rng, notes
        kinds = [k for k in MarkerKind if k is not MarkerKind.GOAL_PROGRESS]
        self.marker_kinds = kinds
        self.pools = {
            (kind, voice): pool
            for kind in kinds
            for voice, pool in (
                ("client", texts.CLIENT_MARKERS.get(kind, ())),
                ("practitioner", texts.PRACTITIONER_MARKERS.get(kind, ())),
            )
            if pool
        }
        self.pool_keys = list(self.pools)
        self.goal_texts = [t for pool in texts.GOAL_PROGRESS.values() for t in pool]
        self.addenda_texts = texts.WORKING_NOTES
        (self.next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM sessions").fetchone()
        self.counts = {"markers": 0, "events": 0, "addenda": 0, "process_notes": 0, "goals": 0}
        self.note_chars = 0

    def write(self, batch: list[tuple[Slot, int]], client_ids: list[int], audit: list) -> None:
        from practice_desk.domain.contracts import ContractKind
        from practice_desk.domain.session_notes import uses_prompts
        from practice_desk.domain.session_phases import PhasePlan

        rng = self.rng
        sessions, events, markers, goals, process, signed, addenda = [], [], [], [], [], [], []
        for slot, appointment_id in batch:
            contract = slot.contract
            terms = contract.terms
            session_id, self.next_id = self.next_id, self.next_id + 1
            client_id = client_ids[contract.client]
            edge = bool(terms.therapy and terms.therapy.coaching_edge)
            structured = uses_prompts(terms.kind, edge)
            plan = PhasePlan.for_session(SESSION_MINUTES, structured=structured)
            started = slot.starts + timedelta(seconds=rng.uniform(0, 180))
            finished = started + timedelta(minutes=SESSION_MINUTES, seconds=rng.uniform(-60, 240))
            signed_at = finished + timedelta(minutes=rng.uniform(3, 90))
            note = self.notes.note()
            self.note_chars += sum(len(text) for text in note)
            sessions.append(
                (
                    session_id,
                    client_id,
                    contract.id,
                    appointment_id,
                    terms.kind.value,
                    int(structured),
                    plan.beginning,
                    plan.middle,
                    plan.end,
                    _precise(started),
                    _precise(finished),
                    *note,
                    _precise(finished),
                )
            )
            events.append((session_id, "started", _precise(started)))
            if structured:
                for minute in (plan.beginning, plan.beginning + plan.middle):
                    at = started + timedelta(minutes=minute, seconds=rng.uniform(-30, 90))
                    events.append((session_id, "advanced", _precise(at)))
            events.append((session_id, "finished", _precise(finished)))
            for _ in range(rng.randint(2, 6)):
                minute = rng.uniform(1, SESSION_MINUTES - 1)
                at = started + timedelta(minutes=minute)
                phase = "middle"
                if structured and minute < plan.beginning:
                    phase = "beginning"
                elif structured and minute >= plan.beginning + plan.middle:
                    phase = "end"
                if contract.goal_ids and rng.random() < 0.15:
                    kind, voice, goal = (
                        "goal_progress",
                        "practitioner",
                        rng.choice(contract.goal_ids),
                    )
                    text = rng.choice(self.goal_texts)
                else:
                    kind, voice = rng.choice(self.pool_keys)
                    text, goal = rng.choice(self.pools[(kind, voice)]), None
                    kind = kind.value
                markers.append(
                    (session_id, kind, _precise(at), phase, voice, text, goal, _precise(at))
                )
            if structured and contract.goal_ids:
                goals.append((session_id, rng.choice(contract.goal_ids)))
            if terms.kind is ContractKind.THERAPY and rng.random() < PROCESS_NOTE_SHARE:
                process.append((session_id, self.notes.text(45), _precise(finished)))
            signed.append((_precise(signed_at), _precise(signed_at), session_id))
            audit.append((signed_at, "session_signed", "session", session_id, client_id, ""))
            if rng.random() < ADDENDUM_SHARE:
                written = signed_at + timedelta(hours=rng.uniform(20, 70))
                addenda.append((session_id, rng.choice(self.addenda_texts), _precise(written)))
                audit.append((written, "addendum_written", "session", session_id, client_id, ""))

        conn = self.conn
        conn.executemany(
            "INSERT INTO sessions (id, client_id, contract_id, appointment_id, kind, structured, "
            "plan_beginning, plan_middle, plan_end, started_at, finished_at, agenda, goal, "
            "working_notes, takeaways, progress_comment, next_steps, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        conn.executemany(
            "INSERT INTO session_events (session_id, kind, at) VALUES (?, ?, ?)", events
        )
        conn.executemany(
            "INSERT INTO progress_markers (session_id, kind, at, phase, voice, text, goal_id, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            markers,
        )
        conn.executemany("INSERT INTO session_goals (session_id, goal_id) VALUES (?, ?)", goals)
        conn.executemany(
            "INSERT INTO process_notes (session_id, body, updated_at) VALUES (?, ?, ?)", process
        )
        conn.executemany("UPDATE sessions SET signed_at = ?, updated_at = ? WHERE id = ?", signed)
        conn.executemany(
            "INSERT INTO session_addenda (session_id, body, written_at) VALUES (?, ?, ?)", addenda
        )
        for name, rows in (
            ("events", events),
            ("markers", markers),
            ("goals", goals),
            ("process_notes", process),
            ("addenda", addenda),
        ):
            self.counts[name] += len(rows)


def _end_finished_work(conn, contracts, client_ids, audit: list) -> None:
    still = {c.client for c in contracts if c.still_running}
    for contract in contracts:
        if contract.still_running:
            continue
        ended = contract.last_slot + timedelta(hours=2)
        conn.execute(
            "UPDATE contracts SET status = 'ended', ends_on = ?, updated_at = ? WHERE id = ?",
            (contract.last_slot.date().isoformat(), _precise(ended), contract.id),
        )
        client_id = client_ids[contract.client]
        detail = f"{contract.terms.kind.value}:ended"
        audit.append((ended, "contract_ended", "contract", contract.id, client_id, detail))
    last = {}
    for contract in contracts:
        last[contract.client] = max(
            last.get(contract.client, contract.last_slot), contract.last_slot
        )
    conn.executemany(
        "UPDATE clients SET status = 'closed', updated_at = ? WHERE id = ?",
        [
            (_precise(moment + timedelta(days=1)), client_ids[index])
            for index, moment in last.items()
            if index not in still
        ],
    )


def _write_audit_chain(conn, audit: list) -> int:
    from practice_desk.domain.audit import GENESIS_HASH, chain_hash

    row = conn.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0], row[1]) if row else (0, GENESIS_HASH)
    audit.sort(key=lambda entry: entry[0])
    rows = []
    for moment, action, object_type, object_id, client_id, detail in audit:
        seq += 1
        at = _precise(moment)
        entry_hash = chain_hash(prev, seq, at, action, object_type, object_id, client_id, detail)
        rows.append((seq, at, action, object_type, object_id, client_id, detail, prev, entry_hash))
        prev = entry_hash
    conn.executemany(
        "INSERT INTO audit_log (seq, at, action, object_type, object_id, client_id, detail, "
        "prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def generate(home: Path, clients: int, sessions: int, chairs: int, seed: int) -> dict:
    """Create and fill the practice in `home` (see the docstring); returns what went in."""
    from practice_desk.domain.clock import ManualClock
    from practice_desk.domain.profile import PracticeProfile
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault
    from practice_desk.storage.database import transaction

    rng = random.Random(f"backup bench rows {seed}")
    plans, contracts, slots, weeks = _plan(clients, sessions, chairs, seed)
    clock = ManualClock(datetime(1990, 11, 5, 9, tzinfo=UTC))
    vault = Vault(VaultFiles(home), clock, kdf_params=fast_params_for_tests)
    profile = PracticeProfile("Sample Practice", "Dr. Sam Sample", "Synthetic data")
    practice = vault.create(profile, BENCH_PASSPHRASE).practice
    conn = practice.conn
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB while building
    audit: list[tuple] = []
    try:
        with transaction(conn):
            client_ids = _insert_clients_and_contracts(conn, plans, contracts, rng, audit)
            appointment_ids = _insert_appointments(conn, contracts, slots, client_ids, rng)
        writer = SessionWriter(conn, rng, NoteWriter(rng))
        attended = [(s, a) for s, a in zip(slots, appointment_ids, strict=True) if s.attended]
        for start in range(0, len(attended), BATCH):
            with transaction(conn):
                writer.write(attended[start : start + BATCH], client_ids, audit)
            print(f"  {min(start + BATCH, len(attended)):,} sessions", end="\r", flush=True)
        print()
        with transaction(conn):
            _end_finished_work(conn, contracts, client_ids, audit)
            entries = _write_audit_chain(conn, audit)
        clock.advance((max(s.starts for s in slots) - clock.now()).total_seconds() + 7 * 86400)
    finally:
        practice.close("bench")
    return {
        "clients": len(plans),
        "contracts": len(contracts),
        "appointments": len(slots),
        "sessions": len(attended),
        "years": round(weeks / 52.18, 1),
        "chairs": chairs,
        "note_bytes": round(writer.note_chars / max(1, len(attended))),
        "audit_entries": entries,
        **writer.counts,
    }


# --- the cache -----------------------------------------------------------------------------------


def _sizes(scale: float) -> tuple[int, int, int]:
    clients = max(20, round(FULL_CLIENTS * scale))
    sessions = max(100, round(FULL_SESSIONS * scale))
    chairs = max(5, min(FULL_CHAIRS, round(FULL_CHAIRS * scale)))
    return clients, sessions, chairs


def _cache_name(scale: float, seed: int) -> str:
    from practice_desk.storage.migrations import LATEST_VERSION

    return f"backup-g{GENERATOR_VERSION}-d{LATEST_VERSION}-scale{scale:g}-seed{seed}"


def _free_bytes_needed(paths_and_bytes: list[tuple[Path, int]]) -> list[str]:
    """Problems, if a file system lacks the room asked of it (requests on one device add up)."""
    wanted: dict[int, tuple[Path, int]] = {}
    for path, size in paths_and_bytes:
        probe = path
        while not probe.exists():
            probe = probe.parent
        device = probe.stat().st_dev
        first, total = wanted.get(device, (probe, 0))
        wanted[device] = (first, total + size)
    problems = []
    for probe, size in wanted.values():
        free = shutil.disk_usage(probe).free
        if free < size:
            problems.append(
                f"{probe} has {free / 2**30:.1f} GiB free; this run needs about "
                f"{size / 2**30:.1f} GiB there"
            )
    return problems


def cached_practice(cache: Path, scale: float, seed: int) -> tuple[Path, dict, float | None]:
    """(home of the cached practice, what went in, generation seconds or None if cached)."""
    folder = cache / _cache_name(scale, seed)
    ready = folder / "generated.json"
    if ready.exists():
        return folder / "home", json.loads(ready.read_text()), None
    if cache.is_dir():  # an older generator or data version, or an interrupted run
        prefix = f"backup-g{GENERATOR_VERSION}-"
        for old in cache.glob("backup-*"):
            if old == folder or not old.name.startswith(prefix):
                shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    clients, sessions, chairs = _sizes(scale)
    print(f"Generating the practice ({clients:,} clients, {sessions:,} sessions) into {folder}…")
    started = time.perf_counter()
    made = generate(folder / "home", clients, sessions, chairs, seed)
    seconds = time.perf_counter() - started
    made["generation_s"] = round(seconds, 1)
    ready.write_text(json.dumps(made, indent=2))
    return folder / "home", made, seconds


# --- timing --------------------------------------------------------------------------------------


def _timed(call: Callable[[], object]) -> tuple[tuple[float, float], object]:
    """((wall seconds, process CPU seconds of all threads), what `call` returned)."""
    gc.collect()
    cpu, started = time.process_time(), time.perf_counter()
    result = call()
    return (time.perf_counter() - started, time.process_time() - cpu), result


def export_alone(database: Path, raw_key: bytes, target: Path) -> None:
    """(a): a connection with the raw key, ATTACH, sqlcipher_export, DETACH."""
    import sqlcipher3

    from practice_desk.storage.database import key_pragma_value

    conn = sqlcipher3.connect(
        f"{database.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None
    )
    try:
        conn.execute(f'PRAGMA key = "{key_pragma_value(raw_key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("ATTACH DATABASE ? AS export KEY ?", (str(target), key_pragma_value(raw_key)))
        conn.execute("SELECT sqlcipher_export('export')")
        conn.execute("DETACH DATABASE export")
    finally:
        conn.close()


class Rounds:
    """The three measurements, each run into fresh files under `scratch`."""

    def __init__(self, practice, scratch: Path) -> None:
        self.practice = practice
        self.scratch = scratch
        self.counter = itertools.count(1)
        self.times: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}
        self.sizes: dict[str, int] = {}
        self.tables: dict[str, int] = {}

    def _note(self, name: str, seconds: tuple[float, float]) -> None:
        self.times.setdefault(name, []).append(seconds[0])
        self.cpu.setdefault(name, []).append(seconds[1])

    def _fresh(self, name: str) -> Path:
        folder = self.scratch / f"{name}-{next(self.counter)}"
        folder.mkdir(mode=0o700)
        return folder

    def export_alone(self) -> None:
        folder = self._fresh("export")
        _, raw_key = self.practice.key_material()
        target = folder / "export.db"
        seconds, _ = _timed(lambda: export_alone(self.practice.files.database, raw_key, target))
        self._note("a", seconds)
        self.sizes["export"] = target.stat().st_size
        shutil.rmtree(folder)

    def backup(self) -> None:
        folder = self._fresh("backup")
        self.practice.backups.choose_folder(folder)
        self.practice.clock.advance(60)
        seconds, result = _timed(lambda: self.practice.backups.write("manual"))
        self._note("b", seconds)
        self.sizes["backup"] = result.size
        self.tables = result.tables
        shutil.rmtree(folder)

    def parts(self) -> None:
        """(c): the BackupJob's steps, called directly, then the check in its parts."""
        from concurrent.futures import ThreadPoolExecutor

        import sqlcipher3

        from practice_desk import __version__
        from practice_desk.security import keyfile, sealing
        from practice_desk.services import backup_bundle as bundle
        from practice_desk.storage.database import (
            CHECK_CACHE_KIB,
            check_database_file,
            export_encrypted,
            key_pragma_value,
            open_database,
            table_counts,
        )

        key_file, raw_key = self.practice.key_material()
        key_file_bytes = keyfile.dumps(key_file)
        folder = self._fresh("parts")
        scratch, target = folder / "scratch.db", folder / "backup.pdbackup"
        moment = self.practice.clock.now()

        def export() -> dict[str, int]:
            conn = open_database(self.practice.files.database, raw_key)
            try:
                return export_encrypted(conn, scratch, raw_key, durable=False)  # as the job
            finally:
                conn.close()

        seconds, tables = _timed(export)
        self._note("c export", seconds)
        seconds, check = _timed(lambda: check_database_file(scratch, raw_key))
        self._note("c check", seconds)
        assert check.clean and check.tables == tables, "the export did not check out"
        sealed = sealing.seal(
            raw_key, bundle.COUNTS_PURPOSE, json.dumps(tables, sort_keys=True).encode()
        )

        def manifest_for(members):
            return bundle.Manifest(
                app_version=__version__,
                data_version=check.data_version,
                created_at=moment,
                vault_id=key_file.vault_id,
                reason="manual",
                members=members,
                sealed_counts=sealed,
            )

        seconds, manifest = _timed(
            lambda: bundle.write_bundle(target, scratch, key_file_bytes, manifest_for)
        )
        self._note("c pack", seconds)
        seconds, _ = _timed(lambda: bundle.check_members(target, manifest))
        self._note("c read-back", seconds)

        def side_by_side() -> None:  # as BackupJob runs them: the check on a worker thread
            with ThreadPoolExecutor(max_workers=1) as pool:
                checking = pool.submit(check_database_file, scratch, raw_key)

                def verified(packed, manifest):
                    bundle.check_members(packed, manifest)
                    assert checking.result().clean

                bundle.write_bundle(
                    folder / "again.pdbackup",
                    scratch,
                    key_file_bytes,
                    manifest_for,
                    before_naming=verified,
                )

        self._note("c both", _timed(side_by_side)[0])

        # The check in its parts, on the same file, one read-only connection each.
        def checking(statement: Callable[[object], object]) -> Callable[[], object]:
            def run() -> object:
                conn = sqlcipher3.connect(f"{scratch.resolve().as_uri()}?mode=ro", uri=True)
                try:
                    conn.execute(f'PRAGMA key = "{key_pragma_value(raw_key)}"')
                    conn.execute("PRAGMA temp_store = MEMORY")
                    conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")  # as the check
                    return statement(conn)
                finally:
                    conn.close()

            return run

        def pragma(name: str) -> Callable[[object], object]:
            return lambda conn: conn.execute(f"PRAGMA {name}").fetchall()

        self._note("c cipher", _timed(checking(pragma("cipher_integrity_check")))[0])
        self._note("c integrity", _timed(checking(pragma("integrity_check")))[0])
        self._note("c counts", _timed(checking(table_counts))[0])

        def hash_file() -> None:
            digest = hashlib.sha256()
            with scratch.open("rb") as source:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)

        self._note("c sha256", _timed(hash_file)[0])
        shutil.rmtree(folder)


# --- the report ----------------------------------------------------------------------------------


def _parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env_scale = os.environ.get(SCALE_ENV, "").strip()
    parser.add_argument(
        "--scale",
        type=float,
        default=float(env_scale) if env_scale else 1.0,
        help=f"size against the career-size practice (default: ${SCALE_ENV} or 1)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"where the generated practice is kept (default {DEFAULT_CACHE})",
    )
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 10 or args.runs < 1:
        parser.error("--scale must be above 0 and at most 10, --runs at least 1")
    return args


def _row(label: str, times: list[float], cpu: list[float] | None = None) -> str:
    line = f"  {label:50} {statistics.median(times):>7.2f} {min(times):>7.2f} {max(times):>7.2f}"
    return line + (f" {statistics.median(cpu):>7.2f}" if cpu else "")


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    from practice_desk.domain.clock import ManualClock
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault

    began = time.perf_counter()
    clients, sessions, _ = _sizes(args.scale)
    size_label = "career size" if args.scale == 1 else f"scale {args.scale:g} of career size"
    print(
        f"Backup benchmark: {clients:,} clients, {sessions:,} sessions ({size_label}; "
        f"set {SCALE_ENV} or --scale for another size)."
    )
    estimate = sessions * BYTES_PER_SESSION
    scratch_root = Path(tempfile.gettempdir())
    cached = (args.cache / _cache_name(args.scale, args.seed) / "generated.json").exists()
    problems = _free_bytes_needed(
        [(args.cache, 0 if cached else round(estimate * 1.2)), (scratch_root, 4 * estimate)]
    )
    if problems:
        print("Not enough free disk space for this size:")
        for problem in problems:
            print(f"  {problem}")
        print(f"Free some space, or run a smaller size, e.g. {SCALE_ENV}=0.1.")
        return 2

    home, made, generated_s = cached_practice(args.cache, args.scale, args.seed)
    database_size = (home / "practice.db").stat().st_size
    if generated_s is not None:
        print(
            f"Generated in {generated_s:.0f} s (cached for the next runs): the database is "
            f"{_mb(database_size)}."
        )
    else:
        print(
            f"Using the cached practice ({_mb(database_size)}, generated in {made['generation_s']} s)."
        )

    scratch = Path(tempfile.mkdtemp(prefix="practice-desk-backup-bench-"))
    try:
        shutil.copytree(home, scratch / "home")
        clock = ManualClock(datetime(2025, 3, 3, 9, tzinfo=UTC))
        vault = Vault(VaultFiles(scratch / "home"), clock, kdf_params=fast_params_for_tests)
        practice = vault.unlock(BENCH_PASSPHRASE)
        try:
            rounds = Rounds(practice, scratch)
            steps = (rounds.export_alone, rounds.backup, rounds.parts)
            print("Warming up (one round, not counted)…", flush=True)
            for step in steps:
                step()
            rounds.times.clear()
            for n in range(args.runs):
                print(f"Round {n + 1} of {args.runs}…", flush=True)
                for step in steps:
                    step()
        finally:
            practice.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    times = rounds.times
    tables = rounds.tables
    print()
    print(
        f"The practice: {made['clients']:,} clients, {made['contracts']:,} contracts, "
        f"{made['appointments']:,} appointments over {made['years']} years, "
        f"{made['sessions']:,} signed sessions (notes {made['note_bytes']:,} bytes on average), "
        f"{made['markers']:,} markers, {made['events']:,} timer events, "
        f"{made['audit_entries']:,} audit entries generated; {sum(tables.values()):,} rows in "
        f"{len(tables)} tables."
    )
    print(
        f"Sizes: database {_mb(database_size)}, export {_mb(rounds.sizes['export'])}, "
        f"backup file {_mb(rounds.sizes['backup'])}."
    )
    print(
        f"Seconds over {args.runs} warm-cache runs (one warm-up round not counted); CPU is the "
        "process's, all threads:"
    )
    print(f"  {'':50} {'median':>7} {'min':>7} {'max':>7} {'CPU':>7}")

    def show(label: str, name: str) -> None:
        print(_row(label, times[name], rounds.cpu[name]))

    show("(a) sqlcipher_export alone", "a")
    show('(b) backups.write("manual"): backup + verify', "b")
    show("(c) export_encrypted (export + row counts)", "c export")
    show("    check_database_file", "c check")
    show("      cipher_integrity_check (reference)", "c cipher")
    show("      integrity_check (reference)", "c integrity")
    show("      row counts (reference)", "c counts")
    show("    write_bundle (pack: copy, SHA-256, fsync)", "c pack")
    show("    check_members (read-back, SHA-256)", "c read-back")
    show("    check beside pack + read-back, as the job runs", "c both")
    show("    reading the export with SHA-256 (reference)", "c sha256")
    parts = ("c export", "c check", "c pack", "c read-back")
    summed = [sum(values) for values in zip(*(times[p] for p in parts), strict=True)]
    print(_row("    the four parts one after the other", summed))
    ratio = statistics.median(times["b"]) / statistics.median(times["a"])
    best = min(times["b"]) / min(times["a"])
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(
        f"  Ratio (b)/(a): {ratio:.2f}x on medians ({best:.2f}x on minimums); "
        f"target <= {TARGET_RATIO:.1f}x: {verdict}"
    )
    own = statistics.median(times["b"]) / statistics.median(times["c export"])
    cpu = statistics.median(rounds.cpu["b"]) / statistics.median(rounds.cpu["a"])
    print(
        f"  For reference: (b) against the job's own export in (c) {own:.2f}x; "
        f"CPU time (b)/(a) {cpu:.2f}x"
    )
    print(f"  Took {time.perf_counter() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
