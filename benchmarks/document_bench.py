"""Document benchmark: a session record and a 200-session client record, made as PDF bytes.

Run it with
`QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/document_bench.py [--sessions 200]`
(no window is opened; the variable is set, as in the other benchmarks, in case anything
imported asks for Qt).

The practice: a new one in a temporary folder, removed afterwards, with the cheapest Argon2id
cost, built through the real services (not counted):

- A therapy client with a coaching edge (structured sessions, three goals) and --sessions
  signed sessions made by `fill_sample_sessions`, one a week from --first-day, with about
  five markers each. Their working notes get three paragraphs more than the sampler's two
  to four lines, so a note has about 180 words in all rather than 70. About one signed
  session in eight gets an addendum a day or two later. Both are added by wrapping the
  session service's `save_text` and `sign` while the sampler runs, so the texts still go
  through the real use cases (validation, triggers, audit).
- A coaching client with one signed session run by hand: every field of the note filled
  (the same long working notes), 8 markers across the three phases (one on a goal), signed,
  and an addendum the next day.

The figures, from time.perf_counter(), with a gc.collect() (untimed) before each run:

(a) `practice.documents.session_record(id)` end to end: the first call of the process (it
    imports reportlab and loads the fonts; reportlab is checked not to be imported before),
    then --session-runs calls: median and max. Target: median <= 30 ms.
(b) `practice.documents.client_record(client_id, first_day, last_day)` over every session of
    the first client: --record-runs calls after (a): median and max, the pages and the size
    of the PDF. Target: median <= 400 ms.
(c) The same record in its three parts, each timed on its own over --record-runs runs: the
    reading (the client, `sessions.progress()`, the contracts and each signed session's
    addenda, as `Documents.client_record` reads them), composing the blocks
    (`document_content.client_record`) and rendering them (`blocks.render_document`: the
    paragraphs and tables, the layout, the PDF bytes). What (b) has beyond their sum is the
    disclosure check, the choice of sessions by day and the page count.

Nothing printed comes from a practice: the data is synthetic and the output is timings and
counts only. Benchmarks print; they don't assert: the script exits 0 whether or not a target
is met.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from bench_table import row

SESSION_TARGET_MS = 30.0
RECORD_TARGET_MS = 400.0
DEFAULT_FIRST_DAY = date(2022, 1, 3)
BENCH_PASSPHRASE = "synthetic practice for benchmarks only"  # as in generate.py
ADDENDUM_SHARE = 0.125  # about one signed session in eight gets an addendum

ADDENDA = (
    "Correction: the review meeting is next month, not next week as noted.",
    "Added after the session: the client e-mailed to say the conversation with the manager "
    "went better than expected.",
    "The agreed exercise was the worry diary, not the breathing practice; noted here so the "
    "next session starts from the right place.",
    "Clarification: 'the visit' refers to the visit to the parents, not to the new flat.",
    "Late addition: the client mentioned sleeping badly again; to be picked up next time.",
)


# --- the practice ------------------------------------------------------------------------------


def _long_working_notes(rng: random.Random, opening: str) -> str:
    """The sampler's lines, then three paragraphs of the sample texts: a note of a realistic
    length (some 150 words more)."""
    from practice_desk.domain.progress_markers import MarkerKind
    from practice_desk.services import sample_session_texts as texts

    said = [
        f'Said: "{line}"'
        for kind in (MarkerKind.INSIGHT, MarkerKind.COGNITION, MarkerKind.SELF_REFLECTION)
        for line in texts.CLIENT_MARKERS[kind]
    ]
    seen = [line for lines in texts.PRACTITIONER_MARKERS.values() for line in lines]
    pools = (texts.WORKING_NOTES, said + list(texts.CLIENT_MARKERS[MarkerKind.AFFECT]), seen)
    paragraphs = [opening]
    for pool in pools:
        paragraphs.append(" ".join(rng.sample(pool, min(len(pool), rng.randint(3, 5)))))
    return "\n\n".join(paragraphs)


def _sample_client_with_sessions(practice, sessions: int, seed: int, first: datetime):
    """(client id, sessions made, markers, addenda) for the first client (see the docstring)."""
    from practice_desk.domain.contracts import ContractKind
    from practice_desk.domain.session_notes import NoteField
    from practice_desk.services.sample_sessions import (
        add_sample_client_in_work,
        fill_sample_sessions,
    )

    service = practice.sessions
    clock = practice.clock
    rng = random.Random(f"document bench {seed}")
    save_text, sign = service.save_text, service.sign
    addenda = 0

    def longer(session_id: int, which: NoteField, text: str) -> str:
        if which is NoteField.WORKING_NOTES:
            text = _long_working_notes(rng, text)
        return save_text(session_id, which, text)

    def sign_then_add(session_id: int):
        nonlocal addenda
        signed = sign(session_id)
        if rng.random() < ADDENDUM_SHARE:  # a day or two later; the next session is a week on
            clock.advance(minutes=rng.randint(20 * 60, 50 * 60))
            service.add_addendum(session_id, rng.choice(ADDENDA))
            addenda += 1
        return signed

    client_id = add_sample_client_in_work(practice, kind=ContractKind.THERAPY, seed=seed)
    service.save_text, service.sign = longer, sign_then_add
    try:
        report = fill_sample_sessions(practice, client_id, sessions, seed=seed, first_at=first)
    finally:
        del service.save_text, service.sign
    return client_id, report.sessions, report.markers, addenda


def _one_full_session(practice, seed: int) -> int:
    """The second client's signed coaching session (see the docstring); its id."""
    from practice_desk.domain.contracts import ContractKind
    from practice_desk.domain.progress_markers import MarkerKind, Voice
    from practice_desk.domain.session_notes import NoteField
    from practice_desk.services import sample_session_texts as texts
    from practice_desk.services.sample_sessions import add_sample_client_in_work

    rng = random.Random(f"document bench session {seed}")
    clock, service = practice.clock, practice.sessions
    client_id = add_sample_client_in_work(
        practice, display_name="Robin Example", kind=ContractKind.COACHING, seed=seed + 1
    )
    clock.advance(minutes=7 * 24 * 60)
    session = service.start(client_id=client_id)
    goal = service.contract(session).terms.goals[0]
    service.link_goals(session.id, [goal.id])

    def marker(kind: MarkerKind, after_minutes: float, **extra) -> None:
        clock.advance(minutes=after_minutes)
        voice = extra.pop("voice", Voice.CLIENT)
        pool = texts.CLIENT_MARKERS if voice is Voice.CLIENT else texts.PRACTITIONER_MARKERS
        text = extra.pop("text", None) or rng.choice(pool[kind])
        service.add_marker(session.id, kind, voice=voice, text=text, **extra)

    clock.advance(minutes=1)
    service.save_text(session.id, NoteField.AGENDA, rng.choice(texts.AGENDAS))
    service.save_text(session.id, NoteField.GOAL, rng.choice(texts.SESSION_GOALS))
    marker(MarkerKind.AFFECT, 4)
    clock.advance(minutes=3)
    service.advance(session.id)  # the middle, at 8 minutes
    middle = (
        MarkerKind.INSIGHT,
        MarkerKind.COGNITION,
        MarkerKind.AFFECT,
        MarkerKind.STRENGTH,
        MarkerKind.SELF_REFLECTION,
    )
    for kind in middle:
        marker(kind, 6, voice=rng.choice(texts.VOICES))
    opening = "\n".join(rng.sample(texts.WORKING_NOTES, 3))
    service.save_text(session.id, NoteField.WORKING_NOTES, _long_working_notes(rng, opening))
    clock.advance(minutes=8)
    service.advance(session.id)  # the end, at 40 minutes
    marker(
        MarkerKind.GOAL_PROGRESS, 2, text=rng.choice(texts.GOAL_PROGRESS["middle"]), goal_id=goal.id
    )
    marker(MarkerKind.TAKEAWAY, 3, text=rng.choice(texts.CLIENT_MARKERS[MarkerKind.TAKEAWAY]))
    takeaway = " ".join(rng.sample(texts.CLIENT_MARKERS[MarkerKind.INSIGHT], 2))
    service.save_text(session.id, NoteField.TAKEAWAYS, takeaway)
    service.save_text(session.id, NoteField.PROGRESS_COMMENT, rng.choice(texts.PROGRESS_COMMENTS))
    service.save_text(session.id, NoteField.NEXT_STEPS, rng.choice(texts.NEXT_STEPS))
    clock.advance(minutes=5)
    service.finish(session.id)
    clock.advance(minutes=10)
    service.sign(session.id)
    clock.advance(minutes=24 * 60)
    service.add_addendum(session.id, rng.choice(ADDENDA))
    return session.id


