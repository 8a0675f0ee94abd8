"""The topics stage over a store: fit, assign new passages, read topics back.

The store is passed in (this package never opens it, nor speaks SQL). Heavy
dependencies (torch, BERTopic) are imported only inside the functions that need them.
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from dclit.errors import MissingExtraError, QueryError
from dclit.topics import model as tm
from dclit.topics.embed import cache_key, embed_units, load_embedder, require_extra
from dclit.topics.labels import make_label, topic_concepts
from dclit.topics.records import (AssignmentRow, DocTopics, Example, TopicInfo, TopicModelInfo, TopicModelRow,
                                  TopicRow, Unit)
from dclit.topics.settings import SKIP_SECTIONS, TopicSettings

log = logging.getLogger(__name__)
N_EXAMPLES = 3


def _skipped_section(section: str | None) -> bool:
    if not section:
        return False
    name = section.strip().strip(".:").lower()
    name = name.lstrip("0123456789. ").strip()
    return name in SKIP_SECTIONS


def select_units(store, settings: TopicSettings, *, unassigned: bool = False) -> list[Unit]:
    """The passages topics are about, in a fixed order: wanted kinds, long enough, outside apparatus."""
    rows = store.topic_passages(tuple(settings.kinds), unassigned=unassigned)
    return [Unit(doc_id=r.doc_id, idx=r.idx, page=r.page, hash=r.hash, text=r.text, lang=r.lang, year=r.year)
            for r in rows if len(r.text.split()) >= settings.min_words and not _skipped_section(r.section)]


def corpus_fingerprint(units: list[Unit]) -> str:
    h = hashlib.sha256()
    for u in units:
        h.update(f"{u.doc_id}:{u.idx}:{u.hash}\n".encode())
    return h.hexdigest()[:16]


def _default_registry():
    try:
        from dclit.tag import load_registry

        return load_registry()
    except Exception as e:  # noqa: BLE001  (labels then fall back to keywords; say why)
        log.warning("topics: no concept registry (%s); topic labels use keywords only", e)
        return None


def _embedder(settings: TopicSettings, dask: str | None, workers: int):
    """The settings' embedder; with ``dask`` (``local`` or a scheduler address) its batches are
    encoded on the Dask workers (same name and path, so cache and saved model are unchanged)."""
    embedder = load_embedder(settings)
    if dask:
        from dclit.execute import DaskEmbedder

        embedder = DaskEmbedder(embedder, dask, workers=workers)
    return embedder


def fit(store, settings: TopicSettings | None = None, *, registry=None, force: bool = True,
        dask: str | None = None, workers: int = 2) -> TopicModelInfo:
    """Fit the topic model on the store's passages, save it, and replace every assignment.

    With ``force=False`` a stored model fitted on the same passages with the same settings
    is kept as it is (the result would be identical). With ``dask`` the passages are embedded
    in batches on a Dask cluster (``local`` starts one of ``workers`` processes)."""
    settings = settings or TopicSettings()
    start = time.perf_counter()
    units = select_units(store, settings)
    embedder = _embedder(settings, dask, workers)
    fingerprint = corpus_fingerprint(units)
    model_id = hashlib.sha256(f"{settings.fingerprint()}|{fingerprint}|{cache_key(embedder, settings)}"
                              .encode()).hexdigest()[:12]
    current = store.topic_model()
    if not force and current and current.model_id == model_id and Path(current.path).is_dir():
        return _info(store, current, embedded=0, cached=len(units), embed_s=0.0, fit_s=0.0,
                     seconds=time.perf_counter() - start, reused=True)
    require_extra()
    emb = embed_units(store, units, embedder, settings)
    t0 = time.perf_counter()
    fitted = tm.fit([u.text for u in units], emb.vectors, settings, embedder)
    fit_s = time.perf_counter() - t0
    folder = Path(settings.model_dir).expanduser().resolve() / model_id
    info = {"model_id": model_id, "settings": settings.to_json(), "corpus_fingerprint": fingerprint,
            "embedding_cache_key": cache_key(embedder, settings), "n_passages": len(units)}
    tm.save(fitted.model, folder, embedder, info)
    topics = _topic_rows(store, model_id, units, emb.vectors, fitted, registry or _default_registry())

    assignments = [AssignmentRow(u.doc_id, u.idx, t, round(p, 6), model_id, "fit")
                   for u, t, p in zip(units, fitted.topics, fitted.probs)]
    seconds = time.perf_counter() - start
    row = TopicModelRow(model_id, _now(), str(folder), settings.to_json(), fingerprint, len(units), seconds)
    store.save_topic_model(row, topics, assignments)
    log.info("topics: %d passages, %d topics in %.1f s", len(units), len(set(fitted.topics) - {-1}), seconds)
    return _info(store, row, embedded=emb.embedded, cached=emb.cached, embed_s=emb.seconds, fit_s=fit_s,
                 seconds=seconds)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _info(store, row, *, embedded: int, cached: int, embed_s: float, fit_s: float, seconds: float,
          reused: bool = False) -> TopicModelInfo:
    sizes = store.topic_sizes()
    return TopicModelInfo(model_id=row.model_id, path=row.path, n_passages=row.n_passages,
                          n_topics=len([t for t in sizes if t != -1]), n_outliers=sizes.get(-1, 0),
                          embedded=embedded, cached=cached, embed_seconds=embed_s, fit_seconds=fit_s,
                          seconds=seconds, settings=row.settings, fingerprint=row.fingerprint, reused=reused)


def _topic_rows(store, model_id: str, units: list[Unit], vectors: np.ndarray, fitted, registry) -> list:

    assigned = {(u.doc_id, u.idx): t for u, t in zip(units, fitted.topics)}
    concepts = topic_concepts(assigned, store.passage_concepts())
    centroids = tm.topic_vectors(fitted.model)
    topics_arr = np.asarray(fitted.topics)
    rows = []
    for topic in sorted(set(fitted.topics)):
        members = np.flatnonzero(topics_arr == topic)
        examples = []
        if topic in centroids:
            sims = vectors[members] @ centroids[topic] / max(float(np.linalg.norm(centroids[topic])), 1e-12)
            order = sorted(range(len(members)), key=lambda i: (-round(float(sims[i]), 6), i))[:N_EXAMPLES]
            examples = [[units[members[i]].doc_id, units[members[i]].idx, round(float(sims[i]), 4)] for i in order]
        words = tm.keywords(fitted.model, topic)
        rows.append(TopicRow(model_id, topic, len(members), make_label(topic, concepts.get(topic, []), words,
                                                                     registry),
                             [list(w) for w in words], [list(c) for c in concepts.get(topic, [])], examples))
    return rows


def assign_new(store, *, dask: str | None = None, workers: int = 2) -> int:
    """Assign passages that have no topic yet to the saved model's topics, leaving every
    existing assignment as it is. Returns how many were assigned; 0 (a no-op) when no
    model was fitted yet or the topic extra is not installed. ``dask``: as in :func:`fit`."""
    current = store.topic_model()
    if current is None:
        return 0
    try:
        require_extra()
    except MissingExtraError as e:
        log.info("topics: new passages not assigned: %s", e)
        return 0
    settings = TopicSettings.from_json(current.settings)
    units = select_units(store, settings, unassigned=True)
    folder = Path(current.path)
    if not units:
        return 0
    if not folder.is_dir():
        log.warning("topics: saved model %s is missing; run `dclit topics --refit`", folder)
        return 0
    embedder = _embedder(settings, dask, workers)
    saved = tm.read_info(folder) or {}
    if saved.get("embedding_cache_key") not in (None, cache_key(embedder, settings)):
        log.warning("topics: the embedding model changed since the fit (%s, now %s); consider --refit",
                    saved.get("embedding_cache_key"), cache_key(embedder, settings))
    emb = embed_units(store, units, embedder, settings)
    model = tm.load(folder, embedder)
    topics, probs = tm.transform(model, [u.text for u in units], emb.vectors)

    return store.add_topic_assignments([AssignmentRow(u.doc_id, u.idx, t, round(p, 6), current.model_id,
                                                      "transform") for u, t, p in zip(units, topics, probs)])


def topics(store) -> list[TopicInfo]:
    """Every topic of the stored model (outliers first), with sizes counting later assignments."""
    sizes = store.topic_sizes()
    langs: dict[int, Counter] = {}
    years: dict[int, Counter] = {}
    for topic, lang, year, n in store.topic_breakdown():
        langs.setdefault(topic, Counter())[lang or "?"] += n
        if year is not None:
            years.setdefault(topic, Counter())[year] += n
    return [TopicInfo(topic=r.topic, size=sizes.get(r.topic, 0), label=r.label,
                      keywords=tuple((w, s) for w, s in r.keywords), concepts=tuple((c, n) for c, n in r.concepts),
                      languages=dict(langs.get(r.topic, Counter()).most_common()),
                      years=dict(sorted(years.get(r.topic, Counter()).items())))
            for r in store.topic_rows()]


def topic(store, n: int) -> TopicInfo:
    """One topic with its most representative passages (document and page)."""
    found = [t for t in topics(store) if t.topic == n]
    if not found:
        known = ", ".join(str(t.topic) for t in topics(store)) or "none: run `dclit topics --refit`"
        raise QueryError(f"no topic {n} in the store (topics: {known}).")
    row = store.topic_rows(n)[0]
    by_key = {(p.doc_id, p.idx): p for p in store.topic_passages_by_key([(d, i) for d, i, _ in row.examples])}
    examples = tuple(Example(doc_id=d, idx=i, page=by_key[(d, i)].page, path=by_key[(d, i)].path,
                             title=by_key[(d, i)].title, similarity=s, text=by_key[(d, i)].text)
                     for d, i, s in row.examples if (d, i) in by_key)
    t = found[0]
    return TopicInfo(topic=t.topic, size=t.size, label=t.label, keywords=t.keywords, concepts=t.concepts,
                     examples=examples, languages=t.languages, years=t.years)


def doc_topics(store) -> list[DocTopics]:
    """Each document's topic distribution: the share of its assigned (non-outlier) passages per topic."""
    per_doc: dict[str, Counter] = {}
    for a in store.topic_assignments():
        per_doc.setdefault(a.doc_id, Counter())[a.topic] += 1
    out = []
    for d in store.documents():
        counts = per_doc.get(d.doc_id, Counter())
        clustered = {t: n for t, n in counts.items() if t != -1}
        total = sum(clustered.values())
        shares = tuple(sorted(((t, round(n / total, 4)) for t, n in clustered.items()), key=lambda x: (-x[1], x[0])))
        out.append(DocTopics(doc_id=d.doc_id, path=d.path, title=d.title, year=d.year, language=d.language,
                             passages=sum(counts.values()), shares=shares if total else ()))
    return out


def topics_over_time(store) -> dict[int, dict[int, int]]:
    """{topic: {year: passages}} for documents with a known year (outliers left out)."""
    out: dict[int, Counter] = {}
    for topic, _lang, year, n in store.topic_breakdown():
        if topic != -1 and year is not None:
            out.setdefault(topic, Counter())[year] += n
    return {t: dict(sorted(c.items())) for t, c in sorted(out.items())}
