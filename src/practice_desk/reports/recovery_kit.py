"""The recovery kit: the one printed page that can open the practice without the passphrase."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from practice_desk.reports.fonts import markup
from practice_desk.reports.page_template import PageFrame, render, styles


def recovery_kit_pdf(
    *,
    practice_name: str,
    practitioner_name: str,
    vault_id: str,
    created_at: datetime,
    formatted_code: str,
    printed_at: datetime,
) -> bytes:
    s = styles()
    frame = PageFrame(practice_name, "Recovery kit", printed_at, "Recovery kit")
    facts = Table(
        [
            [Paragraph("Practice", s["muted"]), Paragraph(markup(practice_name), s["body"])],
            [
                Paragraph("Practitioner", s["muted"]),
                Paragraph(markup(practitioner_name), s["body"]),
            ],
            [Paragraph("Practice ID", s["muted"]), Paragraph(markup(vault_id), s["body"])],
            [
                Paragraph("Created", s["muted"]),
                Paragraph(created_at.strftime("%d %B %Y"), s["body"]),
            ],
        ],
        colWidths=[35 * mm, None],
        style=TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        ),
    )
    code_box = Table(
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
    steps = [
        "Start Practice Desk and choose <b>Use recovery code instead</b> on the unlock screen.",
        "Type the code above. Dashes, spaces and small letters don't matter.",
        "Choose a new passphrase. Your records are unchanged; only the passphrase is new.",
    ]
    story = [
        Paragraph("Recovery kit", s["title"]),
        Paragraph(
            "This code opens your practice if you forget your passphrase. Anyone who holds it "
            "together with a copy of your practice files can read your records, so keep it "
            "as you would keep a client file: printed, in a locked drawer or a safe, "
            "never in an e-mail or a cloud folder.",
            s["body"],
        ),
        Spacer(1, 5 * mm),
        facts,
        Paragraph("Your recovery code", s["heading"]),
        code_box,
        Paragraph("If you forget your passphrase", s["heading"]),
        *[Paragraph(f"{number}. {text}", s["body"]) for number, text in enumerate(steps, 1)],
        Paragraph("If you lose both", s["heading"]),
        Paragraph(
            "Without the passphrase and without this code, nobody can open the practice, "
            "including Practice Desk's makers. There is no back door: that is what keeps "
            "your clients' records safe.",
            s["body"],
        ),
    ]
    return render(frame, story)
