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
    vertical: int = 0  # words written vertically (dropped from the text)
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
