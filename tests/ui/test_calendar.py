"""The Calendar driven like a practitioner would: click a free slot, type a name, press Enter;
keyboard navigation; the appointment dialog; a real encrypted practice underneath.

The clock stands at Monday 5 January 2026, 09:00 UTC; the practice is in Europe/London
(UTC+0 in winter), so wall-clock and UTC agree and the tests read plainly.
"""

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from practice_desk.domain.appointments import (
    AppointmentKind,
    AppointmentRequest,
    AppointmentStatus,
    BlockReason,
)
from practice_desk.domain.audit import AuditAction
from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import ContractKind, ContractStatus, ContractTerms
from practice_desk.ui.appointment_dialog import AppointmentDialog
from practice_desk.ui.booking_dialog import BookingDialog
from practice_desk.ui.calendar_settings_view import CalendarSettingsView
from tests.conftest import PASSPHRASE
from tests.ui.conftest import open_window, texts_contain

TUESDAY = date(2026, 1, 6)


def seed(vault, *, bookings=()):
    """A therapy client (Anna), a coaching client (Ελένη), an enquiry (Tomás); then `bookings`,
    a list of (client name or None, kind, wall-clock start, minutes)."""
    practice = vault.unlock(PASSPHRASE)
    try:
        practice.bookings.settings.set_time_zone("Europe/London")
        ids = {}
        for name, kind in (
            ("Anna Berg", ContractKind.THERAPY),
            ("Ελένη Παπαδοπούλου", ContractKind.COACHING),
            ("Tomás Ruiz", None),
        ):
            client = practice.clients.create(ClientDetails(name))
            ids[name] = client.id
            if kind:
                practice.contracts.create(
                    client.id, ContractTerms(kind, ContractStatus.ACTIVE, date(2026, 1, 2))
                )
        for name, kind, start, minutes in bookings:
            practice.bookings.book(
                AppointmentRequest(
                    kind,
                    start,
                    minutes,
                    ids.get(name),
                    BlockReason.SUPERVISION if kind is AppointmentKind.BLOCKED else None,
                ),
                confirmed=True,
            )
    finally:
        practice.close()
    return ids


def show_calendar(qtbot, vault, make_window):
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("calendar")
    calendar = window.shell.calendar
    qtbot.waitUntil(lambda: calendar.grid.isVisible())
    return window, calendar


def click_slot(qtbot, grid, day: date, at: time) -> None:
    x = int(grid._x(day) + grid._column_width() / 2)
    y = int(grid._y(at) + 2)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def choose_client(dialog: BookingDialog, name: str) -> None:
    dialog.client.setCurrentIndex(dialog.client.findText(name))


def booked_rows(window):
    return window.practice.bookings.on_days(date(2026, 1, 5), 28)


def test_clicking_a_free_slot_books_a_session_of_the_clients_contract(qtbot, vault, make_window):
    seed(vault)
    window, calendar = show_calendar(qtbot, vault, make_window)
    click_slot(qtbot, calendar.grid, TUESDAY, time(10, 5))
    dialog = calendar.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    assert dialog.start() == datetime(2026, 1, 6, 10, 0)  # snapped to the quarter hour
    choose_client(dialog, "Anna Berg")
    assert dialog.kind.currentData() is AppointmentKind.THERAPY_SESSION
    assert dialog.minutes.value() == 50
    dialog.save_button.click()

    [appointment] = booked_rows(window)
    assert appointment.client_name == "Anna Berg"
    assert appointment.kind is AppointmentKind.THERAPY_SESSION
    assert window.practice.bookings.local(appointment.starts_at) == datetime(2026, 1, 6, 10, 0)
    assert not dialog.isVisible()
    assert [item.who for item in calendar.grid.items] == ["Anna Berg"]
    actions = [entry.action for entry in window.practice.audit.find()]
    assert AuditAction.APPOINTMENT_BOOKED.value in actions


def test_someone_without_a_contract_is_offered_the_consultation(qtbot, vault, make_window):
    seed(vault)
    _, calendar = show_calendar(qtbot, vault, make_window)
    dialog = calendar.book_at(datetime(2026, 1, 7, 14, 0))
    choose_client(dialog, "Tomás Ruiz")
    assert dialog.kind.currentData() is AppointmentKind.CONSULTATION
    assert dialog.minutes.value() == 50
    dialog.kind.setCurrentIndex(dialog.kind.findData(AppointmentKind.THERAPY_SESSION))
    assert "no active therapy contract" in dialog.contract_note.text()
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "can't be booked" in dialog.error.text()


