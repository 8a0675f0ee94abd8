"""Word source on PDFium (pypdfium2): words with boxes, font size and weight.

The text page gives one string per page whose characters map one to one onto
PDFium's character indices. Words are cut from that string at whitespace, so mostly
the first and last character of each word are asked for their boxes: a few ctypes
calls per word instead of several per character, which is what makes this source
fast. A token of four characters or more that PDFium lays out as more than one rectangle
has each letter's box read, to cut words a PDF set apart by position alone (no space
character), which PDFium runs together. PDFium marks a line-end hyphen with U+FFFE and drops the line break after
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
from dclit.extract.pdf.model import PageData, Word, image_only
from dclit.extract.pdf.vertical import direction, orient, turn_box, turn_edges

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
    oriented = orient(words, width, height)
    words, width, height = oriented.words, oriented.width, oriented.height
    if oriented.turned:
        images = [turn_box(b, oriented.turned, *transform.size) for b in images]
    scanned = image_only(words, images, width, height)
    found = []
    if tables and paths and not scanned:
        from dclit.extract.pdf.tables import find_tables, path_edges
        edges = path_edges(raw, page, transform)
        if oriented.turned:
            edges = turn_edges(edges, oriented.turned, *transform.size)
        found = find_tables(edges, words, index + 1)
    try:
        label = pdf.get_page_label(index) or None
    except Exception:  # pragma: no cover - malformed label trees
        label = None
    return PageData(number=index + 1, width=width, height=height, words=words, images=images,
                    image_only=scanned, table_candidate=paths, pdf_label=label,
                    vertical=oriented.dropped, turned=oriented.turned, tables=found)


def _sideways(words: list[Word], vertical: int) -> bool:
    """Most words run top to bottom on the displayed page."""
    long = [w for w in words if len(w.text) >= 3]
    tall = sum(1 for w in long if w.vertical or w.bottom - w.top > w.x1 - w.x0)
    return tall > 0.5 * len(long)


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
    """Words of the page, each marked with its writing direction; and how many run
    vertically."""
    text = textpage.get_text_range()
    reader = _CharReader(raw, textpage.raw, transform)
    words: list[Word] = []
    pending: Word | None = None  # a big word a layered slug cut short: may go on later
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        token = m.group()
        if token[-1] in "\ufffe\x02":
            token = token[:-1] + "-"
            end -= 1  # the marker has no box of its own
            if end <= start:
                continue
        first, last = reader.box(start), reader.box(end - 1)
        d0, d1 = transform.box(*first), transform.box(*last)
        way = direction(d0, d1, end - start)
        size = reader.size(start)
        runs = None
        if not way and end - start > 1 and _layered(d0, d1, size, end - start):
            runs = _runs(reader, start, end)  # None: not layered after all
        if runs:
            found = [reader.run_word(text, run) for run in runs]
            if token.endswith("-"):
                found[-1].text += "-"
        elif not way and end - start >= _MIN_SPLIT and (cuts := _gaps(reader, start, end, size)):
            found = [reader.run_word(text, list(range(a, b))) for a, b in zip([start, *cuts], [*cuts, end])]
            if token.endswith("-"):
                found[-1].text += "-"
        else:
            found = [Word(token, min(d0[0], d1[0]), max(d0[2], d1[2]), min(d0[1], d1[1]),
                          max(d0[3], d1[3]), round(size, 2), reader.bold(start), way)]
        pending, found = _glue(pending, found, runs, end)
        words.extend(found)
    return words, sum(1 for w in words if w.vertical)


_MIN_SPLIT = 4  # shorter tokens are not checked for words run together
_WORD_GAP = 0.07  # a gap wider than this many font sizes between two letters separates words


def _gaps(reader: _CharReader, start: int, end: int, size: float) -> list[int]:
    """Where a token holds several words that the PDF set apart by position rather than by
    a space character (PDFium then runs them together: "capacidaddelasinstituciones"):
    indices of the characters after a gap wider than ``_WORD_GAP`` font sizes. Letter-spaced
    text (most letters apart) is left whole."""
    if size <= 0 or reader.raw.FPDFText_CountRects(reader.handle, start, end - start) <= 1:
        return []  # PDFium sees one run of text: no gap to look for (one C call instead of one per letter)
    cuts: list[int] = []
    spaced = 0
    prev = reader.box(start)[2]
    for i in range(start + 1, end):
        left, _, right, _ = reader.box(i)
        gap = left - prev
        if gap > _WORD_GAP * size:
            cuts.append(i)
        elif gap > 0.03 * size:
            spaced += 1
        prev = right
    if not cuts or len(cuts) + spaced > (end - start - 1) / 2:
        return []  # nothing apart, or letter-spaced
    return cuts


def _glue(pending: Word | None, found: list[Word], runs: list[list[int]] | None,
          end: int) -> tuple[Word | None, list[Word]]:
    """Glue the head of ``found`` to ``pending`` (the part of a big word before a slug
    cut into it) when it goes on right there; return the new pending word and the words
    left to add."""
    new = None
    if runs:  # the token ends in a layer laid over a bigger word: that word may go on
        tail = next(w for w, run in zip(found, runs) if run[-1] == end - 1)
        others = [(run[-1], w) for w, run in zip(found, runs) if not _same_layer(tail, w)]
        if others and tail.size < max(w.size for _, w in others):
            new = max(others, key=lambda o: o[0])[1]
    if pending is None:
        return new, found
    head = found[0]
    if _same_layer(pending, head) and -0.3 * head.size <= head.x0 - pending.x1 <= 0.2 * head.size:
        pending.text += head.text
        pending.x1 = max(pending.x1, head.x1)
        return (pending if new is head else new), found[1:]
    if new is not None:
        return new, found
    return (None if _same_layer(pending, head) else pending), found  # a word of its own


def _same_layer(a: Word, b: Word) -> bool:
    return abs(a.size - b.size) <= 0.2 * max(a.size, b.size) and \
        abs(a.bottom - b.bottom) <= 0.5 * max(a.size, b.size)


def _layered(first, last, size: float, n: int) -> bool:
    """The token's first and last characters (display boxes) differ in height, or its box
    is too narrow for its letters: characters of another text object (a slug printed over
    a big title) were interleaved into it by PDFium's text order."""
    h0, h1 = first[3] - first[1], last[3] - last[1]
    if min(h0, h1) > 0 and max(h0, h1) > 1.6 * min(h0, h1):
        return True
    width = max(first[2], last[2]) - min(first[0], last[0])
    return n > 2 and size > 0 and width < 0.25 * size * n


