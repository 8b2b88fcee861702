"""The printed instructions that go with a custodian package (a professional will): what the
designated colleague holds, and how to open it. No client data: only the practice's own
details, the package's file name and the access code."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from practice_desk.reports.fonts import markup
from practice_desk.reports.kit_parts import code_box, facts_table
from practice_desk.reports.page_template import PageFrame, render, styles

TITLE = "Instructions for the designated colleague"


def custodian_instructions_pdf(
    *,
    practice_name: str,
    practitioner_name: str,
    colleague_name: str,
    vault_id: str,
    package_name: str,
    made_at: datetime,
    formatted_code: str,
    printed_at: datetime,
) -> bytes:
    s = styles()
    frame = PageFrame(practice_name, TITLE, printed_at, "Custodian package")
    rows = [
        ("Practice", practice_name),
        ("Practitioner", practitioner_name),
        ("Designated colleague", colleague_name or "(to be filled in by hand)"),
        ("Package file", package_name),
        ("Records as of", made_at.strftime("%d %B %Y, %H:%M")),
        ("Practice ID", vault_id),
    ]
    facts = facts_table(rows, s, label_mm=45)
    code = code_box(formatted_code, s)
    steps = [
        "Install Practice Desk on a computer that only you use.",
        "Start it and choose <b>Restore a practice from a backup…</b> (on the first screen, "
        "or in the File menu).",
        f"Choose the package file <b>{markup(package_name)}</b>.",
        "Where it asks for the passphrase or recovery code, type the access code above. "
        "Dashes, spaces and small letters don't matter.",
        "Choose your own passphrase, and print the new recovery kit Practice Desk offers.",
    ]
    duties = [
        "Tell the clients, kindly and promptly, what has happened and who now holds their "
        "records; offer them their own record if they ask for it.",
        "Keep the records confidential and for the retention period of the practice, then "
        "have them destroyed through Practice Desk's records retention.",
        "Never send the package or this page by e-mail, and never keep them together.",
    ]
    story = [
        Paragraph(TITLE, s["title"]),
        Paragraph(
            f"{markup(practitioner_name)} has named you to look after the client records of "
            f"{markup(practice_name)} if they can no longer do so themselves. This page and the "
            "package file together open those records. The package is encrypted and useless "
            "without the code below; this page is useless without the package. Keep them "
            "apart, each as carefully as a client file.",
            s["body"],
        ),
        Spacer(1, 5 * mm),
        facts,
        Paragraph("Access code", s["heading"]),
        code,
        Paragraph("Opening the records", s["heading"]),
        *[Paragraph(f"{n}. {text}", s["body"]) for n, text in enumerate(steps, 1)],
        Paragraph("What is asked of you", s["heading"]),
        *[Paragraph(f"• {text}", s["body"]) for text in duties],
        Paragraph("How current it is", s["heading"]),
        Paragraph(
            "The package holds the records as they were on the date above. The practitioner "
            "replaces it from time to time; a newer package comes with its own page and code. "
            "When that happens, destroy the older package and this page together.",
            s["body"],
        ),
    ]
    return render(frame, story)