def test_an_overlap_is_refused_naming_the_appointment_in_the_way(qtbot, vault, make_window):
    seed(
        vault,
        bookings=[("Anna Berg", AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 6, 10), 50)],
    )
    window, calendar = show_calendar(qtbot, vault, make_window)
    dialog = calendar.book_at(datetime(2026, 1, 6, 10, 30))
    choose_client(dialog, "Ελένη Παπαδοπούλου")
    dialog.save_button.click()
    assert dialog.isVisible()
    text = dialog.error.text()
    assert "Therapy session with Anna Berg" in text and "Tue 6 Jan, 10:00–10:50" in text
    assert len(booked_rows(window)) == 1


def test_outside_working_hours_asks_then_books_anyway(qtbot, vault, make_window):
    seed(vault)
    window, calendar = show_calendar(qtbot, vault, make_window)
    dialog = calendar.book_at(datetime(2026, 1, 6, 19, 0))
    choose_client(dialog, "Anna Berg")
    dialog.save_button.click()
    assert dialog.notice.isVisible()
    assert "outside your working hours" in dialog.notice_text.text()
    assert dialog.save_button.text() == "Book anyway"
    assert booked_rows(window) == []
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert len(booked_rows(window)) == 1


def test_a_series_with_taken_dates_can_skip_them(qtbot, vault, make_window):
    seed(vault, bookings=[(None, AppointmentKind.BLOCKED, datetime(2026, 1, 20, 11, 30), 60)])
    window, calendar = show_calendar(qtbot, vault, make_window)
    dialog = calendar.book_at(datetime(2026, 1, 6, 11, 0))
    choose_client(dialog, "Ελένη Παπαδοπούλου")
    dialog.repeat.setChecked(True)
    dialog.count.setValue(4)
    dialog.save_button.click()
    assert "Tue 20 Jan" in dialog.notice_text.text()
    assert "Supervision" in dialog.notice_text.text()
    assert dialog.save_button.text() == "Skip these and book"
    dialog.save_button.click()
    assert not dialog.isVisible()
    sessions = [a for a in booked_rows(window) if a.kind is AppointmentKind.COACHING_SESSION]
    assert [window.practice.bookings.local(a.starts_at).date() for a in sessions] == [
        date(2026, 1, 6),
        date(2026, 1, 13),
        date(2026, 1, 27),
    ]


def test_keyboard_turns_pages_moves_the_cursor_and_books(qtbot, vault, make_window):
    seed(vault)
    _, calendar = show_calendar(qtbot, vault, make_window)
    grid = calendar.grid
    grid.setFocus()
    assert calendar.range_label.text() == "5 – 11 January 2026"
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert calendar.range_label.text() == "12 – 18 January 2026"
    qtbot.keyClick(grid, Qt.Key.Key_T)
    assert calendar.range_label.text() == "5 – 11 January 2026"
    start = grid.cursor
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.cursor == start + timedelta(days=1, minutes=30)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert isinstance(calendar.dialog, BookingDialog)
    assert calendar.dialog.start() == grid.cursor
    calendar.dialog.reject()
    calendar.day_button.click()
    assert calendar.range_label.text() == "Tuesday 6 January 2026"
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert calendar.range_label.text() == "Wednesday 7 January 2026"


def test_marking_attended_then_recording_the_consultation_outcome(qtbot, vault, clock, make_window):
    seed(
        vault, bookings=[("Tomás Ruiz", AppointmentKind.CONSULTATION, datetime(2026, 1, 5, 9), 50)]
    )
    window, calendar = show_calendar(qtbot, vault, make_window)
    [consultation] = calendar.appointments
    clock.advance(minutes=20)
    calendar.grid.appointment_chosen.emit(consultation.id)
    dialog = calendar.dialog
    assert isinstance(dialog, AppointmentDialog)
    dialog.buttons["attended"].click()
    assert window.practice.bookings.get(consultation.id).status is AppointmentStatus.ATTENDED
    clients = window.shell.clients
    qtbot.waitUntil(lambda: clients.dialog is not None and clients.dialog.isVisible())
    assert clients.dialog.objectName() == "consultation_dialog"
    assert window.shell.pages.currentWidget() is clients


def test_attendance_waits_until_the_appointment_has_begun(qtbot, vault, make_window):
    seed(
        vault,
        bookings=[("Anna Berg", AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 6, 10), 50)],
    )
    window, calendar = show_calendar(qtbot, vault, make_window)
    [session] = calendar.appointments
    dialog = calendar.open_appointment(session.id)
    assert not dialog.buttons["attended"].isEnabled()
    dialog.buttons["cancel"].click()
    assert dialog.by_client.isChecked()
    assert not dialog.late.isChecked()  # more than a day ahead
    dialog.findChild(type(dialog.buttons["cancel"]), "cancel_confirm").click()
    cancelled = window.practice.bookings.get(session.id)
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert cancelled.cancelled_by is not None
    assert [item.status for item in calendar.grid.items] == [AppointmentStatus.CANCELLED]


