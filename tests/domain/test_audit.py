from dataclasses import replace

from practice_desk.domain.audit import (
    GENESIS_HASH,
    AuditAction,
    AuditEntry,
    chain_hash,
    verify_chain,
)


def build_chain(length):
    entries, prev = [], GENESIS_HASH
    for seq in range(1, length + 1):
        fields = (
            seq,
            f"2026-01-05T09:00:{seq:02d}.000000Z",
            "client_viewed",
            "client",
            seq,
            seq,
            "",
        )
        entry_hash = chain_hash(prev, *fields)
        entries.append(AuditEntry(*fields, prev, entry_hash))
        prev = entry_hash
    return entries


def test_an_empty_trail_is_intact():
    verdict = verify_chain([])
    assert verdict.intact
    assert verdict.entries == 0


def test_an_untouched_chain_is_intact():
    verdict = verify_chain(build_chain(10))
    assert verdict.intact
    assert verdict.first_broken is None
    assert verdict.entries == 10


def test_a_changed_field_breaks_the_chain_at_that_entry():
    for field, value in [
        ("at", "2026-01-05T10:00:00.000000Z"),
        ("action", "client_created"),
        ("object_type", "contract"),
        ("object_id", 99),
        ("client_id", None),
        ("detail", "x"),
    ]:
        entries = build_chain(10)
        entries[4] = replace(entries[4], **{field: value})
        assert verify_chain(entries).first_broken == 5, field


def test_a_rehashed_entry_breaks_the_chain_at_the_next_one():
    entries = build_chain(10)
    forged = replace(entries[4], detail="forged")
    forged = replace(
        forged,
        entry_hash=chain_hash(
            forged.prev_hash,
            forged.seq,
            forged.at,
            forged.action,
            forged.object_type,
            forged.object_id,
            forged.client_id,
            forged.detail,
        ),
    )
    entries[4] = forged
    assert verify_chain(entries).first_broken == 6


def test_a_removed_entry_breaks_the_chain_where_it_was():
    entries = build_chain(10)
    del entries[4]
    verdict = verify_chain(entries)
    assert verdict.first_broken == 5
    assert not verdict.intact


def test_swapped_entries_break_the_chain_at_the_first_of_them():
    entries = build_chain(10)
    entries[2], entries[6] = entries[6], entries[2]
    assert verify_chain(entries).first_broken == 3


def test_a_chain_must_start_at_the_genesis_hash():
    entries = build_chain(3)[1:]
    assert verify_chain(entries).first_broken == 1


def test_the_hash_covers_every_field():
    base = ("0" * 64, 1, "2026-01-05T09:00:00.000000Z", "locked", "practice", None, None, "")
    hashes = {chain_hash(*base)}
    for position, value in enumerate(["1" * 64, 2, "later", "unlocked", "client", 1, 1, "idle"]):
        changed = list(base)
        changed[position] = value
        hashes.add(chain_hash(*changed))
    assert len(hashes) == 9


def test_every_action_has_a_label():
    assert all(action.label for action in AuditAction)
    assert AuditAction.REFUSED.label == "Refused by the practice rules"
