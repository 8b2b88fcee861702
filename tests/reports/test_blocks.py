"""The generic block renderer: plain blocks in, a confidential PDF out, read back with pypdf."""

import io
import subprocess
import sys
from datetime import datetime

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from practice_desk.reports import blocks, page_template
from practice_desk.reports.blocks import (
    DocumentContent,
    Facts,
    Grid,
    Group,
    Heading,
    Rule,
    Text,
    render_document,
)
from practice_desk.reports.fonts import BOLD, FALLBACK, REGULAR, markup
from practice_desk.reports.page_template import PageFrame

PRINTED = datetime(2026, 1, 5, 17, 30)
PRACTICE = "Harbour Practice"
NAMES = ("Łukasz Öztürk", "Ελένη", "王芳")


def render(*content_blocks, title="Session record", subject="Sam Client", subtitle="", **extra):
    content = DocumentContent(title, subject, tuple(content_blocks), subtitle)
    return render_document(
        content,
        practice_name=extra.get("practice_name", PRACTICE),
        printed_at=extra.get("printed_at", PRINTED),
    )


def pages(pdf):
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf):
    return "\n".join(pages(pdf))


def drawn(pdf, page=0):
    """(text, x, y, font name, size) for every piece of text drawn on a page."""
    found = []

    def visit(piece, cm, tm, font, size):
        if piece.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font["/BaseFont"]).split("+")[-1] if font else None
            found.append((piece.strip(), x, y, name, size))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def words(count, prefix="w"):
    return " ".join(f"{prefix}{n:04d}" for n in range(count))


# --- every block kind -----------------------------------------------------------------------


def test_every_kind_of_block_prints_its_text():
    pdf = render(
        Heading("Presenting concerns"),
        Text("Sleep has been poor since the move."),
        Text("I feel like I'm always catching up.", "quote"),
        Text("Recorded after the session.", "muted"),
        Text("Includes private process notes", "warning"),
        Heading("Session 3 · 12 March", level=2),
        Facts((("Kind", "Therapy"), ("Length", "50 min"))),
        Grid(
            ("Marker", "Score"),
            (("Mood", "6"), ("Sleep", "4")),
            (0.7, 0.3),
            right_aligned=(1,),
            total=("Average", "5"),
        ),
        Rule(),
        Group((Heading("Plan", level=2), Text("Keep a sleep diary."))),
        title="Client record",
        subtitle="Therapy · Tuesday 3 November 2026, 10:00",
    )
    found = text(pdf)
    for expected in (
        "Client record",
        "Therapy · Tuesday 3 November 2026, 10:00",
        "Presenting concerns",
        "Sleep has been poor since the move.",
        "I feel like I'm always catching up.",
        "Recorded after the session.",
        "Includes private process notes",
        "Session 3 · 12 March",
        "Kind",
        "Therapy",
        "Length",
        "50 min",
        "Marker",
        "Score",
        "Mood",
        "Sleep",
        "Average",
        "Plan",
        "Keep a sleep diary.",
    ):
        assert expected in found, expected


def test_headings_and_the_title_are_bold_body_text_is_not():
    fonts = {piece: font for piece, _, _, font, _ in drawn(render(Heading("Goals"), Text("Body")))}
    assert fonts["Session record"] == fonts["Goals"] == "DejaVuSans-Bold"
    assert fonts["Body"] == "DejaVuSans"


def test_a_quote_is_indented_from_the_body_text():
    positions = {
        piece: x
        for piece, x, _, _, _ in drawn(render(Text("Plain words"), Text("Her words", "quote")))
    }
    assert positions["Her words"] > positions["Plain words"] + 15  # about 8 mm


def test_line_breaks_in_text_and_facts_are_kept():
    found = text(
        render(
            Text("First line\nSecond line\n\nAfter a blank line"),
            Facts((("Address", "1 Harbour Street\n12345 Seaside"),)),
        )
    )
    assert "First line\nSecond line\n" in found
    assert "After a blank line" in found
    assert "1 Harbour Street\n12345 Seaside" in found


def test_fact_labels_sit_on_the_baseline_of_their_values():
    pdf = render(Facts((("Born", "12 March 1984"), ("Address", "1 Harbour Street\n12345 Seaside"))))
    y = {piece: round(y, 2) for piece, _, y, _, _ in drawn(pdf)}
    assert y["Born"] == y["12 March 1984"]
    assert y["Address"] == y["1 Harbour Street"] > y["12345 Seaside"]


