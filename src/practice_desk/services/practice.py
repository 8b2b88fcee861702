"""Practice: an open, unlocked vault, and the facade every screen works through."""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction, ChainVerdict
from practice_desk.domain.clock import Clock
from practice_desk.domain.idle import DEFAULT_MINUTES, clamp_minutes
from practice_desk.domain.passphrase import MIN_LENGTH, PassphraseRejected
from practice_desk.domain.profile import PracticeProfile
from practice_desk.security import keyfile
from practice_desk.security.errors import KeyFileTampered
from practice_desk.security.keyfile import KeyFile
from practice_desk.services.audit import AuditTrail
from practice_desk.services.locations import VaultFiles
from practice_desk.storage import profile_store
from practice_desk.storage.database import (
    Connection,
    DatabaseError,
    FileCheck,
    integrity_report,
    open_database,
    transaction,
)
from practice_desk.storage.errors import DatabaseBelongsElsewhere, DatabaseDamaged
from practice_desk.storage.migrations import current_version, migrate

if TYPE_CHECKING:
    from practice_desk.security.keychain import Keychain
    from practice_desk.services.backups import Backups
    from practice_desk.services.bookings import Bookings
    from practice_desk.services.clients import ClientBook
    from practice_desk.services.contracts import ContractBook
    from practice_desk.services.documents import Documents
    from practice_desk.services.exports import Exports
    from practice_desk.services.invoices import Invoices
    from practice_desk.services.retention import Retention
    from practice_desk.services.sessions import Sessions
    from practice_desk.services.sponsor_reports import SponsorReports

log = logging.getLogger(__name__)

AUTO_LOCK_SETTING = "auto_lock_minutes"


# What `check` prints: counts and verdicts, never client data. The same findings as a check
# of a backup file.
HealthReport = FileCheck


