"""The literature-review tables, each a ``compute_*`` function returning a DataFrame.

Every function reads a :class:`~dclit.tables.data.CorpusData` (never the store) and
sorts its rows and columns in a fixed order, so the same store gives the same table.

Concept matrix rule (Webster & Watson): a cell counts the mentions of the concept
itself (narrower concepts have their own columns). A concept is marked ``●``
(*substantively discussed*) in a document when its mentions in discussion passages
(body, list, footnote, table, caption, heading — not references or tables of
contents) number at least ``SUBSTANTIVE_MIN`` (3), fall in at least
``SUBSTANTIVE_PASSAGES`` (2) distinct passages, and reach ``SUBSTANTIVE_PER_10K``
(2.0) per 10,000 words — so three passing mentions in a 50,000-word report are not
"substantive", while three in a 600-word blog post are.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from dclit.tables.data import DISCUSSION_KINDS, CorpusData
from dclit.tables.quotes import best_quotes, page_label

SUBSTANTIVE_MIN = 3
SUBSTANTIVE_PASSAGES = 2
SUBSTANTIVE_PER_10K = 2.0
MARK = "●"


def _per_10k(n: int, words: int) -> float:
    return round(n * 10000 / words, 1) if words else 0.0


def _ordered_docs(data: CorpusData):
    return sorted(data.docs, key=lambda d: (d.year or 9999, d.name, d.doc_id))


def _kind(data: CorpusData, doc_id: str, idx: int) -> str:
    passages = data.documents[doc_id].passages
    return passages[idx].kind if 0 <= idx < len(passages) and passages[idx].index == idx else "body"


# -- 1. sources -------------------------------------------------------------------
def compute_sources(data: CorpusData) -> pd.DataFrame:
    """One row per document: who, when, what, and what it is about."""
    theme_counts: dict[str, Counter] = defaultdict(Counter)
    for m in data.mentions:
        theme_counts[m.doc_id][data.theme_of(m.concept)] += 1
    refs = Counter(r.doc_id for r in data.references)
    cites = Counter(c.doc_id for c in data.citations)
    linked = Counter(c.doc_id for c in data.citations if c.reference is not None)
    topics = _doc_topic_shares(data)
    rows = []
    for d in _ordered_docs(data):
        top = sorted(theme_counts[d.doc_id].items(), key=lambda x: (-x[1], x[0]))[:3]
        rows.append({
            "doc": d.doc_id[:12], "document": d.name, "file": d.path,
            "authors / organisation": "; ".join(d.authors) or d.organisation or "",
            "year": d.year, "type": d.doc_type or "", "language": d.language or "", "pages": d.pages,
            "words": d.words,
            "top themes (per 10k words)": "; ".join(f"{data.label(t)} {_per_10k(n, d.words)}" for t, n in top),
            "top topics": "; ".join(f"{_topic_name(data, t)} {share:.0%}" for t, share in topics.get(d.doc_id, ())[:3]),
            "references": refs[d.doc_id], "citations": cites[d.doc_id], "linked citations": linked[d.doc_id]})
    return _frame(rows, ["doc", "document", "file", "authors / organisation", "year", "type", "language", "pages", "words",
                         "top themes (per 10k words)", "top topics", "references", "citations", "linked citations"])


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for col in ("year",):
        if col in df:
            df[col] = df[col].astype("Int64")
    return df


def _doc_topic_shares(data: CorpusData) -> dict[str, list[tuple[int, float]]]:
    per_doc: dict[str, Counter] = defaultdict(Counter)
    for a in data.assignments:
        if a.topic != -1:
            per_doc[a.doc_id][a.topic] += 1
    out = {}
    for doc_id, c in per_doc.items():
        total = sum(c.values())
        out[doc_id] = sorted(((t, n / total) for t, n in c.items()), key=lambda x: (-x[1], x[0]))
    return out


def _topic_name(data: CorpusData, topic: int) -> str:
    for t in data.topics:
        if t.topic == topic:
            return f"T{topic} {t.label}"
    return f"T{topic}"


# -- 2. concept matrix ------------------------------------------------------------
def concept_counts(data: CorpusData) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(doc, concept) -> (mentions, mentions in discussion passages, distinct discussion passages)."""
    total: Counter = Counter()
    disc: Counter = Counter()
    passages: dict[tuple[str, str], set[int]] = defaultdict(set)
    for m in data.mentions:
        key = (m.doc_id, m.concept)
        total[key] += 1
        if _kind(data, m.doc_id, m.passage) in DISCUSSION_KINDS:
            disc[key] += 1
            passages[key].add(m.passage)
    return {k: (n, disc[k], len(passages[k])) for k, n in total.items()}


def is_substantive(discussion: int, n_passages: int, words: int) -> bool:
    return (discussion >= SUBSTANTIVE_MIN and n_passages >= SUBSTANTIVE_PASSAGES
            and _per_10k(discussion, words) >= SUBSTANTIVE_PER_10K)


