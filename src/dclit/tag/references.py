"""Where a document cites other works: mentions there are flagged ``in_references``.

A title in a reference list or in a bibliographic footnote ("Bert Hofman, Kai
Kayser (2006), Decentralization, democratic transition and local governance in
Indonesia, pp. 83-124") names a *cited work*, not a theme the document discusses;
counting it would inflate profiles of documents with long bibliographies. Such
mentions are kept (flag ``in_references``: the evidence stays available) but, like
every flagged mention, are not counted by profiles nor by ``dclit evaluate``; the
gold annotations do not mark them either (annotations/README.md).

Two tests: the mention lies in a reference section found by
:func:`dclit.biblio.sections.find_sections` (or in a passage whose kind is
``references``), or its sentence holds a cited-work entry before it: an
"Author (Year)," / "(eds)," mark followed by the title, in a sentence that also
carries publication details (pages, publisher, "in:", URL, volume), or the mention lies in a quoted
title that a source follows (« Décentralisation fiscale en Amérique centrale », G. Espitia ; GTZ, 2004 /
"La décentralisation et la démocratisation de l'Etat", pp.95 / « ... », informe temático) or that
"under the title:" announces, or it points to a cited work ("..., ver: Licha, I. (ed.) (2004)").
"""
from __future__ import annotations

import logging
import re

from dclit.biblio.features import MONTHS
from dclit.records import Document, Mention

log = logging.getLogger(__name__)

FLAG = "in_references"
REFERENCE_KINDS = ("references", "bibliography")
_NAME = r"[A-ZÀ-Þ][\w'’.-]+"
# "Kayser (2006)," / "Smith, J. (2006)." / "(eds)," / "(dir.) :" just before the title
ENTRY_MARK = re.compile(
    rf"{_NAME}(?:,?\s+{_NAME}){{0,6}},?\s*\(\s*(?:1[5-9]\d\d|20\d\d)[a-z]?\s*\)\s*[,.:]"
    r"|\((?:eds?|coords?|dir|Hrsg|comps?|a cura di)\.?\)\s*[,.:]?")
PUBLICATION = re.compile(
    r"(?i)\bpp?\.\s*\d|\bvol\.\s*\d|\bno\.\s*\d|\bPress\b|\bPublish|\bEditorial\b|[ÉE]ditions\b|\bVerlag\b"
    r"|\bISBN\b|\bdoi\b|https?://|www\.|(?:^|\s)(?:in|en|dans|In|En|Dans|im):\s|Cambridge|London|Londres")
MAX_DISTANCE = 250  # characters between the entry mark and the mention
_OPEN, _CLOSE = "«“\"", "»”\""
_MONTHS = "|".join(sorted(MONTHS, key=lambda m: (-len(m), m)))  # the reference parser's month words
# after the closing quote of a cited title: its source, pages, or its date ("», juillet 2006", "», 2005")
_SOURCE_AFTER = re.compile(r"[ \t]*[,;][ \t]*(?:[A-ZÀ-Þ]|pp?\.\s*\d|(?:informe|rapport|report)\b|(?:in|en|dans)\s*:|"
                           rf"(?i:(?:{_MONTHS})\s+)?(?:1[89]|20)\d\d\b)")
_TITLE_BEFORE = re.compile(r"(?i)(?:title|titled|entitled|intitul[ée]e?|titulad[oa]|t[íi]tulo|titre)\s*:?\s*$")
# a cited title after its author or publisher and a comma: "NALAD, « Fiscal Decentralization … »",
# "F. Carrión, « Le Processus … »" (a line or an entry, not running prose)
_AUTHOR_BEFORE = re.compile(r"(?:^|\n|[;(]\s*)(?:[A-ZÀ-Þ][\w.'’-]*\s+){0,3}[A-ZÀ-Þ][\w.'’-]+\s*,\s*$")
QUOTE_SPAN = 160  # characters between a quotation mark and the mention


def reference_ranges(doc: Document) -> list[tuple[int, int]]:
    """Offsets of reference sections in ``doc`` (biblio's detector plus passages of kind references)."""
    ranges = [(p.start, p.end) for p in doc.passages if p.kind in REFERENCE_KINDS]
    try:
        from dclit.biblio.sections import find_sections
    except ImportError as exc:  # biblio is optional for tagging
        log.warning("reference sections not detected (%s); only passage kinds are used", exc)
        return sorted(ranges)
    ranges += [(s.start, s.end) for s in find_sections(doc)]
    return sorted(ranges)


_SEE = re.compile(r"(?i)[^.\n]{0,60}?\b(?:see|ver|v[ée]ase|voir|cf\.?)\s*:")


def in_cited_entry(text: str, sentence_start: int, start: int, end: int | None = None) -> bool:
    """True when ``text[start:]`` follows a cited-work entry mark in its sentence, or (given
    ``end``) a footnote points from the mention to a cited work ("En relación a los presupuestos
    locales, ver: Licha, I. (ed.) (2004), ...")."""
    if end is not None:
        see = _SEE.match(text, end)
        if see and ENTRY_MARK.search(text, see.end(), min(len(text), see.end() + 80)):
            return True
    lo = max(sentence_start, start - MAX_DISTANCE)
    before = text[lo:start]
    if not ENTRY_MARK.search(before):
        return False
    return bool(PUBLICATION.search(text, sentence_start, min(len(text), start + 400)))


def in_quoted_title(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` lies in a quoted title followed by its source or announced
    as a title ("under the title: “...”")."""
    lo = max(0, start - QUOTE_SPAN)
    opening = max(text.rfind(q, lo, start) for q in _OPEN)
    if opening < 0 or any(text.find(q, opening + 1, start) >= 0 for q in _CLOSE if q != '"'):
        return False
    closing = [i for i in (text.find(q, end, end + QUOTE_SPAN) for q in _CLOSE) if i >= 0]
    if not closing or "\n\n" in text[opening:min(closing)]:
        return False
    if _TITLE_BEFORE.search(text, max(0, opening - 30), opening) or _AUTHOR_BEFORE.search(
            text, max(0, opening - 40), opening):
        return True
    return bool(_SOURCE_AFTER.match(text, min(closing) + 1))


def flag_references(doc: Document, mentions: list[Mention],
                    ranges: list[tuple[int, int]] | None = None) -> list[Mention]:
    """``mentions`` with ``flag="in_references"`` on those inside reference lists or cited entries."""
    from dataclasses import replace

    ranges = reference_ranges(doc) if ranges is None else ranges
    out = []
    for m in mentions:
        cited = m.flag is None and (any(a <= m.start < b for a, b in ranges)
                                    or in_cited_entry(doc.text, m.sentence_start, m.start, m.end)
                                    or in_quoted_title(doc.text, m.start, m.end))
        out.append(replace(m, flag=FLAG) if cited else m)
    return out