class Practice:
    def __init__(
        self,
        files: VaultFiles,
        key_file: KeyFile,
        raw_key: bytes,
        conn: Connection,
        clock: Clock,
        *,
        must_choose_passphrase: bool = False,
    ) -> None:
        self.files = files
        self._key_file = key_file
        self._raw_key = raw_key
        self._conn: Connection | None = conn
        self.clock = clock
        self.must_choose_passphrase = must_choose_passphrase
        self._profile: PracticeProfile | None = None
        self.audit = AuditTrail(lambda: self.conn, clock)
        # The audit chain as found at unlock; None until checked.
        self.audit_verdict: ChainVerdict | None = None

    @cached_property
    def clients(self) -> ClientBook:
        from practice_desk.services.clients import ClientBook

        return ClientBook(self)

    @cached_property
    def contracts(self) -> ContractBook:
        from practice_desk.services.contracts import ContractBook

        return ContractBook(self)

    @cached_property
    def bookings(self) -> Bookings:
        from practice_desk.services.bookings import Bookings

        return Bookings(self)

    @cached_property
    def sessions(self) -> Sessions:
        from practice_desk.services.sessions import Sessions

        return Sessions(self)

    @cached_property
    def documents(self) -> Documents:
        from practice_desk.services.documents import Documents

        return Documents(self)

    @cached_property
    def exports(self) -> Exports:
        from practice_desk.services.exports import Exports

        return Exports(self)

    @cached_property
    def invoices(self) -> Invoices:
        from practice_desk.services.invoices import Invoices

        return Invoices(self)

    @cached_property
    def sponsor_reports(self) -> SponsorReports:
        from practice_desk.services.sponsor_reports import SponsorReports

        return SponsorReports(self)

    @cached_property
    def backups(self) -> Backups:
        from practice_desk.services.backups import Backups

        return Backups(self)

    @cached_property
    def retention(self) -> Retention:
        from practice_desk.services.retention import Retention

        return Retention(self)

    @property
    def today(self) -> date:
        """The practitioner's calendar day, which is what dates in forms are checked against."""
        return self.clock.now().astimezone().date()

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("the practice is locked")
        return self._conn

    @property
    def vault_id(self) -> str:
        return self._key_file.vault_id

    def close(self, reason: str = "") -> None:
        """Lock: note it in the audit trail, checkpoint the WAL into the encrypted file, close,
        and drop the key. `reason` is a short code such as "idle" or "manual"."""
        if self._conn is None:
            return
        try:
            self.audit.record(AuditAction.LOCKED, detail=reason[:40])
        except Exception:
            log.warning("the lock could not be written to the audit trail")
        try:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:
            log.warning("checkpoint before lock failed; the WAL keeps the data")
        self._conn.close()
        self._conn = None
        self._raw_key = b""
        self._profile = None

    def note_unlock(self, how: str, failed_attempts: list[datetime]) -> None:
        """Check the audit chain as found, then write the failed attempts since the last
        unlock (each at its own time) and this unlock, all in one transaction."""
        self.audit_verdict = self.audit.verify()
        if not self.audit_verdict.intact:
            log.warning(
                "audit trail broken at entry %s of %s",
                self.audit_verdict.first_broken,
                self.audit_verdict.entries,
            )
        with transaction(self.conn):
            for moment in failed_attempts:
                self.audit.record(AuditAction.UNLOCK_FAILED, at=moment)
            self.audit.record(AuditAction.UNLOCKED, detail=how)

    # --- the practice's own details -----------------------------------------------------------

    @property
    def profile(self) -> PracticeProfile:
        if self._profile is None:
            self._profile = profile_store.read_profile(self.conn)
            if self._profile is None:
                raise RuntimeError("practice profile missing")
        return self._profile

    def update_profile(self, profile: PracticeProfile) -> PracticeProfile:
        clean = profile.validated()
        with transaction(self.conn) as conn:
            profile_store.write_profile(conn, clean)
        self._profile = clean
        return clean

    @property
    def auto_lock_minutes(self) -> int:
        stored = profile_store.read_setting(self.conn, AUTO_LOCK_SETTING)
        try:
            return clamp_minutes(int(stored)) if stored else DEFAULT_MINUTES
        except ValueError:
            return DEFAULT_MINUTES

    def set_auto_lock_minutes(self, minutes: int) -> int:
        minutes = clamp_minutes(minutes)
        with transaction(self.conn) as conn:
            profile_store.write_setting(conn, AUTO_LOCK_SETTING, str(minutes))
        return minutes

    # --- keys ---------------------------------------------------------------------------------

    def check_passphrase(self, passphrase: str) -> None:
        """Raise WrongPassphrase unless `passphrase` opens this practice (before changing it)."""
        if keyfile.unwrap(self._key_file, "passphrase", passphrase) != self._raw_key:
            raise KeyFileTampered()

    def change_passphrase(self, new_passphrase: str) -> None:
        """Rewrap the passphrase slot. The database and the recovery code stay as they are."""
        if len(new_passphrase) < MIN_LENGTH:
            raise PassphraseRejected(f"A passphrase needs at least {MIN_LENGTH} characters.")
        updated = keyfile.rewrap(self._key_file, self._raw_key, "passphrase", new_passphrase)
        keyfile.write_key_file(self.files.key_file, updated)
        self._key_file = updated
        self.must_choose_passphrase = False

    def key_material(self) -> tuple[KeyFile, bytes]:
        """The key file and raw key, for services that write encrypted copies (backups, the
        custodian package). Screens never need them."""
        if self._conn is None:
            raise RuntimeError("the practice is locked")
        return self._key_file, self._raw_key

    def remember_on_this_computer(self, keychain: Keychain) -> None:
        keychain.remember(self.vault_id, self._raw_key)

    def is_remembered_on(self, keychain: Keychain) -> bool:
        return keychain.recall(self.vault_id) == self._raw_key

    def forget_on_this_computer(self, keychain: Keychain) -> None:
        keychain.forget(self.vault_id)

    # --- health -------------------------------------------------------------------------------

    def health_report(self) -> HealthReport:
        cipher, plain = integrity_report(self.conn)
        names = [
            name
            for (name,) in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        tables: dict[str, int] = {}
        for name in names:
            try:
                row = self.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()
                tables[name] = int(row[0])
            except DatabaseError:  # a damaged page: report it rather than crash the check
                plain = [*plain, f"The table {name} could not be read."]
        return HealthReport(current_version(self.conn), cipher, plain, tables)


def create_practice(
    files: VaultFiles,
    key_file: KeyFile,
    raw_key: bytes,
    profile: PracticeProfile,
    clock: Clock,
) -> Practice:
    """Create the database for a new vault, then write its key file (in that order: a key
    file must never point at a database that does not exist yet)."""
    conn = open_database(files.database, raw_key, create=True)
    try:
        migrate(conn, raw_key=raw_key, backup_to=None)
        with transaction(conn):
            profile_store.write_meta(conn, "vault_id", key_file.vault_id)
            profile_store.write_meta(conn, "created_at", key_file.created_at)
            profile_store.write_profile(conn, profile)
        keyfile.write_key_file(files.key_file, key_file)
    except BaseException:
        conn.close()
        raise
    return Practice(files, key_file, raw_key, conn, clock)


def open_practice(files: VaultFiles, key_file: KeyFile, raw_key: bytes, clock: Clock) -> Practice:
    """Open the database with a key already proven by the key file, upgrading it if needed."""
    conn = open_database(files.database, raw_key)
    try:
        if profile_store.read_meta(conn, "vault_id") != key_file.vault_id:
            raise DatabaseBelongsElsewhere()
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        migrate(conn, raw_key=raw_key, backup_to=files.backups / f"before-upgrade-{stamp}.db")
    except DatabaseError:
        # The key is proven right by the key file, so an unreadable page is damage.
        conn.close()
        raise DatabaseDamaged() from None
    except BaseException:
        conn.close()
        raise
    return Practice(files, key_file, raw_key, conn, clock)
