"""A quiet bar chart of progress markers: one stacked bar per session, oldest on the left.

Drawn with QPainter (QtCharts is not part of the app). Bars sit in equal slots in date order,
so a long piece of work stays readable: with hundreds of sessions the bars thin to a line
each and only every n-th date is labelled. Hovering a bar tells its date and counts; clicking
it asks the owner to show that session.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from practice_desk.domain.progress_markers import MarkerKind
from practice_desk.ui.marker_colours import kind_colour
from practice_desk.ui.progress_text import day_month, long_date

CARD = QColor("white")
CARD_BORDER = QColor("#e4e7eb")
GRID = QColor("#eef1ef")
AXIS_TEXT = QColor("#7b8794")
MESSAGE_TEXT = QColor("#616e7c")
HOVER = QColor("#eef4f3")
MAX_BAR_WIDTH = 28.0
PADDING = 12.0
SWATCH = 10.0


@dataclass(frozen=True)
class ChartBar:
    """One session's counts of markers by kind."""

    session_id: int
    day: date  # the session's local date
    counts: Mapping[MarkerKind, int]


class MarkerChart(QWidget):
    session_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marker_chart")
        self.setAccessibleName("Progress markers per session")
        self.setMouseTracking(True)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._bars: tuple[ChartBar, ...] = ()
        self._visible: frozenset[MarkerKind] = frozenset(MarkerKind)
        self._hover: int | None = None

    # --- what is shown ---------------------------------------------------------------------------

    @property
    def bars(self) -> tuple[ChartBar, ...]:
        return self._bars

    @property
    def visible_kinds(self) -> frozenset[MarkerKind]:
        return self._visible

    def set_bars(self, bars: Sequence[ChartBar]) -> None:
        self._bars = tuple(bars)
        self._hover = None
        self._describe()
        self.update()

    def set_visible_kinds(self, kinds: Iterable[MarkerKind]) -> None:
        self._visible = frozenset(kinds)
        self._describe()
        self.update()

    def _shown(self) -> list[MarkerKind]:
        return [kind for kind in MarkerKind if kind in self._visible]

    def _describe(self) -> None:
        """A sentence for screen readers, which can't see the bars."""
        shown = self._shown()
        total = sum(bar.counts.get(kind, 0) for bar in self._bars for kind in shown)
        self.setAccessibleDescription(
            f"{len(self._bars)} sessions, {total} markers of the kinds chosen."
        )

    def sizeHint(self) -> QSize:
        return QSize(640, 220)

    # --- geometry ------------------------------------------------------------------------------

    def _legend_rows(self, width: float) -> list[list[tuple[MarkerKind, float]]]:
        """The legend's entries with their widths, wrapped into rows that fit `width`."""
        metrics = QFontMetrics(self._small_font())
        rows: list[list[tuple[MarkerKind, float]]] = [[]]
        used = 0.0
        for kind in self._shown():
            entry = SWATCH + 6 + metrics.horizontalAdvance(kind.label) + 16
            if rows[-1] and used + entry > width:
                rows.append([])
                used = 0.0
            rows[-1].append((kind, entry))
            used += entry
        return rows if rows[0] else []

    def _plot_rect(self) -> QRectF:
        metrics = QFontMetrics(self._small_font())
        line = metrics.height()
        width = self.width() - 2 * PADDING
        legend = len(self._legend_rows(width - 40)) * (line + 4)
        top = PADDING + legend + (line * 0.5 if legend else 0)
        left = PADDING + metrics.horizontalAdvance("000") + 8
        bottom = self.height() - PADDING - line - 6
        return QRectF(left, top, max(self.width() - PADDING - left, 1), max(bottom - top, 1))

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / max(len(self._bars), 1)

    def _bar_width(self, slot: float) -> float:
        if slot < 3:
            return max(slot, 1.0)  # no room for gaps: bars touch
        return min(slot * 0.64, MAX_BAR_WIDTH)

    def bar_position(self, index: int) -> QPointF:
        """The middle of a bar's slot, just above the baseline."""
        plot = self._plot_rect()
        return QPointF(plot.left() + (index + 0.5) * self._slot(plot), plot.bottom() - 2)

    def index_at(self, x: float) -> int | None:
        """The bar under a horizontal position, if any."""
        if not self._bars:
            return None
        plot = self._plot_rect()
        if not plot.left() <= x < plot.right():
            return None
        return min(int((x - plot.left()) / self._slot(plot)), len(self._bars) - 1)

    # --- painting ------------------------------------------------------------------------------

    def _small_font(self):
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(CARD_BORDER)
            painter.setBrush(CARD)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10)
            painter.setFont(self._small_font())
            if not self._bars:
                self._message(painter, QRectF(self.rect()), "No sessions yet.")
                return
            plot = self._plot_rect()
            self._legend(painter)
            shown = self._shown()
            top = max(sum(bar.counts.get(kind, 0) for kind in shown) for bar in self._bars)
            step = _tick_step(top)
            ceiling = max(step * math.ceil(top / step), step)
            self._grid(painter, plot, ceiling, step)
            self._draw_bars(painter, plot, shown, ceiling)
            self._dates(painter, plot)
            if not shown:
                self._message(painter, plot, "Choose which markers to show.")
            elif top == 0:
                self._message(painter, plot, "No markers of these kinds yet.")
        finally:
            painter.end()

    def _message(self, painter: QPainter, rect: QRectF, text: str) -> None:
        font = self.font()
        painter.setFont(font)
        painter.setPen(MESSAGE_TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _legend(self, painter: QPainter) -> None:
        metrics = QFontMetrics(painter.font())
        line = metrics.height()
        plot_left = self._plot_rect().left()
        y = PADDING
        for row in self._legend_rows(self.width() - 2 * PADDING - 40):
            x = plot_left
            for kind, width in row:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(kind_colour(kind))
                painter.drawRoundedRect(
                    QRectF(x, y + (line - SWATCH) / 2, SWATCH, SWATCH), 2.5, 2.5
                )
                painter.setPen(AXIS_TEXT.darker(130))
                painter.drawText(
                    QRectF(x + SWATCH + 6, y, width, line),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    kind.label,
                )
                x += width
            y += line + 4

    def _grid(self, painter: QPainter, plot: QRectF, ceiling: int, step: int) -> None:
        metrics = QFontMetrics(painter.font())
        for value in range(0, ceiling + 1, step):
            y = plot.bottom() - plot.height() * value / ceiling
            painter.setPen(GRID if value else CARD_BORDER)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS_TEXT)
            label = QRectF(PADDING, y - metrics.height() / 2, plot.left() - PADDING - 6, 40)
            label.setHeight(metrics.height())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value)
            )

    def _draw_bars(
        self, painter: QPainter, plot: QRectF, shown: list[MarkerKind], ceiling: int
    ) -> None:
        slot = self._slot(plot)
        width = self._bar_width(slot)
        unit = plot.height() / ceiling
        if self._hover is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(HOVER)
            painter.drawRect(
                QRectF(plot.left() + self._hover * slot, plot.top(), slot, plot.height())
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # crisp edges
        painter.setPen(Qt.PenStyle.NoPen)
        colours = {kind: kind_colour(kind) for kind in shown}
        for index, bar in enumerate(self._bars):
            x = plot.left() + index * slot + (slot - width) / 2
            y = plot.bottom()
            for kind in shown:
                count = bar.counts.get(kind, 0)
                if count:
                    height = count * unit
                    painter.fillRect(QRectF(x, y - height, width, height), colours[kind])
                    y -= height
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    def _dates(self, painter: QPainter, plot: QRectF) -> None:
        """Every n-th session's date, n chosen so the labels never overlap."""
        metrics = QFontMetrics(painter.font())
        slot = self._slot(plot)
        days = [bar.day for bar in self._bars]
        widest = metrics.horizontalAdvance("30 Sep 2000")
        every = max(1, math.ceil((widest + 14) / slot))
        painter.setPen(AXIS_TEXT)
        y = plot.bottom() + 4
        right_edge = self.width() - PADDING
        for index, text in _date_labels(days, range(0, len(days), every)):
            width = metrics.horizontalAdvance(text)
            centre = plot.left() + (index + 0.5) * slot
            left = min(max(centre - width / 2, PADDING), right_edge - width)
            painter.drawText(
                QRectF(left, y, width + 1, metrics.height()), Qt.AlignmentFlag.AlignLeft, text
            )

    # --- hover and click -----------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._tip(self._bars[index]), self)
            return True
        return super().event(event)

    def _tip(self, bar: ChartBar) -> str:
        lines = [long_date(bar.day)]
        lines += [
            f"{kind.label}: {bar.counts.get(kind, 0)}"
            for kind in self._shown()
            if bar.counts.get(kind, 0)
        ]
        if len(lines) == 1:
            lines.append("No markers of these kinds")
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        if index != self._hover:
            self._hover = index
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().x())
        if event.button() is Qt.MouseButton.LeftButton and index is not None:
            self.session_clicked.emit(self._bars[index].session_id)
        super().mouseReleaseEvent(event)


def _tick_step(top: int) -> int:
    """1, 2, 5, 10, 20, ...: the smallest that keeps the scale to about four lines."""
    for magnitude in (1, 10, 100, 1000, 10_000):
        for base in (1, 2, 5):
            if top <= base * magnitude * 4:
                return base * magnitude
    return 100_000


def _date_labels(days: list[date], indices: Iterable[int]) -> list[tuple[int, str]]:
    """ "5 Jan" at each index, with the year on the first label and wherever it changes."""
    labels = []
    previous_year = None
    for index in indices:
        day = days[index]
        text = day_month(day)
        if day.year != previous_year:
            text += f" {day.year}"
        labels.append((index, text))
        previous_year = day.year
    return labels
