"""Word source on PDFium (pypdfium2): words with boxes, font size and weight.

The text page gives one string per page whose characters map one to one onto
PDFium's character indices. Words are cut from that string at whitespace, so only
the first and last character of each word are asked for their boxes: a few ctypes
calls per word instead of several per character, which is what makes this source
fast. PDFium marks a line-end hyphen with U+FFFE and drops the line break after
it; such a word is cut in two, the first part ending with "-".
"""
from __future__ import annotations

import ctypes
import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dclit.errors import CorruptError, EncryptedError
from dclit.extract.pdf.model import PageData, Word

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[^\s\ufffe\x02]+[\ufffe\x02]?")
ENCRYPTED_HINT = "Give the password with --password, or remove the file."
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_FORCE_BOLD = 1 << 18
INFO_KEYS = {"Title": "title", "Author": "author", "Subject": "subject",
             "Keywords": "keywords", "Creator": "creator", "Producer": "producer",
             "CreationDate": "creation_date"}


@contextmanager
def open_document(path: Path, password: str | None = None):
    """Open a PDF with PDFium, mapping its failures onto dclit's errors."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            what = "wrong password" if password else "encrypted, needs a password"
            raise EncryptedError(f"the PDF is {what}.", path=str(path),
                                 hint=ENCRYPTED_HINT) from None
        raise CorruptError(f"not a readable PDF ({msg}).", path=str(path),
                           hint="Check the file opens in a PDF viewer; re-download or "
                                "re-export it, or remove it.") from None
    except FileNotFoundError:
        raise CorruptError("file not found.", path=str(path), hint="Check the path.") from None
    try:
        yield pdf
    finally:
        pdf.close()


def read_info(pdf) -> dict[str, str]:
    """The PDF information dictionary, non-empty values only."""
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception as e:  # pragma: no cover - broken info dictionaries
        log.debug("no metadata: %s", e)
        return {}
    return {INFO_KEYS[k]: str(v).strip() for k, v in meta.items()
            if k in INFO_KEYS and str(v).strip()}


def iter_pages(pdf, numbers: range | None = None) -> Iterator[PageData]:
    """PageData for each page, closing PDFium's page objects as it goes."""
    for index in numbers if numbers is not None else range(len(pdf)):
        page = pdf[index]
        try:
            yield read_page(pdf, page, index)
        finally:
            page.close()


def read_page(pdf, page, index: int, tables: bool = True) -> PageData:
    import pypdfium2.raw as raw

    left, bottom, right, top = page.get_cropbox()
    rotation = page.get_rotation() % 360
    transform = _Transform(left, bottom, right, top, rotation)
    textpage = page.get_textpage()
    try:
        words, vertical = _words(raw, textpage, transform)
        if rotation and _sideways(words, vertical):
            # text runs across the unrotated page (a landscape table turned by /Rotate):
            # read it the way it was written
            upright = _Transform(left, bottom, right, top, 0)
            words2, vertical2 = _words(raw, textpage, upright)
            if vertical2 < vertical:
                words, vertical, transform = words2, vertical2, upright
    finally:
        textpage.close()
    images, paths = _objects(raw, page, transform)
    width, height = transform.size
    letters = sum(len(w.text) for w in words)
    covered = sum((x1 - x0) * (b - t) for x0, t, x1, b in images)
    image_only = letters < 10 and covered > 0.3 * width * height
    found = []
    if tables and paths and not image_only:
        from dclit.extract.pdf.tables import find_tables, path_edges
        found = find_tables(path_edges(raw, page, transform), words, index + 1)
    try:
        label = pdf.get_page_label(index) or None
    except Exception:  # pragma: no cover - malformed label trees
        label = None
    return PageData(number=index + 1, width=width, height=height, words=words, images=images,
                    image_only=image_only, table_candidate=paths, pdf_label=label,
                    vertical=vertical, tables=found)


def _sideways(words: list[Word], vertical: int) -> bool:
    """Most words run top to bottom on the displayed page."""
    long = [w for w in words if len(w.text) >= 3]
    tall = sum(1 for w in long if w.bottom - w.top > w.x1 - w.x0)
    return tall + vertical > 0.5 * (len(long) + vertical)


