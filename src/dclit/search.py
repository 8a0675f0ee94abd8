"""Full-text and concept search over passages, shown as a keyword-in-context concordance.

What a user may type (:data:`QUERY_HELP`): words, "exact phrases", ``word*``
prefixes, ``AND``/``OR``/``NOT`` in capitals, ``( )`` to group, and
``concept:twinning`` for every label of a concept and its narrower concepts in
every language. :func:`parse_query` turns that into the store's query tree
(:mod:`dclit.store.search_sql`), in which every word is a quoted FTS5 string —
so what the user types is never FTS5 or SQL syntax.

Concept leaves match the tagger's mentions where the tag stage has run (it
handles inflection, abbreviations the document defines, and false friends such
as "EU Twinning"), and an FTS5 OR of the labels where it has not.
"""
from __future__ import annotations

import csv
import io
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from dclit.errors import QueryError
from dclit.store.search_sql import (QAnd, QConcept, QNot, QOr, QText, SearchFilters, fts_expression,
                                    positive_leaves, unmark)

log = logging.getLogger(__name__)

QUERY_HELP = ('Write words (twinning), "exact phrases" in double quotes, word* for a prefix, AND / OR / NOT in '
              "capitals, ( ) to group, and concept:twinning for every label of a concept in every language; "
              'e.g.  "sister city" OR concept:twinning NOT EU')

_TOKEN = re.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+))')
_FIELD = re.compile(r"^([A-Za-z_]+):(.*)$")
_MARK_START, _MARK_END = "\ue000", "\ue001"


# -- records -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Span:
    """One match inside a passage: ``[start, end)`` of the passage text."""

    start: int
    end: int
    page: int
    page_label: str
    concept: str | None = None  # set when the span is a tagged mention
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching passage with its document, page and matches."""

    passage_id: int
    doc_id: str
    passage: int  # Passage.index
    page: int
    page_label: str
    path: str
    title: str | None
    year: int | None
    organisation: str | None
    language: str | None
    doc_type: str | None
    kind: str
    score: float | None  # bm25 (lower is better); None: found through mentions only
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    fts: str  # the FTS5 expression the query became (concepts as label ORs)
    total: int  # matching passages
    offset: int
    hits: tuple[Hit, ...]
    concepts: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class KwicLine:
    doc_id: str
    passage: int
    path: str
    title: str | None
    year: int | None
    page: int
    page_label: str
    left: str
    keyword: str
    right: str
    concept: str | None = None
    score: float | None = None


# -- parsing -----------------------------------------------------------------
@dataclass
class _Parser:
    text: str
    registry: object | None
    tokens: list[tuple[str, str, int]] = field(default_factory=list)
    i: int = 0

    def fail(self, what: str, pos: int | None = None):
        where = f" (at character {pos + 1})" if pos is not None else ""
        raise QueryError(f"cannot read the query `{self.text}`: {what}{where}.", hint=QUERY_HELP)

    def tokenize(self) -> None:
        pos, text = 0, self.text
        while pos < len(text):
            if not text[pos:].strip():
                break
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                self.fail("a double quote is never closed", text.index('"', pos))
            kind = m.lastgroup
            self.tokens.append((kind, m.group(kind) if kind in ("phrase", "word") else kind, m.start(kind)))
            pos = m.end()

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    MAX_DEPTH = 20  # nesting of ( ) and NOT; deeper queries are refused, not recursed into

    def parse(self):
        self.tokenize()
        if not self.tokens:
            self.fail("it is empty")
        depth = deepest = 0
        for kind, value, _ in self.tokens:
            depth += (kind == "lp") - (kind == "rp")
            deepest = max(deepest, depth + (kind == "word" and value == "NOT"))
        if deepest > self.MAX_DEPTH or sum(1 for k, v, _ in self.tokens if k == "word" and v == "NOT") > self.MAX_DEPTH:
            self.fail(f"it nests brackets or NOTs more than {self.MAX_DEPTH} deep")
        node = self.parse_or()
        if self.peek() is not None:
            self.fail("a closing ')' has no opening '('", self.peek()[2])
        _check_not(node, self)
        return node

    def parse_or(self):
        items = [self.parse_and()]
        while self._is_op("OR"):
            self.i += 1
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else QOr(tuple(items))

    def parse_and(self):
        items = [self.parse_unary()]
        while (tok := self.peek()) is not None and tok[0] != "rp" and not self._is_op("OR"):
            if self._is_op("AND"):
                self.i += 1
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else QAnd(tuple(items))

    def parse_unary(self):
        if self._is_op("NOT"):
            self.i += 1
            return QNot(self.parse_unary())
        return self.parse_atom()

    def parse_atom(self):
        tok = self.peek()
        if tok is None:
            self.fail("it ends where a word was expected", len(self.text) - 1)
        kind, value, pos = tok
        self.i += 1
        if kind == "lp":
            node = self.parse_or()
            if self.peek() is None or self.peek()[0] != "rp":
                self.fail("an opening '(' is never closed", pos)
            self.i += 1
            return node
        if kind == "rp":
            self.fail("a ')' comes where a word was expected", pos)
        if value in ("AND", "OR") and kind == "word":
            self.fail(f"{value} needs a word on each side", pos)
        if kind == "phrase":
            return self._text(value, pos)
        return self._word(value, pos)

    def _is_op(self, op: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "word" and tok[1] == op

    def _word(self, value: str, pos: int):
        m = _FIELD.match(value)
        if m and m.group(1).lower() == "concept":
            name = m.group(2)
            if not name and self.peek() is not None and self.peek()[0] == "phrase":
                name = self.peek()[1]
                self.i += 1
            if not name:
                self.fail("concept: needs a concept id, e.g. concept:twinning", pos)
            return concept_node(self.registry, name)
        if m and m.group(2):
            self.fail(f"there is no field '{m.group(1)}:' (only concept: is known); "
                      f"put \"{value}\" in double quotes to search it as text", pos)
        prefix = value.endswith("*")
        word = value.rstrip("*") if prefix else value
        if "*" in word:
            self.fail("a * may only end a word (cooperat*)", pos)
        return self._text(word, pos, prefix=prefix)

    def _text(self, value: str, pos: int, *, prefix: bool = False) -> QText:
        if not re.search(r"\w", value):
            self.fail(f"'{value}' has no letters or digits to search for", pos)
        return QText(value, prefix=prefix)


def _check_not(node, parser: _Parser, *, inside_and: bool = False) -> None:
    if isinstance(node, QNot):
        if not inside_and:
            parser.fail("NOT must follow what it excludes, e.g. twinning NOT EU")
        _check_not(node.item, parser)
    elif isinstance(node, QAnd):
        if all(isinstance(x, QNot) for x in node.items):
            parser.fail("NOT must follow what it excludes, e.g. twinning NOT EU")
        for x in node.items:
            _check_not(x, parser, inside_and=True)
    elif isinstance(node, QOr):
        for x in node.items:
            _check_not(x, parser)


def parse_query(text: str, registry=None):
    """The store's query tree for ``text``; a malformed query raises QueryError saying how to write it."""
    return _Parser(text, registry).parse()


