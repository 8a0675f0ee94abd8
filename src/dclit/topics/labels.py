"""Readable topic labels: the registry concepts most present in a topic, then its keywords.

A concept counts for a topic by the passages of the topic that mention it (the tag
stage's mentions), weighted by how much more often it appears there than in the whole
corpus, so a concept mentioned everywhere ("development") does not label every topic.
"""
from __future__ import annotations

import math
from collections import Counter

OUTLIER_LABEL = "(outliers: passages no topic took)"


def topic_concepts(assignments: dict[tuple[str, int], int], passage_concepts: dict[tuple[str, int], set[str]],
                   *, min_passages: int = 2, top: int = 5) -> dict[int, list[tuple[str, int]]]:
    """For each topic, up to ``top`` (concept, passages) pairs, most distinctive first."""
    total = len(assignments)
    overall: Counter[str] = Counter()
    per_topic: dict[int, Counter[str]] = {}
    size: Counter[int] = Counter(assignments.values())
    for key, topic in assignments.items():
        concepts = passage_concepts.get(key, ())
        overall.update(concepts)
        per_topic.setdefault(topic, Counter()).update(concepts)
    out: dict[int, list[tuple[str, int]]] = {}
    for topic in sorted(size):
        scored = []
        for concept, n in per_topic.get(topic, Counter()).items():
            share = n / size[topic]
            lift = share / (overall[concept] / total)
            if n >= min_passages and lift > 1.0:
                scored.append((-(share * math.log(lift)), concept, n))
        out[topic] = [(c, n) for _, c, n in sorted(scored)[:top]]
    return out


def concept_name(registry, concept: str, lang: str = "en") -> str:
    found = registry.get(concept) if registry is not None else None
    return found.label(lang) if found is not None else concept


def make_label(topic: int, concepts: list[tuple[str, int]], words: list[tuple[str, float]], registry,
               *, max_concepts: int = 2, max_words: int = 3) -> str:
    """'Twinning / Diaspora: city, partnership, municipal' or, without concepts, the keywords alone."""
    if topic == -1:
        return OUTLIER_LABEL
    kw = ", ".join(w for w, _ in words[:max_words + (0 if concepts else 1)])
    if not concepts:
        return kw or f"topic {topic}"
    names = " / ".join(concept_name(registry, c) for c, _ in concepts[:max_concepts])
    return f"{names}: {kw}" if kw else names
