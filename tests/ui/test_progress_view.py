"""The progress view: timeline, filter, chart and goals, over a real practice.

Sessions are made through the session use cases, by hand where a test needs exact texts and
times, and by the sample generator where it needs many. The practice's calendar is kept in
Berlin time, so the test clock's 09:00 UTC reads 10:00 on screen.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QLabel, QTreeWidgetItem

from practice_desk.domain.clients import ClientDetails
from practice_desk.domain.contracts import (
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    TherapyTerms,
)
from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField
from practice_desk.services.sample_sessions import add_sample_client_in_work, fill_sample_sessions
from practice_desk.ui.goal_progress import RECENT_STEPS
from practice_desk.ui.marker_chart import PADDING, ChartBar, MarkerChart
from practice_desk.ui.marker_colours import KIND_COLOURS
from practice_desk.ui.progress_timeline import ID_ROLE, MARKER_ROW, SESSION_ROW, TAKEAWAYS_ROW
from practice_desk.ui.progress_view import ProgressView
from practice_desk.ui.style import STYLESHEET

CLIENT_NAME = "Rowan Ashdown"


@pytest.fixture
def client(practice):
    """A therapy client with a coaching edge (structured sessions) and two goals."""
    found = practice.clients.create(ClientDetails(CLIENT_NAME))
    contract = practice.contracts.create(
        found.id,
        ContractTerms(
            ContractKind.THERAPY,
            ContractStatus.ACTIVE,
            starts_on=practice.today,
            goals=(Goal("Sleep through most nights"), Goal("Speak up in team meetings")),
            therapy=TherapyTerms(True, "Stable and resourced; asked for structure."),
        ),
    )
    return found.id, contract.terms.goals


@pytest.fixture
def open_view(qtbot, practice):
    def build(client_id: int) -> ProgressView:
        view = ProgressView(practice.sessions, client_id, local=practice.bookings.local)
        view.setStyleSheet(STYLESHEET)
        qtbot.addWidget(view)
        view.resize(1100, 750)
        with qtbot.waitExposed(view):
            view.show()
        return view

    return build


def run_session(practice, clock, client_id, markers, *, goal_ids=(), takeaways=""):
    """One signed session starting at the clock's now; `markers` are (minute, kind, voice,
    text, goal id). The clock ends a week after the start."""
    sessions = practice.sessions
    started = clock.now()
    session = sessions.start(client_id=client_id)
    if goal_ids:
        sessions.link_goals(session.id, list(goal_ids))
    for minute, kind, voice, text, goal_id in markers:
        clock.advance((started + timedelta(minutes=minute) - clock.now()).total_seconds())
        sessions.add_marker(session.id, kind, voice=voice, text=text, goal_id=goal_id)
    if takeaways:
        sessions.save_text(session.id, NoteField.TAKEAWAYS, takeaways)
    clock.advance((started + timedelta(minutes=50) - clock.now()).total_seconds())
    sessions.finish(session.id)
    sessions.sign(session.id)
    clock.advance((started + timedelta(days=7) - clock.now()).total_seconds())
    return session.id


def tree_rows(view: ProgressView) -> list[tuple[str, str, object]]:
    """(row kind, text, id) for every row of the timeline, top to bottom: a session's id, a
    marker's kind value."""
    names = {SESSION_ROW: "session", MARKER_ROW: "marker", TAKEAWAYS_ROW: "takeaways"}
    found = []

    def walk(item: QTreeWidgetItem) -> None:
        marker = view.timeline.marker_of(item)
        detail = marker.kind.value if marker is not None else item.data(0, ID_ROLE)
        found.append((names[item.type()], item.text(0), detail))
        for index in range(item.childCount()):
            walk(item.child(index))

    for index in range(view.timeline.topLevelItemCount()):
        walk(view.timeline.topLevelItem(index))
    return found


