"""Traits of real reports, rebuilt in generated PDFs (the UCLG books they come from are not
openly licensed): a printer slug layered over a big title, vertical and sideways text,
a table of contents, bold labels, paragraphs running over a page break, scans with a
stamped header. pdfminer_jo.pdf is pdfminer.six's MIT-licensed Japanese sample."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from dclit.extract.assemble import assemble
from dclit.extract.pdf import extract_pdf

PDFS = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
BODY = ("Local governments in the region have gained new responsibilities over the last "
        "decade, although the transfer of resources has not kept pace with them.")


def _body(c, y: float, lines: int, page: int, x: float = 60) -> None:
    c.setFont("Times-Roman", 10)
    for i in range(lines):
        c.drawString(x, y - 14 * i, f"Body line {i} of page {page} about local democracy.")


def _slug_over_title(path: Path) -> None:
    """Like the GOLD I chapter openers: a big running title whose letters PDFium reads
    interleaved with the small slug ("280 United Cities ...") printed across it."""
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    big = ("Helvetica-Bold", 72)
    for n in range(3):
        y = 790
        t = c.beginText(30, y)
        t.setFont(*big)
        t.textOut("CO")
        c.drawText(t)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(95, y + 10, str(280 + n))
        t = c.beginText(30 + stringWidth("CO", *big), y)
        t.setFont(*big)
        t.textOut("N")
        c.drawText(t)
        c.setFont("Helvetica", 11)
        c.drawString(120, y + 10, "United Cities and Local Governments")
        t = c.beginText(30 + stringWidth("CON", *big), y)
        t.setFont(*big)
        t.textOut("CLUSION")
        c.drawText(t)
        _body(c, 700, 30, n + 1)
        c.showPage()
    c.save()


def test_slug_layered_over_a_big_title_is_not_interleaved(tmp_path):
    import pypdfium2

    from dclit.extract.pdf import pdfium

    path = tmp_path / "slug.pdf"
    _slug_over_title(path)
    pdf = pypdfium2.PdfDocument(str(path))
    assert pdf[0].get_textpage().get_text_range().startswith("CO280")  # the trap is set
    words = [w.text for w in pdfium.read_page(pdf, pdf[0], 0).words[:3]]
    pdf.close()
    assert words == ["CONCLUSION", "280", "United"]
    raw = extract_pdf(path)
    assert not any("CO280" in b.text or "NCLUSION" in b.text for b in raw.blocks)
    assert "CONCLUSION" in raw.pages[0].header and "United Cities" in raw.pages[0].header
    assert raw.blocks[0].text.startswith("Body line 0 of page 1")


def test_japanese_vertical_writing_is_read():
    raw = extract_pdf(PDFS / "pdfminer_jo.pdf")
    text = "\n".join(b.text for b in raw.blocks)
    assert "宇宙塵をたべ、または空気や塩水を呼吸しながら" in text
    # one column of the poem continues in the next: joined without a space
    assert "(すべてがわたくしの中のみんなであるやうにみんなのおのおののなかのすべてですから)" in text
    assert any("page 1" in w and "vertically" in w for w in raw.warnings)


def test_a_page_of_only_a_little_vertical_text_is_read_not_dropped():
    """pdfminer.six's issue-449 sample (MIT): three vertical words and nothing else; it used to
    fail the whole document with "no text could be extracted"."""
    raw = extract_pdf(PDFS / "pdfminer_issue-449-vertical.pdf")
    assert [b.text for b in raw.blocks] == ["Test", "Vertical", "Layout"]
    assert any("page 1" in w and "vertically" in w for w in raw.warnings)


def _sideways_table(path: Path) -> None:
    """A page whose table is printed turned a quarter anticlockwise (read bottom to top)."""
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.saveState()
    c.translate(100, 760)
    c.rotate(90)  # text now runs up the page
    rows = [("Country", "Political system", "Type of state")] + [
        (name, "Presidential", "Unitary") for name in
        ("Algeria", "Benin", "Cameroon", "Gabon", "Ghana", "Guinea", "Kenya", "Mali")]
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.setFont("Helvetica", 9)
            c.drawString(-640 + 150 * j, -20 - 16 * i, cell)
    c.restoreState()
    c.showPage()
    c.save()


def test_sideways_table_is_read_the_way_it_was_written(tmp_path):
    path = tmp_path / "sideways.pdf"
    _sideways_table(path)
    raw = extract_pdf(path)
    text = "\n".join(b.text for b in raw.blocks)
    # whole words in reading order (an unruled table is read column by column, as on an
    # upright page); before, the vertical words were dropped and the page was empty
    assert "Country Algeria Benin Cameroon Gabon Ghana Guinea Kenya Mali" in text
    assert "Political system Presidential" in text and "Type of state Unitary" in text
    assert any("page 1" in w and "bottom to top" in w for w in raw.warnings)


def _contents(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Helvetica-Bold", 22)
    c.drawString(170, 720, "CONTENTS")
    entries = [("Foreword", 8), ("Preface", 10), ("Introduction", 18), ("Africa", 22),
               ("Asia-Pacific", 50), ("Middle East and Western Asia", 202), ("Conclusion", 282)]
    for i, (title, page) in enumerate(entries):
        y = 680 - 37 * i
        c.setFont("Helvetica-Bold", 16)
        c.drawString(173, y, title)
        c.drawRightString(450, y, str(page))
    c.showPage()
    _body(c, 780, 20, 2)
    c.showPage()
    c.save()


def test_table_of_contents_is_one_toc_block(tmp_path):
    path = tmp_path / "contents.pdf"
    _contents(path)
    raw = extract_pdf(path)
    tocs = [b for b in raw.blocks if b.kind == "toc"]
    assert len(tocs) == 1
    assert tocs[0].text.split("\n")[:2] == ["Foreword 8", "Preface 10"]
    assert "Middle East and Western Asia 202" in tocs[0].text
    headings = [b.text for b in raw.blocks if b.kind == "heading"]
    assert headings == ["CONTENTS"]
    assert not any(b.text == "22" for b in raw.blocks)


def test_body_text_ending_in_numbers_is_not_a_toc(tmp_path):
    path = tmp_path / "years.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Times-Roman", 10)
    for i in range(12):
        c.drawString(60, 760 - 14 * i, f"The reform of local finance was adopted in {1990 + i}")
    c.showPage()
    c.save()
    assert all(b.kind != "toc" for b in extract_pdf(path).blocks)


def _labels(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 780, "Local finance")
    _body(c, 750, 6, 1)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, 650, "Source:")
    c.setFont("Times-Roman", 10)
    c.drawString(60, 636, "World Bank, national statistics offices, 2007.")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, 600, "Note:")
    c.setFont("Times-Roman", 10)
    c.drawString(60 + stringWidth("Note: ", "Helvetica-Bold", 10), 600, "figures in dollars.")
    _body(c, 570, 4, 1)
    c.showPage()
    c.save()


def test_bold_labels_open_their_paragraph_not_a_section(tmp_path):
    path = tmp_path / "labels.pdf"
    _labels(path)
    raw = extract_pdf(path)
    assert [b.text for b in raw.blocks if b.kind == "heading"] == ["Local finance"]
    texts = [b.text for b in raw.blocks]
    assert "Source: World Bank, national statistics offices, 2007." in texts
    assert any(t.startswith("Note: figures in dollars.") for t in texts)
    assert all(b.section == "Local finance" for b in raw.blocks if b.kind != "heading")


def _run_over(path: Path) -> None:
    """A paragraph cut by the page break in mid-sentence; a second one that ends first."""
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Times-Roman", 10)
    y = 780
    for i in range(48):
        c.drawString(60, y - 14 * i, f"filler text {i} of the long paragraph on decentralisation" +
                     ("." if i == 46 else ""))
    c.drawString(60, y - 14 * 48, "Transfers to local governments were agreed upon but")
    c.showPage()
    c.setFont("Times-Roman", 10)
    c.drawString(60, 780, "never paid in full by the central government.")
    c.drawString(60, 752, "A new paragraph starts here.")
    c.showPage()
    c.save()


def test_paragraph_running_over_a_page_break_is_one_passage(tmp_path):
    path = tmp_path / "runover.pdf"
    _run_over(path)
    raw = extract_pdf(path)
    text, pages, passages = assemble("d", raw)
    joined = [p for p in passages if "agreed upon but never paid in full" in p.text]
    assert len(joined) == 1 and joined[0].page == 1
    last = passages[-1]
    assert last.text == "A new paragraph starts here." and last.page == 2
    p1, p2 = pages
    assert p1.start <= joined[0].start and joined[0].end <= p1.end
    assert p2.start == last.start and text[p2.start:p2.end] == last.text


def test_sentence_end_at_the_page_break_keeps_two_paragraphs(tmp_path):
    path = tmp_path / "two.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    _body(c, 780, 3, 1)
    c.showPage()
    c.setFont("Times-Roman", 10)
    c.drawString(60, 780, "and this starts in lower case but the page before ended a sentence.")
    c.showPage()
    c.save()
    raw = extract_pdf(path)
    assert [b.page for b in raw.blocks] == [1, 2]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_table_cells_keep_their_word_spaces(engine):
    raw = extract_pdf(PDFS / "pdfplumber_senate-expenditures.pdf", engine=engine)
    head = raw.tables[0].rows[0]
    assert head[:3] == ("DOCUMENT NO.", "DATE POSTED", "PAYEE NAME")
    assert "LEGISLATIVE CORRESPONDENT" in " ".join(c for r in raw.tables[0].rows for c in r)


def _scan_with_header(path: Path) -> None:
    """Page 2 is a full-page picture with a running header stamped above it."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Helvetica", 8)
    c.drawString(60, 820, "Annual report of the association of municipalities 2007")
    _body(c, 780, 20, 1)
    c.showPage()
    c.setFont("Helvetica", 8)
    c.drawString(60, 820, "Annual report of the association of municipalities 2007")
    buf = io.BytesIO()
    Image.new("L", (300, 400), 200).save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 40, 40, 515, 760)
    c.showPage()
    c.save()


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_scanned_page_with_a_stamped_header_is_reported(tmp_path, engine):
    path = tmp_path / "stamped.pdf"
    _scan_with_header(path)
    raw = extract_pdf(path, engine=engine)
    assert [p.image_only for p in raw.pages] == [False, True]
    scans = [w for w in raw.warnings if "page 2" in w]
    assert len(scans) == 1 and "stamped.pdf" in scans[0] and "--ocr" in scans[0]