def test_home_lists_todays_appointments(qtbot, vault, make_window):
    seed(
        vault,
        bookings=[
            ("Anna Berg", AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 5, 15), 50),
            (None, AppointmentKind.BLOCKED, datetime(2026, 1, 5, 12), 60),
            ("Ελένη Παπαδοπούλου", AppointmentKind.COACHING_SESSION, datetime(2026, 1, 6, 9), 50),
        ],
    )
    window = open_window(qtbot, vault, make_window)
    today = window.shell.today.list
    rows = [today.item(row).text() for row in range(today.count())]
    assert len(rows) == 2
    assert rows[0].startswith("12:00–13:00") and "Supervision" in rows[0]
    assert rows[1].startswith("15:00–15:50") and "Anna Berg" in rows[1]


def test_lock_closes_the_booking_dialog_and_leaves_no_client_text(qtbot, vault, make_window):
    seed(
        vault,
        bookings=[("Anna Berg", AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 6, 10), 50)],
    )
    window, calendar = show_calendar(qtbot, vault, make_window)
    dialog = calendar.book_at(datetime(2026, 1, 7, 10))
    choose_client(dialog, "Ελένη Παπαδοπούλου")
    assert texts_contain(window, "Ελένη")
    window.lock()
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    assert not texts_contain(window, "Anna Berg")
    assert not texts_contain(window, "Ελένη")


def test_working_hours_changed_in_settings_reach_the_calendar(qtbot, vault, make_window):
    seed(vault)
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("settings")
    view = window.shell.findChild(CalendarSettingsView, "calendar_settings")
    assert view.zone.count() > 100  # the full list, read once the page is shown
    assert view.zone.currentText() == "Europe/London"
    view.days[0][0].setChecked(False)  # no work on Mondays
    assert window.practice.bookings.settings.working_hours.days[0] is None
    assert "saved" in view.status.text()
    window.shell.show_area("calendar")
    assert window.shell.calendar.grid.hours.days[0] is None


def test_export_writes_times_only_and_the_day_sheet_names_the_clients(
    qtbot, vault, make_window, scripted_prompts, tmp_path
):
    from icalendar import Calendar
    from pypdf import PdfReader

    seed(
        vault,
        bookings=[
            ("Anna Berg", AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 6, 10), 50),
            ("Tomás Ruiz", AppointmentKind.CONSULTATION, datetime(2026, 1, 6, 14), 50),
        ],
    )
    _, calendar = show_calendar(qtbot, vault, make_window)
    scripted_prompts.script(save_paths=[tmp_path / "phone", tmp_path / "tuesday.pdf"])
    dialog = calendar.export_calendar()
    dialog.save_button.click()
    exported = (tmp_path / "phone.ics").read_bytes()
    events = Calendar.from_ical(exported).walk("VEVENT")
    assert len(events) == 2
    assert {str(event["SUMMARY"]) for event in events} == {"Appointment"}
    for needle in (b"Anna", b"Berg", b"Tom", b"Ruiz", b"herapy", b"onsultation"):
        assert needle not in exported
    assert scripted_prompts.told[-1][0] == "Calendar exported"

    calendar.grid.cursor = datetime(2026, 1, 6, 9)
    calendar.day_sheet_button.click()
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "tuesday.pdf").pages)
    assert "Anna Berg" in text and "Tomás Ruiz" in text and "CONFIDENTIAL" in text


def test_booking_from_the_client_page_picks_the_next_free_time(qtbot, vault, clock, make_window):
    ids = seed(
        vault,
        bookings=[("Anna Berg", AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 5, 10), 50)],
    )
    clock.advance(minutes=5)
    window = open_window(qtbot, vault, make_window)
    window.shell.show_area("clients")
    clients = window.shell.clients
    clients.open_client(ids["Anna Berg"])
    page_texts = [label.text() for label in clients.client_view.findChildren(QLabel)]
    assert "Mon 5 Jan, 10:00–10:50 · Therapy session" in page_texts
    clients.client_view.book_button.click()
    dialog = window.shell.calendar.dialog
    assert isinstance(dialog, BookingDialog)
    assert dialog.client.currentText() == "Anna Berg"
    # 09:15 would run into 10:00, which is taken: the next free 50 minutes start at 11:00.
    assert dialog.start() == datetime(2026, 1, 5, 11, 0)


def test_an_empty_day_on_home_says_when_the_next_appointment_is(qtbot, vault, make_window):
    seed(
        vault,
        bookings=[("Anna Berg", AppointmentKind.THERAPY_SESSION, datetime(2026, 1, 7, 9), 50)],
    )
    window = open_window(qtbot, vault, make_window)
    empty = window.shell.today.empty
    assert empty.isVisible()
    assert empty.text() == (
        "Nothing is booked for today. The next appointment is on Wed 7 Jan at 09:00."
    )
