"""A throwaway practice in a temporary folder, for looking around without any setup.

It opens on a small made-up practice from the sample generators: a dozen clients in therapy and
in coaching, with an enquiry and a consultation among them, dated back from today; and a
calendar with a few months of sessions behind it and the next three weeks booked, which brings
in the rest of a working caseload (this week: some twenty sessions, a consultation and
supervision).
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from practice_desk.domain.clock import Clock, ManualClock
from practice_desk.domain.profile import PracticeProfile
from practice_desk.services.locations import VaultFiles
from practice_desk.services.sample_calendar import CalendarFillReport, fill_sample_calendar
from practice_desk.services.sample_practice import fill_sample_practice
from practice_desk.services.sample_sessions import fill_sample_sessions
from practice_desk.services.vault import Vault

DEMO_CLIENTS = 12  # from the sample practice; the calendar brings its own caseload
DEMO_SEED = 212  # picked for variety: both kinds, sponsors, a coaching edge, a payer, scripts
DEMO_CALENDAR_YEARS = 0.25
DEMO_WEEKLY_LOAD = 20
DEMO_WEEKS_AHEAD = 3
DEMO_SESSION_CLIENTS = 3
DEMO_SESSIONS_EACH = 8
DEMO_SESSION_WEEKS = 24  # coaching meets fortnightly: eight sessions need some four months

_WORDS = (
    "amber",
    "birch",
    "cedar",
    "delta",
    "ember",
    "fjord",
    "grove",
    "harbor",
    "iris",
    "juniper",
    "kestrel",
    "lagoon",
    "meadow",
    "nectar",
    "orchid",
    "pebble",
    "quartz",
    "river",
    "saffron",
    "tundra",
    "umber",
    "violet",
    "willow",
    "yarrow",
    "zephyr",
)


@dataclass
class DemoPractice:
    vault: Vault
    passphrase: str
    folder: Path
    calendar: CalendarFillReport | None = None

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def create_demo_practice(clock: Clock) -> DemoPractice:
    folder = Path(tempfile.mkdtemp(prefix="practice-desk-demo-"))
    passphrase = "-".join(secrets.choice(_WORDS) for _ in range(4))
    vault = Vault.throwaway(VaultFiles(folder), clock)
    created = vault.create(
        PracticeProfile("Demo Practice", "Dr. Alex Demo", "Psychotherapist, executive coach"),
        passphrase,
    )
    demo = DemoPractice(vault, passphrase, folder)
    practice = created.practice
    try:
        fill_sample_practice(practice, clients=DEMO_CLIENTS, seed=DEMO_SEED, today=practice.today)
        demo.calendar = fill_sample_calendar(
            practice,
            years=DEMO_CALENDAR_YEARS,
            seed=DEMO_SEED,
            today=practice.today,
            weekly_load=DEMO_WEEKLY_LOAD,
            weeks_ahead=DEMO_WEEKS_AHEAD,
        )
    except BaseException:
        practice.close()
        demo.discard()
        raise
    practice.close()
    try:
        _add_session_history(folder, passphrase, clock)
    except BaseException:
        demo.discard()
        raise
    return demo


def _add_session_history(folder: Path, passphrase: str, clock: Clock) -> None:
    """Signed sessions with markers for a few clients, so Progress has something to show, and
    one note left unsigned for Home. The sessions are run on a clock of their own, moved
    through the past weeks; the demo itself goes on with the real one."""
    now = clock.now()
    past = ManualClock(now - timedelta(weeks=DEMO_SESSION_WEEKS))
    practice = Vault.throwaway(VaultFiles(folder), past).unlock(passphrase)
    try:
        structured = [
            client_id
            for client_id, _ in practice.sessions.startable_clients()
            if not practice.sessions.settings.plan_for(
                practice.sessions.active_contract(client_id)
            ).is_plain
        ][:DEMO_SESSION_CLIENTS]
        start = now - timedelta(weeks=DEMO_SESSION_WEEKS)
        for offset, client_id in enumerate(structured):
            fill_sample_sessions(
                practice,
                client_id,
                DEMO_SESSIONS_EACH,
                seed=DEMO_SEED + offset,
                first_at=start + timedelta(days=offset, hours=offset),
            )
        if structured:
            past.advance(max(0.0, (now - timedelta(days=5) - past.now()).total_seconds()))
            session = practice.sessions.start(client_id=structured[0])
            past.advance(minutes=50)
            practice.sessions.finish(session.id)
    finally:
        practice.close()
