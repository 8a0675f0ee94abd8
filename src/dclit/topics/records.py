"""Typed records of the topics stage: what it reads from and hands to the store, and what it returns.

Imports nothing heavy, so the store can import it.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TopicPassageRow:
    """A passage as the topics stage sees it, with its document's year and language."""

    doc_id: str
    idx: int
    page: int
    kind: str
    section: str | None
    text: str
    hash: str
    lang: str | None
    year: int | None
    path: str
    title: str | None


@dataclass(frozen=True, slots=True)
class TopicModelRow:
    model_id: str
    created: str
    path: str
    settings: dict
    fingerprint: str
    n_passages: int
    seconds: float | None


@dataclass(frozen=True, slots=True)
class TopicRow:
    model_id: str
    topic: int
    size: int
    label: str
    keywords: list
    concepts: list
    examples: list


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    doc_id: str
    idx: int
    topic: int
    prob: float
    model_id: str
    how: str


@dataclass(frozen=True, slots=True)
class Unit:
    """One passage the topic model sees."""

    doc_id: str
    idx: int
    page: int
    hash: str
    text: str
    lang: str | None
    year: int | None


@dataclass(frozen=True, slots=True)
class Example:
    """A representative passage of a topic, with its evidence."""

    doc_id: str
    idx: int
    page: int
    path: str
    title: str | None
    similarity: float
    text: str


@dataclass(frozen=True, slots=True)
class TopicInfo:
    topic: int  # -1: outliers (passages HDBSCAN left unclustered)
    size: int  # passages, including those assigned after the fit
    label: str
    keywords: tuple[tuple[str, float], ...]
    concepts: tuple[tuple[str, int], ...]  # registry concepts most present: (id, passages mentioning it)
    examples: tuple[Example, ...] = ()
    languages: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TopicModelInfo:
    model_id: str
    path: str
    n_passages: int
    n_topics: int  # not counting outliers
    n_outliers: int
    embedded: int  # passages embedded in this fit (the rest came from the cache)
    cached: int
    embed_seconds: float
    fit_seconds: float
    seconds: float
    settings: dict
    fingerprint: str
    reused: bool = False  # the stored model already matched corpus and settings

    @property
    def passages_per_second(self) -> float:
        return self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class DocTopics:
    """How one document's passages spread over the topics (shares sum to 1 over assigned passages)."""

    doc_id: str
    path: str
    title: str | None
    year: int | None
    language: str | None
    passages: int
    shares: tuple[tuple[int, float], ...]  # (topic, share), largest first