def _build(home: Path, clock, args) -> dict:
    from practice_desk.domain.profile import PracticeProfile
    from practice_desk.security.kdf import fast_params_for_tests
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.vault import Vault

    vault = Vault(VaultFiles(home), clock, kdf_params=fast_params_for_tests)
    profile = PracticeProfile("Sample Practice", "Dr. Sam Sample", "Synthetic data")
    practice = vault.create(profile, BENCH_PASSPHRASE).practice
    first = datetime.combine(args.first_day, datetime.min.time().replace(hour=10), tzinfo=UTC)
    client_id, sessions, markers, addenda = _sample_client_with_sessions(
        practice, args.sessions, args.seed, first
    )
    session_id = _one_full_session(practice, args.seed)
    return {
        "single_markers": len(practice.sessions.markers(session_id)),
        "practice": practice,
        "client_id": client_id,
        "session_id": session_id,
        "sessions": sessions,
        "markers": markers,
        "addenda": addenda,
    }


def _period(practice, client_id: int) -> tuple[date, date]:
    """The first and the last local day of the client's sessions."""
    tz = practice.bookings.settings.tz
    days = [s.started_at.astimezone(tz).date() for s in practice.sessions.for_client(client_id)]
    return min(days), max(days)


def _note_words(practice, client_id: int) -> float:
    """Words per note, on average, over the client's sessions (every field)."""
    from practice_desk.domain.session_notes import NoteField

    sessions = practice.sessions.for_client(client_id)
    words = [
        sum(len(session.note.text(which).split()) for which in NoteField) for session in sessions
    ]
    return statistics.mean(words) if words else 0.0


