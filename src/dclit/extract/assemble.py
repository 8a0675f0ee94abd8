"""Turn an extractor's blocks into the clean text with pages and passages.

This is the one place where offsets are made, so every extractor (PDF, text,
HTML, DOCX) yields the same shape: blocks joined by a blank line, page spans
covering the text of their blocks, one passage per block.
"""
from __future__ import annotations

import re
import unicodedata

from dclit.records import Block, Page, PageInfo, Passage, RawDocument

SEPARATOR = "\n\n"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SOFT = re.compile("[\u00ad\u200b\u200c\u200d\ufeff]")


def normalise(text: str) -> str:
    """NFKC (ligatures, full-width forms), soft hyphens and zero-widths removed,
    runs of spaces collapsed. Newlines are kept (tables use them)."""
    text = unicodedata.normalize("NFKC", text)
    text = _SOFT.sub("", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def assemble(doc_id: str, raw: RawDocument) -> tuple[str, list[Page], list[Passage]]:
    """Join ``raw.blocks`` into one clean text; return it with page spans and passages."""
    parts: list[str] = []
    passages: list[Passage] = []
    spans: dict[int, list[int]] = {}
    pos = 0
    section: str | None = None
    for block in raw.blocks:
        text = normalise(block.text)
        if not text:
            continue
        if parts:
            pos += len(SEPARATOR)
        start, end = pos, pos + len(text)
        parts.append(text)
        pos = end
        if block.kind == "heading":
            section = text[:200]
        passages.append(Passage(doc_id=doc_id, index=len(passages), page=block.page,
                                start=start, end=end, text=text, kind=block.kind,
                                section=block.section or section, note=block.note))
        span = spans.setdefault(block.page, [start, end])
        span[0] = min(span[0], start)
        span[1] = max(span[1], end)
    text = SEPARATOR.join(parts)
    pages = _pages(raw.pages, spans, len(text))
    return text, pages, passages


def _pages(infos: list[PageInfo], spans: dict[int, list[int]], length: int) -> list[Page]:
    """A page spans from its first block's start to its last block's end; a page
    without text gets an empty span where it falls, so the order stays exact."""
    pages: list[Page] = []
    cursor = 0
    for info in sorted(infos, key=lambda p: p.number):
        if info.number in spans:
            start, end = spans[info.number]
            cursor = end
        else:
            start = end = cursor
        pages.append(Page(number=info.number, start=start, end=end, label=info.label,
                          header=info.header, footer=info.footer,
                          image_only=info.image_only, ocr=info.ocr))
    return pages
