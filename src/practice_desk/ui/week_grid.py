"""The week (or day) as a grid of hours, painted in one pass so a busy week draws at once.

Keyboard: arrows move the cursor (a day left or right, half an hour up or down), Enter opens
the appointment under it or books the free time, Page Up/Down turn the page, T goes to today.
Mouse: a click on an appointment opens it, a click on free time books there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from practice_desk.domain.appointments import AppointmentKind, AppointmentStatus
from practice_desk.domain.working_hours import WorkingHours
from practice_desk.ui.appointment_text import day_text
from practice_desk.ui.style import ACCENT

GUTTER = 58
HEADER = 46
MIN_HOUR_HEIGHT = 44
CURSOR_MINUTES = 30
CLICK_MINUTES = 15

# (fill, stripe) per kind: soft enough to read text on, distinct enough to tell apart.
_COLOURS = {
    AppointmentKind.CONSULTATION: ("#fcefd9", "#c98a2b"),
    AppointmentKind.THERAPY_SESSION: ("#e1ecf7", "#3d6fa3"),
    AppointmentKind.COACHING_SESSION: ("#e2f1e7", "#3f8a5c"),
    AppointmentKind.BLOCKED: ("#eceef0", "#8a949e"),
}
_INK = QColor("#1f2933")
_MUTED = QColor("#616e7c")
_LINE = QColor("#e4e7eb")
_OFF_HOURS = QColor("#f3f5f3")
_NOW = QColor("#c05621")


@dataclass(frozen=True)
class GridItem:
    id: int
    start: datetime  # wall-clock, practice zone
    end: datetime
    who: str
    what: str
    kind: AppointmentKind
    status: AppointmentStatus
    tooltip: str = ""


@dataclass
class _Placed:
    item: GridItem
    rect: QRectF


class WeekGrid(QWidget):
    slot_chosen = Signal(object)  # datetime (wall-clock)
    appointment_chosen = Signal(int)
    page_requested = Signal(int)  # -1 earlier, +1 later
    today_requested = Signal()
    cursor_moved = Signal(object)  # datetime

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("week_grid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.first_day = date.today()
        self.day_count = 7
        self.today = date.today()
        self.now: datetime | None = None
        self.hours = WorkingHours.default()
        self.first_hour = 8
        self.last_hour = 19
        self.items: list[GridItem] = []
        self.cursor = datetime.combine(self.first_day, time(9))
        self._placed: list[_Placed] = []
        self._small = QFont()
        self._bold = QFont()

    # --- content -----------------------------------------------------------------------------

    def show_days(
        self,
        first_day: date,
        day_count: int,
        items: list[GridItem],
        *,
        today: date,
        now: datetime,
        hours: WorkingHours,
    ) -> None:
        self.first_day = first_day
        self.day_count = day_count
        self.items = items
        self.today = today
        self.now = now
        self.hours = hours
        self.first_hour, self.last_hour = self._hour_range()
        if not self.first_day <= self.cursor.date() < self.first_day + timedelta(days=day_count):
            day = today if first_day <= today < first_day + timedelta(days=day_count) else first_day
            start = hours.on(day).start if hours.on(day) else time(self.first_hour)
            self.cursor = datetime.combine(day, start)
        self._clamp_cursor()
        self.setMinimumHeight(HEADER + (self.last_hour - self.first_hour) * MIN_HOUR_HEIGHT)
        self._place()
        self.update()

    def item_at_cursor(self) -> GridItem | None:
        for item in sorted(self.items, key=lambda i: i.status.takes_time, reverse=True):
            if item.start <= self.cursor < item.end:
                return item
        return None

    def _hour_range(self) -> tuple[int, int]:
        first = self.hours.earliest.hour if self.hours.earliest else 9
        last = (
            self.hours.latest.hour + (1 if self.hours.latest.minute else 0)
            if self.hours.latest
            else 18
        )
        for item in self.items:
            if item.start.date() == item.end.date():
                first = min(first, item.start.hour)
                last = max(last, item.end.hour + (1 if item.end.minute else 0))
        return max(0, min(first, 8)), min(24, max(last, first + 8))

    # --- geometry ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(900, HEADER + (self.last_hour - self.first_hour) * 52)

    def _column_width(self) -> float:
        return (self.width() - GUTTER) / self.day_count

    def _hour_height(self) -> float:
        return max(MIN_HOUR_HEIGHT, (self.height() - HEADER) / (self.last_hour - self.first_hour))

    def _y(self, moment: time | datetime) -> float:
        minutes = moment.hour * 60 + moment.minute - self.first_hour * 60
        return HEADER + minutes * self._hour_height() / 60

    def _x(self, day: date) -> float:
        return GUTTER + (day - self.first_day).days * self._column_width()

    def _moment_at(self, point: QPointF, step: int) -> datetime | None:
        if point.x() < GUTTER or point.y() < HEADER:
            return None
        column = int((point.x() - GUTTER) // self._column_width())
        if not 0 <= column < self.day_count:
            return None
        minutes = (point.y() - HEADER) * 60 / self._hour_height() + self.first_hour * 60
        minutes = int(minutes // step * step)
        minutes = max(self.first_hour * 60, min(minutes, self.last_hour * 60 - step))
        day = self.first_day + timedelta(days=column)
        return datetime.combine(day, time()) + timedelta(minutes=minutes)

    def _place(self) -> None:
        """Rectangles for every item; items that share time sit side by side."""
        self._placed = []
        width = self._column_width()
        for offset in range(self.day_count):
            day = self.first_day + timedelta(days=offset)
            start_of_day = datetime.combine(day, time(self.first_hour))
            end_of_day = datetime.combine(day, time()) + timedelta(hours=self.last_hour)
            todays = sorted(
                (i for i in self.items if i.start < end_of_day and i.end > start_of_day),
                key=lambda i: (i.start, i.end),
            )
            for group in _clusters(todays):
                lanes: list[datetime] = []
                lane_of: list[int] = []
                for item in group:
                    lane = next((n for n, free in enumerate(lanes) if free <= item.start), None)
                    if lane is None:
                        lanes.append(item.end)
                        lane = len(lanes) - 1
                    else:
                        lanes[lane] = item.end
                    lane_of.append(lane)
                lane_width = (width - 6) / len(lanes)
                for item, lane in zip(group, lane_of, strict=True):
                    top = self._y(max(item.start, start_of_day))
                    bottom = (
                        self._y(min(item.end, end_of_day))
                        if item.end < end_of_day
                        else (HEADER + (self.last_hour - self.first_hour) * self._hour_height())
                    )
                    x = self._x(day) + 3 + lane * lane_width
                    rect = QRectF(x, top + 1, lane_width - 2, max(16.0, bottom - top - 2))
                    self._placed.append(_Placed(item, rect))

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        self._place()
        super().resizeEvent(event)  # type: ignore[arg-type]

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        # Fonts follow the widget's (the style sheet sets its size after construction).
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(7.5, self.font().pointSizeF() - 1.5))
        self._bold = QFont(self.font())
        self._bold.setWeight(QFont.Weight.DemiBold)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        self._paint_hours(painter)
        self._paint_header(painter)
        for placed in self._placed:
            self._paint_item(painter, placed)
        self._paint_now(painter)
        self._paint_cursor(painter)
        painter.end()

    def _paint_hours(self, painter: QPainter) -> None:
        width = self._column_width()
        bottom = HEADER + (self.last_hour - self.first_hour) * self._hour_height()
        for offset in range(self.day_count):
            day = self.first_day + timedelta(days=offset)
            x = self._x(day)
            painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), _OFF_HOURS)
            hours = self.hours.on(day)
            if hours:
                top, end = self._y(hours.start), self._y(hours.end)
                painter.fillRect(QRectF(x, top, width, end - top), QColor("white"))
        painter.setFont(self._small)
        for hour in range(self.first_hour, self.last_hour + 1):
            y = HEADER + (hour - self.first_hour) * self._hour_height()
            painter.setPen(QPen(_LINE, 1))
            painter.drawLine(QPointF(GUTTER, y), QPointF(self.width(), y))
            if hour < self.last_hour:
                painter.setPen(_MUTED)
                painter.drawText(
                    QRectF(0, y + 2, GUTTER - 8, 16),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    f"{hour:02d}:00",
                )
        painter.setPen(QPen(_LINE, 1))
        for offset in range(self.day_count + 1):
            x = GUTTER + offset * width
            painter.drawLine(QPointF(x, HEADER), QPointF(x, bottom))

    def _paint_header(self, painter: QPainter) -> None:
        width = self._column_width()
        painter.setPen(QPen(_LINE, 1))
        painter.drawLine(QPointF(0, HEADER - 0.5), QPointF(self.width(), HEADER - 0.5))
        for offset in range(self.day_count):
            day = self.first_day + timedelta(days=offset)
            rect = QRectF(self._x(day), 6, width, HEADER - 10)
            is_today = day == self.today
            painter.setFont(self._bold if is_today else self.font())
            painter.setPen(QColor(ACCENT) if is_today else _INK)
            label = day_text(day) if self.day_count > 1 else f"{day:%A} {day.day} {day:%B}"
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            if is_today:
                painter.fillRect(QRectF(rect.x() + 12, HEADER - 4, width - 24, 3), QColor(ACCENT))

    def _paint_item(self, painter: QPainter, placed: _Placed) -> None:
        item, rect = placed.item, placed.rect
        fill, stripe = (QColor(c) for c in _COLOURS[item.kind])
        faded = not item.status.takes_time
        if faded:
            fill.setAlpha(110)
            stripe.setAlpha(110)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 5, 5)
        painter.fillRect(QRectF(rect.x(), rect.y(), 4, rect.height()), stripe)
        if item.start <= self.cursor < item.end and self.hasFocus():
            painter.setPen(QPen(QColor(ACCENT), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
        text = rect.adjusted(9, 3, -4, -2)
        width = int(text.width())
        times = f"{item.start:%H:%M}–{item.end:%H:%M}"
        if faded:
            times = f"{times} · {item.status.label}"
        lines = [(self._small, _MUTED if faded else _INK, times)]
        bold = QFont(self._bold)
        bold.setStrikeOut(faded)
        lines.append((bold, _MUTED if faded else _INK, item.who))
        lines.append((self._small, _MUTED, item.what))
        y = text.y()
        for font, colour, words in lines:
            painter.setFont(font)
            metrics = painter.fontMetrics()
            if y + metrics.height() > text.bottom() + 1 and y > text.y():
                break
            painter.setPen(colour)
            painter.drawText(
                QRectF(text.x(), y, text.width(), metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(words, Qt.TextElideMode.ElideRight, width),
            )
            y += metrics.height()

    def _paint_now(self, painter: QPainter) -> None:
        if self.now is None or not self.first_day <= self.now.date() < self.first_day + timedelta(
            days=self.day_count
        ):
            return
        if not self.first_hour <= self.now.hour < self.last_hour:
            return
        y = self._y(self.now)
        x = self._x(self.now.date())
        painter.setPen(QPen(_NOW, 2))
        painter.drawLine(QPointF(x, y), QPointF(x + self._column_width(), y))
        painter.setBrush(_NOW)
        painter.drawEllipse(QPointF(x, y), 3.5, 3.5)

    def _paint_cursor(self, painter: QPainter) -> None:
        if not self.hasFocus() or self.item_at_cursor() is not None:
            return
        top = self._y(self.cursor)
        height = CURSOR_MINUTES * self._hour_height() / 60
        rect = QRectF(
            self._x(self.cursor.date()) + 2, top + 1, self._column_width() - 4, height - 2
        )
        painter.setPen(QPen(QColor(ACCENT), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 4, 4)

    # --- input -------------------------------------------------------------------------------

    def _placed_at(self, point: QPointF) -> GridItem | None:
        # The one drawn last is on top; a booked item wins over a cancelled one beside it.
        hits = [p.item for p in self._placed if p.rect.contains(point)]
        return hits[-1] if hits else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        item = self._placed_at(point)
        if item is not None:
            self.cursor = item.start
            self.update()
            self.appointment_chosen.emit(item.id)
            return
        moment = self._moment_at(point, CLICK_MINUTES)
        if moment is not None:
            self.cursor = moment
            self.update()
            self.slot_chosen.emit(moment)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        item = self._placed_at(event.position())
        if item is not None and item.tooltip:
            QToolTip.showText(event.globalPosition().toPoint(), item.tooltip, self)
        else:
            QToolTip.hideText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = timedelta(minutes=CURSOR_MINUTES)
        if key == Qt.Key.Key_Left:
            self._move_cursor(timedelta(days=-1))
        elif key == Qt.Key.Key_Right:
            self._move_cursor(timedelta(days=1))
        elif key == Qt.Key.Key_Up:
            self._move_cursor(-step)
        elif key == Qt.Key.Key_Down:
            self._move_cursor(step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            item = self.item_at_cursor()
            if item is not None:
                self.appointment_chosen.emit(item.id)
            else:
                self.slot_chosen.emit(self.cursor)
        elif key == Qt.Key.Key_PageUp:
            self.page_requested.emit(-1)
        elif key == Qt.Key.Key_PageDown:
            self.page_requested.emit(1)
        elif key == Qt.Key.Key_T:
            self.today_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _move_cursor(self, by: timedelta) -> None:
        moved = self.cursor + by
        last_day = self.first_day + timedelta(days=self.day_count - 1)
        if moved.date() < self.first_day or moved.date() > last_day:
            if by.days:
                self.cursor = moved
                self.page_requested.emit(-1 if by.days < 0 else 1)
                return
            return  # up or down past midnight: stay within the day
        self.cursor = moved
        self._clamp_cursor()
        self.cursor_moved.emit(self.cursor)
        self.update()

    def _clamp_cursor(self) -> None:
        day = datetime.combine(self.cursor.date(), time())
        earliest = day + timedelta(hours=self.first_hour)
        latest = day + timedelta(hours=self.last_hour) - timedelta(minutes=CURSOR_MINUTES)
        self.cursor = max(earliest, min(self.cursor, latest))

    def focusInEvent(self, event: object) -> None:  # type: ignore[override]
        self.update()
        super().focusInEvent(event)  # type: ignore[arg-type]

    def focusOutEvent(self, event: object) -> None:  # type: ignore[override]
        self.update()
        super().focusOutEvent(event)  # type: ignore[arg-type]


def _clusters(items: list[GridItem]) -> list[list[GridItem]]:
    """Runs of items that overlap one another in time (sorted by start)."""
    groups: list[list[GridItem]] = []
    reach: datetime | None = None
    for item in items:
        if reach is None or item.start >= reach:
            groups.append([item])
            reach = item.end
        else:
            groups[-1].append(item)
            reach = max(reach, item.end)
    return groups
