"""Exports: a client's own record when they ask for it, and the whole practice as plain files.

Both leave the vault, so both are written to the audit trail, in the same transaction as the
files: an entry exists exactly when the export does. File names never carry a client's name
(file names travel further than files: into recent-file lists, backups and e-mails).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.disclosure import Recipient
from practice_desk.domain.errors import PracticeDeskError
from practice_desk.domain.fields import FieldInvalid
from practice_desk.safe_files import write_atomic
from practice_desk.services import client_export, practice_export
from practice_desk.services.documents import disclosure_reason
from practice_desk.storage import table_dump
from practice_desk.storage.database import transaction

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice

WHOLE_EXPORT_WARNING = (
    "This export is not encrypted. Anyone who gets these files can read every client's "
    "record, process notes included. Save it only somewhere you trust, such as an encrypted "
    "disk, and delete it when you no longer need it."
)
CLIENT_JSON_NOTE = (
    "The data file (.json) can't be protected with a password: anyone who gets it can read it. "
    "Hand it over in person or through a secure channel."
)
_FORBIDDEN_IN_NAMES = frozenset('/\\:*?"<>|\x00')


class ExportRefused(PracticeDeskError):
    title = "The export can't be made"


class UnprotectedExportNotConfirmed(ExportRefused):
    """The whole-practice export needs an explicit "I understand" first."""

    title = "This export is unprotected"

    def __init__(self) -> None:
        super().__init__(
            WHOLE_EXPORT_WARNING, "Confirm that you understand this, then export again."
        )


@dataclass(frozen=True)
class ClientExport:
    client_id: int
    pdf_path: Path
    json_path: Path  # plaintext by nature: see CLIENT_JSON_NOTE
    pages: int
    pdf_protected: bool
    process_notes_sessions: int  # sessions whose process notes went along (0: none)


@dataclass(frozen=True)
class PracticeExport:
    folder: Path
    json_path: Path
    tables: Mapping[str, int]  # rows written per table; each has <name>.csv in `folder`

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


class Exports:
    def __init__(self, practice: Practice) -> None:
        self._practice = practice

    # --- a client's access request -------------------------------------------------------------

    def client_file_base(self, client_id: int) -> str:
        """The suggested name of both files, without the extension and without the name."""
        return f"client-record-{client_id}-{self._local_today().isoformat()}"

    def client_access(
        self,
        client_id: int,
        folder: Path,
        *,
        include_process_notes_reason: str | None = None,
        pdf_password: str | None = None,
        base_name: str | None = None,
    ) -> ClientExport:
        """Write what the client may receive into `folder`: their record as a PDF (all their
        sessions, for the client as recipient) and the same as machine-readable JSON (see
        services/client_export.py). Files already there under the same names are replaced.

        The PDF may be protected with `pdf_password`; the JSON file is plaintext by nature and
        can't be (CLIENT_JSON_NOTE says so in words for the screen). Process notes, which may
        be withheld from an access request, go along only with a reason, which is kept and
        audited for each session exactly as for a saved document. A refusal by the disclosure
        rules is audited and raised, and nothing is written."""
        folder = self._existing_folder(folder)
        base = _clean_base(base_name) if base_name is not None else None
        base = base or self.client_file_base(client_id)
        pdf_path, json_path = folder / f"{base}.pdf", folder / f"{base}.json"
        first, last = self._whole_record_period(client_id)
        document = self._practice.documents.client_record(
            client_id,
            first,
            last,
            recipient=Recipient.CLIENT,
            include_process_notes=include_process_notes_reason,
        )
        pdf = self._practice.documents.pdf_bytes(document, pdf_password)
        reason = None
        notes: dict[int, str] | None = None
        if include_process_notes_reason is not None:
            reason = disclosure_reason(include_process_notes_reason)
            notes = {
                session_id: self._practice.sessions.process_note(session_id)
                for session_id, _ in document.all_disclosures
            }
        data = client_export.client_data(self._practice, client_id, notes, reason or "")
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        detail = "pdf+json" + (";pdf_protected" if pdf_password else "")
        if notes:
            detail += ";process_notes"
        written: list[Path] = []
        try:
            with transaction(self._practice.conn):
                for session_id, why in document.all_disclosures:
                    self._practice.sessions.disclose(session_id, why)
                self._practice.audit.record(
                    AuditAction.CLIENT_EXPORTED,
                    object_type="client",
                    object_id=client_id,
                    client_id=client_id,
                    detail=detail,
                )
                for path, payload in ((pdf_path, pdf), (json_path, text.encode("utf-8"))):
                    write_atomic(path, payload)
                    written.append(path)
        except BaseException:
            # Half an access request is worse than none: take back what was written.
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return ClientExport(
            client_id,
            pdf_path,
            json_path,
            document.pages,
            pdf_password is not None,
            len(notes or ()),
        )

    # --- the whole practice --------------------------------------------------------------------

    def whole_practice(self, folder: Path, *, understood_unprotected: bool) -> PracticeExport:
        """Write every table of the practice, as practice.json and one CSV file per table, into
        a new folder "practice-desk-export-<date>-<time>" inside `folder`.

        Unencrypted, so refused (UnprotectedExportNotConfirmed, with WHOLE_EXPORT_WARNING as
        its message) unless the practitioner has confirmed `understood_unprotected`; nothing at
        all is written then. The tables are read in one transaction, so the files show one
        moment of the practice, and the audit entry commits with them; run it as a task while
        nothing else writes."""
        if not understood_unprotected:
            raise UnprotectedExportNotConfirmed()
        folder = self._existing_folder(folder)
        now = self._practice.clock.now().astimezone(self._practice.bookings.settings.tz)
        target = folder / f"practice-desk-export-{now:%Y-%m-%d-%H%M%S}"
        if target.exists() or target.with_name(target.name + practice_export.INCOMPLETE).exists():
            raise ExportRefused(
                "There is already an export with this name in that folder.",
                "Wait a moment and export again, or choose another folder.",
            )
        conn = self._practice.conn
        with transaction(conn):
            tables = table_dump.tables(conn)
            # Recorded before the tables are read, so the exported audit trail ends with it.
            self._practice.audit.record(
                AuditAction.PRACTICE_EXPORTED, detail=f"{len(tables)} tables"
            )
            counts = practice_export.write_export(conn, target, now, tables)
        return PracticeExport(target, target / practice_export.JSON_NAME, counts)

    # --- helpers -------------------------------------------------------------------------------

    def _local_today(self) -> date:
        return self._practice.clock.now().astimezone(self._practice.bookings.settings.tz).date()

    def _whole_record_period(self, client_id: int) -> tuple[date, date]:
        """From the first session (or today) to today, or to the last session should the
        clock stand before it: every session the client has had."""
        tz = self._practice.bookings.settings.tz
        days = [
            session.started_at.astimezone(tz).date()
            for session in self._practice.sessions.for_client(client_id)
        ]
        today = self._local_today()
        return min([*days, today]), max([*days, today])

    @staticmethod
    def _existing_folder(folder: Path) -> Path:
        folder = Path(folder)
        if not folder.is_dir():
            raise ExportRefused(
                "That folder can't be found.",
                "Please choose the folder again; nothing was written.",
            )
        return folder


def _clean_base(name: str) -> str:
    """A file name chosen by the caller, without folders, extension tricks or odd characters."""
    clean = name.strip()
    for extension in (".pdf", ".json"):
        if clean.lower().endswith(extension):
            clean = clean[: -len(extension)]
    if not clean or clean.startswith(".") or any(ch in _FORBIDDEN_IN_NAMES for ch in clean):
        raise FieldInvalid(
            "file_name",
            "Please choose a plain file name, without slashes or special characters.",
        )
    return clean
