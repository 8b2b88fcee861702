"""Records retention: how long a client's record is kept after the work ends, which records are
past that, and the 30 days in which a deletion can still be undone.

The rules, as the practitioner reads them in Settings:

- A record is kept for the practice's retention period (7 years unless changed) after its
  *last activity*: the latest day on which anything happened in it. That is the last
  appointment that has begun (held, cancelled or missed: each is documented contact), the last
  session, a contract's end date, the consultation date, the day the client was entered, and
  the last letter or document written into the record (an addendum, a referral note, an
  invoice and its payment, a sponsor report). For someone who never had work it is therefore
  the consultation, the last appointment or simply the day they were entered. Deleting is
  final, so every reading of "last contact" counts and the latest one wins: a record is never
  deleted earlier than any of them allows.
- Work that isn't over is never due, however old the record: a contract that hasn't ended
  (draft, active or paused), an appointment still to come, or a session still open.
- Deletion happens only after review and confirmation, and for UNDO_DAYS it can be undone.
  After that the record is destroyed for good, leaving a stub: the name, the birth date
  (for the duplicate guard), the kind of work, the first and last activity days and when it
  was destroyed.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from practice_desk.domain.contracts import ContractKind
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid

DEFAULT_YEARS = 7
# At least one year: a shorter period would let a record go while the client may still come
# back or complain, and no professional code or law we know of asks for less. At most 30: the
# longest periods in use (records of minors kept until well into adulthood, some national
# rules for health records) fit, and a typo such as 70 or 700 is caught.
MIN_YEARS = 1
MAX_YEARS = 30
UNDO_DAYS = 30
UNDO_WINDOW = timedelta(days=UNDO_DAYS)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later. 29 February becomes 1 March in a year without
    one: the later of the two candidates, so a period is never cut short by a day."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return day.replace(year=year)


def due_date(last_activity: date, years: int) -> date:
    """The first day on which a record whose last activity was `last_activity` may be
    deleted: the anniversary `years` later (the period is complete on that day)."""
    return add_years(last_activity, years)


@dataclass(frozen=True)
class RetentionPolicy:
    """The practice's retention period, in whole years after the last activity."""

    years: int = DEFAULT_YEARS

    def validated(self) -> RetentionPolicy:
        if isinstance(self.years, bool) or not isinstance(self.years, int):
            raise FieldInvalid("retention_years", "Please enter the period in whole years.")
        if not MIN_YEARS <= self.years <= MAX_YEARS:
            raise FieldInvalid(
                "retention_years",
                f"Records can be kept for {MIN_YEARS} to {MAX_YEARS} years after the last "
                "activity.",
            )
        return self

    def due_on(self, last_activity: date) -> date:
        return due_date(last_activity, self.years)


@dataclass(frozen=True)
class RecordActivity:
    """What the report needs to know about one client's record (no clinical content)."""

    client_id: int
    display_name: str
    kind: ContractKind | None  # the kind of work the person has ever had, if any
    first_activity_on: date
    last_activity_on: date
    open_work: bool  # a contract not ended, an appointment to come, or a session still open


@dataclass(frozen=True)
class DueRecord:
    """One line of the report of records past the retention period."""

    client_id: int
    display_name: str
    kind: ContractKind | None
    first_activity_on: date
    last_activity_on: date
    due_on: date  # the first day the record could be deleted


def due_record(activity: RecordActivity, policy: RetentionPolicy, today: date) -> DueRecord | None:
    """The report line for this record, or None while it must still be kept."""
    if activity.open_work:
        return None
    due_on = policy.due_on(activity.last_activity_on)
    if today < due_on:
        return None
    return DueRecord(
        activity.client_id,
        activity.display_name,
        activity.kind,
        activity.first_activity_on,
        activity.last_activity_on,
        due_on,
    )


def due_records(
    activities: Iterable[RecordActivity], policy: RetentionPolicy, today: date
) -> list[DueRecord]:
    """The records past the retention period, longest overdue first."""
    found = [
        record
        for activity in activities
        if (record := due_record(activity, policy, today)) is not None
    ]
    found.sort(key=lambda record: (record.due_on, record.display_name.casefold(), record.client_id))
    return found


def final_deletion_at(deleted_at: datetime) -> datetime:
    """When a deletion can no longer be undone and the record is destroyed (at the first
    unlock from then on)."""
    return deleted_at + UNDO_WINDOW


@dataclass(frozen=True)
class PendingDeletion:
    """A record deleted by the practitioner, still restorable until `final_deletion_at`."""

    client_id: int
    display_name: str
    kind: ContractKind | None
    deleted_at: datetime
    final_deletion_at: datetime

    def can_undo(self, now: datetime) -> bool:
        return now < self.final_deletion_at


@dataclass(frozen=True)
class DestroyedRecord:
    """The stub left after final deletion. Nothing else about the person remains."""

    client_id: int
    display_name: str
    kind: ContractKind | None
    first_activity_on: date | None
    last_activity_on: date | None
    destroyed_at: datetime


class RetentionRefused(PracticeDeskError):
    """A retention step that was not taken; the message says that nothing changed."""

    title = "Not deleted"


class DeletionNotConfirmed(RetentionRefused):
    title = "Please confirm the deletion"

    def __init__(self) -> None:
        super().__init__(
            "Records are deleted only after you have reviewed the list and confirmed it, so "
            "nothing was deleted.",
            "Look through the records past the retention period, then confirm. For "
            f"{UNDO_DAYS} days afterwards you can still undo the deletion.",
        )


class RecordNotDue(RetentionRefused):
    title = "Not past the retention period"

    def __init__(self) -> None:
        super().__init__(
            "At least one of the chosen records isn't past the retention period (or has work "
            "booked or open), so nothing was deleted.",
            "Please open the list of records past the retention period again and choose from it.",
        )


class NotPendingDeletion(RetentionRefused):
    title = "Nothing to undo"

    def __init__(self) -> None:
        super().__init__(
            "This record isn't waiting for final deletion, so there is nothing to undo. "
            "Nothing was changed.",
            "If it was destroyed for good, only its name and dates remain in the list of "
            "destroyed records.",
        )


class UndoWindowClosed(RetentionRefused):
    title = "Too late to undo"

    def __init__(self) -> None:
        super().__init__(
            f"The {UNDO_DAYS} days in which this deletion could be undone are over, so the "
            "record can't be brought back. Nothing was changed.",
            "It will be destroyed for good the next time the practice is unlocked.",
        )
