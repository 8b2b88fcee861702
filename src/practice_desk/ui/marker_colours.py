"""One calm colour per kind of progress marker, shared by the chart, its legend and the filters.

Muted tones of similar weight, so no kind shouts louder than another, and far enough apart in
hue and lightness to be told apart in a thin bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from practice_desk.domain.progress_markers import MarkerKind

KIND_COLOURS: dict[MarkerKind, str] = {
    MarkerKind.INSIGHT: "#2f6f73",  # the app's teal accent
    MarkerKind.COGNITION: "#5b7db1",  # slate blue
    MarkerKind.AFFECT: "#c97b6b",  # terracotta
    MarkerKind.STRENGTH: "#7ea06a",  # sage
    MarkerKind.SELF_REFLECTION: "#9a7bb0",  # lavender
    MarkerKind.TAKEAWAY: "#d2a64e",  # ochre
    MarkerKind.GOAL_PROGRESS: "#55627a",  # ink
}


def kind_colour(kind: MarkerKind) -> QColor:
    return QColor(KIND_COLOURS[kind])


def kind_swatch(kind: MarkerKind, size: int = 12) -> QIcon:
    """A small rounded square in the kind's colour, for list rows and filter boxes."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(kind_colour(kind))
    painter.drawRoundedRect(0, 0, size, size, 3, 3)
    painter.end()
    return QIcon(pixmap)