# --- timing ------------------------------------------------------------------------------------


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def time_session_record(practice, session_id: int, runs: int) -> tuple[float, list[float], object]:
    """(first call ms, later calls ms, the document)."""
    first_ms, document = _timed(lambda: practice.documents.session_record(session_id))
    times = [_timed(lambda: practice.documents.session_record(session_id))[0] for _ in range(runs)]
    return first_ms, times, document


def time_client_record(practice, client_id: int, period: tuple[date, date], runs: int):
    """(document, {figure: ms per run}, blocks). Each run times the whole record, then its
    three parts one after the other, so that a busy moment of the machine falls on all four
    alike."""
    from practice_desk.reports.blocks import render_document
    from practice_desk.services import document_content

    first, last = period
    tz = practice.bookings.settings.tz

    def whole():
        return practice.documents.client_record(client_id, first, last)

    def read():  # what Documents.client_record reads, in the same way
        client = practice.clients.get(client_id)
        progress = practice.sessions.progress(client_id)
        chosen = tuple(
            item
            for item in progress.sessions
            if first <= item.session.started_at.astimezone(tz).date() <= last
        )
        addenda = {
            item.session.id: tuple(practice.sessions.addenda(item.session.id))
            for item in chosen
            if item.session.is_signed
        }
        return client, practice.contracts.for_client(client_id), chosen, progress.goals, addenda

    def compose(gathered):
        client, contracts, chosen, goals, addenda = gathered
        return document_content.client_record(
            client, contracts, chosen, goals, addenda, (first, last), tz
        )

    def render(content):
        return render_document(
            content,
            practice_name=practice.profile.practice_name,
            printed_at=practice.clock.now().astimezone(tz),
        )

    document = whole()  # not counted: (a) has paid for the imports and the fonts already
    times: dict[str, list[float]] = {name: [] for name in ("whole", "cpu", "read", "compose")}
    times["render"] = []
    blocks = 0
    for _ in range(runs):
        gc.collect()
        cpu, started = time.process_time(), time.perf_counter()
        whole()
        times["whole"].append((time.perf_counter() - started) * 1000)
        times["cpu"].append((time.process_time() - cpu) * 1000)
        ms, gathered = _timed(read)
        times["read"].append(ms)
        ms, content = _timed(lambda: compose(gathered))  # noqa: B023
        times["compose"].append(ms)
        times["render"].append(_timed(lambda: render(content))[0])  # noqa: B023
        blocks = len(content.blocks)
    return document, times, blocks


