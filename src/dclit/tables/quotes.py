"""Choosing the sentence that best represents a theme in a document.

Candidates are the sentences (as the tagger delimited them) holding a mention of
the theme or a narrower concept, in passages that discuss (not headings, tables of
contents or bibliographies, unless nothing else mentions the theme). A sentence
scores for the distinct theme concepts it names, its theme mentions, and the
theme density of its passage; it loses for being a fragment (< 8 words) or a
run-on (> 60 words, usually a list or table flattened into one "sentence"), a
question, or a name list / title (most words capitalised). Bullet marks are
dropped from the quote.
Ties go to the earlier sentence; a best score under ``MIN_SCORE`` leaves the cell empty. Long sentences are cut around the first mention.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from dclit.records import Document

MAX_CHARS = 320
MIN_SCORE = 0.5  # below this (a lone fragment, question or name list) the cell stays empty
SKIP_KINDS = frozenset({"references", "toc"})


@dataclass(frozen=True, slots=True)
class Quote:
    doc_id: str
    theme: str
    text: str
    page: int
    page_label: str
    start: int
    end: int
    concepts: tuple[str, ...]
    score: float


def page_label(doc: Document, number: int) -> str:
    return doc.page_label(number)


def clip(text: str, size: int = MAX_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    cut = text[:size].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


def clip_around(text: str, start: int, end: int, size: int = MAX_CHARS) -> str:
    """``text`` squashed and cut to about ``size`` characters keeping ``[start, end)`` in view."""
    if len(" ".join(text.split())) <= size:
        return " ".join(text.split())
    lo = max(0, start - size // 3)
    hi = min(len(text), lo + size)
    lo = max(0, min(lo, hi - size))
    piece = text[lo:hi]
    if lo > 0:
        piece = "… " + piece.split(" ", 1)[-1] if " " in piece else piece
    if hi < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return " ".join(piece.split())


def _kind(doc: Document, idx: int) -> str:
    p = doc.passages[idx] if 0 <= idx < len(doc.passages) else None
    return p.kind if p is not None and p.index == idx else "body"


_BULLET = re.compile(r"^\s*(?:[-–•*▪◦·]|\(?[a-z0-9]{1,3}[.)])\s+|\s+[-–]\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def capital_share(sentence: str) -> float:
    """Share of words starting with a capital: high in name lists, titles and headings."""
    words = _WORD.findall(sentence)
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _score(sentence: str, n_concepts: int, n_mentions: int, density: int, kind: str) -> float:
    words = len(sentence.split())
    score = 2.0 * n_concepts + min(n_mentions, 3) + 0.5 * min(density, 6)
    if sentence.rstrip().endswith("?"):
        score -= 2
    if words >= 8 and capital_share(sentence) > 0.45:
        score -= 3
    if words < 8:
        score -= 3
    if words > 60:
        score -= 2 + (words - 60) / 30
    if kind == "heading":
        score -= 6
    elif kind in ("table", "list"):
        score -= 1
    return round(score, 3)


def best_quotes(data) -> dict[tuple[str, str], Quote]:
    """{(doc_id, theme): Quote} for every document and theme it mentions."""
    groups: dict[tuple[str, str, int, int], list] = defaultdict(list)
    density: Counter = Counter()
    for m in data.mentions:
        theme = data.theme_of(m.concept)
        groups[(m.doc_id, theme, m.sentence_start, m.sentence_end)].append(m)
        density[(m.doc_id, theme, m.passage)] += 1
    best: dict[tuple[str, str], Quote] = {}
    for (doc_id, theme, ss, se), ms in sorted(groups.items()):
        doc = data.documents[doc_id]
        kind = _kind(doc, ms[0].passage)
        if kind in SKIP_KINDS:
            continue
        sentence = doc.text[ss:se]
        score = _score(sentence, len({m.concept for m in ms}), len(ms), density[(doc_id, theme, ms[0].passage)],
                       kind)
        key = (doc_id, theme)
        if score < MIN_SCORE or key in best and best[key].score >= score:
            continue
        first = ms[0]
        best[key] = Quote(doc_id=doc_id, theme=theme,
                          text=_BULLET.sub("", clip_around(sentence, first.start - ss, first.end - ss)),
                          page=first.page, page_label=page_label(doc, first.page), start=ss, end=se,
                          concepts=tuple(sorted({m.concept for m in ms})), score=score)
    return best