def colours_in(image: QImage) -> set[int]:
    """Every distinct 0xRRGGBB value in the image."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = rgb.width(), rgb.height()
    data = bytes(rgb.constBits())[: rgb.bytesPerLine() * height]
    words = memoryview(data).cast("I")
    per_line = rgb.bytesPerLine() // 4
    return {words[y * per_line + x] & 0xFFFFFF for y in range(height) for x in range(width)}


def rgb(kind: MarkerKind) -> int:
    return int(KIND_COLOURS[kind].lstrip("#"), 16)


# --- the timeline --------------------------------------------------------------------------------


def test_timeline_lists_sessions_newest_first_with_their_markers(
    practice, clock, client, open_view
):
    client_id, _ = client
    first = run_session(
        practice,
        clock,
        client_id,
        [
            (14, MarkerKind.INSIGHT, Voice.CLIENT, "Rest is something I earn first", None),
            (30, MarkerKind.AFFECT, Voice.PRACTITIONER, "Tearful about the move", None),
        ],
        takeaways="Notice the tiredness early. Ask for help once this week.",
    )
    second = run_session(
        practice,
        clock,
        client_id,
        [(5, MarkerKind.STRENGTH, Voice.CLIENT, "Said no to the extra project", None)],
    )

    view = open_view(client_id)

    rows = tree_rows(view)
    sessions = [row for row in rows if row[0] == "session"]
    assert [row[2] for row in sessions] == [second, first]  # newest first
    assert sessions[0][1] == "Mon 12 Jan 2026  ·  Session 2  ·  1 marker"
    texts = [row[1] for row in rows]
    # The clock's 09:00 UTC is 10:00 in Berlin, where the practice keeps its calendar.
    assert "Insight · Client · 10:14 · Rest is something I earn first" in texts
    assert "Affect · You · 10:30 · Tearful about the move" in texts
    assert "Strength · Client · 10:05 · Said no to the extra project" in texts
    assert (
        "Takeaways, in their words: “Notice the tiredness early. Ask for help once this week.”"
        in texts
    )
    assert view.summary.text() == (
        "2 sessions from 5 Jan 2026 to 12 Jan 2026, with 3 markers logged."
    )
    assert CLIENT_NAME not in view.windowTitle()


def test_the_view_reads_progress_once_and_nothing_per_row(
    practice, clock, client, open_view, monkeypatch
):
    client_id, _ = client
    fill_sample_sessions(practice, client_id, 5, seed=3)
    sessions = practice.sessions
    calls = []
    real = sessions.progress
    monkeypatch.setattr(sessions, "progress", lambda cid: calls.append(cid) or real(cid))
    for name in ("get", "markers", "record", "reading", "addenda"):
        monkeypatch.setattr(sessions, name, pytest.fail)

    view = open_view(client_id)

    assert calls == [client_id]
    assert len(view.progress.sessions) == 5
    view.set_visible_kinds({MarkerKind.AFFECT})  # the filter reads nothing again
    assert calls == [client_id]


def test_refresh_reads_again(practice, clock, client, open_view):
    client_id, _ = client
    run_session(practice, clock, client_id, [(12, MarkerKind.INSIGHT, Voice.CLIENT, "One", None)])
    view = open_view(client_id)
    run_session(practice, clock, client_id, [(12, MarkerKind.INSIGHT, Voice.CLIENT, "Two", None)])

    view.refresh()

    texts = [row[1] for row in tree_rows(view)]
    assert "Insight · Client · 10:12 · Two" in texts
    assert view.summary.text().startswith("2 sessions")


# --- the filter and the chart --------------------------------------------------------------------


def test_filtering_by_a_kind_hides_other_markers_and_changes_the_chart(
    qtbot, practice, clock, client, open_view
):
    client_id, _ = client
    fill_sample_sessions(practice, client_id, 8, seed=2)
    view = open_view(client_id)
    before = tree_rows(view)
    assert {row[2] for row in before if row[0] == "marker"} > {MarkerKind.INSIGHT.value}

    qtbot.mouseClick(view.findChild(QCheckBox, "progress_filter_all"), Qt.LeftButton)
    assert view.visible_kinds == frozenset()
    assert [row for row in tree_rows(view) if row[0] == "marker"] == []
    qtbot.mouseClick(view.findChild(QCheckBox, "progress_filter_insight"), Qt.LeftButton)

    after = tree_rows(view)
    markers = [row for row in after if row[0] == "marker"]
    assert markers
    assert all(row[1].startswith("Insight · ") for row in markers)
    assert all(row[2] == MarkerKind.INSIGHT.value for row in markers)
    assert len([row for row in after if row[0] == "session"]) == 8  # every session stays
    assert view.chart.visible_kinds == {MarkerKind.INSIGHT}
    assert view.all_box.checkState() == Qt.CheckState.PartiallyChecked
    shown = colours_in(view.chart.grab().toImage())
    assert rgb(MarkerKind.INSIGHT) in shown
    assert rgb(MarkerKind.AFFECT) not in shown

    qtbot.mouseClick(view.all_box, Qt.LeftButton)
    assert view.visible_kinds == frozenset(MarkerKind)
    assert view.chart.visible_kinds == frozenset(MarkerKind)
    assert tree_rows(view) == before


def test_the_chart_is_drawn_in_the_kinds_colours(practice, clock, client, open_view):
    client_id, _ = client
    fill_sample_sessions(practice, client_id, 12, seed=5)
    view = open_view(client_id)
    totals = view.progress.totals()

    shown = colours_in(view.chart.grab().toImage())

    logged = {kind for kind, count in totals.items() if count}
    assert len(logged) >= 5
    assert {rgb(kind) for kind in logged} <= shown
    assert len(view.chart.bars) == 12


def test_clicking_a_bar_brings_its_session_into_the_timeline(
    qtbot, practice, clock, client, open_view
):
    client_id, _ = client
    fill_sample_sessions(practice, client_id, 20, seed=4)
    view = open_view(client_id)
    oldest = view.chart.bars[0]

    qtbot.mouseClick(view.chart, Qt.LeftButton, pos=view.chart.bar_position(0).toPoint())

    current = view.timeline.currentItem()
    assert current is not None
    assert current.data(0, ID_ROLE) == oldest.session_id


@pytest.mark.parametrize("count", [0, 1, 250])
def test_the_chart_copes_with_none_one_and_hundreds_of_sessions(qtbot, count):
    chart = MarkerChart()
    qtbot.addWidget(chart)
    chart.resize(900, 240)
    start = date(2020, 1, 6)
    chart.set_bars(
        [
            ChartBar(
                number,
                start + timedelta(weeks=number),
                {MarkerKind.INSIGHT: 1 + number % 3, MarkerKind.TAKEAWAY: 1},
            )
            for number in range(count)
        ]
    )
    with qtbot.waitExposed(chart):
        chart.show()

    shown = colours_in(chart.grab().toImage())

    if count:
        assert {rgb(MarkerKind.INSIGHT), rgb(MarkerKind.TAKEAWAY)} <= shown
        assert chart.index_at(chart.width() - PADDING - 1) == count - 1
    else:
        assert rgb(MarkerKind.INSIGHT) not in shown
        assert len(shown) > 2  # the card and the "No sessions yet." message


# --- goals and the empty client ------------------------------------------------------------------


def test_goals_list_their_progress_in_date_order(practice, clock, client, open_view):
    client_id, goals = client
    sleep, speak = goals
    steps = ("Slept through two nights", "Slept through four nights", "A settled week")
    for step in steps:
        run_session(
            practice,
            clock,
            client_id,
            [
                (20, MarkerKind.INSIGHT, Voice.CLIENT, "Worry peaks at night", None),
                (40, MarkerKind.GOAL_PROGRESS, Voice.CLIENT, step, sleep.id),
            ],
            goal_ids=(sleep.id,),
        )

    view = open_view(client_id)

    cards = view.goal_cards()
    assert [card.findChild(QLabel, "progress_goal_text").text() for card in cards] == [
        sleep.text,
        speak.text,
    ]
    assert cards[0].step_texts() == list(steps)
    status = cards[0].findChild(QLabel, "progress_goal_status").text()
    assert status == "Open · worked on in 3 sessions"
    assert cards[1].step_texts() == []
    none = cards[1].findChild(QLabel, "progress_goal_none").text()
    assert none == "No progress logged against this goal yet."
    dates = [label.text() for label in cards[0].findChildren(QLabel, "progress_goal_step_date")]
    assert dates == ["5 Jan 2026", "12 Jan 2026", "19 Jan 2026"]


def test_a_long_goal_shows_its_latest_steps_and_the_rest_on_request(
    qtbot, practice, clock, client, open_view
):
    client_id, goals = client
    total = RECENT_STEPS + 3
    for number in range(total):
        run_session(
            practice,
            clock,
            client_id,
            [(40, MarkerKind.GOAL_PROGRESS, Voice.CLIENT, f"Step {number + 1}", goals[0].id)],
        )
    view = open_view(client_id)
    card = view.goal_cards()[0]
    assert card.step_texts() == [f"Step {n}" for n in range(4, total + 1)]
    assert card.more is not None
    assert card.more.text() == "Show 3 earlier steps"

    qtbot.mouseClick(card.more, Qt.LeftButton)

    assert card.step_texts() == [f"Step {n}" for n in range(1, total + 1)]
    assert not card.more.isVisible()


def test_a_client_without_sessions(practice, client, open_view):
    client_id, goals = client

    view = open_view(client_id)

    assert view.summary.text() == "No sessions yet."
    assert not view.timeline.isVisible()
    assert not view.chart.isVisible()
    assert not view.filters.isVisible()
    assert len(view.goal_cards()) == len(goals)
    assert CLIENT_NAME not in view.windowTitle()


def test_the_sample_sessions_are_signed_and_varied(practice, client):
    client_id, _ = client

    report = fill_sample_sessions(practice, client_id, 10, seed=7)

    progress = practice.sessions.progress(client_id)
    assert report.sessions == len(progress.sessions) == 10
    assert all(item.session.is_signed for item in progress.sessions)
    assert report.markers == sum(len(item.markers) for item in progress.sessions)
    assert 3 * 10 <= report.markers <= 7 * 10
    assert {marker.kind for item in progress.sessions for marker in item.markers} == set(MarkerKind)
    assert all(item.session.note.takeaways for item in progress.sessions)


def test_a_sample_client_in_work_is_ready_for_sessions(practice):
    client_id = add_sample_client_in_work(practice, kind=ContractKind.COACHING, goals=2)

    fill_sample_sessions(practice, client_id, 2)

    progress = practice.sessions.progress(client_id)
    assert len(progress.goals) == 2
    assert len(progress.sessions) == 2
