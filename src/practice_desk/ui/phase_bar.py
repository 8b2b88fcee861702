"""The session at a glance: one bar, a segment per phase, filled as time passes.

Segments are sized by the current plan (extensions included); a phase that ran long or short
shows what it really took. Time past the session's end is drawn on in a warm colour, so
running over is plain to see without reading a number.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from practice_desk.domain.session_phases import Phase, TimerReading

_PHASE_COLOURS = {
    Phase.BEGINNING: ("#d9e8e6", "#5b9a96"),
    Phase.MIDDLE: ("#dfe6ef", "#5d7ea8"),
    Phase.END: ("#ebe3f0", "#8a6aa3"),
}
_OVER = QColor("#d97a4a")
_TRACK = QColor("#f1f4f2")
_INK = QColor("#3e4c59")


class PhaseBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phase_bar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.reading: TimerReading | None = None

    def sizeHint(self) -> QSize:
        return QSize(480, 44)

    def show_reading(self, reading: TimerReading) -> None:
        self.reading = reading
        self.update()

    def segments(self) -> list[tuple[Phase, float, float]]:
        """(phase, start, end) in active seconds: actual for past phases, planned after."""
        reading = self.reading
        if reading is None:
            return []
        spans = []
        cursor = 0.0
        current = reading.phases.index(reading.phase)
        for index, phase in enumerate(reading.phases):
            if index < current:
                length = reading.spent[phase]
            elif index == current:
                length = max(reading.spent[phase] + max(reading.phase_left, 0.0), 0.0)
            else:
                # Later phases fill what remains up to the session's end; the end keeps its plan.
                rest = max(reading.total - cursor, 0.0)
                if phase is Phase.END:
                    length = min(reading.planned[phase], rest)
                elif Phase.END in reading.phases:
                    length = max(rest - reading.planned[Phase.END], 0.0)
                else:
                    length = rest
            spans.append((phase, cursor, cursor + length))
            cursor += length
        return spans

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(1, 8, self.width() - 2, self.height() - 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_TRACK)
        painter.drawRoundedRect(bar, 6, 6)
        reading = self.reading
        if reading is None:
            return
        spans = self.segments()
        span_end = max(reading.total, reading.elapsed, spans[-1][2] if spans else 0.0, 1.0)
        scale = bar.width() / span_end
        for phase, start, end in spans:
            light, strong = (QColor(c) for c in _PHASE_COLOURS[phase])
            rect = QRectF(bar.x() + start * scale, bar.y(), (end - start) * scale, bar.height())
            painter.setBrush(light)
            painter.drawRect(rect.adjusted(0.5, 0, -0.5, 0))
            done = min(max(reading.elapsed - start, 0.0), end - start)
            painter.setBrush(strong)
            painter.drawRect(QRectF(rect.x(), rect.y(), done * scale, rect.height()))
        if reading.elapsed > reading.total:
            painter.setBrush(_OVER)
            x = bar.x() + reading.total * scale
            painter.drawRect(
                QRectF(x, bar.y(), (reading.elapsed - reading.total) * scale, bar.height())
            )
        # Where the session should end, and where it is now.
        painter.setPen(QPen(_INK, 1, Qt.PenStyle.DashLine))
        end_x = bar.x() + reading.total * scale
        painter.drawLine(int(end_x), 2, int(end_x), self.height() - 2)
        painter.setPen(QPen(_INK, 2))
        now_x = bar.x() + min(reading.elapsed, span_end) * scale
        painter.drawLine(int(now_x), 3, int(now_x), self.height() - 3)
