"""Train the reference-parsing CRF: ``python -m dclit.biblio.train [--data DIR] [--out DIR]``.

Deterministic: fixed hash split (data.held_out), fixed row order, L-BFGS with a
bounded number of iterations. Writes ``refparser.crfsuite`` and ``refparser.json``
(settings, data hashes, split sizes, held-out scores) into ``--out`` (default models/).
"""
from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from dclit.biblio import data
from dclit.biblio.crf import MODEL_NAME, models_dir, to_csl
from dclit.biblio.evaluate import score, token_scores
from dclit.biblio.features import token_features
from dclit.biblio.rules import apply_leading_authors

log = logging.getLogger(__name__)

SETTINGS = {
    "algorithm": "lbfgs",
    "c1": 0.5,
    "c2": 0.1,
    "max_iterations": 150,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}


def train(data_dir: Path, out_dir: Path, settings: dict | None = None) -> dict:
    import pycrfsuite

    settings = {**SETTINGS, **(settings or {})}
    train_set, test_set, hashes = data.load(data_dir)
    log.info("train %d, held out %d", len(train_set), len(test_set))
    trainer = pycrfsuite.Trainer(verbose=False)
    algorithm = settings.pop("algorithm")
    trainer.select(algorithm)
    for ex in train_set:
        trainer.append(token_features(ex.tokens), ex.labels)
    trainer.set_params(settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / MODEL_NAME
    t0 = time.perf_counter()
    trainer.train(str(model_path))
    seconds = time.perf_counter() - t0

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))

    predicted = {ex.id: tagger.tag(token_features(ex.tokens)) for ex in test_set}
    scores = score(test_set, lambda ex: to_csl(
        ex.raw, ex.tokens, apply_leading_authors(ex.raw, ex.tokens, predicted[ex.id])))
    tokens = token_scores(test_set, predicted)
    meta = {
        "model": MODEL_NAME,
        "trainer": f"python-crfsuite {pycrfsuite.__version__ if hasattr(pycrfsuite, '__version__') else ''}".strip(),
        "settings": {"algorithm": algorithm, **settings},
        "data": {"dir": str(data_dir), "sha256": hashes, "dropped": "rows with duplicate_of"},
        "split": {"rule": f"sha1(id) % {data.HELD_OUT_MOD} == 0 is held out",
                  "train": len(train_set), "held_out": len(test_set)},
        "labels": sorted({lab for ex in train_set for lab in ex.labels}),
        "held_out_token_accuracy": tokens["micro"]["f1"],
        "held_out_token_f1": {k: tokens[k]["f1"] for k in ("title", "container", "macro") if k in tokens},
        "held_out_scores": scores,
        "held_out_scores_note": "CRF + leading names-(year) rule, as dclit parses (benchmarks/references.py)",
        "train_seconds": round(seconds, 1),
    }
    (out_dir / "refparser.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=models_dir())
    ap.add_argument("--max-iterations", type=int, default=SETTINGS["max_iterations"])
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    meta = train(args.data, args.out, {"max_iterations": args.max_iterations})
    s = meta["held_out_scores"]
    log.info("wrote %s (%.0f s); held-out macro-F1 all=%.3f author-year=%.3f numeric=%.3f",
             args.out / MODEL_NAME, meta["train_seconds"], s["all"]["macro_f1"],
             s.get("author-year", {}).get("macro_f1", 0), s.get("numeric", {}).get("macro_f1", 0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
