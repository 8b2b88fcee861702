"""The day sheet PDF on its own: plain rows in, a confidential one-day schedule out."""

import io
from datetime import date, datetime, timedelta

from pypdf import PdfReader

from practice_desk.reports.day_sheet import DaySheetRow, day_sheet_pdf, day_title

DAY = date(2026, 1, 6)
PRINTED = datetime(2026, 1, 5, 17, 30)


def row(hour, minute=0, minutes=50, who="Łukasz Öztürk", **extra):
    start = datetime.combine(DAY, datetime.min.time()) + timedelta(hours=hour, minutes=minute)
    values = {
        "starts_at": start,
        "ends_at": start + timedelta(minutes=minutes),
        "minutes": minutes,
        "who": who,
        "what": "Therapy session",
        "status": "Booked",
    }
    return DaySheetRow(**{**values, **extra})


def sheet(rows, day=DAY, zone_name="Europe/Berlin", practice_name="Harbour Practice"):
    return day_sheet_pdf(
        practice_name=practice_name, day=day, zone_name=zone_name, rows=rows, printed_at=PRINTED
    )


def pages(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf):
    return "\n".join(pages(pdf))


def a_day():
    return [
        row(9, who="Łukasz Öztürk", what="Initial consultation", status="Attended"),
        row(
            10,
            who="Ελένη Παπαδοπούλου",
            status="Cancelled late",
            cancelled=True,
            status_detail="by the client",
            note="Rang at 8:15, unwell.",
        ),
        row(11, minutes=90, who="Blocked: Supervision", what="", blocked=True),
        row(13, who="Sam O'Brien & <Co>", what="Coaching session", status="Did not attend"),
    ]


def test_the_title_names_the_day():
    assert day_title(DAY) == "Tuesday 6 January 2026"


def test_the_table_shows_times_lengths_people_kinds_statuses_and_notes():
    found = text(sheet(a_day()))
    for expected in (
        "Tuesday 6 January 2026",
        "Time",
        "Length",
        "Who",
        "What",
        "Status",
        "09:00 – 09:50",
        "11:00 – 12:30",
        "50 min",
        "1 h 30 min",
        "Łukasz Öztürk",
        "Ελένη Παπαδοπούλου",
        "Blocked: Supervision",
        "Sam O'Brien & <Co>",
        "Initial consultation",
        "Therapy session",
        "Coaching session",
        "Attended",
        "Cancelled late",
        "by the client",
        "Did not attend",
        "Rang at 8:15, unwell.",
    ):
        assert expected in found, expected


def test_the_zone_and_the_count_are_stated():
    found = text(sheet(a_day()))
    assert "Times are in Europe/Berlin (CET)." in found
    assert "4 appointments, 1 cancelled." in found


def test_a_day_when_the_clocks_change_says_so():
    assert "The clocks go forward on this day." in text(sheet([], day=date(2026, 3, 29)))
    assert "The clocks go back on this day." in text(sheet([], day=date(2026, 10, 25)))
    assert "clocks" not in text(sheet([], day=date(2026, 3, 28)))


def test_an_empty_day_says_so_kindly():
    found = text(sheet([]))
    assert "Nothing is booked for this day." in found
    assert "Who" not in found  # no empty table


def test_every_page_is_confidential_and_numbered():
    for page in pages(sheet(a_day())):
        assert "CONFIDENTIAL" in page
        assert "Harbour Practice" in page
        assert "Day sheet · Tuesday 6 January 2026" in page
        assert "Page 1 of 1" in page


def test_a_long_day_flows_onto_more_pages_with_the_frame_and_headings_on_each():
    rows = [
        row(7, minute=20 * n, minutes=20, who=f"Client number {n:02d}", note="A short note.")
        for n in range(30)
    ]
    found = pages(sheet(rows))
    total = len(found)
    assert total >= 2
    for number, page in enumerate(found, start=1):
        assert "CONFIDENTIAL" in page
        assert f"Page {number} of {total}" in page
        assert "Status" in page  # the heading row repeats
    everything = "\n".join(found)
    assert all(f"Client number {n:02d}" in everything for n in range(30))
    assert everything.count("A short note.") == 30  # a note isn't lost at a page break


def test_a_note_stays_on_the_page_of_its_appointment():
    rows = [
        row(7, minute=10 * n, minutes=10, who=f"Person {n:02d}", note=f"Note for {n:02d}")
        for n in range(40)
    ]
    for page in pages(sheet(rows)):
        for n in range(40):
            if f"Person {n:02d}" in page:
                assert f"Note for {n:02d}" in page


def test_multi_line_notes_keep_their_lines():
    found = text(sheet([row(9, note="First line\nSecond line")]))
    assert "First line\nSecond line" in found


def test_blocked_time_over_several_days_reads_as_such():
    start = datetime(2026, 1, 5, 0, 0)
    holiday = DaySheetRow(
        start, start + timedelta(days=4), 4 * 24 * 60, "Blocked: Holiday", "", "Booked"
    )
    evening = DaySheetRow(
        datetime(2026, 1, 6, 18, 0),
        datetime(2026, 1, 7, 9, 0),
        15 * 60,
        "Blocked: Other",
        "",
        "Booked",
    )
    morning = DaySheetRow(
        datetime(2026, 1, 5, 20, 0),
        datetime(2026, 1, 6, 8, 0),
        12 * 60,
        "Blocked: Admin",
        "",
        "Booked",
    )
    found = text(sheet([holiday, morning, evening]))
    for expected in (
        "All day",
        "Mon 5 Jan –",
        "Thu 8 Jan",  # it ends at midnight, so Thursday was the last day
        "4 days",
        "until 08:00",
        "since Mon 5 Jan",
        "from 18:00",
        "until Wed 7 Jan",
        "15 h",
    ):
        assert expected in found, expected


def test_an_appointment_ending_at_midnight_ends_at_24_00():
    assert "23:00 – 24:00" in text(sheet([row(23, minutes=60)]))


def test_document_properties_name_the_day_but_no_client():
    metadata = PdfReader(io.BytesIO(sheet(a_day()))).metadata
    assert metadata.title == "Tuesday 6 January 2026"
    assert "Öztürk" not in str(dict(metadata))


def test_the_same_input_gives_the_same_pdf():
    assert sheet(a_day()) == sheet(a_day())
