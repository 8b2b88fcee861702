"""One calm look for every screen: soft neutrals, one accent, generous spacing."""

from __future__ import annotations

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

ACCENT = "#2f6f73"


def app_icon() -> QIcon:
    """The icon of every window (and of the installers, which render it from the same SVG)."""
    from importlib import resources

    return QIcon(
        str(resources.files("practice_desk") / "resources" / "icons" / "practice-desk.svg")
    )


STYLESHEET = f"""
QWidget {{ font-size: 10.5pt; color: #1f2933; }}
QMainWindow, QWidget#page {{ background: #f7f8f6; }}
QLabel[role="heading"] {{ font-size: 17pt; font-weight: 600; color: #1f2933; }}
QLabel[role="subheading"] {{ font-size: 12pt; font-weight: 600; padding-top: 6px; }}
QLabel[role="muted"] {{ color: #616e7c; }}
QLabel[role="error"] {{ color: #9b2c2c; }}
QLabel#recovery_code {{
    font-family: "DejaVu Sans Mono", monospace; font-size: 18pt; letter-spacing: 1px;
    background: white; border: 1px solid #cbd2d9; border-radius: 6px; padding: 14px;
}}
QFrame#card {{ background: white; border: 1px solid #e4e7eb; border-radius: 10px; }}
QLineEdit {{
    padding: 6px 8px; border: 1px solid #cbd2d9; border-radius: 6px; background: white;
}}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QPlainTextEdit, QComboBox, QSpinBox, QDateEdit {{
    padding: 4px 6px; border: 1px solid #cbd2d9; border-radius: 6px; background: white;
}}
QPlainTextEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus {{
    border: 1px solid {ACCENT};
}}
QLineEdit[invalid="true"], QLineEdit[invalid="true"]:focus,
QPlainTextEdit[invalid="true"], QPlainTextEdit[invalid="true"]:focus {{
    border: 1px solid #9b2c2c; background: #fdf6f6;
}}
QTableView {{
    background: white; alternate-background-color: #f7f9f8; border: 1px solid #e4e7eb;
    border-radius: 8px; selection-background-color: #d8e8e7; selection-color: #1f2933;
}}
QHeaderView::section {{
    background: #f1f4f2; border: none; border-bottom: 1px solid #e4e7eb; padding: 6px 8px;
    font-weight: 600; color: #3e4c59;
}}
QGroupBox {{
    border: 1px solid #e4e7eb; border-radius: 8px; margin-top: 14px; padding: 12px 10px 8px;
    background: white;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 12px; padding: 0 4px; font-weight: 600; }}
QFrame[role="notice"] {{
    background: #fff8e6; border: 1px solid #f0d9a8; border-radius: 8px; padding: 6px;
}}
QFrame[role="contract"] {{ border-top: 1px solid #e4e7eb; }}
QPushButton[flat="true"] {{
    border: none; background: transparent; color: {ACCENT}; padding-left: 0;
}}
QScrollArea#client_scroll, QWidget#client_content, QScrollArea#settings_scroll,
QWidget#settings_content {{ background: transparent; }}
QPushButton {{
    padding: 7px 16px; border: 1px solid #cbd2d9; border-radius: 6px; background: white;
}}
QPushButton:hover {{ background: #eef2f2; }}
QPushButton:disabled {{ color: #9aa5b1; background: #f5f7fa; }}
QPushButton:checked {{
    background: #d8e8e7; border-color: {ACCENT}; color: #234e52; font-weight: 600;
}}
QPushButton[flat="true"]:checked {{ background: transparent; border: none; color: {ACCENT}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[primary="true"]:hover {{ background: #27605f; }}
QPushButton[primary="true"]:disabled {{ background: #9fbcbd; border-color: #9fbcbd; }}
QListWidget#nav {{
    background: #eef1ef; border: none; padding-top: 12px; font-size: 11pt; outline: 0;
}}
QListWidget#nav::item {{ padding: 9px 18px; border-radius: 6px; margin: 1px 8px; }}
QListWidget#nav::item:selected {{ background: white; color: {ACCENT}; font-weight: 600; }}
QStatusBar {{ background: #eef1ef; color: #52606d; }}
QStatusBar::item {{ border: none; }}
QPushButton[statusbar="true"] {{
    border: none; background: transparent; color: {ACCENT}; padding: 2px 8px;
}}
QPushButton[statusbar="true"]:hover {{ text-decoration: underline; }}
QPushButton[statusbar="true"][warn="true"] {{
    color: #7a4b00; background: #fff3d6; border: 1px solid #f0d9a8; border-radius: 5px;
}}
QLabel[role="success"] {{
    color: #234e52; background: #e8f1f0; border: 1px solid #c5dcda; border-radius: 6px;
    padding: 8px 10px;
}}
QTreeWidget#backup_list, QTreeWidget#backup_choices {{
    background: white; border: 1px solid #e4e7eb; border-radius: 8px;
    selection-background-color: #d8e8e7; selection-color: #1f2933;
}}
QTreeWidget#backup_list::item, QTreeWidget#backup_choices::item {{ padding: 3px 2px; }}
QProgressBar {{ border: none; background: #e4e7eb; border-radius: 3px; max-height: 6px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
"""


def _label(text: str, name: str, role: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setProperty("role", role)  # the stylesheet keys on the role; tests on the name
    return label


def heading(text: str, name: str = "heading") -> QLabel:
    return _label(text, name, "heading")


def subheading(text: str, name: str = "subheading") -> QLabel:
    return _label(text, name, "subheading")


def muted(text: str, name: str = "muted") -> QLabel:
    return _label(text, name, "muted")


def error_label(name: str) -> QLabel:
    return _label("", name, "error")


def notice(text: str, frame_name: str, label_name: str) -> QFrame:
    """A pale-yellow frame (role "notice") holding one word-wrapped label."""
    frame = QFrame(objectName=frame_name)
    frame.setProperty("role", "notice")
    label = QLabel(text, objectName=label_name)
    label.setWordWrap(True)
    QVBoxLayout(frame).addWidget(label)
    return frame


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """The buttons at the right end of a row, in the order given."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def fit_height(widget: QWidget) -> None:
    """Resize to the height the layout needs at the current width.

    adjustSize() guesses wrapped labels' heights at a narrower width and squeezes them or
    leaves a gap; parts shown or hidden count only once the layout has been activated.
    """
    layout = widget.layout()
    layout.invalidate()
    layout.activate()
    height = layout.totalHeightForWidth(widget.width())
    widget.resize(widget.width(), max(height, layout.totalMinimumSize().height()))


def centered(content: QLayout, width: int) -> QWidget:
    """A column of fixed width in the middle of the screen, a little above centre."""
    column = QWidget()
    column.setFixedWidth(width)
    column.setLayout(content)
    page = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column)
    row.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return page


def primary(button: QWidget) -> QWidget:
    button.setProperty("primary", True)
    return button


def monospace_font() -> QFont:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font
