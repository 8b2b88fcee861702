"""Records retention through the services, on a real encrypted practice: the period, the
report of records past it, deletion after confirmation, 30 days to undo, and final deletion
that leaves a stub and no trace of the content, not even in free pages of the file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlcipher3

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.clock import ManualClock
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.retention import (
    DeletionNotConfirmed,
    NotPendingDeletion,
    RecordNotDue,
    UndoWindowClosed,
)
from practice_desk.services.clients import ClientNotFound, PossibleDuplicate
from practice_desk.services.retention import COMPACT_DUE, DestructionFailed
from practice_desk.storage import retention_store
from practice_desk.storage.database import DatabaseError, transaction
from practice_desk.storage.rule_errors import RefusedByDatabase
from tests.cli_support import fast_vault, keep_umask, run, secret_file
from tests.conftest import PASSPHRASE
from tests.services.calendar_support import CONSULTATION, book_one, new_client, wall
from tests.services.conftest import audit_entries
from tests.services.retention_support import (
    BIRTH_DATE,
    START,
    YEARS_LATER,
    coaching_record,
    columns_holding,
    decrypted_database,
    decrypted_wal,
    encodings,
    every_row,
    jump_years_later,
    later,
    therapy_record,
)
from tests.services.session_support import move_clock_to

__all__ = ["fast_vault", "keep_umask", "secret_file"]  # fixtures, used by name

THERAPY = "zq-otter-4410"
COACHING = "zq-heron-5521"
KEPT = "zq-lynx-9902"
# The therapy record's phone number as typed and as the duplicate guard's key keeps it.
PHONE = ("7394 2861", "173942861")
GONE = (THERAPY, COACHING, *PHONE)
TABLES_WITH_TEXT = {
    "clients",
    "contracts",
    "contract_goals",
    "coaching_terms",
    "report_recipients",
    "appointments",
    "sessions",
    "progress_markers",
    "session_addenda",
    "process_notes",
    "process_note_disclosures",
    "invoices",
    "sponsor_reports",
    "person_confirmations",
    "referral_notes",
}


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


def report_ids(practice, today=None):
    return [record.client_id for record in practice.retention.report(today)]


def entries(practice, action):
    return [entry for entry in audit_entries(practice) if entry.action == action.value]


# --- the period --------------------------------------------------------------------------------


def test_seven_years_until_changed_and_the_change_is_audited_with_the_number(practice):
    assert practice.retention.policy.years == 7

    assert practice.retention.set_years(10).years == 10

    assert practice.retention.policy.years == 10
    (entry,) = entries(practice, AuditAction.RETENTION_PERIOD_CHANGED)
    assert entry.detail == "10"
    practice.retention.set_years(10)
    assert len(entries(practice, AuditAction.RETENTION_PERIOD_CHANGED)) == 1, "no change"


@pytest.mark.parametrize("years", [0, 31, -7])
def test_a_period_out_of_range_is_refused_and_nothing_changes(practice, years):
    before = every_row(practice.conn, skip=())
    with pytest.raises(FieldInvalid):
        practice.retention.set_years(years)
    assert every_row(practice.conn, skip=()) == before
    assert practice.retention.policy.years == 7


# --- the report --------------------------------------------------------------------------------


def test_the_report_lists_exactly_the_records_past_the_period(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    enquiry = new_client(practice, name="Bea Lund")
    consultation_later = new_client(practice, name="Carl Holm")
    still_working = new_client(practice, name="Dora Ek")
    practice.contracts.create(
        still_working.id,
        ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, starts_on=practice.today),
    )
    look_alike = max(row.id for row in practice.clients.summaries() if row.display_name == old.name)
    jump_years_later(clock)
    recent = new_client(practice, name="Emil Dahl")
    book_one(practice, CONSULTATION, wall(date(2024, 3, 11), 10), consultation_later.id)

    found = {record.client_id: record for record in practice.retention.report()}

    assert set(found) == {old.client_id, enquiry.id, look_alike}
    assert recent.id not in found and still_working.id not in found
    record = found[old.client_id]
    assert (record.display_name, record.kind) == ("Anna Berg", ContractKind.THERAPY)
    # The last activity is the cancelled second date of the series, a week after the session.
    assert (record.first_activity_on, record.last_activity_on) == (old.first_on, old.last_on)
    assert old.last_on == date(2016, 1, 18)
    assert record.due_on == date(2023, 1, 18)
    assert found[enquiry.id].kind is None
    assert found[enquiry.id].last_activity_on == date(2016, 1, 11), "the day they were entered"


def test_a_longer_period_or_an_earlier_day_keeps_records_off_the_report(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)

    assert old.client_id in report_ids(practice)
    assert old.client_id not in report_ids(practice, today=date(2023, 1, 17))
    assert old.client_id in report_ids(practice, today=date(2023, 1, 18))
    practice.retention.set_years(10)
    assert old.client_id not in report_ids(practice)


# --- deleting ----------------------------------------------------------------------------------


def test_deleting_without_confirmation_is_refused_and_changes_nothing(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    before = every_row(practice.conn, skip=())

    with pytest.raises(DeletionNotConfirmed) as caught:
        practice.retention.delete([old.client_id], confirmed=False)

    assert "nothing was deleted" in str(caught.value)
    assert every_row(practice.conn, skip=()) == before


def test_deleting_a_record_not_past_the_period_is_refused_and_changes_nothing(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    recent = new_client(practice, name="Emil Dahl")
    before = every_row(practice.conn, skip=())

    with pytest.raises(RecordNotDue):
        practice.retention.delete([old.client_id, recent.id], confirmed=True)

    assert every_row(practice.conn, skip=()) == before


def test_a_record_with_work_booked_since_the_report_is_no_longer_deleted(practice, clock):
    jump_years_later(clock)
    enquiry = new_client(practice, name="Bea Lund")
    move_clock_to(clock, YEARS_LATER + timedelta(days=7 * 366 + 30))
    assert enquiry.id in report_ids(practice)
    book_one(practice, CONSULTATION, wall(practice.today + timedelta(days=7), 10), enquiry.id)

    with pytest.raises(RecordNotDue):
        practice.retention.delete([enquiry.id], confirmed=True)


def test_a_deleted_record_leaves_the_lists_and_takes_no_new_work(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)

    (pending,) = practice.retention.delete([old.client_id], confirmed=True)

    assert pending.client_id == old.client_id
    assert pending.deleted_at == clock.now()
    assert pending.final_deletion_at == clock.now() + timedelta(days=30)
    assert old.client_id not in {row.id for row in practice.clients.summaries()}
    for read in (practice.clients.get, practice.clients.summary, practice.clients.open):
        with pytest.raises(ClientNotFound):
            read(old.client_id)
    with pytest.raises(ClientNotFound):
        practice.contracts.create(old.client_id, ContractTerms(ContractKind.THERAPY))
    with pytest.raises(ClientNotFound):
        book_one(practice, CONSULTATION, wall(date(2024, 3, 11), 10), old.client_id)
    with pytest.raises(sqlcipher3.IntegrityError, match="record_deleted"):
        practice.conn.execute(
            "INSERT INTO referral_notes (client_id, body, written_at) VALUES (?, 'x', 'now')",
            (old.client_id,),
        )
    assert old.client_id not in report_ids(practice), "deleted once, not listed again"
    (entry,) = entries(practice, AuditAction.RECORD_DELETED)
    assert (entry.client_id, entry.object_id, entry.detail) == (
        old.client_id,
        old.client_id,
        "years:7",
    )


# --- undo --------------------------------------------------------------------------------------


def test_undo_within_thirty_days_restores_every_row_exactly(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    coaching_record(practice, clock, COACHING, "Frida Strand")
    jump_years_later(clock)
    before = every_row(practice.conn)
    summary = practice.clients.summary(old.client_id)

    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=29, hours=23)
    practice.retention.destroy_expired()
    restored = practice.retention.undo(old.client_id)

    assert restored.id == old.client_id
    assert every_row(practice.conn) == before
    assert practice.clients.summary(old.client_id) == summary
    assert practice.retention.pending() == []
    (entry,) = entries(practice, AuditAction.RECORD_DELETION_UNDONE)
    assert entry.client_id == old.client_id
    assert old.client_id in report_ids(practice), "due again, to be reviewed again"


def test_undo_after_thirty_days_is_refused_and_changes_nothing(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=30)
    before = every_row(practice.conn, skip=())

    with pytest.raises(UndoWindowClosed) as caught:
        practice.retention.undo(old.client_id)

    assert "Nothing was changed" in str(caught.value)
    assert every_row(practice.conn, skip=()) == before


def test_undo_of_a_record_never_deleted_is_refused(practice, clock):
    client = new_client(practice, name="Bea Lund")
    with pytest.raises(NotPendingDeletion):
        practice.retention.undo(client.id)


# --- final deletion ----------------------------------------------------------------------------


def test_a_deleted_record_is_destroyed_only_once_its_thirty_days_are_over(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=29, hours=23, minutes=59)
    before = every_row(practice.conn, skip=())

    assert practice.retention.destroy_expired() == 0
    assert every_row(practice.conn, skip=()) == before
    assert [item.client_id for item in practice.retention.pending()] == [old.client_id]

    later(clock, minutes=1)
    assert practice.retention.destroy_expired() == 1
    assert practice.retention.pending() == []
    assert practice.retention.destroy_expired() == 0


def test_final_deletion_leaves_a_stub_and_no_trace_of_the_content(
    practice, clock, files, template_raw_key
):
    therapy = therapy_record(practice, clock, THERAPY, "Anna Berg")
    coaching = coaching_record(practice, clock, COACHING, "Frida Strand")
    jump_years_later(clock)
    kept_phone = "+49 160 5550 1234"
    therapy_record(practice, clock, KEPT, "Gustav Nyberg", day=date(2024, 3, 11), phone=kept_phone)
    doomed = [therapy.client_id, coaching.client_id]
    practice.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # The control: every planted word is found, in the tables and in the decrypted file.
    for marker in (*GONE, KEPT):
        assert columns_holding(practice.conn, marker)
        assert marker.encode() in decrypted_database(files.database, template_raw_key)
    planted = {
        column.split(".")[0]
        for marker in (THERAPY, COACHING)
        for column in columns_holding(practice.conn, marker)
    }
    assert planted == TABLES_WITH_TEXT, "a word in every table that holds a client's text"

    practice.retention.delete(doomed, confirmed=True)
    later(clock, days=30)
    destroyed_at = clock.now()
    assert practice.retention.destroy_expired() == 2

    # (a) No table and no column holds the content any more; the kept record is untouched.
    for needle in GONE:
        assert columns_holding(practice.conn, needle) == [], needle
    assert columns_holding(practice.conn, KEPT)
    # The stub: name, kind of work, first and last activity, when it was destroyed.
    stubs = {stub.client_id: stub for stub in practice.retention.stubs()}
    assert set(stubs) == set(doomed)
    stub = stubs[therapy.client_id]
    assert (stub.display_name, stub.kind) == ("Anna Berg", ContractKind.THERAPY)
    assert (stub.first_activity_on, stub.last_activity_on) == (therapy.first_on, therapy.last_on)
    assert stub.destroyed_at == destroyed_at
    assert stubs[coaching.client_id].kind is ContractKind.COACHING
    assert stubs[coaching.client_id].last_activity_on == coaching.last_on
    for table in ("contracts", "appointments", "sessions", "invoices", "sponsor_reports"):
        (count,) = practice.conn.execute(
            f"SELECT count(*) FROM {table} WHERE client_id IN (?, ?)", doomed
        ).fetchone()
        assert count == 0, table
    (left,) = practice.conn.execute("SELECT count(*) FROM retention_purges").fetchone()
    assert left == 0
    destroyed = entries(practice, AuditAction.RECORD_DESTROYED)
    assert sorted(entry.client_id for entry in destroyed) == sorted(doomed)

    # (b) Every page of the file and of the WAL, decrypted, free pages included: at once
    # (the old pages must not wait in the file for the next checkpoint) and after locking.
    wal_path = files.database.with_name(files.database.name + "-wal")
    for moment in ("destroyed", "locked"):
        if moment == "locked":
            practice.close()
        pages = decrypted_database(files.database, template_raw_key)
        wal = decrypted_wal(wal_path, template_raw_key)
        for needle in GONE:
            for encoded in encodings(needle):
                assert pages.find(encoded) == -1, moment
                assert wal.find(encoded) == -1, moment
        assert KEPT.encode() in pages + wal, "the decryption reads the file"
    for path in files.database.parent.glob(files.database.name + "*"):
        assert THERAPY.encode() not in path.read_bytes()


def test_role_separation_survives_final_deletion(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=31)
    practice.retention.destroy_expired()

    # The stub keeps the kind of work: no coaching, whichever way in.
    assert practice.contracts.kind_of_work(old.client_id) is ContractKind.THERAPY
    with pytest.raises(ClientNotFound):
        practice.contracts.create(old.client_id, ContractTerms(ContractKind.COACHING))
    with pytest.raises(sqlcipher3.IntegrityError, match=r"role_separation|record_deleted"):
        practice.conn.execute(
            "INSERT INTO contracts (client_id, kind, status, currency, created_at, updated_at) "
            "VALUES (?, 'coaching', 'draft', 'EUR', 'now', 'now')",
            (old.client_id,),
        )
    with pytest.raises(sqlcipher3.IntegrityError, match="record_destroyed"):
        practice.conn.execute(
            "UPDATE clients SET deleted_at = NULL, notes = 'back' WHERE id = ?", (old.client_id,)
        )
    # The same person entered again meets the duplicate guard: the stub keeps the name and
    # birth date it recognises people by.
    with pytest.raises(PossibleDuplicate) as caught:
        practice.clients.create(ClientDetails("Anna Berg", date_of_birth=BIRTH_DATE))
    assert old.client_id in {match.client_id for match in caught.value.matches}


def test_the_keeping_triggers_still_hold_outside_final_deletion(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    conn = practice.conn
    for statement in (
        "DELETE FROM sessions WHERE client_id = ?",
        "DELETE FROM invoices WHERE client_id = ?",
        "DELETE FROM session_addenda WHERE session_id IN "
        "(SELECT id FROM sessions WHERE client_id = ?)",
        "DELETE FROM process_note_disclosures WHERE session_id IN "
        "(SELECT id FROM sessions WHERE client_id = ?)",
        "INSERT INTO retention_purges (client_id) VALUES (?)",
        "UPDATE clients SET destroyed_at = 'now', deleted_at = 'now' WHERE id = ?",
    ):
        with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:"):
            conn.execute(statement, (old.client_id,))


def test_final_deletion_is_all_or_nothing(practice, clock, monkeypatch):
    first = therapy_record(practice, clock, THERAPY, "Anna Berg")
    second = coaching_record(practice, clock, COACHING, "Frida Strand")
    jump_years_later(clock)
    practice.retention.delete([first.client_id, second.client_id], confirmed=True)
    later(clock, days=30)
    before = every_row(practice.conn, skip=())
    purge = retention_store.purge
    calls = []

    def failing_purge(conn, client_id, **stub):
        calls.append(client_id)
        if len(calls) == 2:
            raise DatabaseError("disk I/O error")
        purge(conn, client_id, **stub)

    monkeypatch.setattr(retention_store, "purge", failing_purge)

    with pytest.raises(DestructionFailed) as caught:
        practice.retention.destroy_expired()

    assert "nothing was changed" in str(caught.value)
    assert every_row(practice.conn, skip=()) == before
    monkeypatch.setattr(retention_store, "purge", purge)
    assert practice.retention.destroy_expired() == 2


def test_a_rebuild_that_could_not_finish_is_tried_again_next_time(practice, clock, monkeypatch):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=30)
    monkeypatch.setattr(retention_store, "compact", lambda conn: False)

    assert practice.retention.destroy_expired() == 1
    assert practice.conn.execute(
        "SELECT value FROM settings WHERE key = ?", (COMPACT_DUE,)
    ).fetchone() == ("1",)

    rebuilt = []
    monkeypatch.setattr(retention_store, "compact", lambda conn: rebuilt.append(1) or True)
    assert practice.retention.destroy_expired() == 0
    assert rebuilt == [1]
    assert practice.retention.destroy_expired() == 0
    assert rebuilt == [1], "only once"


def test_the_audit_trail_names_no_one(practice, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=30)
    practice.retention.destroy_expired()

    for entry in audit_entries(practice):
        assert "Anna" not in entry.detail and "zq-" not in entry.detail
    assert practice.audit.verify().intact


def test_only_a_deleted_record_can_be_purged(practice, clock):
    client = new_client(practice, name="Bea Lund")
    before = every_row(practice.conn, skip=())

    with pytest.raises(RefusedByDatabase) as caught, transaction(practice.conn) as conn:
        retention_store.purge(conn, client.id, first_on=None, last_on=None, at="x")

    assert caught.value.rule == "record_not_deleted"
    assert every_row(practice.conn, skip=()) == before


def test_an_invoice_number_of_a_destroyed_record_is_never_handed_out_again(practice, clock):
    from practice_desk.storage import invoice_store
    from practice_desk.storage.database import transaction

    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    (number,) = practice.conn.execute(
        "SELECT number FROM invoices WHERE client_id = ?", (old.client_id,)
    ).fetchone()
    year, sequence = (int(part) for part in number.split("-"))
    jump_years_later(clock)
    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=31)
    assert practice.retention.destroy_expired() == 1
    assert practice.conn.execute("SELECT count(*) FROM invoices").fetchone() == (0,)

    with transaction(practice.conn) as conn:
        assert invoice_store.next_sequence(conn, year) == sequence + 1


def test_the_command_line_report_shows_numbers_and_dates_but_no_names(
    practice, clock, capsys, fast_vault, keep_umask, secret_file
):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    jump_years_later(clock)
    practice.close()

    code, out, err = run(
        capsys,
        "--home", str(practice.files.home),
        "retention-report",
        "--passphrase-file", secret_file(PASSPHRASE),
    )  # fmt: skip
    assert code == 0, err
    assert "kept for 7 years" in out
    assert "record(s) past the retention period" in out
    assert f"{old.client_id:>6}  therapy" in out
    assert "Anna" not in out and THERAPY not in out


def test_a_restore_does_not_bring_a_destroyed_record_back(practice, vault, clock):
    old = therapy_record(practice, clock, THERAPY, "Anna Berg")
    kept = new_client(practice, name="Kept After Restore")
    jump_years_later(clock)
    backup = practice.backups.write("manual")  # the backup still holds Anna Berg's record
    practice.retention.delete([old.client_id], confirmed=True)
    later(clock, days=31)
    assert practice.retention.destroy_expired() == 1

    restored = vault.restore(backup.path, PASSPHRASE, current=practice).practice
    try:
        assert columns_holding(restored.conn, THERAPY) == []
        assert [stub.client_id for stub in restored.retention.stubs()] == [old.client_id]
        assert restored.clients.get(kept.id).details.display_name == "Kept After Restore"
        destroyed = entries(restored, AuditAction.RECORD_DESTROYED)
        assert [entry.client_id for entry in destroyed][-1] == old.client_id
    finally:
        restored.close()
