"""Printing a day: the practice's own appointments on the sheet, written only to the chosen
file, and noted in the audit trail by count."""

import io
import stat
import tempfile
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from practice_desk.domain.appointments import (
    AppointmentKind,
    AppointmentRequest,
    AppointmentStatus,
    BlockReason,
    CancelledBy,
)
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from practice_desk.services.day_sheet import day_sheet_bytes, save_day_sheet
from tests.conftest import snapshot

DAY = date(2026, 1, 6)


def text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def day(practice):
    """Tuesday 6 January 2026 in Berlin: a consultation, a therapy session cancelled late,
    supervision, and one appointment the day before that must not appear."""
    bookings = practice.bookings
    bookings.settings.set_time_zone("Europe/Berlin")
    lukasz = practice.clients.create(ClientDetails("Łukasz Öztürk"))
    eleni = practice.clients.create(ClientDetails("Ελένη Παπαδοπούλου"))
    practice.contracts.create(
        eleni.id,
        ContractTerms(ContractKind.THERAPY, ContractStatus.ACTIVE, starts_on=date(2026, 1, 5)),
    )

    def book(kind, hour, minutes=50, client=None, **extra):
        request = AppointmentRequest(
            kind, datetime(2026, 1, 6, hour, 0), minutes, client.id if client else None, **extra
        )
        return bookings.book(request, confirmed=True)[0]

    book(AppointmentKind.CONSULTATION, 9, client=lukasz, note="Found us via the GP.")
    session = book(AppointmentKind.THERAPY_SESSION, 10, client=eleni)
    bookings.set_status(session.id, AppointmentStatus.LATE_CANCELLED, by=CancelledBy.CLIENT)
    book(AppointmentKind.BLOCKED, 14, 90, block_reason=BlockReason.SUPERVISION)
    bookings.book(
        AppointmentRequest(
            AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 5, 23, 0), 50, eleni.id
        ),
        confirmed=True,
    )
    return DAY


def test_the_sheet_shows_the_days_appointments_in_the_practice_zone(practice, day):
    found = text(day_sheet_bytes(practice, day))
    for expected in (
        "Tuesday 6 January 2026",
        "Harbour Practice",
        "CONFIDENTIAL",
        "Page 1 of 1",
        "Times are in Europe/Berlin (CET).",
        "3 appointments, 1 cancelled.",
        "09:00 – 09:50",
        "Łukasz Öztürk",
        "Initial consultation",
        "Found us via the GP.",
        "10:00 – 10:50",
        "Ελένη Παπαδοπούλου",
        "Therapy session",
        "Cancelled late",
        "by the client",
        "14:00 – 15:30",
        "Blocked: Supervision",
        "1 h 30 min",
        "Printed 05 Jan 2026, 10:00",  # the clock's 09:00 UTC, in Berlin
    ):
        assert expected in found, expected
    assert "23:00" not in found  # Monday's late session is Monday's


def test_an_empty_day(practice, day):
    found = text(day_sheet_bytes(practice, date(2026, 1, 7)))
    assert "Wednesday 7 January 2026" in found
    assert "Nothing is booked for this day." in found


@pytest.mark.parametrize(
    ("name", "saved_as"),
    [("day.pdf", "day.pdf"), ("day", "day.pdf"), ("d.PDF", "d.PDF"), ("d.txt", "d.txt.pdf")],
)
def test_only_the_target_is_written(practice, day, tmp_path, monkeypatch, name, saved_as):
    out = tmp_path / "out"
    out.mkdir()
    (out / "unrelated.txt").write_text("keep me")
    # Anything a library writes to the temporary folder would land here.
    spare = tmp_path / "spare-tmp"
    spare.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spare))
    home_files = sorted(p.name for p in practice.files.home.rglob("*"))
    before = snapshot(out)

    saved = save_day_sheet(practice, day, out / name)

    assert saved == out / saved_as
    after = snapshot(out)
    assert set(after) == set(before) | {saved_as}
    assert after["unrelated.txt"] == before["unrelated.txt"]
    assert snapshot(spare) == {}
    assert sorted(p.name for p in practice.files.home.rglob("*")) == home_files
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "Łukasz Öztürk" in text(saved.read_bytes())


def test_saving_is_audited_with_a_count_and_no_names(practice, day, tmp_path):
    save_day_sheet(practice, day, tmp_path / "day.pdf")
    save_day_sheet(practice, date(2026, 1, 7), tmp_path / "empty.pdf")
    entries = practice.audit.find(actions=(AuditAction.DAY_SHEET_SAVED,))
    assert [(e.object_type, e.client_id, e.detail) for e in entries] == [
        ("calendar", None, "0 appointments"),
        ("calendar", None, "3 appointments"),
    ]
    assert practice.audit.verify().intact


def test_showing_the_sheet_is_not_an_export(practice, day):
    day_sheet_bytes(practice, day)
    assert practice.audit.find(actions=(AuditAction.DAY_SHEET_SAVED,)) == []


def test_a_failed_save_leaves_no_file_and_no_entry(practice, day, tmp_path):
    with pytest.raises(OSError):
        save_day_sheet(practice, day, tmp_path / "missing" / "day.pdf")
    assert practice.audit.find(actions=(AuditAction.DAY_SHEET_SAVED,)) == []
    assert not (tmp_path / "missing").exists()