class _Transform:
    """PDF user space -> displayed page, origin top-left, rotation applied."""

    def __init__(self, left: float, bottom: float, right: float, top: float, rotation: int):
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        self.rotation = rotation
        w, h = right - left, top - bottom
        self.size = (h, w) if rotation in (90, 270) else (w, h)

    def box(self, l: float, t: float, r: float, b: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) on the displayed page of a user-space box."""
        x0, x1 = l - self.left, r - self.left
        y0, y1 = b - self.bottom, t - self.bottom  # y up
        w, h = self.right - self.left, self.top - self.bottom
        rot = self.rotation
        if rot == 0:
            return x0, h - y1, x1, h - y0
        if rot == 90:
            return y0, x0, y1, x1
        if rot == 180:
            return w - x1, y0, w - x0, y1
        return h - y1, w - x1, h - y0, w - x0


def _words(raw, textpage, transform: _Transform) -> tuple[list[Word], int]:
    text = textpage.get_text_range()
    handle = textpage.raw
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    get_box, get_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
    get_matrix, get_weight = raw.FPDFText_GetMatrix, raw.FPDFText_GetFontWeight
    words: list[Word] = []
    vertical = 0
    bold_cache: dict[bytes, bool] = {}
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        token = m.group()
        if token[-1] in "\ufffe\x02":
            token = token[:-1] + "-"
            end -= 1  # the marker has no box of its own
            if end <= start:
                continue
        get_box(handle, start, rect)
        l0, t0, r0, b0 = rect.left, rect.top, rect.right, rect.bottom
        get_box(handle, end - 1, rect)
        l1, t1, r1, b1 = rect.left, rect.top, rect.right, rect.bottom
        x0, top, x1, bottom = transform.box(min(l0, l1), max(t0, t1), max(r0, r1), min(b0, b1))
        size = get_size(handle, start)
        if get_matrix(handle, start, matrix):
            size *= math.hypot(matrix.c, matrix.d) or 1.0
        if end - start > 2 and (bottom - top) > 2.5 * max(x1 - x0, 0.1) and (bottom - top) > size * 2:
            vertical += 1
            continue
        weight = get_weight(handle, start)
        if weight > 0:
            bold = weight >= 550
        else:
            raw.FPDFText_GetFontInfo(handle, start, buf, 128, ctypes.byref(flags))
            name = buf.value
            if name not in bold_cache:
                bold_cache[name] = bool(_BOLD_NAME.search(name.decode("latin-1"))) or bool(
                    flags.value & _FORCE_BOLD)
            bold = bold_cache[name]
        words.append(Word(token, x0, x1, top, bottom, round(size, 2), bold))
    return words, vertical


def _objects(raw, page, transform: _Transform) -> tuple[list, bool]:
    """Image boxes, and whether ruling lines / boxes suggest a table on the page."""
    images: list[tuple[float, float, float, float]] = []
    handle = page.raw
    count = raw.FPDFPage_CountObjects(handle)
    if count > 5000:  # maps and charts: no table finder on those
        count = 5000
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    h_rules = v_rules = 0
    img, path, form = raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    for i in range(count):
        obj = raw.FPDFPage_GetObject(handle, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == form:  # form XObjects often wrap the scanned image
            kind = img
        elif kind != img and kind != path:
            continue
        raw.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r),
                                  ctypes.byref(t))
        x0, top, x1, bottom = transform.box(l.value, t.value, r.value, b.value)
        w, h = x1 - x0, bottom - top
        if kind == img:
            if w > 20 and h > 20:
                images.append((x0, top, x1, bottom))
        elif h < 3 and w > 10:
            h_rules += 1
        elif w < 3 and h > 10:
            v_rules += 1
        elif w > 10 and h > 6 and w * h < 0.5 * transform.size[0] * transform.size[1]:
            h_rules += 1
            v_rules += 1
            if w > 100 and h > 50:  # a drawn figure: separates text flows like an image
                images.append((x0, top, x1, bottom))
    return images, h_rules >= 3 and v_rules >= 3
