"""Detect in-text citations with offsets.

Author–year, parenthetical and narrative, in every shape policy papers use:
"(Hafteck, 2003)", "Hafteck (2003)", "(Hewitt 1998, 1999, 2000)", "(Baud & de Wit
2008, Pierre and Peters 2000)", "(Work, 2002: 6)", "(Schep et al, 1995)",
"(Shuman 1994, quoted in Van Tongeren 1997)", "(UNDP, 2000)", "(2002b)" …
Each cited work becomes one ``Citation`` whose span covers its author and year.
Numeric brackets "[3, 5–7]" and footnote marks are detected too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dclit.biblio.sections import WORD_RE, _name_token

YEAR_RE = re.compile(r"(?<![\d-])(?:(1[5-9]\d\d|20\d\d)([a-z])?|(n\.\s?d\.|s\.\s?f\.|o\.\s?J\.|forthcoming|in press))"
                     r"(?![\d])")
LOCATOR_RE = re.compile(r"\s*(?::|,\s*(?:pp?\.|p\.|pág\.|s\.|S\.|chap\.|ch\.))\s*"
                        r"((?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*(?:\s*ff?\.)?)")
SECONDARY_RE = re.compile(r"(?:quoted|cited|cit\.|citado|cité|zitiert|as\s+cited)\s+(?:in|en|dans|bei|by)\s*$"
                          r"|(?<![\w])(?:in|en|dans)\s*$", re.I)
CONNECTORS = {"and", "et", "y", "e", "und", "&", ",", "al", "al."}
NUMERIC_RE = re.compile(r"\[(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\]")


@dataclass(slots=True)
class Found:
    start: int
    end: int
    authors: tuple[str, ...]
    year: str | None
    locator: str | None = None
    kind: str = "parenthetical"
    secondary: bool = False
    note: str | None = None
    weak: str | None = None  # why this may be a place or a date, not a citation (see _weakness)


def _author_before(text: str, lo: int, hi: int) -> tuple[int, str] | None:
    """Walk back from ``hi`` over name-like tokens; (start, author text) or None."""
    toks = [(t.group(), t.start(), t.end()) for t in WORD_RE.finditer(text, lo, hi)]
    i = len(toks)
    while i > 0 and _name_token(toks[i - 1][0]):
        i -= 1
    while i < len(toks) and (toks[i][0] in CONNECTORS or toks[i][0] in (",", "&")):
        i += 1
    if i >= len(toks):
        return None
    # "like de Villiers does …, de Villiers": particles lead only when a capital follows
    names = toks[i:]
    if not any(w[:1].isupper() for w, _, _ in names):
        return None
    start, end = names[0][1], names[-1][2]
    author = text[start:end].strip(" ,;:")
    return start, author


def split_authors(author: str) -> tuple[str, ...]:
    a = re.sub(r"\bet\.?\s*al\b\.?,?", "", author).strip(" ,;")
    parts = [p.strip(" ,.") for p in re.split(r"\s*(?:,|&|\band\b|\bet\b|\by\b|\bund\b)\s*", a)]
    return tuple(p for p in parts if p)


def _items(text: str, lo: int, hi: int, kind: str, inherit: tuple[str, ...] = ()) -> list[Found]:
    """Citations inside one bracketed group text[lo:hi] (or a narrative tail)."""
    out: list[Found] = []
    cursor = lo
    last_authors: tuple[str, ...] = inherit
    for m in YEAR_RE.finditer(text, lo, hi):
        if m.start() < cursor:
            continue
        found = _author_before(text, cursor, m.start())
        between = text[cursor:m.start()]
        if found:
            a_start, author = found
            authors = split_authors(author)
            pre = text[cursor:a_start]
        elif last_authors and re.fullmatch(r"[\s,;/&]*(?:and\s*)?", between):
            a_start, authors, pre = m.start(), last_authors, ""
        else:
            continue
        year = (m.group(1) + (m.group(2) or "")) if m.group(1) else m.group(3)
        end = m.end()
        loc = LOCATOR_RE.match(text, end, hi)
        locator = None
        if loc and not YEAR_RE.fullmatch(loc.group(1).strip()):
            locator = re.sub(r"\s+", " ", loc.group(1)).strip()
            end = loc.end()
        secondary = bool(SECONDARY_RE.search(pre)) and bool(out)
        f = Found(a_start, end, authors, year, locator, kind, secondary)
        if secondary:
            for prev in reversed(out):
                if prev.secondary or prev.note:
                    break
                prev.note = f"cited through {' '.join(authors[:1])} {year}"
        out.append(f)
        last_authors = authors
        cursor = end
    return out


def _groups(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(open, close) offsets of bracket groups; an unmatched ")" opens at the sentence start."""
    out = []
    stack: list[int] = []
    for m in re.finditer(r"[()]", text[lo:hi]):
        pos = lo + m.start()
        if m.group() == "(":
            stack.append(pos)
        elif stack:
            o = stack.pop()
            if not stack and pos - o < 600:
                out.append((o, pos))
        else:
            sent = max(text.rfind(". ", lo, pos), lo - 2) + 2
            if pos - sent < 150:
                out.append((sent - 1, pos))
    return out


