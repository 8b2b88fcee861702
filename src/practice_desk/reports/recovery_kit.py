"""The recovery kit: the one printed page that can open the practice without the passphrase."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from practice_desk.reports.kit_parts import code_box, facts_table
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
    facts = facts_table(
        [
            ("Practice", practice_name),
            ("Practitioner", practitioner_name),
            ("Practice ID", vault_id),
            ("Created", created_at.strftime("%d %B %Y")),
        ],
        s,
        label_mm=35,
    )
    code = code_box(formatted_code, s)
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
        code,
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
