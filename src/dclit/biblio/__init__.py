"""Bibliography: reference sections, reference parsing, in-text citations, linking, works.

Stage functions (records in, records out; nothing here opens a store):

* ``find_references(doc)`` — entries of reference sections and bibliographic
  footnotes, each parsed to CSL-JSON by the reference parser (by default the CRF model,
  ``models/refparser.crfsuite``);
* ``find_citations(doc)`` — in-text citations with offsets (not yet linked);
* ``link(citations, references)`` — fills ``Citation.reference``;
* ``parse_reference(raw)`` — one raw reference string to a CSL-JSON item.

The reference parser is the CRF unless ``DCLIT_REFPARSER=neural`` asks for the opt-in neural
tagger (``dclit.biblio.neural``, ``models/refparser-neural.*``; needs the ``neural`` extra).
"""
from __future__ import annotations

import os
import re
from dataclasses import replace

from dclit.records import Citation, Document, Reference

PARSERS = ("crf", "neural")
PARSER_ENV = "DCLIT_REFPARSER"


def parser_name(name: str | None = None) -> str:
    """``name``, else ``$DCLIT_REFPARSER``, else "crf"; a ConfigError for anything else."""
    from dclit.errors import ConfigError

    chosen = (name or os.environ.get(PARSER_ENV) or "crf").strip().lower()
    if chosen not in PARSERS:
        raise ConfigError(f"unknown reference parser {chosen!r}", stage="biblio",
                          hint=f"Use one of {', '.join(PARSERS)} (--parser or ${PARSER_ENV}).")
    return chosen


# stored references are redone when the parser changes (read at import; a wrong value fails at parsing)
BIBLIO_VERSION = "7+neural" if os.environ.get(PARSER_ENV, "").strip().lower() == "neural" else "7"

__all__ = ["BIBLIO_VERSION", "PARSERS", "parser_name", "find_references", "find_citations", "link",
           "parse_reference"]

FOOTNOTE_REF_RE = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20\d\d)(?!\d)")
YEAR_OPENS_RE = re.compile(r"\s*\(\s*(?:1[5-9]\d\d|20\d\d)[a-z]?\s*[),:;]")


def parse_reference(raw: str, parser: str | None = None) -> dict:
    """CSL-JSON item for one reference string (model loaded lazily, once per process).

    ``parser``: "crf" or "neural"; default ``$DCLIT_REFPARSER``, else "crf"."""
    from dclit.biblio.crf import models_dir, parse

    if parser_name(parser) == "neural":
        from dclit.biblio import neural

        return neural.parse(raw, models_dir())
    return parse(raw)


def _reference_spans(doc: Document, text: str) -> list[tuple[int, int, str]]:
    """Entry spans of reference sections and footnotes in ``text`` (doc.text with page
    furniture blanked); a footnote citing several works gives one span per work."""
    from dclit.biblio.sections import find_sections, split_entries, split_footnote

    starts = [p.start for p in doc.passages]
    spans: list[tuple[int, int, str]] = []
    sections = find_sections(doc)
    for sec in sections:
        spans += [(a, b, "bibliography") for a, b in split_entries(text, sec.start, sec.end, starts)]
    for k, p in enumerate(doc.passages):
        a = None
        if p.kind == "footnote" and _bibliographic_note(p.text):
            lead = re.match(r"\s*\d{1,3}[.)]?\s+", p.text)
            a = p.start + (lead.end() if lead else 0)
        elif p.kind in ("body", "list") and not any(s.start <= p.start < s.end for s in sections):
            a = _loose_note_start(doc, text, k)  # a footnote extracted as body text
        if a is not None:
            spans += [(s, e, "footnote") for s, e in split_footnote(text, a, p.end)]
    return sorted(spans)


def _loose_note_start(doc: Document, text: str, k: int) -> int | None:
    """Start of a reference in body passage ``k`` laid out as a footnote, which may begin
    in the passage before it: "13. Eisenmann, Ch." | "(1982), Cours de droit administratif …"."""
    from dclit.biblio.sections import reference_opening

    p = doc.passages[k]
    if k and YEAR_OPENS_RE.match(p.text):
        a = reference_opening(text, max(doc.passages[k - 1].start, p.start - 200), p.end)
        if a is not None and a < p.start:
            return a
    return reference_opening(text, p.start, p.end)


def _bibliographic_note(text: str) -> bool:
    """A footnote that cites a work: a year or URL plus a capitalised name, not just "Ibid."."""
    if re.match(r"\s*\d*\s*(?:ibid|ibidem|id\.|op\.\s*cit)", text, re.I):
        return False
    has_year = bool(FOOTNOTE_REF_RE.search(text)) or "http" in text or "www." in text
    return has_year and bool(re.search(r"[A-ZÀ-Þ][\w'’-]+[,.]?\s", text)) and len(text) < 1200


def find_references(doc: Document) -> list[Reference]:
    from dclit.biblio.sections import DITTO_RE, clean_raw, masked_text

    text = masked_text(doc)
    refs: list[Reference] = []
    for a, b, source in _reference_spans(doc, text):
        if source == "footnote":
            lead = SEE_RE.match(text, a, b)
            a = lead.end() if lead else a
        raw = clean_raw(text[a:b])
        symbol = UN_SYMBOL_RE.fullmatch(raw) if source == "footnote" else None
        csl = _document_symbol(symbol) if symbol else parse_reference(raw)
        if source == "footnote" and _prose_note(raw, csl):
            continue  # a remark with a date ("La Croatie n'est pas comprise … le 1er juillet 2013."), not a work
        if DITTO_RE.match(raw) and refs and source == "bibliography":
            csl = _same_authors(csl, refs[-1].csl)
        elif source == "bibliography" and not (csl.get("author") or csl.get("editor")):
            csl = _leading_names(raw, csl)
        refs.append(Reference(doc_id=doc.doc_id, index=len(refs), start=a, end=b, page=doc.page_of(a),
                              raw=raw, csl=csl, source=source))
    return refs


