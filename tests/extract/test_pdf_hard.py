"""Hard real files (tests/fixtures/pdf, MIT-licensed test files of pdfminer.six, pdfplumber
and docling) and broken inputs."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from dclit.errors import CorruptError, EmptyError, EncryptedError, NoTextError
from dclit.extract.pdf import extract_pdf

PDFS = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"


def text_of(raw) -> str:
    return " ".join(b.text for b in raw.blocks)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_encrypted_needs_password(engine):
    path = PDFS / "pdfminer_encryption_rc4-40.pdf"
    with pytest.raises(EncryptedError) as e:
        extract_pdf(path, engine=engine)
    assert e.value.path == str(path)
    assert "--password" in str(e.value)
    with pytest.raises(EncryptedError):
        extract_pdf(path, engine=engine, password="wrong")
    assert text_of(extract_pdf(path, engine=engine, password="foo")) == "Secret!"


def test_password_protected_paper():
    raw = extract_pdf(PDFS / "docling_2206.01062_pg3.pdf", password="1234")
    assert "DocLayNet" in text_of(raw)


def test_not_a_pdf(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("just some text, not a PDF")
    with pytest.raises(CorruptError) as e:
        extract_pdf(bad)
    assert "notes.pdf" in str(e.value)


def test_truncated_pdf(tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((PDFS / "pdfplumber_senate-expenditures.pdf").read_bytes()[:600])
    with pytest.raises(CorruptError):
        extract_pdf(cut)


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyError):
        extract_pdf(empty)


def test_unknown_engine():
    from dclit.errors import ConfigError

    with pytest.raises(ConfigError):
        extract_pdf(PDFS / "docling_invisible_text_layer.pdf", engine="tika")


def test_invisible_text_layer_is_read():
    raw = extract_pdf(PDFS / "docling_invisible_text_layer.pdf")
    assert "Invisible OCR text layer" in text_of(raw)
    assert not raw.warnings


def test_scanned_pdf_without_ocr_is_refused():
    path = PDFS / "docling_ocr_test_rotated_90.pdf"
    with pytest.raises(NoTextError) as e:
        extract_pdf(path)
    assert "--ocr" in str(e.value) and str(path) in str(e.value)


def _mixed_pdf(path: Path) -> None:
    """Page 1 has text, page 2 is only a picture."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Times-Roman", 11)
    c.drawString(72, 760, "A page with a text layer about twinning between cities.")
    c.showPage()
    img = Image.new("L", (300, 400), 200)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 40, 40, 515, 760)
    c.showPage()
    c.save()


def test_image_only_page_is_reported(tmp_path):
    path = tmp_path / "mixed.pdf"
    _mixed_pdf(path)
    raw = extract_pdf(path)
    assert [p.image_only for p in raw.pages] == [False, True]
    assert len(raw.warnings) == 1
    assert "mixed.pdf" in raw.warnings[0] and "page 2" in raw.warnings[0]
    assert "--ocr" in raw.warnings[0]
    assert "twinning" in text_of(raw)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract not installed")
def test_ocr_reads_a_rotated_scan():
    raw = extract_pdf(PDFS / "docling_ocr_test_rotated_90.pdf", ocr=True, ocr_langs="eng")
    assert raw.pages[0].image_only and raw.pages[0].ocr
    text = text_of(raw)
    assert "Docling bundles PDF document conversion" in text  # upright after OSD


def test_rotated_page_reads_across():
    raw = extract_pdf(PDFS / "pdfplumber_nics-background-checks-2015-11-rotated.pdf")
    assert raw.tables, "the ruled table is found"
    cells = [c for row in raw.tables[0].rows[:3] for c in row]
    assert any(c.startswith("Permit Handgun") for c in cells)
    assert any(c == "State / Territory" for c in cells)
    assert raw.pages[0].footer == "Page 1 of 205" and raw.pages[0].label == "1"


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_ruled_table_is_a_table_not_sentences(engine):
    raw = extract_pdf(PDFS / "pdfplumber_senate-expenditures.pdf", engine=engine)
    assert len(raw.tables) == 1
    blocks = [b for b in raw.blocks if b.kind == "table"]
    assert len(blocks) == 1 and " | " in blocks[0].text and "\n" in blocks[0].text
    body = " ".join(b.text for b in raw.blocks if b.kind != "table")
    assert "LEGISLATIVE CORRESPONDENT" not in body
    assert "LEGISLATIVE CORRESPONDENT" in blocks[0].text.replace("LEGISLATIVECORRESPONDENT",
                                                                 "LEGISLATIVE CORRESPONDENT")


def test_right_to_left_words_in_reading_order():
    raw = extract_pdf(PDFS / "docling_right_to_left_01.pdf")
    assert raw.blocks[0].text.startswith("تحسين اإلنتاجية وحل المشكالت")


def test_tables_can_be_switched_off():
    raw = extract_pdf(PDFS / "pdfplumber_senate-expenditures.pdf", tables=False)
    assert not raw.tables and all(b.kind != "table" for b in raw.blocks)