PERIOD_RE = re.compile(r"\s*(1[5-9]\d\d|20\d\d)\s*[-–—]\s*(1[5-9]\d\d|20\d\d|\d\d)\s*")
PROSE_PARTICLES = {"de", "du", "des", "da", "do", "dos", "das", "di", "del", "von", "van"}


def _weakness(text: str, start: int, author: str, inner: str) -> str | None:
    """Why a narrative "Name (year)" may be no citation at all, or None.

    "period": "(1937-1945)" spans years — a reign or a period, not a work (a span of
    one year, "(1999-2000)", may be a report's and is not weak);
    "place": the name is a country or region ("au Brésil (2000)");
    "prose": a preposition + first name + name in running text
    ("la présidence de Getulio Vargas (1937)")."""
    from dclit.biblio.gazetteer import is_place

    m = PERIOD_RE.fullmatch(inner)
    if m:
        first, last = m.group(1), m.group(2)
        last = last if len(last) == 4 else first[:2] + last
        if int(last) - int(first) >= 2:
            return "period"
    if is_place(author):
        return "place"
    words = author.split()
    if len(words) >= 3 and words[0] in PROSE_PARTICLES and all(w[:1].isupper() for w in words[1:]):
        before = text[max(0, start - 40):start].split()
        if before and before[-1][:1].islower():
            return "prose"
    return None


def find_in_text(text: str, lo: int = 0, hi: int | None = None, keep_weak: bool = False) -> list[Found]:
    """All author–year and numeric citations in text[lo:hi].

    Narrative candidates that look like a place or a period followed by a date
    (``Found.weak``) are left out unless ``keep_weak``; find_citations keeps them
    only when the document's bibliography has a matching entry."""
    hi = len(text) if hi is None else hi
    out: list[Found] = []
    for o, c in _groups(text, lo, hi):
        inner = text[o + 1:c]
        if not YEAR_RE.search(inner):
            continue
        if re.match(r"\s*(?:1[5-9]\d\d|20\d\d)", inner) or re.match(r"\s*(?:n\.\s?d\.)", inner):
            # narrative: "Hafteck (2003)", "Hewitt (1998, 1999)", "Smith et al. (2003: 4)"
            before = _author_before(text, max(lo, o - 120), o)
            if before:
                start, author = before
                weak = _weakness(text, start, author, inner)
                if weak and not keep_weak:
                    continue
                items = _items(text, o + 1, c, "narrative", split_authors(author))
                for k, it in enumerate(items):
                    if k == 0:
                        it.start = start
                    it.kind = "narrative"
                    it.weak = weak
                if items and re.fullmatch(r"\s*", text[items[-1].end:c]):
                    items[-1].end = c + 1
                out += items
                continue
        out += _items(text, o + 1, c, "parenthetical")
    for m in NUMERIC_RE.finditer(text, lo, hi):
        out.append(Found(m.start(), m.end(), (), None, None, "numeric", note=m.group(1)))
    return sorted(out, key=lambda f: (f.start, f.end))


def footnote_marks(doc, references) -> list:
    """Footnote reference marks in the body ("cooperation3 "), one per footnote passage.

    ``references`` lets a mark point at the Reference parsed from its footnote.
    """
    from dclit.records import Citation

    by_start = {r.start: r.index for r in references if r.source == "footnote"}
    out = []
    for fn in doc.passages:
        if fn.kind != "footnote" or not fn.note or not fn.note.isdigit():
            continue
        pat = re.compile(rf"(?<=[^\s\d(\[/,.-]|[.,;:)”\"’]){re.escape(fn.note)}(?=[\s.,;:)]|$)")
        ref = next((i for s, i in by_start.items() if fn.start <= s < fn.end), None)
        for p in doc.passages:
            if p.page != fn.page or p.kind in ("footnote", "references", "table"):
                continue
            m = pat.search(doc.text, p.start, p.end)
            if m:
                out.append(Citation(doc_id=doc.doc_id, index=0, start=m.start(), end=m.end(),
                                    page=p.page, text=m.group(), authors=(), year=None,
                                    kind="footnote", reference=ref, note=f"footnote {fn.note}"))
                break
    return sorted(out, key=lambda c: c.start)
