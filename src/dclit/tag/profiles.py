"""Theme profiles: how much a document and each of its passages talk about a concept.

A concept's count includes the mentions of its narrower concepts (a theme is a
subtree of the registry); ``own`` counts the concept's own mentions only.
Flagged mentions (another sense, e.g. the EU Twinning instrument) are left out.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from dclit.records import Document, Mention, ThemeProfile
from dclit.tag.registry import Registry

_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def compute_profiles(doc: Document, mentions: list[Mention],
                     registry: Registry | None = None) -> list[ThemeProfile]:
    """Document-level rows (``passage=None``) first, then per-passage rows where count > 0.

    Document rows: ``per_10k`` over the words of the whole text, ``dispersion`` =
    share of passages holding a mention, ``page_dispersion`` = share of pages
    with text holding one. Passage rows: ``per_10k`` over the passage's words,
    both dispersions 1.0. Without a registry, counts are per concept only.
    """
    kept = [m for m in mentions if m.flag is None]
    themes_of = _themes(kept, registry)
    doc_counts, own_counts = Counter(), Counter()
    passages_with, pages_with = defaultdict(set), defaultdict(set)
    per_passage: dict[int, Counter] = defaultdict(Counter)
    per_passage_own: dict[int, Counter] = defaultdict(Counter)
    for m in kept:
        own_counts[m.concept] += 1
        per_passage_own[m.passage][m.concept] += 1
        for theme in themes_of[m.concept]:
            doc_counts[theme] += 1
            passages_with[theme].add(m.passage)
            pages_with[theme].add(m.page)
            per_passage[m.passage][theme] += 1
    words = max(count_words(doc.text), 1)
    n_passages = max(len(doc.passages), 1)
    n_pages = max(len([p for p in doc.pages if p.end > p.start]) or len(doc.pages), 1)
    rows = [ThemeProfile(doc_id=doc.doc_id, concept=c, passage=None, count=n,
                         per_10k=round(n * 10000 / words, 3),
                         dispersion=round(len(passages_with[c]) / n_passages, 4),
                         own=own_counts[c], page_dispersion=round(len(pages_with[c]) / n_pages, 4))
            for c, n in sorted(doc_counts.items())]
    by_index = {p.index: p for p in doc.passages}
    for index in sorted(per_passage):
        pw = max(count_words(by_index[index].text), 1) if index in by_index else 1
        for c, n in sorted(per_passage[index].items()):
            rows.append(ThemeProfile(doc_id=doc.doc_id, concept=c, passage=index, count=n,
                                     per_10k=round(n * 10000 / pw, 3), dispersion=1.0,
                                     own=per_passage_own[index][c], page_dispersion=1.0))
    return rows


def _themes(mentions: list[Mention], registry: Registry | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in mentions:
        if m.concept not in out:
            chain = [m.concept]
            if registry is not None and m.concept in registry:
                chain += registry.ancestors(m.concept)
            out[m.concept] = chain
    return out
