"""Pieces shared by the one-page kits that carry a code (the recovery kit, the custodian
instructions): a table of facts and the boxed code."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from practice_desk.reports.fonts import markup


def facts_table(
    rows: Sequence[tuple[str, str]], s: dict[str, ParagraphStyle], *, label_mm: float
) -> Table:
    return Table(
        [
            [Paragraph(label, s["muted"]), Paragraph(markup(value), s["body"])]
            for label, value in rows
        ],
        colWidths=[label_mm * mm, None],
        style=TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        ),
    )


def code_box(formatted_code: str, s: dict[str, ParagraphStyle]) -> Table:
    return Table(
        [[Paragraph(markup(formatted_code), s["code"])]],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#1f2933")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f5f7fa")),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )
