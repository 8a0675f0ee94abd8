"""pdfplumber: the reference word source (``engine="pdfplumber"``) and the table finder.

pdfplumber's page objects are heavy (a 156-page PDF holds about 1 GB unless each page
is closed), so every page is closed as soon as it has been read.
"""
from __future__ import annotations

import logging
import math
import re
from contextlib import contextmanager
from pathlib import Path

from dclit.errors import CorruptError, EncryptedError
from dclit.extract.pdf.model import PageData, Word, image_only
from dclit.extract.pdf.pdfium import ENCRYPTED_HINT, _Transform
from dclit.extract.pdf.vertical import BTT, TTB, orient, turn_box
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
        try:
            pdf.close()
        except Exception:  # closing a damaged file may fail (e.g. a /MediaBox that is not an array)
            pass


def _transform(page) -> _Transform:
    # pdfminer applies the page's /Rotate itself: pdfplumber's coordinates are the
    # displayed page's already
    return _Transform(0.0, 0.0, float(page.width), float(page.height), 0)


def _display(t: _Transform, x0: float, top: float, x1: float, bottom: float):
    return t.box(x0, t.top - top, x1, t.top - bottom)


def read_page(page, number: int) -> PageData:
    """PageData from a pdfplumber page (words with size and boldness)."""
    t = _transform(page)
    words = []
    for w in page.extract_words(extra_attrs=["size", "fontname"], x_tolerance_ratio=0.15):
        if not all(math.isfinite(float(w[k])) for k in ("x0", "x1", "top", "bottom", "size")):
            continue  # damaged content: a NaN or infinite box or size
        way = 0
        if w.get("upright", True) is False:
            way = BTT if w.get("direction") == "btt" else TTB
        x0, top, x1, bottom = _display(t, w["x0"], w["top"], w["x1"], w["bottom"])
        words.append(Word(w["text"], x0, x1, top, bottom, round(float(w["size"]), 2),
                          bool(_BOLD.search(w.get("fontname") or "")), way))
    images = []
    for im in page.images:
        x0, top, x1, bottom = _display(t, im["x0"], im["top"], im["x1"], im["bottom"])
        if x1 - x0 > 20 and bottom - top > 20:
            images.append((x0, top, x1, bottom))
    width, height = t.size
    oriented = orient(words, width, height)
    words, width, height = oriented.words, oriented.width, oriented.height
    if oriented.turned:
        images = [turn_box(b, oriented.turned, *t.size) for b in images]
    return PageData(number=number, width=width, height=height, words=words, images=images,
                    image_only=image_only(words, images, width, height),
                    table_candidate=True, vertical=oriented.dropped, turned=oriented.turned)


def find_tables(page, number: int, words: list[Word] | None = None
                ) -> list[tuple[tuple[float, float, float, float], Table]]:
    """Ruled tables on a pdfplumber page: (display bbox, Table) with at least 2x2 cells.

    Cell text is made of ``words`` (the page's words, display coordinates) when given:
    pdfplumber's own cell text joins letter-spaced words ("DOCUMENTNO.")."""
    t = _transform(page)
    out = []
    try:
        found = page.find_tables(TABLE_SETTINGS)
    except Exception as e:  # pragma: no cover - pdfplumber edge cases on odd drawings
        log.debug("page %d: table finder failed: %s", number, e)
        return []
    for table in found:
        rows = []
        for row in (_cell_texts(t, table, words) if words is not None else table.extract()):
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


def _cell_texts(t: _Transform, table, words: list[Word]) -> list[list[str]]:
    """Each cell's words, in reading order, joined with spaces."""
    from dclit.extract.pdf.tables import cell_text

    out = []
    for row in table.rows:
        out.append(["" if c is None else cell_text(_display(t, *c), words) for c in row.cells])
    return out