def test_empty_text_blocks_leave_no_gap():
    with_blanks = render(
        Text("Before"), Text(""), Text("   \n  "), Heading(" "), Group(()), Facts(()), Text("After")
    )
    assert with_blanks == render(Text("Before"), Text("After"))


def test_a_subtitle_only_when_given():
    assert render(Text("x")) != render(Text("x"), subtitle="Therapy")
    assert render(Text("x")) == render(Text("x"), subtitle="  ")


# --- the page frame -------------------------------------------------------------------------


def test_every_page_of_a_long_document_carries_the_frame():
    content = []
    for n in range(60):
        content += [Heading(f"Session {n}", level=2), Text(f"Note {n}. " + words(60))]
    found = pages(render(*content, subject="Sam Client"))
    total = len(found)
    assert total >= 3
    for number, page in enumerate(found, start=1):
        assert "CONFIDENTIAL" in page
        assert PRACTICE in page
        assert "Sam Client · Session record" in page
        assert f"Page {number} of {total}" in page
        assert "Printed 05 Jan 2026, 17:30" in page


def test_document_properties_name_the_document_but_not_the_client():
    metadata = PdfReader(io.BytesIO(render(Text("x"), subject="Łukasz Öztürk"))).metadata
    assert metadata.title == "Session record"
    assert metadata.creator == "Practice Desk"
    assert "Öztürk" not in str(dict(metadata))


def test_the_same_content_gives_the_same_pdf():
    def make():
        return render(Heading("A"), Text("B & C"), Grid(("x",), (("1",),), (1,)), subject="王芳")

    assert make() == make()


# --- text is never markup -------------------------------------------------------------------


def test_markup_looking_text_prints_literally_everywhere():
    tricky = "<b>x</b> & co <br/> &amp; <font name='Courier'>"
    found = text(
        render(
            Heading(tricky),
            Text(tricky),
            Facts(((tricky, tricky),)),
            Grid((tricky,), ((tricky,),), (1,), total=(tricky,)),
            title="Notes & <i>more</i>",
            subtitle="A < B > C",
            subject="Smith & <Jones>",
            practice_name="Smith & Jones <Therapy>",
        )
    )
    assert found.count(tricky) == 5
    assert "Notes & <i>more</i>" in found
    assert "A < B > C" in found
    assert "Smith & <Jones> · Notes & <i>more</i>" in found
    assert "Smith & Jones <Therapy>" in found


def test_control_characters_are_left_out_not_fatal():
    assert "Before after" in text(render(Text("Before\x00 af\x07ter")))


# --- every name renders ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_print_in_the_body_and_the_footer(name):
    pdf = render(
        Heading(name),
        Text(f"Session with {name} today."),
        Facts((("Client", name),)),
        Grid(("Who", "Note"), ((name, f"{name} " * 30),), (0.3, 0.7)),
        subject=name,
        practice_name=f"{name} Praxis",
    )
    found = text(pdf)
    assert f"Session with {name} today." in found
    assert f"{name} · Session record" in found
    assert f"{name} Praxis" in found
    # heading, text, facts, two grid cells (30 in the long one, wrapped), header and footer
    assert " ".join(found.split()).count(name) == 36


def test_chinese_is_drawn_with_the_embedded_fallback_font_latin_with_dejavu():
    fonts = {piece: font for piece, _, _, font, _ in drawn(render(Text("Dear 王芳, hello")))}
    assert fonts["王芳"] == "DroidSansFallback"
    assert fonts["Dear"] == fonts[", hello"] == "DejaVuSans"


def test_chinese_in_a_bold_heading_prints():
    found = drawn(render(Heading("王芳 · 第一次")))
    assert ("王芳", "DroidSansFallback") in {(piece, font) for piece, _, _, font, _ in found}
    assert "王芳 · 第一次" in text(render(Heading("王芳 · 第一次")))


