from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import sqlcipher3

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails, ConsultationOutcome, ConsultationRecord
from practice_desk.domain.contracts import (
    CoachingTerms,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    Payer,
    TherapyTerms,
)
from practice_desk.domain.role_rules import RoleSeparationRefused, SingleAccountabilityRefused
from practice_desk.services.audit import utc_stamp
from practice_desk.services.clients import DifferentPerson
from practice_desk.storage.database import transaction
from tests.services.conftest import audit_entries, row_counts

MARKER = "Qz7Marker"


def build_trail(practice, clock, length=10):
    while len(audit_entries(practice)) < length:
        clock.advance(1)
        practice.audit.record(AuditAction.CLIENT_VIEWED, object_type="client", object_id=1)
    assert len(audit_entries(practice)) == length


def as_attacker(practice, *statements):
    """Someone with the key can drop the append-only triggers and edit the table."""
    conn = practice.conn
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for sql in statements:
        conn.execute(sql)


def test_record_chains_each_entry_and_stamps_it_with_the_clock(practice, clock):
    clock.advance(minutes=3)
    entry = practice.audit.record(
        AuditAction.CLIENT_VIEWED, object_type="client", object_id=7, client_id=7
    )
    assert entry.at == "2026-01-05T09:03:00.000000Z"
    previous = audit_entries(practice)[-2]
    assert entry.prev_hash == previous.entry_hash
    assert entry.seq == previous.seq + 1
    assert practice.audit.verify().intact


def test_an_intact_trail_verifies_with_no_break(practice, clock):
    build_trail(practice, clock)
    verdict = practice.audit.verify()
    assert verdict.first_broken is None
    assert verdict.entries == 10


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE audit_log SET detail = 'forged' WHERE seq = 5",
        "UPDATE audit_log SET at = '2025-01-01T00:00:00.000000Z' WHERE seq = 5",
        "UPDATE audit_log SET action = 'locked' WHERE seq = 5",
        "UPDATE audit_log SET client_id = 99 WHERE seq = 5",
        "UPDATE audit_log SET entry_hash = prev_hash WHERE seq = 5",
    ],
)
def test_a_changed_entry_is_found_at_exactly_that_entry(practice, clock, change):
    build_trail(practice, clock)
    as_attacker(practice, change)
    verdict = practice.audit.verify()
    assert verdict.first_broken == 5
    assert not verdict.intact


def test_a_deleted_entry_is_found_where_it_was(practice, clock):
    build_trail(practice, clock)
    as_attacker(practice, "DELETE FROM audit_log WHERE seq = 5")
    assert practice.audit.verify().first_broken == 5


def test_swapped_entries_are_found_at_the_first_of_them(practice, clock):
    build_trail(practice, clock)
    as_attacker(
        practice,
        "UPDATE audit_log SET seq = -1 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 7",
        "UPDATE audit_log SET seq = 7 WHERE seq = -1",
    )
    assert practice.audit.verify().first_broken == 3


def test_an_entry_moved_to_the_end_is_found_where_it_left(practice, clock):
    build_trail(practice, clock)
    as_attacker(practice, "UPDATE audit_log SET seq = 100 WHERE seq = 6")
    assert practice.audit.verify().first_broken == 6


def test_a_break_is_still_reported_after_new_entries_are_added(practice, clock):
    build_trail(practice, clock)
    as_attacker(practice, "UPDATE audit_log SET detail = 'x' WHERE seq = 8")
    practice.audit.record(AuditAction.CLIENT_VIEWED)
    assert practice.audit.verify().first_broken == 8


def test_the_trail_refuses_updates_and_deletes(practice, clock):
    build_trail(practice, clock, 3)
    before = audit_entries(practice)
    for sql in (
        "UPDATE audit_log SET detail = 'x' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 3",
        "DELETE FROM audit_log",
    ):
        with pytest.raises(sqlcipher3.IntegrityError, match="practice_desk:audit_append_only"):
            practice.conn.execute(sql)
    assert audit_entries(practice) == before


def test_an_entry_and_its_change_are_committed_together(practice):
    before = row_counts(practice)
    with pytest.raises(RuntimeError), transaction(practice.conn):
        practice.clients.create(ClientDetails("Anna Berg"))
        raise RuntimeError("the rest of an import failed")
    assert row_counts(practice) == before


def test_refusals_are_recorded_after_the_rollback_and_other_errors_are_not(practice):
    before = len(audit_entries(practice))
    where = {"object_type": "contract", "object_id": 3, "client_id": 4}
    with pytest.raises(SingleAccountabilityRefused), practice.audit.refusals_recorded(**where):
        raise SingleAccountabilityRefused()
    with pytest.raises(ValueError), practice.audit.refusals_recorded(**where):
        raise ValueError("not a rule")
    entries = audit_entries(practice)
    assert len(entries) == before + 1
    assert (entries[-1].action, entries[-1].detail, entries[-1].client_id) == (
        "refused",
        "single_accountability",
        4,
    )


