"""Records retention: the practice's period, the report of records past it, deletion after
review and confirmation, 30 days to undo it, and then final deletion to a stub.

The steps, as the UI uses them:

1. `report()` lists the records past the retention period (never one with work still open).
2. The practitioner reviews the list and confirms: `delete(ids, confirmed=True)`. The records
   vanish from the client list and search at once, but nothing is removed yet.
3. For 30 days `pending()` lists them and `undo(id)` brings one back exactly as it was.
4. `destroy_expired()` (at every unlock, and from the command line) destroys each record whose
   30 days are over: every row of it goes, only the stub stays (`stubs()`), and the database
   file is rebuilt so no copy of a destroyed page remains in it or in its WAL.

Every step is audited with ids and numbers only, never a name. Backups written before the
final deletion still hold the record until they are replaced; that is the backup rotation's
business, not this module's.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.practice_time import parse_precise_stamp
from practice_desk.domain.retention import (
    DEFAULT_YEARS,
    UNDO_WINDOW,
    DeletionNotConfirmed,
    DestroyedRecord,
    DueRecord,
    NotPendingDeletion,
    PendingDeletion,
    RecordActivity,
    RecordNotDue,
    RetentionPolicy,
    UndoWindowClosed,
    due_records,
    final_deletion_at,
)
from practice_desk.safe_files import write_atomic
from practice_desk.services.audit import utc_stamp
from practice_desk.storage import profile_store, retention_store
from practice_desk.storage.database import DatabaseError, transaction
from practice_desk.storage.retention_store import ActivityRow
from practice_desk.storage.rule_errors import RefusedByDatabase

if TYPE_CHECKING:
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from practice_desk.domain.clients import Client
    from practice_desk.services.locations import VaultFiles
    from practice_desk.services.practice import Practice

log = logging.getLogger(__name__)

RETENTION_YEARS = "retention_years"
# Set while destroyed pages may still sit in the file: the rebuild is retried at the next
# unlock if it could not run (a full disk, say) right after the final deletion.
COMPACT_DUE = "retention_compact_due"


class DestructionFailed(PracticeDeskError):
    title = "Final deletion postponed"

    def __init__(self) -> None:
        super().__init__(
            "The records due for final deletion could not be destroyed this time, so nothing "
            "was changed.",
            "Practice Desk will try again the next time the practice is unlocked. If this "
            "keeps happening, please contact support.",
        )


class Retention:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    # --- the period -----------------------------------------------------------------------------

    @property
    def policy(self) -> RetentionPolicy:
        """The practice's retention period (7 years unless the practitioner changed it)."""
        stored = profile_store.read_setting(self._practice.conn, RETENTION_YEARS)
        try:
            return RetentionPolicy(int(stored)).validated() if stored else RetentionPolicy()
        except (ValueError, PracticeDeskError):
            return RetentionPolicy(DEFAULT_YEARS)

    def set_years(self, years: int) -> RetentionPolicy:
        """Change the period. Raises FieldInvalid outside 1-30 years; nothing is saved then."""
        policy = RetentionPolicy(years).validated()
        if policy == self.policy:
            return policy
        with transaction(self._practice.conn) as conn:
            profile_store.write_setting(conn, RETENTION_YEARS, str(policy.years))
            self._practice.audit.record(
                AuditAction.RETENTION_PERIOD_CHANGED, detail=str(policy.years)
            )
        return policy

    # --- the report -----------------------------------------------------------------------------

    def report(self, today: date | None = None) -> list[DueRecord]:
        """Records past the retention period on `today` (default: the practice's today),
        longest overdue first. Records with work still open are never listed."""
        now = self._practice.clock.now()
        rows = retention_store.kept_records(self._practice.conn, utc_stamp(now))
        tz = self._tz
        activities = [_activity(row, tz) for row in rows]
        return due_records(activities, self.policy, today or self._practice.today)

    # --- deleting and undoing -------------------------------------------------------------------

    def delete(self, client_ids: Iterable[int], *, confirmed: bool) -> list[PendingDeletion]:
        """Delete records from the report, after the practitioner's review and confirmation.

        Raises DeletionNotConfirmed unless `confirmed` is True, and RecordNotDue unless every
        record is on today's report; in both cases nothing changes. The records leave the
        client list at once and can be restored with `undo` for 30 days."""
        wanted = list(dict.fromkeys(client_ids))
        if confirmed is not True:  # only an explicit yes, never a truthy leftover
            raise DeletionNotConfirmed()
        if not wanted:
            return []
        now = self._practice.clock.now()
        with transaction(self._practice.conn) as conn:
            # Checked again inside the transaction: work booked since the report was shown
            # takes a record off it.
            due = {record.client_id for record in self.report()}
            if not set(wanted) <= due:
                raise RecordNotDue()
            retention_store.mark_deleted(conn, wanted, utc_stamp(now))
            years = self.policy.years
            for client_id in wanted:
                self._audit(AuditAction.RECORD_DELETED, client_id, f"years:{years}")
        chosen = set(wanted)
        return [item for item in self.pending() if item.client_id in chosen]

    def pending(self) -> list[PendingDeletion]:
        """Deleted records still in their undo window (or just past it and about to be
        destroyed at the next unlock), oldest deletion first."""
        found = []
        for client_id, name, kind, deleted_at in retention_store.pending(self._practice.conn):
            at = parse_precise_stamp(deleted_at)
            found.append(PendingDeletion(client_id, name, _kind(kind), at, final_deletion_at(at)))
        return found

    def undo(self, client_id: int) -> Client:
        """Bring a deleted record back exactly as it was. Raises NotPendingDeletion or
        UndoWindowClosed (30 days after the deletion); nothing changes then."""
        conn = self._practice.conn
        deleted_at = retention_store.pending_deleted_at(conn, client_id)
        if deleted_at is None:
            raise NotPendingDeletion()
        if self._practice.clock.now() >= final_deletion_at(parse_precise_stamp(deleted_at)):
            raise UndoWindowClosed()
        with transaction(conn):
            if not retention_store.unmark_deleted(conn, client_id):
                raise NotPendingDeletion()
            self._audit(AuditAction.RECORD_DELETION_UNDONE, client_id)
        return self._practice.clients.get(client_id)

    # --- final deletion -------------------------------------------------------------------------

    def destroy_expired(self, now: datetime | None = None) -> int:
        """Destroy every deleted record whose 30 days are over; returns how many.

        Run it at unlock (off the GUI thread: rebuilding the file takes a moment in a large
        practice) and from the command line; outside any transaction. All records are
        destroyed in one transaction, or none (DestructionFailed). Then the database is
        rebuilt with VACUUM and the WAL emptied, so the destroyed content is in no page."""
        conn = self._practice.conn
        moment = now or self._practice.clock.now()
        doomed = retention_store.deleted_before(conn, utc_stamp(moment - UNDO_WINDOW))
        if doomed:
            self._destroy(doomed, moment)
        if doomed or profile_store.read_setting(conn, COMPACT_DUE) == "1":
            self._compact()
        return len(doomed)

    def destroy_again_after_restore(self) -> int:
        """After a restore, destroy again the records this computer destroyed after that
        backup was made (the backup still held them). Returns how many."""
        conn = self._practice.conn
        remembered = read_destroyed(self._practice.files, self._practice.vault_id)
        if not remembered:
            return 0
        back = [
            client_id
            for client_id, created_at in remembered
            if conn.execute(
                "SELECT 1 FROM clients WHERE id = ? AND created_at = ? AND destroyed_at IS NULL",
                (client_id, created_at),
            ).fetchone()
        ]
        if not back:
            return 0
        moment = self._practice.clock.now()
        with transaction(conn):
            # Marked as deleted long enough ago: the practitioner already confirmed this
            # destruction once, and its 30 days were over then.
            retention_store.mark_deleted(conn, back, utc_stamp(moment - 2 * UNDO_WINDOW))
        self._destroy(back, moment)
        self._compact()
        return len(back)

    def stubs(self) -> list[DestroyedRecord]:
        """What remains of destroyed records: name, kind of work, first and last activity
        days, and when the record was destroyed. Oldest destruction first."""
        return [
            DestroyedRecord(
                client_id,
                name,
                _kind(kind),
                date.fromisoformat(first) if first else None,
                date.fromisoformat(last) if last else None,
                parse_precise_stamp(destroyed_at),
            )
            for client_id, name, kind, first, last, destroyed_at in retention_store.stubs(
                self._practice.conn
            )
        ]

    # --- helpers --------------------------------------------------------------------------------

    def _destroy(self, client_ids: list[int], moment: datetime) -> None:
        conn = self._practice.conn
        at = utc_stamp(moment)
        tz = self._tz
        try:
            with transaction(conn):
                for client_id in client_ids:
                    row = retention_store.record_activity(conn, client_id, at)
                    first_on = last_on = None
                    if row is not None:
                        activity = _activity(row, tz)
                        first_on = activity.first_activity_on.isoformat()
                        last_on = activity.last_activity_on.isoformat()
                    retention_store.purge(
                        conn, client_id, first_on=first_on, last_on=last_on, at=at
                    )
                    self._audit(AuditAction.RECORD_DESTROYED, client_id)
                profile_store.write_setting(conn, COMPACT_DUE, "1")
        except (DatabaseError, RefusedByDatabase) as error:
            log.warning("final deletion failed (%s); nothing was changed", type(error).__name__)
            raise DestructionFailed() from None
        created = dict(
            conn.execute(
                f"SELECT id, created_at FROM clients WHERE id IN ({','.join('?' * len(client_ids))})",
                client_ids,
            ).fetchall()
        )
        remember_destroyed(
            self._practice.files,
            self._practice.vault_id,
            [(client_id, created[client_id]) for client_id in client_ids],
        )

    def _compact(self) -> None:
        conn = self._practice.conn
        with transaction(conn):
            profile_store.write_setting(conn, COMPACT_DUE, "0")
        try:
            done = retention_store.compact(conn)
        except DatabaseError as error:
            log.warning(
                "rebuilding the database after final deletion failed (%s)", type(error).__name__
            )
            done = False
        if not done:
            # The records are destroyed; only freed pages may linger. Try again next time.
            with contextlib.suppress(DatabaseError), transaction(conn):
                profile_store.write_setting(conn, COMPACT_DUE, "1")

    @property
    def _tz(self) -> ZoneInfo:
        return self._practice.bookings.settings.tz

    def _audit(self, action: AuditAction, client_id: int, detail: str = "") -> None:
        self._practice.audit.record(
            action, object_type="client", object_id=client_id, client_id=client_id, detail=detail
        )


