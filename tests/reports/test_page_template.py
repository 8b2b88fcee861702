import io
from datetime import UTC, datetime

from pypdf import PdfReader
from reportlab.platypus import Paragraph

from practice_desk.reports.page_template import PageFrame, render, styles


def test_every_page_carries_the_frame_and_a_correct_page_count():
    s = styles()
    story = [Paragraph(f"Paragraph {n} of a long session note.", s["body"]) for n in range(220)]
    frame = PageFrame("Ελένη Praxis", "Client A", datetime(2026, 3, 1, 10, 0, tzinfo=UTC), "Notes")
    reader = PdfReader(io.BytesIO(render(frame, story)))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "CONFIDENTIAL" in text
        assert "Ελένη Praxis" in text
        assert "Client A · Notes" in text
        assert f"Page {number} of {total}" in text
    all_text = "".join(page.extract_text() for page in reader.pages)
    assert "Paragraph 0 of" in all_text and "Paragraph 219 of" in all_text


def test_subject_equal_to_title_is_not_repeated():
    frame = PageFrame("P", "Recovery kit", datetime(2026, 3, 1, tzinfo=UTC), "Recovery kit")
    pdf = render(frame, [Paragraph("x", styles()["body"])])
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Recovery kit · Recovery kit" not in text
    assert "Recovery kit" in text
