"""Plain typed records shared by every stage.

Imports nothing else from dclit. Offsets are always ``[start, end)`` into the
document's clean text (``Document.text``); pages are 1-based.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of text block / passage. "body" passages feed topics and tagging
# statistics; the others are kept so nothing is lost, and can be filtered.
BLOCK_KINDS = ("body", "heading", "footnote", "table", "caption", "list", "toc", "references")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-sized unit as an extractor found it, before offsets exist.

    ``text`` is already clean: hyphenation joined, whitespace collapsed to single
    spaces (a block may keep ``\\n`` only inside tables).
    """

    page: int
    text: str
    kind: str = "body"
    section: str | None = None
    note: str | None = None  # footnote mark ("3") for kind == "footnote"


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What an extractor knows about one page besides its text."""

    number: int  # 1-based physical page
    label: str | None = None  # printed page label, for citing "p. 12"
    header: str | None = None  # running header removed from the text
    footer: str | None = None  # running footer removed from the text
    image_only: bool = False  # no text layer (scanned?)
    ocr: bool = False  # text came from OCR


@dataclass(frozen=True, slots=True)
class Table:
    page: int
    index: int  # order on the page
    rows: tuple[tuple[str, ...], ...]


@dataclass(slots=True)
class RawDocument:
    """What a format-specific extractor returns."""

    blocks: list[Block]
    pages: list[PageInfo]
    tables: list[Table] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)  # embedded metadata (PDF info, HTML meta…)
    warnings: list[str] = field(default_factory=list)
    engine: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    start: int
    end: int
    label: str | None = None
    header: str | None = None
    footer: str | None = None
    image_only: bool = False
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Passage:
    doc_id: str
    index: int
    page: int  # 1-based
    start: int  # offsets into the document's clean text
    end: int
    text: str
    kind: str = "body"
    section: str | None = None
    lang: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    organisation: str | None = None
    year: int | None = None
    language: str | None = None
    doc_type: str | None = None
    page_count: int = 0
    source_path: str = ""
    content_hash: str = ""
    # where each field came from: "pdf-info", "first-page", "sidecar:metadata.csv", …
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    doc_id: str  # = content hash of the file's bytes
    path: str
    text: str
    pages: list[Page]
    passages: list[Passage]
    metadata: Metadata
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    engine: str = ""

    def page_of(self, offset: int) -> int:
        """The 1-based page holding ``offset`` of the clean text."""
        for p in self.pages:
            if p.start <= offset < p.end:
                return p.number
        return self.pages[-1].number if self.pages else 1

    def page_label(self, number: int) -> str:
        for p in self.pages:
            if p.number == number:
                return p.label or str(number)
        return str(number)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a registry concept, with its evidence."""

    doc_id: str
    concept: str  # registry id, e.g. "twinning"
    label: str  # the registry label that matched
    lang: str  # language of that label
    text: str  # surface text as it stands in the clean text
    start: int
    end: int
    page: int
    passage: int  # Passage.index
    sentence_start: int
    sentence_end: int
    flag: str | None = None  # e.g. "eu_twinning_instrument": found, but a different sense


@dataclass(frozen=True, slots=True)
class ThemeProfile:
    """How much a document (passage=None) or one passage talks about a concept."""

    doc_id: str
    concept: str
    passage: int | None
    count: int
    per_10k: float  # mentions per 10,000 words
    dispersion: float  # share of passages (document level) holding a mention
    own: int = 0  # mentions of this concept itself (count also includes narrower concepts)
    page_dispersion: float = 0.0  # share of pages with text (document level) holding a mention


@dataclass(frozen=True, slots=True)
class Reference:
    """One bibliography (or footnote) entry, parsed to a CSL-JSON item."""

    doc_id: str
    index: int
    start: int
    end: int
    page: int
    raw: str
    csl: dict  # CSL-JSON item (a standard, so kept as its JSON shape)
    source: str = "bibliography"  # or "footnote"


@dataclass(frozen=True, slots=True)
class Citation:
    """One in-text citation, linked (or not) to a Reference of the same document."""

    doc_id: str
    index: int
    start: int
    end: int
    page: int
    text: str
    authors: tuple[str, ...]
    year: str | None  # with suffix: "2002b"
    locator: str | None = None  # "6", "pp. 12-14"
    kind: str = "parenthetical"  # parenthetical | narrative | numeric | footnote
    secondary: bool = False  # "quoted in": the cited-through work
    reference: int | None = None  # Reference.index in the same document
    note: str | None = None  # e.g. "year mismatch: entry has 2003"