# --- the report --------------------------------------------------------------------------------


def _parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200, help="signed sessions (default 200)")
    parser.add_argument(
        "--session-runs", type=int, default=30, help="timed session records (default 30)"
    )
    parser.add_argument(
        "--record-runs", type=int, default=10, help="timed client records (default 10)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--first-day",
        type=date.fromisoformat,
        default=DEFAULT_FIRST_DAY,
        help=f"the day of the first session (default {DEFAULT_FIRST_DAY})",
    )
    args = parser.parse_args(argv)
    if args.session_runs < 1 or args.record_runs < 1 or args.sessions < 1:
        parser.error("--session-runs, --record-runs and --sessions must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty: offscreen
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from practice_desk.domain.clock import ManualClock

    began = time.perf_counter()
    first = args.first_day
    clock = ManualClock(datetime(first.year, first.month, first.day, 10, tzinfo=UTC))
    scratch = Path(tempfile.mkdtemp(prefix="practice-desk-document-bench-"))
    try:
        print(
            f"Building a practice: one client with {args.sessions} signed sessions, "
            "one with a single full session…",
            flush=True,
        )
        built = time.perf_counter()
        made = _build(scratch / "practice", clock, args)
        built_s = time.perf_counter() - built
        practice = made["practice"]
        try:
            cold = "reportlab" not in sys.modules
            period = _period(practice, made["client_id"])
            words = _note_words(practice, made["client_id"])
            first_ms, session_times, single = time_session_record(
                practice, made["session_id"], args.session_runs
            )
            record, times, blocks = time_client_record(
                practice, made["client_id"], period, args.record_runs
            )
        finally:
            practice.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    runs = args.record_runs
    print()
    print(
        f"Practice built in {built_s:.1f} s (not counted): {made['sessions']} sessions over "
        f"{(period[1] - period[0]).days // 7 + 1} weeks, {made['markers']} markers, "
        f"{made['addenda']} addenda, {words:.0f} words a note on average."
    )
    print("Milliseconds, median and max:")
    print(f"  {'':44} {'median':>6} {'max':>8}   {'target':<9} verdict")
    first_label = "(a) session record: first call" + ("" if cold else " (not cold)")
    print(f"  {first_label:44} {first_ms:>6.2f}")
    single_label = f"    then {args.session_runs} calls, {made['single_markers']} markers"
    print(row(single_label, session_times, SESSION_TARGET_MS))
    print(f"      {single.pages} pages, {len(single.pdf) / 1024:.0f} KB")
    record_label = f"(b) client record, {made['sessions']} sessions, {runs} calls"
    print(row(record_label, times["whole"], RECORD_TARGET_MS))
    print(f"      {record.pages} pages, {len(record.pdf) / 1024:.0f} KB, {blocks} blocks")
    print(row("    its process CPU time (reference)", times["cpu"], None))
    print(row("(c) reading (reference)", times["read"], None))
    print(row("    composing the blocks (reference)", times["compose"], None))
    print(row("    rendering the PDF (reference)", times["render"], None))
    print(f"  Took {time.perf_counter() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