def test_find_filters_by_client_local_day_and_action(practice, clock, local_timezone):
    local_timezone("CET-1CEST,M3.5.0,M10.5.0/3")  # Berlin: the local day starts at 23:00 UTC
    anna = practice.clients.create(ClientDetails("Anna"))  # 5 Jan, 10:00 in Berlin
    clock.advance(minutes=14 * 60 + 30)
    eva = practice.clients.create(ClientDetails("Eva"))  # 6 Jan, 00:30 in Berlin
    clock.advance(minutes=12 * 60)
    practice.clients.open(anna.id)  # 6 Jan, 12:30
    clock.advance(minutes=12 * 60)
    practice.clients.open(eva.id)  # 7 Jan, 00:30

    on_the_sixth = practice.audit.find(since=date(2026, 1, 6), until=date(2026, 1, 6))
    assert [(e.action, e.client_id) for e in on_the_sixth] == [
        ("client_viewed", anna.id),
        ("client_created", eva.id),
    ]
    assert [e.client_id for e in practice.audit.find(since=date(2026, 1, 7))] == [eva.id]
    assert [e.action for e in practice.audit.find(client_id=anna.id)] == [
        "client_viewed",
        "client_created",
    ]
    created = practice.audit.find(actions=(AuditAction.CLIENT_CREATED,))
    assert [e.client_id for e in created] == [eva.id, anna.id]
    viewed_or_created = (AuditAction.CLIENT_VIEWED, AuditAction.CLIENT_CREATED)
    assert len(practice.audit.find(actions=viewed_or_created, client_id=eva.id)) == 2
    assert len(practice.audit.find(limit=1)) == 1
    assert practice.audit.find(until=date(2026, 1, 4)) == []


def test_the_trail_never_holds_clinical_text(practice, clock):
    """Everything a practitioner can type carries a marker; no audit column may show it."""
    details = ClientDetails(
        f"Anna {MARKER}",
        legal_name=f"Anna Maria {MARKER}",
        email=f"{MARKER.lower()}@example.org",
        address=f"{MARKER} street",
        emergency_contact=f"{MARKER} mother",
        referral_source=f"{MARKER} GP",
        notes=f"Trauma history {MARKER}",
        date_of_birth=date(1984, 3, 27),
    )
    anna = practice.clients.open(practice.clients.create(details).id)
    twin = practice.clients.create(
        ClientDetails(f"anna {MARKER}", date_of_birth=date(1984, 3, 27)),
        DifferentPerson(f"Twin sister {MARKER}"),
    )
    practice.clients.update(anna.id, replace(details, notes=MARKER * 2))
    practice.clients.record_consultation(
        anna.id, ConsultationRecord(ConsultationOutcome.OFFER_THERAPY, date(2026, 1, 5), MARKER)
    )
    therapy = practice.contracts.create(
        anna.id,
        ContractTerms(
            ContractKind.THERAPY,
            ContractStatus.ACTIVE,
            starts_on=date(2026, 1, 5),
            goals=(Goal(f"Goal {MARKER}", assessment=MARKER),),
            payer=Payer(True, f"{MARKER} Ltd", MARKER),
            therapy=TherapyTerms(True, f"Screened {MARKER}"),
        ),
    )
    with pytest.raises(SingleAccountabilityRefused):
        practice.contracts.create(
            anna.id,
            ContractTerms(
                ContractKind.THERAPY, coaching=CoachingTerms(sponsor_organisation=MARKER)
            ),
        )
    with pytest.raises(RoleSeparationRefused):
        practice.contracts.create(
            anna.id,
            ContractTerms(ContractKind.COACHING, coaching=CoachingTerms(MARKER, MARKER)),
        )
    practice.clients.write_referral_note(anna.id, f"Dr {MARKER}", f"Dear {MARKER}")
    practice.contracts.create(
        twin.id,
        ContractTerms(
            ContractKind.COACHING,
            coaching=CoachingTerms(MARKER, MARKER, None, MARKER, MARKER, (MARKER,)),
        ),
    )
    practice.contracts.end(therapy.id)

    rows = practice.conn.execute("SELECT * FROM audit_log").fetchall()
    assert len(rows) >= 12
    for row in rows:
        for value in row:
            assert MARKER.casefold() not in str(value).casefold()
    assert practice.audit.verify().intact
    assert {e.action for e in audit_entries(practice)} >= {
        "client_created",
        "client_viewed",
        "client_changed",
        "different_person_confirmed",
        "consultation_recorded",
        "contract_created",
        "contract_ended",
        "referral_note_written",
        "refused",
    }


def test_stamps_are_utc_and_sort_as_text(practice, clock):
    assert utc_stamp(datetime(2026, 1, 5, 9, 0, tzinfo=UTC)) == "2026-01-05T09:00:00.000000Z"
    stamps = []
    for seconds in (0.5, 9, 60, 3600):
        clock.advance(seconds)
        stamps.append(practice.audit.record(AuditAction.CLIENT_VIEWED).at)
    assert stamps == sorted(stamps)