def compute_concept_matrix(data: CorpusData, *, value: str = "count") -> pd.DataFrame:
    """Documents × concepts (grouped by theme): mention counts (or per 10k words), ``●`` where substantive.

    Only concepts mentioned somewhere are columns. ``df.attrs["groups"]`` lists
    (theme label, [column, ...]) for writers that draw a two-level header.
    """
    if value not in ("count", "per_10k"):
        raise ValueError(f"The 'value' parameter of compute_concept_matrix must be 'count' or 'per_10k'. "
                         f"Got {value!r} instead.")
    counts = concept_counts(data)
    present = {c for _, c in counts}
    concepts = [c for c in data.concepts() if c in present]
    columns = {c: f"{data.label(data.theme_of(c))} / {data.label(c)}" for c in concepts}
    rows = []
    for d in _ordered_docs(data):
        row = {"document": d.name}
        for c in concepts:
            n, disc, npass = counts.get((d.doc_id, c), (0, 0, 0))
            cell = "" if n == 0 else (str(n) if value == "count" else f"{_per_10k(n, d.words):.1f}")
            row[columns[c]] = f"{cell} {MARK}" if n and is_substantive(disc, npass, d.words) else cell
        rows.append(row)
    df = pd.DataFrame(rows, columns=["document", *columns.values()])
    groups: dict[str, list[str]] = {}
    for c in concepts:
        groups.setdefault(data.label(data.theme_of(c)), []).append(columns[c])
    df.attrs["groups"] = [(theme, cols) for theme, cols in groups.items()]
    df.attrs["short"] = {columns[c]: data.label(c) for c in concepts}
    return df


# -- 3. synthesis matrix ----------------------------------------------------------
def compute_synthesis(data: CorpusData) -> pd.DataFrame:
    """Documents × themes: the most representative sentence of the theme in the document, with its page."""
    themes = data.themes()
    quotes = best_quotes(data)
    present = [t for t in themes if any(k[1] == t for k in quotes)]
    rows = []
    for d in _ordered_docs(data):
        row = {"document": d.name}
        for t in present:
            q = quotes.get((d.doc_id, t))
            row[data.label(t)] = f"“{q.text}” (p. {q.page_label})" if q else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["document", *[data.label(t) for t in present]])


# -- 4. definitions ---------------------------------------------------------------
def compute_definitions(data: CorpusData) -> pd.DataFrame:
    """Sentences that define a registry concept ("X is defined as", « on entend par X »…)."""
    from dclit.tables.definitions import find_definitions

    order = {d.doc_id: i for i, d in enumerate(_ordered_docs(data))}
    defs = sorted(find_definitions(data), key=lambda x: (data.concepts().index(x.concept)
                                                         if x.concept in data.concepts() else 999,
                                                         order[x.doc_id], x.start))
    rows = [{"concept": data.label(x.concept), "term": x.term, "language": x.lang, "document": data.doc(x.doc_id).name,
             "page": x.page_label, "definition": x.sentence, "pattern": x.pattern} for x in defs]
    return pd.DataFrame(rows, columns=["concept", "term", "language", "document", "page", "definition", "pattern"])


# -- 5. terminology usage ---------------------------------------------------------
def compute_terminology(data: CorpusData, by: str = "year") -> pd.DataFrame:
    """Concept × label × year (``by="year"``) or × issuing organisation (``by="organisation"``)."""
    if by not in ("year", "organisation"):
        raise ValueError(f"The 'by' parameter of compute_terminology must be 'year' or 'organisation'. Got {by!r}.")
    counts: Counter = Counter()
    docs: dict[tuple, set[str]] = defaultdict(set)
    for m in data.mentions:
        d = data.doc(m.doc_id)
        key = (m.concept, m.label.lower(), m.lang, d.year if by == "year" else (d.organisation or "(unknown)"))
        counts[key] += 1
        docs[key].add(m.doc_id)
    order = {c: i for i, c in enumerate(data.concepts())}
    keys = sorted(counts, key=lambda k: (order.get(k[0], 999), k[1], k[2], (k[3] is None, k[3] or 0) if by == "year"
                                         else (False, k[3])))
    rows = [{"theme": data.label(data.theme_of(k[0])), "concept": data.label(k[0]), "label": k[1], "language": k[2],
             by: k[3], "mentions": counts[k], "documents": len(docs[k])} for k in keys]
    df = _frame(rows, ["theme", "concept", "label", "language", by, "mentions", "documents"])
    return df


