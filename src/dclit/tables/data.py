"""What the tables read from the store, loaded once and filtered.

``load_corpus(store, ...)`` reads documents, mentions, references, citations and
topics through the store's public methods (never SQL) and keeps only the
documents the options select (``docs``: id prefixes or path globs; ``langs``;
``theme``: documents that mention the theme). Mentions the tagger flagged as
another sense are left out everywhere.
"""
from __future__ import annotations

import fnmatch
import logging
from dataclasses import dataclass, field

from dclit.errors import ConfigError
from dclit.records import Citation, Document, Mention, Reference

log = logging.getLogger(__name__)

# Passage kinds whose mentions count as the document *discussing* a concept (a title in a
# bibliography or a table-of-contents line is not discussion).
DISCUSSION_KINDS = frozenset({"body", "list", "footnote", "table", "caption", "heading"})


@dataclass(frozen=True, slots=True)
class TableOptions:
    docs: tuple[str, ...] = ()  # doc id prefixes or path globs; () = every document
    langs: tuple[str, ...] = ()  # document languages; () = all
    theme: str | None = None  # a top concept (or any concept): restrict concepts to it and its narrower ones
    label_lang: str = "en"  # language of concept labels in headers


@dataclass(slots=True)
class DocInfo:
    """One selected document with the short name every table shows."""

    doc_id: str
    name: str  # short, unique: "European Charter of Local Self-Government (1985)"
    path: str
    title: str | None
    authors: tuple[str, ...]
    organisation: str | None
    year: int | None
    language: str | None
    doc_type: str | None
    pages: int
    words: int


@dataclass
class CorpusData:
    registry: object
    options: TableOptions
    docs: list[DocInfo]
    documents: dict[str, Document]
    mentions: list[Mention]  # unflagged, of the selected documents and concepts
    references: list[Reference]
    citations: list[Citation]
    topics: list = field(default_factory=list)  # dclit.topics TopicInfo, with examples
    assignments: list = field(default_factory=list)  # topic AssignmentRow of the selected documents

    def doc(self, doc_id: str) -> DocInfo:
        return self._by_id[doc_id]

    def __post_init__(self) -> None:
        self._by_id = {d.doc_id: d for d in self.docs}

    def concepts(self) -> list[str]:
        """Registry concepts in play, ordered by theme then id (the theme itself first)."""
        reg = self.registry
        allowed = concept_scope(reg, self.options.theme)
        out = []
        for top in reg.top_concepts():
            for cid in [top.id] + sorted(reg.descendants(top.id)):
                if cid in allowed and cid not in out:
                    out.append(cid)
        return out

    def themes(self) -> list[str]:
        allowed = concept_scope(self.registry, self.options.theme)
        return [c.id for c in self.registry.top_concepts() if c.id in allowed]

    def theme_of(self, concept: str) -> str:
        if self.options.theme and concept in concept_scope(self.registry, self.options.theme):
            return self.options.theme
        return self.registry.tops(concept)[0]

    def label(self, concept: str) -> str:
        c = self.registry.get(concept)
        return c.label(self.options.label_lang) if c else concept


def concept_scope(registry, theme: str | None) -> set[str]:
    if theme is None:
        return {c.id for c in registry}
    if theme not in registry:
        known = ", ".join(c.id for c in registry.top_concepts())
        raise ConfigError(f"no concept {theme!r} in the registry for --theme.", hint=f"Themes: {known}.")
    return {theme, *registry.descendants(theme)}


def _short(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _names(rows) -> dict[str, str]:
    names: dict[str, str] = {}
    for r in rows:
        title = r.title or r.path.rsplit("/", 1)[-1]
        names[r.doc_id] = f"{_short(title, 60)} ({r.year or 'n.d.'})"
    counts: dict[str, int] = {}
    for n in names.values():
        counts[n] = counts.get(n, 0) + 1
    return {d: (n if counts[n] == 1 else f"{n} [{d[:6]}]") for d, n in names.items()}


def _selected(rows, options: TableOptions) -> list:
    out = []
    for r in rows:
        if options.langs and (r.language or "?") not in options.langs:
            continue
        if options.docs and not any(r.doc_id.startswith(p) or fnmatch.fnmatch(r.path, p)
                                    or fnmatch.fnmatch(r.path.rsplit("/", 1)[-1], p) for p in options.docs):
            continue
        out.append(r)
    return out


def load_corpus(store, options: TableOptions | None = None, *, registry=None) -> CorpusData:
    """Everything the tables need, for the documents ``options`` select."""
    from dclit.tag import load_registry

    options = options or TableOptions()
    registry = registry or load_registry()
    scope = concept_scope(registry, options.theme)
    rows = _selected(store.documents(), options)
    mentions = [m for m in store.mentions(concepts=sorted(scope)) if m.flag is None]
    if options.theme:
        mentioned = {m.doc_id for m in mentions}
        rows = [r for r in rows if r.doc_id in mentioned]
    if options.docs and not rows:
        raise ConfigError(f"--docs {','.join(options.docs)} selects no document.", hint="See `dclit docs`.")
    keep = {r.doc_id for r in rows}
    names = _names(rows)
    docs = [DocInfo(doc_id=r.doc_id, name=names[r.doc_id], path=r.path, title=r.title, authors=r.authors,
                    organisation=r.organisation, year=r.year, language=r.language, doc_type=r.doc_type,
                    pages=r.page_count, words=r.n_words) for r in rows]
    data = CorpusData(registry=registry, options=options, docs=docs,
                      documents={d: store.load_document(d) for d in sorted(keep)},
                      mentions=[m for m in mentions if m.doc_id in keep],
                      references=[r for r in store.references() if r.doc_id in keep],
                      citations=[c for c in store.citations() if c.doc_id in keep])
    _load_topics(store, data, keep)
    return data


def _load_topics(store, data: CorpusData, keep: set[str]) -> None:
    from dclit import topics as tp

    if store.topic_model() is None:
        return
    data.topics = [tp.topic(store, t.topic) for t in tp.topics(store)]
    data.assignments = [a for a in store.topic_assignments() if a.doc_id in keep]