def test_the_fallback_font_is_only_loaded_for_text_that_needs_it():
    script = (
        "from datetime import datetime\n"
        "from reportlab.pdfbase.pdfmetrics import getRegisteredFontNames\n"
        "from practice_desk.reports.blocks import DocumentContent, Text, render_document\n"
        "from practice_desk.reports.fonts import FALLBACK\n"
        "def show(name):\n"
        "    content = DocumentContent('T', name, (Text(name + ' Ελένη Öztürk'),))\n"
        "    render_document(content, practice_name='P', printed_at=datetime(2026, 1, 1))\n"
        "    print(FALLBACK in getRegisteredFontNames())\n"
        "show('Sam')\n"
        "show('王芳')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["False", "True"]


# --- grids ----------------------------------------------------------------------------------


def invoice_grid(rows=None):
    return Grid(
        ("Date", "Item", "Amount"),
        rows or (("3 Nov", "Session", "40.00 EUR"), ("10 Nov", "Session", "300.00 EUR")),
        (0.2, 0.5, 0.3),
        right_aligned=(2,),
        total=("", "Total", "340.00 EUR"),
    )


def right_edge(piece, x, font, size):
    family = {"DejaVuSans": REGULAR, "DejaVuSans-Bold": BOLD}[font]
    return x + stringWidth(piece, family, size)


def test_amounts_and_the_total_line_up_on_the_right():
    found = drawn(render(invoice_grid()))
    amounts = [
        item for item in found if item[0] in ("Amount", "40.00 EUR", "300.00 EUR", "340.00 EUR")
    ]
    assert len(amounts) == 4
    edges = [right_edge(piece, x, font, size) for piece, x, _, font, size in amounts]
    assert max(edges) - min(edges) < 0.01
    lefts = {piece: x for piece, x, *_ in found}
    assert lefts["Item"] == lefts["Session"] == lefts["Total"]  # other columns stay left


def test_the_total_row_is_bold_and_last():
    found = drawn(render(invoice_grid()))
    by_text = {piece: (y, font) for piece, _, y, font, _ in found}
    assert by_text["340.00 EUR"][1] == by_text["Total"][1] == "DejaVuSans-Bold"
    assert by_text["300.00 EUR"][1] == "DejaVuSans"
    assert by_text["340.00 EUR"][0] < by_text["300.00 EUR"][0]  # below the rows


def test_a_long_grid_repeats_its_headings_on_every_page():
    rows = tuple((f"{n} Nov", f"Session {n:03d}", f"{n}.00 EUR") for n in range(120))
    found = pages(render(invoice_grid(rows)))
    assert len(found) >= 3
    for page in found:
        assert "Date" in page and "Amount" in page
    everything = "\n".join(found)
    assert all(f"Session {n:03d}" in everything for n in range(120))
    assert "340.00 EUR" in found[-1]


def test_a_long_cell_wraps_inside_its_column():
    note = words(80, prefix="cell")
    found = drawn(render(Grid(("Note", "Amount"), ((note, "1.00"),), (0.5, 0.5))))
    lines = [(piece, x, y) for piece, x, y, _, _ in found if piece.startswith("cell")]
    assert len(lines) > 3
    assert " ".join(piece for piece, _, _ in lines).split() == note.split()
    amount_x = next(x for piece, x, *_ in found if piece == "1.00")
    assert all(x + stringWidth(piece, REGULAR, 9.5) < amount_x for piece, x, _ in lines)


@pytest.mark.parametrize(
    "grid",
    [
        Grid(("a", "b"), (("1",),), (0.5, 0.5)),  # a short row
        Grid(("a", "b"), (("1", "2"),), (0.5, 0.4)),  # widths don't add up
        Grid(("a", "b", "c"), (("1", "2", "3"),), (0.5, 0.5)),  # fewer widths than headings
        Grid(("a", "b"), (("1", "2"),), (0.5, 0.5), right_aligned=(2,)),
        Grid(("a", "b"), (("1", "2"),), (0.5, 0.5), total=("x",)),
    ],
)
def test_a_malformed_grid_is_refused_plainly(grid):
    with pytest.raises(ValueError, match="Grid"):
        render(grid)


def test_unknown_styles_and_levels_are_refused():
    with pytest.raises(ValueError, match="style"):
        render(Text("x", "shouting"))
    with pytest.raises(ValueError, match="level"):
        render(Heading("x", level=3))


# --- page breaks ----------------------------------------------------------------------------


def test_a_long_text_spans_pages_without_losing_a_word():
    note = words(3000)
    found = pages(render(Heading("Process notes"), Text(note)))
    assert len(found) >= 3
    printed = [word for page in found for word in page.split() if word.startswith("w")]
    assert printed[0] == "w0000"
    assert printed[-1] == "w2999"
    assert printed == note.split()


def test_a_long_text_of_many_lines_spans_pages_in_order():
    note = "\n".join(f"line {n:03d} of the notes" for n in range(300))
    found = pages(render(Text(note), Text("The end.")))
    assert len(found) >= 3
    printed = [line for page in found for line in page.splitlines() if line.startswith("line ")]
    assert printed == note.splitlines()
    assert "The end." in found[-1]


def test_a_group_stays_on_one_page():
    content = []
    for n in range(40):
        content.append(
            Group(
                (
                    Heading(f"Session {n:02d}", level=2),
                    Facts((("Kind", f"Therapy {n:02d}"), ("Length", "50 min"))),
                    Text(f"Summary for {n:02d}. " + words(25)),
                )
            )
        )
    found = pages(render(*content))
    assert len(found) >= 2
    for page in found:
        for n in range(40):
            if f"Session {n:02d}" in page:
                assert f"Therapy {n:02d}" in page and f"Summary for {n:02d}." in page


def test_a_heading_is_not_left_alone_at_the_foot_of_a_page():
    content = []
    for n in range(30):
        content += [Heading(f"Part {n:02d}", level=2), Text(f"Body of part {n:02d}. " + words(40))]
    for page in pages(render(*content)):
        for n in range(30):
            if f"Part {n:02d}" in page:
                assert f"Body of part {n:02d}." in page


# --- the text helpers the blocks rely on -----------------------------------------------------


def test_markup_escapes_keeps_lines_and_marks_only_what_dejavu_lacks():
    assert markup("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert markup("one\ntwo\r\nthree\n") == "one<br/>two<br/>three"
    assert markup("Öztürk Ελένη") == "Öztürk Ελένη"
    assert markup("Hi 王芳!") == f'Hi <font name="{FALLBACK}">王芳</font>!'
    assert markup("王芳 & 李\n雷") == (
        f'<font name="{FALLBACK}">王芳</font> &amp; <font name="{FALLBACK}">李</font>'
        f'<br/><font name="{FALLBACK}">雷</font>'
    )


REALISTIC = [
    "Sleep has been poor since the move; she wakes at 4 and can't settle again.",
    "Talked about work & her sister (again). Homework: three good things, daily.",
    "First line\nSecond line\n\n   Indented after a blank line\twith a tab",
    "He said: <I don't know> — then laughed. 10\xa0000 steps, 5 × a week.",
    'Ελένη mentioned Öztürk\'s "rules"; re-read p. 12 & 13 before next time.',
    "supercalifragilisticexpialidocious" * 4 + " short words after a very long one",
]


@pytest.mark.parametrize("note", REALISTIC)
@pytest.mark.parametrize("style", ["body", "quote", "heading2", "cell", "total_cell_right"])
def test_plain_text_lays_out_as_the_markup_parser_would(note, style):
    """The renderer skips reportlab's markup parser for plain text; the lines must match."""
    s = blocks._styles()[style]
    for width in (120, 300, 451):
        fast, parsed = blocks._paragraph(note, s), Paragraph(markup(note), s)
        assert fast.wrap(width, 1000) == parsed.wrap(width, 1000)
        assert line_texts(fast) == line_texts(parsed)


def line_texts(paragraph):
    lines = []
    for line in paragraph.blPara.lines:
        if paragraph.blPara.kind == 0:
            lines.append(" ".join(line[1]))
        else:
            lines.append("".join(word.text for word in line.words))
    return [" ".join(line.split()) for line in lines]


@pytest.mark.parametrize("style", ["body", "quote", "muted", "warning"])
def test_the_lines_of_a_text_print_where_one_paragraph_would_put_them(style):
    """A Text is laid out line by line for speed; every piece must land where a single
    Paragraph with line breaks would put it, blank lines included."""
    note = (
        "Working notes: first line.\nSecond line, a much longer one that wraps over the width"
        " of the page because it keeps going and going and going.\n\nAfter a blank line.\n"
        "\n\nAfter two blank lines & more.\nLast."
    )
    s = blocks._styles()
    frame = PageFrame(PRACTICE, "Sam", PRINTED, "Notes")
    before, after = Paragraph("Before", s["body"]), Paragraph("After", s["body"])
    one = page_template.render(frame, [before, Paragraph(markup(note), s[style]), after])
    before, after = Paragraph("Before", s["body"]), Paragraph("After", s["body"])
    lines = page_template.render(frame, [before, *blocks._text(note, s[style]), after])
    positions = [(piece, round(x, 2), round(y, 2)) for piece, x, y, _, _ in drawn(one)]
    assert [(piece, round(x, 2), round(y, 2)) for piece, x, y, _, _ in drawn(lines)] == positions
    assert len(positions) > 8