def _kind(value: str | None) -> ContractKind | None:
    return ContractKind(value) if value else None


def _activity(row: ActivityRow, tz: ZoneInfo) -> RecordActivity:
    """Instants become days in the practice's time zone; the earliest and latest of those and
    of the stored days are the record's first and last activity."""
    first = parse_precise_stamp(row.first_at).astimezone(tz).date()
    last = parse_precise_stamp(row.last_at).astimezone(tz).date()
    if row.first_day:
        first = min(first, date.fromisoformat(row.first_day))
    if row.last_day:
        last = max(last, date.fromisoformat(row.last_day))
    return RecordActivity(
        row.client_id, row.display_name, _kind(row.work_kind), first, last, row.open_work
    )


# --- destroyed stays destroyed ------------------------------------------------------------------
#
# A restore brings back a database from before some destructions. The list of what this
# computer destroyed is therefore kept beside the database, outside it: record numbers and the
# moment each record was entered (to be sure it is the same record), never names.


def _destroyed_path(files: VaultFiles) -> Path:
    return files.home / "destroyed-records.json"


def read_destroyed(files: VaultFiles, vault_id: str) -> list[tuple[int, str]]:
    try:
        body = json.loads(_destroyed_path(files).read_text("utf-8"))
        if body.get("vault_id") != vault_id:
            return []
        return [(int(client_id), str(created_at)) for client_id, created_at in body["records"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []


def remember_destroyed(files: VaultFiles, vault_id: str, records: list[tuple[int, str]]) -> None:
    known = read_destroyed(files, vault_id)
    merged = sorted({*known, *records})
    try:
        write_atomic(
            _destroyed_path(files),
            json.dumps({"vault_id": vault_id, "records": merged}).encode("utf-8"),
        )
    except OSError as error:
        log.warning("the list of destroyed records could not be written (%s)", error.strerror)
