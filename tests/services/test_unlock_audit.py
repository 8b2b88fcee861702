"""Unlocking and locking leave their marks in the audit trail; a wrong passphrase can't write
(there is no key yet), so it is remembered and written at the next successful unlock."""

import pytest

from practice_desk.domain.recovery_code import format_recovery_code
from practice_desk.security.errors import WrongPassphrase, WrongRecoveryCode
from practice_desk.services.audit import utc_stamp
from tests.conftest import PASSPHRASE, snapshot
from tests.services.conftest import audit_entries

WRONG = "wrong horse battery staple"


def new_entries(practice, before):
    return [(e.action, e.at, e.detail) for e in audit_entries(practice)[before:]]


def entry_count(vault):
    practice = vault.unlock(PASSPHRASE)
    try:
        return len(audit_entries(practice)) + 1  # and the lock about to be written
    finally:
        practice.close()


def test_failed_attempts_are_written_at_their_own_times_before_the_unlock(vault, clock, files):
    before = entry_count(vault)
    disk = snapshot(files.home)
    first_try = clock.now()
    with pytest.raises(WrongPassphrase):
        vault.unlock(WRONG)
    clock.advance(7)
    second_try = clock.now()
    with pytest.raises(WrongPassphrase):
        vault.unlock(PASSPHRASE.upper())
    assert snapshot(files.home) == disk  # nothing written while locked
    clock.advance(minutes=2)
    practice = vault.unlock(PASSPHRASE)
    try:
        assert new_entries(practice, before) == [
            ("unlock_failed", utc_stamp(first_try), ""),
            ("unlock_failed", utc_stamp(second_try), ""),
            ("unlocked", utc_stamp(clock.now()), "passphrase"),
        ]
        assert practice.audit.verify().intact
    finally:
        practice.close()


def test_failed_attempts_are_written_once(vault, clock):
    with pytest.raises(WrongPassphrase):
        vault.unlock(WRONG)
    vault.unlock(PASSPHRASE).close()
    practice = vault.unlock(PASSPHRASE)
    try:
        actions = [e.action for e in audit_entries(practice)]
        assert actions.count("unlock_failed") == 1
        assert actions[-3:] == ["unlocked", "locked", "unlocked"]
    finally:
        practice.close()


def test_a_wrong_recovery_code_counts_as_a_failed_attempt(vault, template, clock):
    before = entry_count(vault)
    with pytest.raises(WrongRecoveryCode):
        vault.unlock_with_recovery_code("not a code")
    clock.advance(30)
    practice = vault.unlock_with_recovery_code(format_recovery_code(template.recovery_code))
    try:
        assert [(a, d) for a, _, d in new_entries(practice, before)] == [
            ("unlock_failed", ""),
            ("unlocked", "recovery_code"),
        ]
    finally:
        practice.close()


def test_the_passphrase_tried_never_reaches_the_trail(vault):
    with pytest.raises(WrongPassphrase):
        vault.unlock(WRONG)
    practice = vault.unlock(PASSPHRASE)
    try:
        for row in practice.conn.execute("SELECT * FROM audit_log"):
            assert not any("horse" in str(value) for value in row)
            assert not any(PASSPHRASE in str(value) for value in row)
    finally:
        practice.close()


def test_locking_is_written_with_its_reason(vault, clock):
    practice = vault.unlock(PASSPHRASE)
    clock.advance(minutes=15)
    locked_at = utc_stamp(clock.now())
    practice.close("idle")
    assert not practice.is_open
    practice.close("again")  # closing twice writes nothing more
    clock.advance(minutes=1)
    practice = vault.unlock(PASSPHRASE)
    try:
        entries = audit_entries(practice)
        assert [(e.action, e.at, e.detail) for e in entries[-2:]] == [
            ("locked", locked_at, "idle"),
            ("unlocked", utc_stamp(clock.now()), "passphrase"),
        ]
        assert [e.action for e in entries].count("locked") == 2  # the template's and this one
    finally:
        practice.close()


def test_a_broken_trail_is_reported_at_unlock_but_does_not_lock_the_practitioner_out(vault):
    practice = vault.unlock(PASSPHRASE)
    assert practice.audit_verdict.intact
    practice.conn.execute("DROP TRIGGER audit_log_no_update")
    practice.conn.execute("UPDATE audit_log SET detail = 'forged' WHERE seq = 1")
    practice.close()
    practice = vault.unlock(PASSPHRASE)
    try:
        assert practice.audit_verdict.first_broken == 1
        assert audit_entries(practice)[-1].action == "unlocked"
    finally:
        practice.close()