def find_concept(registry, name: str):
    """A concept by id, or by one of its labels in any language (case and accents ignored)."""
    from dclit.tag.registry import label_norm

    if name in registry:
        return registry[name]
    key = label_norm(name.replace("_", " "))
    for c in registry:
        if label_norm(c.id.replace("_", " ")) == key or any(
                label_norm(x) == key for lang in c.languages() for x in c.labels(lang)):
            return c
    import difflib

    close = difflib.get_close_matches(name, [c.id for c in registry], n=3)
    raise QueryError(f"no concept {name!r} in the registry.",
                     hint=(f"Did you mean {', '.join(close)}? " if close else "") + "`dclit concepts` lists them.")


def concept_node(registry, name: str) -> QConcept:
    """``name``, its narrower concepts, and all their labels in every language."""
    if registry is None:
        from dclit.tag import load_registry

        registry = load_registry()
    concept = find_concept(registry, name)
    ids = (concept.id, *registry.descendants(concept.id))
    labels = {x: None for cid in ids for lang in registry[cid].languages() for x in registry[cid].labels(lang)}
    return QConcept(concept.id, ids, tuple(labels))


# -- searching ---------------------------------------------------------------
def build_query(query: str = "", *, concept: str | None = None, registry=None):
    """The query tree for what was typed plus an optional ``--concept`` (joined by AND)."""
    if registry is None and (concept or "concept:" in query.lower()):
        from dclit.tag import load_registry

        registry = load_registry()
    node = parse_query(query, registry) if query.strip() else None
    if concept:
        cnode = concept_node(registry, concept)
        node = cnode if node is None else QAnd((cnode, node))
    if node is None:
        raise QueryError("there is nothing to search for.", hint=QUERY_HELP)
    return node


def search(store, query: str = "", *, concept: str | None = None, registry=None,
           filters: SearchFilters = SearchFilters(), limit: int = 20, offset: int = 0,
           source: str = "auto") -> SearchResult:
    """Passages matching ``query`` (and ``concept``), best bm25 first, with their matches located."""
    t0 = time.perf_counter()
    node = build_query(query, concept=concept, registry=registry)
    total, rows = store.search_passages(node, filters, limit=limit, offset=offset, source=source)
    hits = _locate(store, node, rows, source)
    concepts = tuple(dict.fromkeys(c for leaf in positive_leaves(node) if isinstance(leaf, QConcept)
                                   for c in leaf.ids))
    text = " AND ".join(x for x in (f"concept:{concept}" if concept else "", query.strip()) if x)
    return SearchResult(query=text, fts=fts_expression(node), total=total, offset=offset, hits=tuple(hits),
                        concepts=concepts, seconds=time.perf_counter() - t0)


