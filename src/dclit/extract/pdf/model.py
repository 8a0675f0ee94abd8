"""Internal records of the PDF engine: words with boxes, lines, layout blocks.

Coordinates are in points, origin at the top-left of the page as displayed
(page rotation applied), y growing downwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field

HYPHEN_MARK = "\ue000"  # stands where a line-end hyphen joined two parts of a word


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # effective font size in points
    bold: bool = False
    vertical: int = 0  # 1: letters run down the page, -1: up it (dclit.extract.pdf.vertical)


@dataclass(slots=True)
class Line:
    """A run of words on one baseline inside one column."""

    words: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    text: str
    row: int = 0  # index of the raw line (same baseline across the page)
    siblings: list[Line] = field(default_factory=list)  # other columns' lines on the same row

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(slots=True)
class PageData:
    """One page as a source (pdfium, pdfplumber, OCR) sees it."""

    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0,top,x1,bottom
    image_only: bool = False
    table_candidate: bool = False
    pdf_label: str | None = None
    ocr: bool = False
    vertical: int = 0  # words written across the page's direction (left out of the text)
    turned: int = 0  # the page was turned to read its vertical text (vertical.TTB / BTT)
    tables: list = field(default_factory=list)  # (display bbox, dclit.records.Table)


@dataclass(slots=True)
class Unit:
    """A layout block: lines stacked in one column, or a table, or an image."""

    lines: list[Line]
    x0: float
    x1: float
    top: float
    bottom: float
    kind: str = "text"  # text | table | image
    table: object | None = None  # dclit.records.Table for kind == "table"
    text: str = ""  # table rendering

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.x0 = min(self.x0, line.x0)
        self.x1 = max(self.x1, line.x1)
        self.bottom = max(self.bottom, line.bottom)
        self.top = min(self.top, line.top)


@dataclass(slots=True)
class Para:
    """A paragraph found on a page, before hyphen resolution and sections."""

    page: int
    kind: str
    lines: list[Line]
    text: str
    note: str | None = None
    hyphen_end: bool = False  # last line ends with a hyphen: may continue on the next block
    size: float = 0.0
    bold: bool = False


def image_only(words: list[Word], images: list[tuple[float, float, float, float]],
               width: float, height: float) -> bool:
    """A scanned page: pictures cover most of it and (almost) no text lies on them. A
    running header or page number stamped beside the scan does not make it a text page."""
    covered = sum((x1 - x0) * (b - t) for x0, t, x1, b in images)
    if covered <= 0.3 * width * height:
        return False
    letters = sum(len(w.text) for w in words)
    if letters < 10:
        return True
    if covered <= 0.6 * width * height:
        return False
    on = sum(len(w.text) for w in words if any(
        x0 <= (w.x0 + w.x1) / 2 <= x1 and t <= (w.top + w.bottom) / 2 <= b
        for x0, t, x1, b in images))
    return on < 10 and letters < 300
