import io
from datetime import UTC, datetime

from pypdf import PdfReader

from practice_desk.reports.recovery_kit import recovery_kit_pdf

CODE = "7K2M-Q9XH-4RTV-W8NC-J3PB-6FYD"


def kit(practice_name="Łukasz Öztürk Praxis", practitioner_name="Ελένη", **extra):
    return recovery_kit_pdf(
        practice_name=practice_name,
        practitioner_name=practitioner_name,
        vault_id="5f1c0ffee0ddf00d5f1c0ffee0ddf00d",
        created_at=extra.get("created_at", datetime(2026, 1, 5, 9, 0, tzinfo=UTC)),
        formatted_code=CODE,
        printed_at=datetime(2026, 2, 14, 16, 45, tzinfo=UTC),
    )


def read(pdf):
    return PdfReader(io.BytesIO(pdf))


def test_one_page_with_code_names_and_confidential_header():
    reader = read(kit())
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        CODE,
        "Łukasz Öztürk Praxis",
        "Ελένη",
        "CONFIDENTIAL",
        "Page 1 of 1",
        "5f1c0ffee0ddf00d5f1c0ffee0ddf00d",
        "05 January 2026",
        "Printed 14 Feb 2026, 16:45",
        "Use recovery code",
        "nobody can open the practice",
    ):
        assert expected in text, expected


def test_the_practice_name_heads_the_page_as_well_as_the_facts():
    text = read(kit()).pages[0].extract_text()
    assert text.count("Łukasz Öztürk Praxis") == 2


def test_names_with_markup_characters_print_literally():
    text = read(kit("Smith & Jones <Therapy>", "O'Brien & Co")).pages[0].extract_text()
    assert "Smith & Jones <Therapy>" in text
    assert "O'Brien & Co" in text


def test_the_longest_allowed_names_still_fit_on_one_page():
    reader = read(kit("Praxis " * 17, "Ελένη " * 20))
    assert len(reader.pages) == 1


def test_document_properties_name_the_kit_but_not_the_practitioner():
    metadata = read(kit()).metadata
    assert metadata.title == "Recovery kit"
    assert metadata.creator == "Practice Desk"
    assert "Ελένη" not in str(dict(metadata))


def embedded_truetype(font):
    descriptor = font.get("/FontDescriptor")
    return (
        font.get("/Subtype") == "/TrueType"
        and descriptor is not None
        and "/FontFile2" in descriptor.get_object()
    )


def test_fonts_are_embedded_truetype():
    page = read(kit()).pages[0]
    fonts = [ref.get_object() for ref in page["/Resources"]["/Font"].values()]
    embedded = {str(font["/BaseFont"]).split("+")[-1] for font in fonts if embedded_truetype(font)}
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"} <= embedded


def test_every_visible_glyph_is_drawn_with_an_embedded_font():
    """Printed on any computer, the names look the same: no fallback to a reader's own fonts."""
    drawn = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            drawn.append((text.strip(), font))

    read(kit()).pages[0].extract_text(visitor_text=visit)
    assert drawn
    not_embedded = [text for text, font in drawn if font is None or not embedded_truetype(font)]
    assert not_embedded == []


def test_the_pdf_is_the_same_every_time_for_the_same_input():
    # invariant output: no hidden timestamps or random ids that could identify the machine
    assert kit() == kit()


def test_chinese_names_print():
    text = read(kit("王芳心理咨询", "王芳")).pages[0].extract_text()
    assert "王芳" in text
    assert text.count("王芳心理咨询") == 2  # in the facts and at the head of the page


def test_chinese_names_are_drawn_with_an_embedded_font():
    drawn = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            drawn.append((text.strip(), font))

    read(kit("王芳心理咨询", "王芳")).pages[0].extract_text(visitor_text=visit)
    chinese = [(text, font) for text, font in drawn if "王" in text]
    assert chinese
    assert all(font is not None and embedded_truetype(font) for _, font in chinese)
    assert {str(font["/BaseFont"]).split("+")[-1] for _, font in chinese} == {"DroidSansFallback"}
