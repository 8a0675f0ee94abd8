"""BERTopic with seeded UMAP and HDBSCAN over precomputed passage embeddings; saving and loading.

Determinism: passages come in a fixed order (doc_id, idx), embeddings are cached, UMAP
has a fixed ``random_state`` (which also makes it single-threaded) and HDBSCAN is
deterministic given its input, so the same corpus and settings give the same topics.

New passages are assigned with the saved model (safetensors: topic embeddings and
c-TF-IDF, no UMAP/HDBSCAN): each goes to the topic whose embedding is nearest by
cosine similarity, which never moves a passage assigned before.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from dclit.errors import ConfigError
from dclit.topics.embed import Embedder, require_extra
from dclit.topics.settings import TopicSettings

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr", "es", "it", "de", "nl", "pt")  # the corpus languages spaCy has stop words for
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"  # words of three letters or more, no digits
INFO_FILE = "dclit_topics.json"


@lru_cache(maxsize=1)
def stop_words() -> tuple[str, ...]:
    """spaCy's stop words for every language of the corpus (shipped with spaCy, offline)."""
    import importlib

    words: set[str] = set()
    for lang in LANGUAGES:
        words |= set(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
    pattern = re.compile(TOKEN_PATTERN)
    # keep only words the tokenizer can produce (others only make scikit-learn warn)
    return tuple(sorted({w.lower() for w in words if pattern.fullmatch(w.lower())}))


def make_vectorizer(settings: TopicSettings):
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(stop_words=list(stop_words()), token_pattern=TOKEN_PATTERN,
                           ngram_range=(1, settings.ngram_max), lowercase=True)


def _wrap(embedder: Embedder):
    from bertopic.backend import BaseEmbedder

    class _Backend(BaseEmbedder):
        def embed(self, documents, verbose=False):
            return embedder.encode(list(documents))

    return _Backend()


def build(settings: TopicSettings, n: int, embedder: Embedder):
    """A BERTopic model whose sub-models are all seeded or deterministic."""
    require_extra()
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from umap import UMAP

    if n < max(2 * settings.min_cluster_size, settings.n_components + 2, 10):
        raise ConfigError(f"only {n} passages to model; topics need at least "
                          f"{max(2 * settings.min_cluster_size, settings.n_components + 2, 10)} "
                          f"(2 x min_cluster_size={settings.min_cluster_size}).", stage="topics",
                          hint="Add documents, or lower --min-cluster-size.")
    umap_model = UMAP(n_neighbors=min(settings.n_neighbors, n - 1), n_components=settings.n_components,
                      min_dist=0.0, metric="cosine", random_state=settings.seed)
    hdbscan_model = HDBSCAN(min_cluster_size=settings.min_cluster_size, min_samples=settings.min_samples,
                            metric="euclidean", cluster_selection_method="eom", prediction_data=False)
    return BERTopic(embedding_model=_wrap(embedder), umap_model=umap_model, hdbscan_model=hdbscan_model,
                    vectorizer_model=make_vectorizer(settings),
                    ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
                    top_n_words=settings.top_n_words, calculate_probabilities=False, verbose=False)


@dataclass
class Fitted:
    model: object  # bertopic.BERTopic
    topics: list[int]
    probs: list[float]


def fit(texts: list[str], vectors: np.ndarray, settings: TopicSettings, embedder: Embedder) -> Fitted:
    model = build(settings, len(texts), embedder)
    topics, probs = model.fit_transform(texts, embeddings=vectors)
    probs = np.ones(len(topics)) if probs is None else np.asarray(probs, dtype=float).reshape(len(topics), -1)[:, 0]
    return Fitted(model=model, topics=[int(t) for t in topics], probs=[float(p) for p in probs])


def topic_vectors(model) -> dict[int, np.ndarray]:
    """Each topic's embedding (the centroid of its passages), by topic id."""
    offset = int(getattr(model, "_outliers", 0))
    emb = np.asarray(model.topic_embeddings_)
    return {int(t): emb[t + offset] for t in sorted(model.get_topics()) if 0 <= t + offset < len(emb)}


def keywords(model, topic: int) -> list[tuple[str, float]]:
    words = model.get_topic(topic) or []
    return [(str(w), round(float(s), 5)) for w, s in words if w]


def save(model, folder: Path, embedder: Embedder, info: dict) -> None:
    """BERTopic safetensors serialisation, plus the settings and corpus fingerprint beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    model.save(str(folder), serialization="safetensors", save_ctfidf=True, save_embedding_model=embedder.path)
    (folder / INFO_FILE).write_text(json.dumps(info, indent=2, sort_keys=True), encoding="utf-8")


def load(folder: Path, embedder: Embedder):
    require_extra()
    from bertopic import BERTopic

    return BERTopic.load(str(folder), embedding_model=_wrap(embedder))


def read_info(folder: Path) -> dict | None:
    path = folder / INFO_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def transform(model, texts: list[str], vectors: np.ndarray) -> tuple[list[int], list[float]]:
    """Nearest topic by cosine similarity to the saved topic embeddings (the model is unchanged)."""
    topics, probs = model.transform(texts, embeddings=vectors)
    probs = np.asarray(probs, dtype=float).reshape(len(topics), -1).max(axis=1)
    return [int(t) for t in topics], [float(p) for p in probs]
