"""Client use cases: create and change clients, guard against entering a person twice, record
the consultation outcome, and write a referral note when the rules say "not with me"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.client_search import ClientSummary
from practice_desk.domain.clients import Client, ClientDetails, ClientStatus, ConsultationRecord
from practice_desk.domain.duplicates import MatchReason, PersonKeys, match_reasons
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import multi_line, single_line
from practice_desk.services.audit import utc_stamp
from practice_desk.storage import client_store
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice


class ClientNotFound(PracticeDeskError):
    title = "Client not found"

    def __init__(self) -> None:
        super().__init__(
            "This client is no longer in the practice.", "Please reopen the client list."
        )


@dataclass(frozen=True)
class DuplicateMatch:
    client_id: int
    display_name: str
    reasons: tuple[MatchReason, ...]


class PossibleDuplicate(PracticeDeskError):
    title = "Is this someone you already know?"

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        reasons = sorted({reason.label for match in matches for reason in match.reasons})
        super().__init__(
            f"A client with {' and '.join(reasons)} is already in your practice.",
            "If this is the same person, please open the existing client instead. If it is "
            "a different person, confirm that and note how you know; the confirmation is "
            "kept in the audit trail.",
        )
        self.matches = matches


@dataclass(frozen=True)
class DifferentPerson:
    """The practitioner's confirmation that a look-alike is someone else, and why."""

    reason: str

    def validated(self) -> DifferentPerson:
        return DifferentPerson(
            single_line("different_person_reason", "The reason", self.reason, 500, required=True)
        )


@dataclass(frozen=True)
class ReferralNote:
    id: int
    addressed_to: str
    body: str
    written_at: str


class ClientBook:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    def summaries(self) -> list[ClientSummary]:
        return client_store.list_summaries(self._practice.conn)

    def summary(self, client_id: int) -> ClientSummary:
        found = client_store.read_summary(self._practice.conn, client_id)
        if found is None:
            raise ClientNotFound()
        return found

    def get(self, client_id: int) -> Client:
        found = client_store.read_client(self._practice.conn, client_id)
        if found is None:
            raise ClientNotFound()
        return found

    def open(self, client_id: int) -> Client:
        """Read a client for the practitioner to look at; the viewing is audited."""
        client = self.get(client_id)
        self._practice.audit.record(
            AuditAction.CLIENT_VIEWED,
            object_type="client",
            object_id=client_id,
            client_id=client_id,
        )
        return client

    def find_duplicates(
        self, details: ClientDetails, *, exclude: int | None = None
    ) -> list[DuplicateMatch]:
        keys = PersonKeys.of(details)
        matches = []
        for other_id, other in client_store.possible_duplicates(
            self._practice.conn, details, exclude
        ):
            reasons = match_reasons(keys, PersonKeys.of(other))
            if reasons:
                matches.append(DuplicateMatch(other_id, other.display_name, tuple(reasons)))
        return matches

    def create(
        self, details: ClientDetails, different_person: DifferentPerson | None = None
    ) -> Client:
        """Raises FieldInvalid, or PossibleDuplicate unless `different_person` confirms."""
        clean = details.validated(self._practice.today)
        confirmation = different_person.validated() if different_person else None
        matches = self.find_duplicates(clean)
        if matches and confirmation is None:
            raise PossibleDuplicate(matches)
        now = self._now()
        with transaction(self._practice.conn) as conn:
            client_id = client_store.insert_client(conn, clean, now)
            self._practice.audit.record(
                AuditAction.CLIENT_CREATED,
                object_type="client",
                object_id=client_id,
                client_id=client_id,
            )
            if confirmation:
                self._confirm_different(client_id, matches, confirmation, now)
        return self.get(client_id)

    def update(
        self,
        client_id: int,
        details: ClientDetails,
        different_person: DifferentPerson | None = None,
    ) -> Client:
        """Changing a name, birth date, e-mail or phone into someone else's meets the same
        guard as a new client, so the rule can't be dodged by editing."""
        before = self.get(client_id)
        clean = details.validated(self._practice.today)
        confirmation = different_person.validated() if different_person else None
        matches = []
        if PersonKeys.of(clean) != PersonKeys.of(before.details):
            matches = self.find_duplicates(clean, exclude=client_id)
            if matches and confirmation is None:
                raise PossibleDuplicate(matches)
        if clean == before.details:
            return before
        now = self._now()
        with transaction(self._practice.conn) as conn:
            client_store.update_client(conn, client_id, clean, now)
            self._practice.audit.record(
                AuditAction.CLIENT_CHANGED,
                object_type="client",
                object_id=client_id,
                client_id=client_id,
                detail=_changed_fields(before.details, clean),
            )
            if confirmation and matches:
                self._confirm_different(client_id, matches, confirmation, now)
        return self.get(client_id)

    def _confirm_different(
        self,
        client_id: int,
        matches: list[DuplicateMatch],
        confirmation: DifferentPerson,
        now: str,
    ) -> None:
        conn = self._practice.conn
        for match in matches:
            matched_on = ",".join(reason.value for reason in match.reasons)
            confirmation_id = client_store.insert_person_confirmation(
                conn, client_id, match.client_id, matched_on, confirmation.reason, now
            )
            self._practice.audit.record(
                AuditAction.DIFFERENT_PERSON_CONFIRMED,
                object_type="person_confirmation",
                object_id=confirmation_id,
                client_id=client_id,
                detail=f"other_client:{match.client_id};{matched_on}",
            )

    def record_consultation(self, client_id: int, record: ConsultationRecord) -> Client:
        client = self.get(client_id)
        clean = record.validated(self._practice.today)
        now = self._now()
        with transaction(self._practice.conn) as conn:
            client_store.write_consultation(conn, client_id, clean, now)
            if client.details.status is ClientStatus.ENQUIRY:
                client_store.set_status(conn, client_id, ClientStatus.CONSULTATION, now)
            self._practice.audit.record(
                AuditAction.CONSULTATION_RECORDED,
                object_type="client",
                object_id=client_id,
                client_id=client_id,
                detail=clean.outcome.value,
            )
        return self.get(client_id)

    def write_referral_note(self, client_id: int, addressed_to: str, body: str) -> ReferralNote:
        self.get(client_id)
        to = single_line("addressed_to", "The recipient", addressed_to, 200)
        text = multi_line("body", "The referral note", body, 10_000)
        if not text:
            raise PracticeDeskError("The referral note is empty.", "Please write the note first.")
        now = self._now()
        with transaction(self._practice.conn) as conn:
            note_id = client_store.insert_referral_note(conn, client_id, to, text, now)
            self._practice.audit.record(
                AuditAction.REFERRAL_NOTE_WRITTEN,
                object_type="referral_note",
                object_id=note_id,
                client_id=client_id,
            )
        return ReferralNote(note_id, to, text, now)

    def referral_notes(self, client_id: int) -> list[ReferralNote]:
        return [
            ReferralNote(*row)
            for row in client_store.read_referral_notes(self._practice.conn, client_id)
        ]

    def _now(self) -> str:
        return utc_stamp(self._practice.clock.now())


def _changed_fields(before: ClientDetails, after: ClientDetails) -> str:
    """Which fields changed, by name only: the audit trail never holds their values."""
    names = [
        name
        for name in before.__dataclass_fields__
        if getattr(before, name) != getattr(after, name)
    ]
    return ",".join(names)[:200]
