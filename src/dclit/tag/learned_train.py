"""Train the span model of :mod:`dclit.tag.learned` on the gold annotations:
``python -m dclit.tag.learned_train [--corpus DIR] [--gold DIR] [--out DIR] [--splits ...]``.

Deterministic: documents, splits and sentences are taken in a fixed order, L-BFGS runs a
bounded number of iterations, and the report holds no timings, so the same gold, corpus,
registry and code give the same bytes. Writes ``tagspan-crf.crfsuite`` and ``tagspan-crf.json``
(settings, splits, SHA-256 of the gold files and of the registry, token and span counts).

Only tokens inside each split's ``covered`` ranges are training data. Every sequence is
given twice: with the dictionary tagger's output among its features, and without it
(so the model also learns to find spans from the words alone; measured in
``benchmarks/learned_spans.py``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

from dclit.tag import learned
from dclit.tag.evaluate import GoldDocument, load_gold, merge_documents, reanchor
from dclit.tag.registry import Registry, default_registry_path, load_registry

log = logging.getLogger(__name__)

TRAIN_SPLITS = ("dev", "test4", "test5", "test6", "test7", "test8", "test9", "test10")
LEVEL = "top"
DICTIONARY_FEATURES = ("d=", "dt=", "df=", "dflag=", "dropped")
REPORT_NAME = "tagspan-crf.json"


@dataclass
class GoldData:
    """Annotated documents, extracted and tagged once."""

    registry: Registry
    tagger: object  # dclit.tag.tagger.Tagger
    entries: list[GoldDocument]  # one per (document, split)
    docs: dict = field(default_factory=dict)  # document name -> Document
    gold: dict = field(default_factory=dict)  # document name -> [GoldSpan] re-anchored on its text
    mentions: dict = field(default_factory=dict)  # document name -> [Mention] of the dictionary
    dropped: dict = field(default_factory=dict)  # document name -> [(start, end)] a context rule dropped


def without_drop_rules(registry: Registry) -> Registry:
    """The registry with its drop and require context rules removed."""
    return Registry([replace(c, context=tuple(r for r in c.context if r.action not in ("drop", "require")))
                     for c in registry])


def dropped_spans(doc, mentions, loose_tagger) -> list[tuple[int, int]]:
    """Matches of the rule-less tagger that overlap no mention: where a context rule dropped one."""
    kept = [(m.start, m.end) for m in mentions]
    return [(m.start, m.end) for m in loose_tagger.tag(doc)
            if not any(a < m.end and m.start < b for a, b in kept)]


def _extract(path: Path, cache: Path | None):
    from dclit.extract import EXTRACT_VERSION, extract_document
    if cache is None:
        return extract_document(path)
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    f = cache / f"doc-{EXTRACT_VERSION}-{key}.pkl"
    if f.exists():
        return pickle.loads(f.read_bytes())
    doc = extract_document(path)
    cache.mkdir(parents=True, exist_ok=True)
    f.write_bytes(pickle.dumps(doc))
    return doc


def load_gold_data(gold_dir: Path, corpus: Path, splits: tuple[str, ...], *, registry: Registry | None = None,
                   cache: Path | None = None) -> GoldData:
    """Extract, tag and re-anchor the gold of every document annotated in ``splits``."""
    from dclit.tag.tagger import Tagger
    registry = registry if registry is not None else load_registry()
    entries, spans = load_gold(gold_dir)
    data = GoldData(registry, Tagger(registry), [e for e in entries if e.split in splits])
    loose = Tagger(without_drop_rules(registry))
    for name in sorted({e.document for e in data.entries}):
        entry = next(e for e in data.entries if e.document == name)
        doc = data.docs[name] = _extract(Path(corpus) / entry.path, cache)
        placed = [reanchor(s, doc.text) for s in spans if s.document == name]
        data.gold[name] = [s for s in placed if s is not None]
        if len(data.gold[name]) < len(placed):
            log.warning("%s: %d gold spans not found in the text; left out", name, len(placed) - len(data.gold[name]))
        data.mentions[name] = data.tagger.tag(doc)
        data.dropped[name] = dropped_spans(doc, data.mentions[name], loose)
    return data


def split_docs(data: GoldData, split: str) -> list[GoldDocument]:
    return merge_documents(e for e in data.entries if e.split == split)


def split_sequences(data: GoldData, split: str) -> list[tuple[learned.TokenSeq, list]]:
    """Unlabelled sequences of the covered parts of ``split``, each with the gold spans
    ``(start, end, concept)`` it overlaps (document order, then text order)."""
    out = []
    for e in split_docs(data, split):
        seqs = learned.document_sequences(data.docs[e.document], data.mentions[e.document], data.tagger,
                                          covered=e.covered, dropped=data.dropped[e.document], doc_key=e.document)
        gold = [(s.start, s.end, s.concept) for s in data.gold[e.document]]
        out += [(q, [g for g in gold if g[0] < q.ends[-1] and q.starts[0] < g[1]]) for q in seqs]
    return out


def without(q: learned.TokenSeq, prefixes: tuple[str, ...]) -> learned.TokenSeq:
    """``q`` without the features starting with one of ``prefixes`` (on the token or a neighbour)."""
    def keep(f: str) -> bool:
        base = f.split(":", 1)[1] if f[:1] in "+-" and ":" in f[:3] else f
        return not base.startswith(prefixes)
    return replace(q, features=tuple(tuple(f for f in fs if keep(f)) for fs in q.features))


def labelled(registry: Registry | None, items, level: str = LEVEL, drop: tuple[str, ...] = ()) -> list[learned.TokenSeq]:
    """The sequences with BIO labels at ``level``, without the features starting with ``drop``."""
    out = []
    for q, gold in items:
        spans = [(a, b, learned.concept_name(registry, c, level)) for a, b, c in gold]
        q = without(q, drop) if drop else q
        out.append(replace(q, labels=learned.bio_labels(q, spans)))
    return out


def training_sequences(data: GoldData, splits, level: str = LEVEL, augment: bool = True) -> list[learned.TokenSeq]:
    """Labelled sequences of ``splits``; with ``augment``, each once more without the dictionary's features."""
    items = [x for s in splits for x in split_sequences(data, s)]
    seqs = labelled(data.registry, items, level)
    return seqs + (labelled(data.registry, items, level, DICTIONARY_FEATURES) if augment else [])


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def train_model(gold_dir: Path, corpus: Path, out_dir: Path, splits: tuple[str, ...] = TRAIN_SPLITS, *,
                settings: dict | None = None, cache: Path | None = None) -> dict:
    """Train on ``splits`` and write the model and its report into ``out_dir``."""
    import pycrfsuite

    from dclit.tag import TAG_VERSION
    data = load_gold_data(gold_dir, corpus, splits, cache=cache)
    seqs = training_sequences(data, splits)
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = learned.train(seqs, out_dir / learned.MODEL_NAME, settings)
    gold_files = sorted(Path(gold_dir).glob("gold/*.jsonl")) + [Path(gold_dir) / "documents.jsonl"]
    meta = {
        "model": learned.MODEL_NAME,
        "trainer": f"python-crfsuite {_version(pycrfsuite)}",
        "settings": settings,
        "level": LEVEL,
        "augmented": "each sequence twice: with and without the dictionary's features",
        "splits": list(splits),
        "documents": len(data.docs),
        "sequences": len(seqs) // 2,
        "tokens": sum(len(q.starts) for q in seqs) // 2,
        "spans": sum(lab.startswith("B-") for q in seqs[:len(seqs) // 2] for lab in q.labels),
        "labels": sorted({lab for q in seqs for lab in q.labels}),
        "tag_version": TAG_VERSION,
        "sha256": {**{f.name: _sha256(f) for f in gold_files}, "registry": _sha256(default_registry_path())},
        "combine": {"strategy": learned.STRATEGY, "add_threshold": learned.ADD_THRESHOLD},
    }
    (out_dir / REPORT_NAME).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def _version(module) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("python-crfsuite")
    except PackageNotFoundError:
        return getattr(module, "__version__", "?")


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[3]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=root.parent / "shared" / "corpus")
    ap.add_argument("--gold", type=Path, default=root / "annotations")
    ap.add_argument("--out", type=Path, default=root / "models")
    ap.add_argument("--splits", default=",".join(TRAIN_SPLITS), help="comma-separated gold splits to train on")
    ap.add_argument("--cache", type=Path, help="keep extracted documents here (pickles) between runs")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    meta = train_model(args.gold, args.corpus, args.out, tuple(args.splits.split(",")), cache=args.cache)
    log.info("wrote %s (%d tokens, %d spans) and %s", args.out / learned.MODEL_NAME, meta["tokens"],
             meta["spans"], args.out / REPORT_NAME)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