# "See", "Voir aussi :", "Véase", "Cf." before the cited work of a footnote
SEE_RE = re.compile(r"\s*(?:see(?:\s+also)?|voir(?:\s+aussi)?|v[ée]ase(?:\s+tambi[ée]n)?|ver|siehe|vedi|cf\.?)"
                    r"\s*:?\s+(?=\S)", re.I)
# A UN document cited by its symbol alone: "E/C.16/2025/2.", "A/80/39, sect. V.", "FCCC/CP/2015/10/Add.1"
UN_SYMBOL_RE = re.compile(r"(?P<symbol>[A-Z]{1,6}(?:/[A-Z0-9](?:[\w.-]*\w)?)+)(?:,\s*(?:sect|chap|para|annex|p)\.?[^,]*)*[.;]?")
_DETERMINER_RE = re.compile(r"(?:the|this|these|it|la|le|les|il|elle|ce|cette|ces|el|los|las|lo|der|die|das|"
                            r"es|gli|i)\s", re.I)


def _document_symbol(m: re.Match) -> dict:
    """CSL for a document known by its symbol; the year is the symbol's own when it has one."""
    symbol = m.group("symbol")
    csl: dict = {"type": "document", "number": symbol, "title": symbol}
    year = re.search(r"/((?:19|20)\d\d)(?:/|$)", symbol)
    if year:
        csl["issued"] = {"date-parts": [[int(year.group(1))]]}
    return csl


def _prose_note(raw: str, csl: dict) -> bool:
    """A footnote sentence the parser could only read as a bare title with a year: it opens
    with a determiner or pronoun and has no author, editor, container, publisher, place,
    URL or DOI."""
    cited = {"author", "editor", "container-title", "publisher", "publisher-place", "URL", "DOI"}
    return not (cited & csl.keys()) and bool(_DETERMINER_RE.match(raw)) and len(raw.split()) >= 8


def _leading_names(raw: str, csl: dict) -> dict:
    """Authors for an entry the model left without any, when it opens with names and a
    year, as organisations often do: "World Bank 1997 World Development Report …"."""
    from dclit.biblio.names import split_names
    from dclit.biblio.sections import LEAD_NAMES_YEAR_RE, names_then_year

    m = LEAD_NAMES_YEAR_RE.match(raw)
    if not m or not names_then_year(raw[:200]):
        return csl
    names, _ = split_names(m.group(1).strip(" ,."))
    return {**csl, "author": names} if names else csl


def _same_authors(csl: dict, before: dict) -> dict:
    """An entry opening with a ditto dash ("— 2003 …") has the authors of the entry before."""
    out = {k: v for k, v in csl.items() if k not in ("author", "editor")}
    for role in ("author", "editor"):
        if before.get(role):
            out[role] = [dict(n) for n in before[role]]
    return out


def find_citations(doc: Document, references: list[Reference] | None = None) -> list[Citation]:
    """In-text citations outside reference sections; footnote marks when footnotes exist.

    A narrative candidate that may be a place or a period followed by a date
    ("au Brésil (2000)", "Getulio Vargas (1937-1945)") is kept only when
    ``references`` has an entry it links to."""
    from dclit.biblio.citations import find_in_text, footnote_marks
    from dclit.biblio.linker import link as _link
    from dclit.biblio.sections import find_sections

    skip = [(s.start, s.end) for s in find_sections(doc)]
    found = []
    prev = None
    for p in doc.passages:
        if p.kind == "references" or any(a <= p.start < b for a, b in skip):
            prev = None
            continue
        found += find_in_text(doc.text, p.start, p.end, keep_weak=bool(references))
        if prev is not None and YEAR_OPENS_RE.match(p.text):
            # "Tiebout, C.M." | "(1956), “A pure theory …”": a break between name and year
            lo = max(prev.start, p.start - 200)
            found += [f for f in find_in_text(doc.text, lo, p.end, keep_weak=bool(references))
                      if f.start < prev.end and f.end > p.start]
        prev = p if p.kind in ("body", "list", "footnote") else None
    out: list[Citation] = []
    for f in sorted(found, key=lambda f: (f.start, f.end)):
        c = Citation(doc_id=doc.doc_id, index=len(out), start=f.start, end=f.end,
                     page=doc.page_of(f.start), text=doc.text[f.start:f.end], authors=f.authors,
                     year=f.year, locator=f.locator, kind=f.kind, secondary=f.secondary, note=f.note)
        if f.weak and _link([c], references or [], own_footnote=False)[0].reference is None:
            continue  # a place or period read as a name, unless an entry (not its own footnote) has it
        out.append(c)
    marks = footnote_marks(doc, references or [])
    out += [replace(m, index=len(out) + k) for k, m in enumerate(marks)]
    return out


def link(citations: list[Citation], references: list[Reference]) -> list[Citation]:
    from dclit.biblio.linker import link as _link

    return _link(citations, references)