def _runs(reader: _CharReader, start: int, end: int) -> list[list[int]] | None:
    """Cut a layered token into runs of characters of one font size on one baseline that
    sit side by side; the parts of a word that a foreign run interrupted are glued back
    together. None when all characters have the same size (odd glyph boxes, no layers)."""
    sizes = [reader.size(i) for i in range(start, end)]
    if max(sizes) <= 1.25 * max(min(sizes), 0.01):
        return None
    boxes = [reader.display_box(i) for i in range(start, end)]
    small = min(sizes)
    if not any(abs(a - b) > 0.2 * max(a, b) and q[0] < p[2] - 0.1 * small
               for a, b, p, q in zip(sizes, sizes[1:], boxes, boxes[1:])):
        return None  # "1st", "activities.7": a raised mark after its word, not a layer
    layers: list[list[tuple[int, tuple]]] = []
    for i, size, box in zip(range(start, end), sizes, boxes):
        for layer in layers:
            ref_size, ref = sizes[layer[0][0] - start], layer[0][1]
            if abs(size - ref_size) <= 0.2 * max(size, ref_size) and \
                    abs(box[3] - ref[3]) <= 0.5 * max(size, ref_size):
                layer.append((i, box))
                break
        else:
            layers.append([(i, box)])
    runs: list[list[int]] = []
    for layer in layers:
        run, prev = [layer[0][0]], layer[0][1]
        for i, box in layer[1:]:
            h = box[3] - box[1]
            if box[0] > prev[2] + 0.15 * h or box[2] < prev[0]:
                runs.append(run)
                run = []
            run.append(i)
            prev = box
        runs.append(run)
    return sorted(runs)


class _CharReader:
    """Boxes, sizes and weights of PDFium's characters, a few ctypes calls each."""

    def __init__(self, raw, handle, transform: _Transform):
        self.raw, self.handle, self.transform = raw, handle, transform
        self.rect, self.matrix = raw.FS_RECTF(), raw.FS_MATRIX()
        self.buf, self.flags = ctypes.create_string_buffer(128), ctypes.c_int()
        self.bold_cache: dict[bytes, bool] = {}

    def box(self, i: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in PDF user space, y up."""
        r = self.rect
        self.raw.FPDFText_GetLooseCharBox(self.handle, i, r)
        return r.left, r.top, r.right, r.bottom

    def size(self, i: int) -> float:
        size = self.raw.FPDFText_GetFontSize(self.handle, i)
        if self.raw.FPDFText_GetMatrix(self.handle, i, self.matrix):
            size *= math.hypot(self.matrix.c, self.matrix.d) or 1.0
        return size

    def display_box(self, i: int) -> tuple[float, float, float, float]:
        return self.transform.box(*self.box(i))

    def run_word(self, text: str, run: list[int]) -> Word:
        boxes = [self.display_box(i) for i in run]
        return Word("".join(text[i] for i in run), min(b[0] for b in boxes),
                    max(b[2] for b in boxes), min(b[1] for b in boxes),
                    max(b[3] for b in boxes), round(self.size(run[0]), 2), self.bold(run[0]))

    def bold(self, i: int) -> bool:
        raw = self.raw
        weight = raw.FPDFText_GetFontWeight(self.handle, i)
        if weight > 0:
            return weight >= 550
        raw.FPDFText_GetFontInfo(self.handle, i, self.buf, 128, ctypes.byref(self.flags))
        name = self.buf.value
        if name not in self.bold_cache:
            self.bold_cache[name] = bool(_BOLD_NAME.search(name.decode("latin-1"))) or bool(
                self.flags.value & _FORCE_BOLD)
        return self.bold_cache[name]


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