def test_text_over_a_full_page_picture_is_a_text_page(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    path = tmp_path / "poster.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    buf = io.BytesIO()
    Image.new("L", (300, 400), 200).save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, 595, 842)
    _body(c, 780, 20, 1)
    c.showPage()
    c.save()
    raw = extract_pdf(path)
    assert not raw.pages[0].image_only and not raw.warnings


def _words_set_apart_without_spaces(path: Path) -> None:
    """Like the GCM guides: each word drawn at its own position, no space characters between
    them (PDFium then runs them together: "capacidaddelasinstituciones"); and a heading set
    letter-spaced, whose letters are all apart and must stay one word each."""
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    words = "Fortalecer la capacidad de las instituciones financieras nacionales".split()
    for row in range(3):
        x, y = 60.0, 700 - 16 * row
        for w in words:
            c.setFont("Helvetica", 12)
            c.drawString(x, y, w)
            x += stringWidth(w, "Helvetica", 12) + 0.13 * 12  # a narrow word gap, no space character
    t = c.beginText(60, 760)
    t.setFont("Helvetica-Bold", 14)
    t.setCharSpace(3)
    t.textOut("DECENTRALISATION")
    c.drawText(t)
    c.showPage()
    c.save()


def test_words_set_apart_by_position_are_separate_words(tmp_path):
    path = tmp_path / "apart.pdf"
    _words_set_apart_without_spaces(path)
    text, _, _ = assemble("apart", extract_pdf(path))
    assert "Fortalecer la capacidad de las instituciones financieras nacionales" in text
    assert "capacidadde" not in text and "Fortalecerla" not in text
    assert "DECENTRALISATION" in text  # letter-spaced: kept whole