def _locate(store, node, rows, source: str) -> list[Hit]:
    """Each row as a Hit with its spans: FTS5 highlight for words, mentions for concepts."""
    words = positive_leaves(node, concepts=False)
    concepts = [x for x in positive_leaves(node) if isinstance(x, QConcept)]
    concept_ids = tuple(dict.fromkeys(c for x in concepts for c in x.ids))
    word_spans = highlight_spans(store, QOr(tuple(words)), rows) if words else {}
    by_labels = [r for r in rows if concepts and (source == "labels" or (source == "auto" and not r.tagged))]
    label_spans = highlight_spans(store, QOr(tuple(concepts)), by_labels) if by_labels else {}
    labelled = {r.id for r in by_labels}
    found: dict[tuple[str, int], list] = {}
    for m in store.mentions_of_passages([(r.doc_id, r.idx) for r in rows if r.id not in labelled], concept_ids):
        found.setdefault((m.doc_id, m.passage), []).append(m)
    pages: dict[str, list] = {}
    hits = []
    for r in rows:
        doc_pages = pages.setdefault(r.doc_id, store.doc_pages(r.doc_id))
        raw = [(s, e, None, None) for s, e in word_spans.get(r.id, []) + label_spans.get(r.id, [])]
        if concept_ids and r.id not in labelled:
            raw += [(m.start - r.start, m.end - r.start, m.concept, m.label)
                    for m in found.get((r.doc_id, r.idx), []) if 0 <= m.start - r.start < m.end - r.start <= len(r.text)]
        spans = tuple(Span(s, e, *_page_at(doc_pages, r.start + s, r.page), concept=c, label=lbl)
                      for s, e, c, lbl in _disjoint(raw))
        hits.append(Hit(passage_id=r.id, doc_id=r.doc_id, passage=r.idx, page=r.page,
                        page_label=_page_label(doc_pages, r.page), path=r.path, title=r.title, year=r.year,
                        organisation=r.organisation, language=r.lang or r.language, doc_type=r.doc_type,
                        kind=r.kind, score=r.score, text=r.text, spans=spans))
    return hits


def highlight_spans(store, node, rows) -> dict[int, list[tuple[int, int]]]:
    """Spans of the matches of the text tree ``node`` in ``rows``, by passage id."""
    marked = store.highlight_passages(node, [r.id for r in rows], _MARK_START, _MARK_END)
    texts = {r.id: r.text for r in rows}
    out = {}
    for pid, text in marked.items():
        spans, plain = unmark(text, _MARK_START, _MARK_END)
        if plain == texts[pid]:
            out[pid] = spans
        else:  # the text itself held a marker character: leave this passage unmarked
            log.debug("passage %s: highlight markers collide with its text", pid)
    return out


def _disjoint(spans):
    """Spans sorted by start; one that overlaps an earlier, longer-or-equal span is dropped."""
    out = []
    for s in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]), x[2] or "")):
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out


def _page_label(pages, number: int) -> str:
    for p in pages:
        if p.number == number:
            return p.label or str(number)
    return str(number)


def _page_at(pages, offset: int, default: int) -> tuple[int, str]:
    for p in pages:
        if p.start <= offset < p.end:
            return p.number, p.label or str(p.number)
    return default, _page_label(pages, default)


# -- concordance -------------------------------------------------------------
def _squash(text: str) -> str:
    return " ".join(text.split())


def kwic_lines(result: SearchResult, width: int = 40) -> list[KwicLine]:
    """One line per match (a passage with several matches gives several lines), in rank order."""
    lines = []
    for h in result.hits:
        for s in h.spans or (Span(0, 0, h.page, h.page_label),):
            left = _squash(h.text[:s.start])[-width:] if width else ""
            right = _squash(h.text[s.end:])[:width if s.end > s.start else 2 * width]
            lines.append(KwicLine(doc_id=h.doc_id, passage=h.passage, path=h.path, title=h.title, year=h.year,
                                  page=s.page, page_label=s.page_label, left=left,
                                  keyword=_squash(h.text[s.start:s.end]), right=right, concept=s.concept,
                                  score=h.score))
    return lines


def doc_name(path: str, title: str | None, size: int = 28) -> str:
    name = title or PurePosixPath(path).stem
    return name if len(name) <= size else name[:size - 1] + "…"


def format_kwic(lines: list[KwicLine], width: int = 40, doc_width: int = 28) -> str:
    """An aligned concordance: document, year, page, then left context | keyword | right context."""
    if not lines:
        return ""
    kw = min(max(len(x.keyword) for x in lines), 30)
    pw = max(4, *(len(x.page_label) for x in lines))
    head = f"{'document':<{doc_width}}  year  {'p.':>{pw}}  {'':>{width}}  {'keyword':<{kw}}  context"
    out = [head]
    for x in lines:
        year = str(x.year) if x.year else "----"
        out.append(f"{doc_name(x.path, x.title, doc_width):<{doc_width}}  {year:>4}  {x.page_label:>{pw}}  "
                   f"{x.left:>{width}}  {x.keyword:<{kw}}  {x.right}".rstrip())
    return "\n".join(out)


CSV_FIELDS = ("doc_id", "path", "title", "year", "page", "page_label", "passage", "left", "keyword", "right",
              "concept", "score")


def kwic_csv(lines: list[KwicLine]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for x in lines:
        writer.writerow([getattr(x, f) if getattr(x, f) is not None else "" for f in CSV_FIELDS])
    return buf.getvalue()
