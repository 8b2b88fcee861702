from datetime import UTC, date, datetime, timedelta

import pytest

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.retention import (
    DEFAULT_YEARS,
    MAX_YEARS,
    MIN_YEARS,
    UNDO_DAYS,
    PendingDeletion,
    RecordActivity,
    RetentionPolicy,
    due_date,
    due_record,
    due_records,
    final_deletion_at,
)


def activity(last, *, first=date(2010, 3, 1), open_work=False, client_id=1, name="Anna Berg"):
    return RecordActivity(client_id, name, ContractKind.THERAPY, first, last, open_work)


@pytest.mark.parametrize(
    ("last", "years", "due"),
    [
        (date(2016, 5, 17), 7, date(2023, 5, 17)),
        (date(2016, 12, 31), 7, date(2023, 12, 31)),
        (date(2016, 1, 1), 1, date(2017, 1, 1)),
        # A leap day: the anniversary in a year without one is 1 March, never 28 February,
        # so the period is never a day short.
        (date(2016, 2, 29), 7, date(2023, 3, 1)),
        (date(2016, 2, 29), 1, date(2017, 3, 1)),
        (date(2016, 2, 29), 4, date(2020, 2, 29)),
        (date(2016, 2, 29), 8, date(2024, 2, 29)),
        (date(2015, 2, 28), 1, date(2016, 2, 28)),
        (date(2015, 3, 1), 1, date(2016, 3, 1)),
    ],
)
def test_a_record_is_due_on_the_anniversary_of_its_last_activity(last, years, due):
    assert due_date(last, years) == due


def test_seven_years_unless_changed():
    assert RetentionPolicy().years == DEFAULT_YEARS == 7
    assert UNDO_DAYS == 30


@pytest.mark.parametrize("years", [MIN_YEARS, 7, 10, MAX_YEARS])
def test_a_period_within_range_is_accepted(years):
    assert RetentionPolicy(years).validated().years == years


@pytest.mark.parametrize("years", [0, -1, MAX_YEARS + 1, 70, True, 7.5, "7"])
def test_a_period_outside_range_is_refused(years):
    with pytest.raises(FieldInvalid) as caught:
        RetentionPolicy(years).validated()
    assert caught.value.field == "retention_years"
    assert "Nothing has been saved" in str(caught.value)


def test_due_from_the_anniversary_on_and_not_a_day_before():
    record = activity(date(2016, 5, 17))
    policy = RetentionPolicy(7)

    assert due_record(record, policy, date(2023, 5, 16)) is None
    found = due_record(record, policy, date(2023, 5, 17))
    assert found is not None and found.due_on == date(2023, 5, 17)
    assert due_record(record, policy, date(2031, 1, 1)) is not None


def test_a_leap_day_record_is_not_due_on_the_28th_of_february():
    record = activity(date(2016, 2, 29))

    assert due_record(record, RetentionPolicy(7), date(2023, 2, 28)) is None
    assert due_record(record, RetentionPolicy(7), date(2023, 3, 1)) is not None


def test_open_work_is_never_due_however_old():
    record = activity(date(1990, 1, 1), open_work=True)

    assert due_record(record, RetentionPolicy(MIN_YEARS), date(2040, 1, 1)) is None


def test_a_longer_period_keeps_a_record_longer():
    record = activity(date(2016, 5, 17))

    assert due_record(record, RetentionPolicy(7), date(2024, 1, 1)) is not None
    assert due_record(record, RetentionPolicy(10), date(2024, 1, 1)) is None


def test_the_report_carries_the_stub_facts_and_lists_longest_overdue_first():
    records = [
        activity(date(2015, 6, 1), client_id=1, name="Carl Holm"),
        activity(date(2012, 6, 1), client_id=2, name="bea Lund"),
        activity(date(2012, 6, 1), client_id=3, name="Anna Berg"),
        activity(date(2022, 6, 1), client_id=4, name="Dora Ek"),
        activity(date(2001, 6, 1), client_id=5, name="Emil Dahl", open_work=True),
    ]

    found = due_records(records, RetentionPolicy(7), date(2024, 1, 1))

    assert [record.client_id for record in found] == [3, 2, 1]
    first = found[0]
    assert (first.display_name, first.kind) == ("Anna Berg", ContractKind.THERAPY)
    assert (first.first_activity_on, first.last_activity_on) == (date(2010, 3, 1), date(2012, 6, 1))
    assert first.due_on == date(2019, 6, 1)


def test_a_deletion_can_be_undone_for_thirty_days_and_not_a_moment_longer():
    deleted_at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    final = final_deletion_at(deleted_at)
    pending = PendingDeletion(1, "Anna Berg", None, deleted_at, final)

    assert final == deleted_at + timedelta(days=30)
    assert pending.can_undo(deleted_at)
    assert pending.can_undo(final - timedelta(microseconds=1))
    assert not pending.can_undo(final)
