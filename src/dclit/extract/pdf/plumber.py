"""pdfplumber: the reference word source (``engine="pdfplumber"``) and the table finder.

pdfplumber's page objects are heavy (a 156-page PDF holds about 1 GB unless each page
is closed), so every page is closed as soon as it has been read.
"""
from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from pathlib import Path

from dclit.errors import CorruptError, EncryptedError
from dclit.extract.pdf.model import PageData, Word
from dclit.extract.pdf.pdfium import ENCRYPTED_HINT, _Transform
from dclit.records import Table

log = logging.getLogger(__name__)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@contextmanager
def open_plumber(path: Path, password: str | None = None):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(path), password=password or "")
    except PDFPasswordIncorrect:
        raise EncryptedError("the PDF is encrypted and the password is missing or wrong.",
                             path=str(path), hint=ENCRYPTED_HINT) from None
    except Exception as e:
        raise CorruptError(f"not a readable PDF ({type(e).__name__}: {e}).", path=str(path),
                           hint="Check the file opens in a PDF viewer; re-download or "
                                "re-export it, or remove it.") from None
    try:
        yield pdf
    finally:
        pdf.close()


def _transform(page) -> _Transform:
    return _Transform(0.0, 0.0, float(page.width), float(page.height),
                      int(page.rotation or 0) % 360)


def _display(t: _Transform, x0: float, top: float, x1: float, bottom: float):
    return t.box(x0, t.top - top, x1, t.top - bottom)


def read_page(page, number: int) -> PageData:
    """PageData from a pdfplumber page (words with size and boldness)."""
    t = _transform(page)
    words = []
    for w in page.extract_words(extra_attrs=["size", "fontname"], x_tolerance_ratio=0.15):
        if w.get("upright", True) is False:
            continue
        x0, top, x1, bottom = _display(t, w["x0"], w["top"], w["x1"], w["bottom"])
        words.append(Word(w["text"], x0, x1, top, bottom, round(float(w["size"]), 2),
                          bool(_BOLD.search(w.get("fontname") or ""))))
    images = []
    for im in page.images:
        x0, top, x1, bottom = _display(t, im["x0"], im["top"], im["x1"], im["bottom"])
        if x1 - x0 > 20 and bottom - top > 20:
            images.append((x0, top, x1, bottom))
    width, height = t.size
    covered = sum((x1 - x0) * (b - tp) for x0, tp, x1, b in images)
    letters = sum(len(w.text) for w in words)
    return PageData(number=number, width=width, height=height, words=words, images=images,
                    image_only=letters < 10 and covered > 0.3 * width * height,
                    table_candidate=True)


def find_tables(page, number: int) -> list[tuple[tuple[float, float, float, float], Table]]:
    """Ruled tables on a pdfplumber page: (display bbox, Table) with at least 2x2 cells."""
    t = _transform(page)
    out = []
    try:
        found = page.find_tables(TABLE_SETTINGS)
    except Exception as e:  # pragma: no cover - pdfplumber edge cases on odd drawings
        log.debug("page %d: table finder failed: %s", number, e)
        return []
    for table in found:
        rows = []
        for row in table.extract():
            cells = tuple(" ".join((c or "").split()) for c in row)
            if any(cells):
                rows.append(cells)
        if len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue
        filled = sum(1 for r in rows for c in r if c)
        if filled < 4:
            continue
        bbox = _display(t, *table.bbox)
        out.append((bbox, Table(page=number, index=len(out), rows=tuple(rows))))
    return out