# -- 6. citations -----------------------------------------------------------------
def compute_cited_works(data: CorpusData, top: int = 50) -> pd.DataFrame:
    """The most-cited works (references deduplicated across documents) and the documents citing them."""
    from dclit.biblio.works import works_from_stored

    works = works_from_stored(data.references, data.citations)
    works.sort(key=lambda w: (-len(w.citing_docs), -w.citations, w.key))
    rows = []
    for w in works[:top]:
        names = sorted(data.doc(d).name for d in w.citing_docs)
        rows.append({"work": w.key, "author": _csl_author(w.csl), "year": _csl_year(w.csl),
                     "title": (w.csl.get("title") or "").strip(), "citing documents": len(w.citing_docs),
                     "in-text citations": w.citations, "cited by": "; ".join(names)})
    return pd.DataFrame(rows, columns=["work", "author", "year", "title", "citing documents", "in-text citations",
                                       "cited by"])


def _csl_author(csl: dict) -> str:
    names = csl.get("author") or csl.get("editor") or []
    if not names:
        return ""
    first = names[0].get("family") or names[0].get("literal") or ""
    return first + (" et al." if len(names) > 2 else f" & {names[1].get('family') or names[1].get('literal') or ''}"
                    if len(names) == 2 else "")


def _csl_year(csl: dict) -> str:
    try:
        return str(csl["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        return ""


def compute_unresolved_citations(data: CorpusData, examples: int = 5) -> pd.DataFrame:
    """Per document: in-text citations not linked to an entry of its bibliography."""
    by_doc: dict[str, list] = defaultdict(list)
    for c in data.citations:
        by_doc[c.doc_id].append(c)
    rows = []
    for d in _ordered_docs(data):
        cs = by_doc.get(d.doc_id, [])
        if not cs:
            continue
        loose = [c for c in cs if c.reference is None]
        shown = list(dict.fromkeys(" ".join(c.text.split()) for c in loose))[:examples]
        rows.append({"document": d.name, "citations": len(cs), "unresolved": len(loose),
                     "share unresolved": f"{len(loose) / len(cs):.0%}", "examples": " | ".join(shown)})
    return pd.DataFrame(rows, columns=["document", "citations", "unresolved", "share unresolved", "examples"])


# -- 7. topics --------------------------------------------------------------------
def compute_topics(data: CorpusData) -> pd.DataFrame:
    """Topics of the stored model over the selected documents: size, share of each year's passages, an example."""
    years = {d.doc_id: d.year for d in data.docs}
    per_year: Counter = Counter()
    per_topic_year: Counter = Counter()
    size: Counter = Counter()
    for a in data.assignments:
        size[a.topic] += 1
        y = years.get(a.doc_id)
        if y is not None:
            per_year[y] += 1
            per_topic_year[(a.topic, y)] += 1
    rows = []
    for t in sorted(data.topics, key=lambda t: t.topic):
        shares = [f"{y}: {per_topic_year[(t.topic, y)] / per_year[y]:.0%}" for y in sorted(per_year)
                  if per_topic_year[(t.topic, y)]]
        ex = next((e for e in t.examples if e.doc_id in years), None)
        rows.append({"topic": t.topic, "label": t.label, "keywords": ", ".join(w for w, _ in t.keywords[:8]),
                     "passages": size[t.topic], "share by year": "; ".join(shares),
                     "representative passage": _example(data, ex) if ex else ""})
    return pd.DataFrame(rows, columns=["topic", "label", "keywords", "passages", "share by year",
                                       "representative passage"])


def _example(data: CorpusData, ex) -> str:
    from dclit.tables.quotes import clip

    doc = data.documents[ex.doc_id]
    return f"“{clip(ex.text, 300)}” ({data.doc(ex.doc_id).name}, p. {page_label(doc, ex.page)})"


# -- 8. theme co-occurrence -------------------------------------------------------
def compute_theme_cooccurrence(data: CorpusData) -> pd.DataFrame:
    """Themes × themes: passages mentioning both (the diagonal: passages mentioning the theme)."""
    themes = data.themes()
    per_passage: dict[tuple[str, int], set[str]] = defaultdict(set)
    for m in data.mentions:
        per_passage[(m.doc_id, m.passage)].add(data.theme_of(m.concept))
    pairs: Counter = Counter()
    for found in per_passage.values():
        for a in found:
            for b in found:
                pairs[(a, b)] += 1
    present = [t for t in themes if pairs[(t, t)]]
    rows = [{"theme": data.label(a), **{data.label(b): pairs[(a, b)] for b in present}} for a in present]
    return pd.DataFrame(rows, columns=["theme", *[data.label(t) for t in present]])


def compute_all(data: CorpusData) -> dict[str, pd.DataFrame]:
    """Every table, by sheet name, in report order."""
    return {
        "sources": compute_sources(data),
        "concept_matrix": compute_concept_matrix(data),
        "synthesis": compute_synthesis(data),
        "definitions": compute_definitions(data),
        "terminology_years": compute_terminology(data, "year"),
        "terminology_orgs": compute_terminology(data, "organisation"),
        "cited_works": compute_cited_works(data),
        "unresolved_citations": compute_unresolved_citations(data),
        "topics": compute_topics(data),
        "theme_cooccurrence": compute_theme_cooccurrence(data),
    }
