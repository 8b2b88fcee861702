"""The audit trail as the rest of the app uses it: record, verify, look things up."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from practice_desk.domain.audit import AuditAction, AuditEntry, ChainVerdict, verify_chain
from practice_desk.domain.clock import Clock
from practice_desk.domain.role_rules import RoleSeparationRefused, RuleRefusal
from practice_desk.storage import audit_store
from practice_desk.storage.audit_store import AuditQuery
from practice_desk.storage.database import Connection, transaction


def utc_stamp(moment: datetime) -> str:
    """One fixed format, so stamps sort as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def refusal_detail(refusal: RuleRefusal) -> str:
    if isinstance(refusal, RoleSeparationRefused):
        return f"{refusal.code}:{refusal.held.value}->{refusal.wanted.value}"
    return refusal.code


class AuditTrail:
    def __init__(self, conn: Callable[[], Connection], clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    def record(
        self,
        action: AuditAction,
        *,
        object_type: str = "practice",
        object_id: int | None = None,
        client_id: int | None = None,
        detail: str = "",
        at: datetime | None = None,
    ) -> AuditEntry:
        """Joins the caller's transaction when there is one, so a change and its entry commit
        together."""
        with transaction(self._conn()) as conn:
            return audit_store.append(
                conn,
                at=utc_stamp(at or self._clock.now()),
                action=action.value,
                object_type=object_type,
                object_id=object_id,
                client_id=client_id,
                detail=detail,
            )

    @contextlib.contextmanager
    def refusals_recorded(
        self, *, object_type: str, object_id: int | None, client_id: int | None
    ) -> Iterator[None]:
        """Wrap a use case's transaction: a rule refusal is written after its rollback."""
        try:
            yield
        except RuleRefusal as refusal:
            self.record(
                AuditAction.REFUSED,
                object_type=object_type,
                object_id=object_id,
                client_id=client_id,
                detail=refusal_detail(refusal),
            )
            raise

    def verify(self) -> ChainVerdict:
        return verify_chain(audit_store.all_entries(self._conn()))

    def find(
        self,
        *,
        client_id: int | None = None,
        since: date | None = None,
        until: date | None = None,
        actions: tuple[AuditAction, ...] = (),
        limit: int = 5000,
    ) -> list[AuditEntry]:
        """Newest first. `since` and `until` are local calendar days, both included."""
        query = AuditQuery(
            client_id=client_id,
            since=_local_day_start(since) if since else None,
            until=_local_day_start(until + timedelta(days=1)) if until else None,
            actions=tuple(action.value for action in actions),
            limit=limit,
        )
        return audit_store.find_entries(self._conn(), query)


def _local_day_start(day: date) -> str:
    return utc_stamp(datetime.combine(day, time()).astimezone())
