"""Format sniffing and the text, Markdown, HTML and DOCX extractors."""
from pathlib import Path

import pytest

from dclit.errors import CorruptError, EmptyError, TooLargeError, UnsupportedFormatError
from dclit.extract import ExtractOptions, extract_document
from dclit.extract.formats import sniff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _offsets_hold(doc):
    for p in doc.passages:
        assert doc.text[p.start:p.end] == p.text
    for page in doc.pages:
        assert 0 <= page.start <= page.end <= len(doc.text)
    for a, b in zip(doc.pages, doc.pages[1:]):
        assert a.end <= b.start


def test_png_named_pdf_is_refused_with_what_it_is(tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(PNG)
    with pytest.raises(UnsupportedFormatError, match=r"report\.pdf: extract: file is a PNG image"):
        extract_document(f)


def test_html_named_pdf_is_read_as_html_with_a_warning(tmp_path):
    f = tmp_path / "agreement.pdf"
    f.write_text("<!DOCTYPE html><html><body><h1>Twinning agreement</h1><p>The cities agree.</p></body></html>")
    fmt, warnings = sniff(f)
    assert fmt == "html" and "extension says .pdf but the content is html" in warnings[0]
    doc = extract_document(f)
    assert doc.text == "Twinning agreement\n\nThe cities agree."
    assert any("Rename the file" in w for w in doc.warnings)


def test_zero_byte_file(tmp_path):
    f = tmp_path / "empty.pdf"
    f.touch()
    with pytest.raises(EmptyError, match="empty.pdf: extract: file is empty"):
        extract_document(f)


def test_enormous_file_is_refused_before_reading(tmp_path):
    f = tmp_path / "huge.pdf"
    with open(f, "wb") as fh:  # sparse: costs no disk
        fh.write(b"%PDF-1.7\n")
        fh.truncate(3 * 2**20)
    with pytest.raises(TooLargeError, match="huge.pdf: extract: file is 3 MiB, over the 1 MiB limit"):
        extract_document(f, ExtractOptions(max_bytes=2**20))


def test_truncated_pdf_download_is_corrupt(fixtures):
    with pytest.raises(CorruptError, match="truncated_download.pdf"):
        extract_document(fixtures / "bad" / "truncated_download.pdf")


def test_markdown_headings_tables_and_key_values(tmp_path):
    f = tmp_path / "note.md"
    f.write_text("[[year:2021]]\n# Twinning in practice\n\nCities *link* up\nacross borders.\n\n"
                 "| city | partner |\n|---|---|\n| Lyon | Bamako |\n\nEnd.\n")
    doc = extract_document(f)
    kinds = [(p.kind, p.text) for p in doc.passages]
    assert kinds == [("heading", "Twinning in practice"), ("body", "Cities link up across borders."),
                     ("table", "city | partner\nLyon | Bamako"), ("body", "End.")]
    assert doc.metadata.year == 2021 and doc.metadata.title == "Twinning in practice"
    assert doc.passages[1].section == "Twinning in practice"
    _offsets_hold(doc)


def test_text_form_feeds_are_pages(tmp_path):
    f = tmp_path / "paged.txt"
    f.write_text("First page paragraph.\n\nSecond paragraph.\fSecond page text.")
    doc = extract_document(f)
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.text[doc.pages[1].start:doc.pages[1].end] == "Second page text."
    assert doc.page_of(doc.text.index("Second page")) == 2
    _offsets_hold(doc)


def test_cp1252_text_is_decoded(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes("La coopération décentralisée entre collectivités.".encode("cp1252"))
    assert extract_document(f).text == "La coopération décentralisée entre collectivités."


def test_html_drops_scripts_and_navigation(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html lang='fr'><head><title>Coopération</title><script>alert(1)</script></head><body>"
                 "<nav>Menu</nav><h2>Jumelage</h2><p>Les villes <b>jumelées</b> coopèrent.</p>"
                 "<table><tr><th>Ville</th><th>Partenaire</th></tr><tr><td>Lyon</td><td>Bamako</td></tr></table>"
                 "<footer>© site</footer></body></html>")
    doc = extract_document(f)
    assert "alert" not in doc.text and "Menu" not in doc.text and "© site" not in doc.text
    assert [p.kind for p in doc.passages] == ["heading", "body", "table"]
    assert doc.tables[0].rows == (("Ville", "Partenaire"), ("Lyon", "Bamako"))
    assert doc.metadata.title == "Coopération"
    _offsets_hold(doc)


def test_docx_paragraphs_headings_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Municipal international cooperation"
    d.core_properties.author = "Jane Example"
    d.add_heading("Introduction", level=1)
    d.add_paragraph("Municipal international cooperation links local governments.")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(1, 0).text, t.cell(1, 1).text = "City", "Partner", "Utrecht", "León"
    f = tmp_path / "mic.docx"
    d.save(f)
    doc = extract_document(f)
    assert [p.kind for p in doc.passages] == ["heading", "body", "table"]
    assert doc.metadata.title == "Municipal international cooperation"
    assert doc.metadata.authors == ("Jane Example",)
    assert doc.tables[0].rows[1] == ("Utrecht", "León")
    _offsets_hold(doc)


def test_docx_zip_bomb_is_refused(tmp_path):
    import zipfile

    f = tmp_path / "bomb.docx"
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/blob.bin", b"\x00" * (40 * 2**20))
    with pytest.raises(TooLargeError, match="decompression bomb"):
        extract_document(f)


def test_broken_docx_container(tmp_path):
    f = tmp_path / "broken.docx"
    f.write_bytes(b"PK\x03\x04" + b"garbage" * 50)
    with pytest.raises(CorruptError, match="broken.docx"):
        extract_document(f)


def test_passage_languages_are_detected(tmp_path):
    f = tmp_path / "mixed.md"
    f.write_text("La coopération décentralisée associe les collectivités territoriales françaises et africaines.\n\n"
                 "La cooperación descentralizada vincula a los gobiernos locales de España y América Latina.\n\n"
                 "City-to-city cooperation connects municipalities in the North and in the South of the world.\n")
    doc = extract_document(f)
    assert [p.lang for p in doc.passages] == ["fr", "es", "en"]


def test_extract_options_are_validated():
    with pytest.raises(ValueError, match="The 'engine' option must be 'pdfium' or 'pdfplumber'. Got 'x' instead."):
        ExtractOptions(engine="x")


def test_a_path_argument_may_be_a_string(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Subsidiarity matters.")
    assert extract_document(str(f)).text == "Subsidiarity matters."
    assert isinstance(Path(extract_document(f).path), Path)
