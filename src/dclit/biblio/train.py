"""Train the reference-parsing CRF: ``python -m dclit.biblio.train [--data DIR] [--out DIR] [--dev]``.

Deterministic: fixed hash split (data.held_out), fixed row order, L-BFGS with a
bounded number of iterations. Writes ``refparser.crfsuite`` and ``refparser.json``
(settings, data hashes, split sizes, held-out scores) into ``--out`` (default models/).

``--dev`` trains on the training rows minus a validation split (``sha1(id) % 10 == 1``)
and scores that split instead of the held-out one: settings and features are chosen
this way, never on the held-out rows.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import time
from pathlib import Path

from dclit.biblio import data
from dclit.biblio.crf import MODEL_NAME, item_from_tags, models_dir
from dclit.biblio.evaluate import MATCHERS, score, token_scores
from dclit.biblio.features import token_features

log = logging.getLogger(__name__)

SETTINGS = {
    "algorithm": "lbfgs",
    "c1": 0.5,
    "c2": 0.1,
    "max_iterations": 150,
    "feature.minfreq": 2,
    "feature.possible_transitions": True,
}
DEV_MOD = 1  # validation rows: sha1(id) % HELD_OUT_MOD == DEV_MOD (inside the training rows)


def is_dev(row_id: str, dev_mod: int = DEV_MOD) -> bool:
    return int(hashlib.sha1(row_id.encode()).hexdigest(), 16) % data.HELD_OUT_MOD == dev_mod


def _fit(train_set: list, model_path: Path, settings: dict) -> float:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.select(settings["algorithm"])
    for ex in train_set:
        trainer.append(token_features(ex.tokens), ex.labels)
    trainer.set_params({k: v for k, v in settings.items() if k != "algorithm"})
    t0 = time.perf_counter()
    trainer.train(str(model_path))
    return time.perf_counter() - t0


def _evaluate(model_path: Path, rows: list) -> tuple[dict, dict]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    predicted = {ex.id: tagger.tag(token_features(ex.tokens)) for ex in rows}

    def parse(ex: data.Example) -> dict:
        return item_from_tags(ex.raw, ex.tokens, predicted[ex.id])

    scores = score(rows, parse, matchers=MATCHERS)
    scores["soft_cleaned_gold"] = score(data.cleaned(rows), parse)
    return scores, token_scores(rows, predicted)


def train(data_dir: Path, out_dir: Path, settings: dict | None = None, dev: bool = False,
          dev_mod: int = DEV_MOD) -> dict:
    import pycrfsuite

    if dev and not 0 < dev_mod < data.HELD_OUT_MOD:
        raise ValueError(f"The 'dev_mod' parameter of train must be in 1..{data.HELD_OUT_MOD - 1} "
                         f"(0 is the held-out split). Got {dev_mod} instead.")
    settings = {**SETTINGS, **(settings or {})}
    train_set, test_set, hashes = data.load(data_dir)
    if dev:
        train_set, test_set = ([e for e in train_set if not is_dev(e.id, dev_mod)],
                               [e for e in train_set if is_dev(e.id, dev_mod)])
    log.info("train %d, %s %d", len(train_set), "dev" if dev else "held out", len(test_set))
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / MODEL_NAME
    seconds = _fit(train_set, model_path, settings)
    scores, tokens = _evaluate(model_path, test_set)
    which = "dev" if dev else "held_out"
    meta = {
        "model": MODEL_NAME,
        "trainer": f"python-crfsuite {getattr(pycrfsuite, '__version__', '')}".strip(),
        "settings": settings,
        "data": {"dir": str(data_dir), "sha256": hashes, "dropped": "rows with duplicate_of"},
        "split": {"rule": f"sha1(id) % {data.HELD_OUT_MOD} == 0 is held out"
                          + (f"; dev run: trained without sha1(id) % {data.HELD_OUT_MOD} == {dev_mod}, "
                             "scored on it" if dev else ""),
                  "train": len(train_set), which: len(test_set)},
        "labels": sorted({lab for ex in train_set for lab in ex.labels}),
        f"{which}_token_accuracy": tokens["micro"]["f1"],
        f"{which}_token_f1": {k: tokens[k]["f1"] for k in ("title", "container", "macro") if k in tokens},
        f"{which}_scores": scores["soft"],
        f"{which}_scores_cleaned_gold": scores["soft_cleaned_gold"],
        f"{which}_scores_by_matcher": {m: scores[m]["all"] for m in MATCHERS},
        f"{which}_scores_note": "soft match (goal); CRF + post-processing + leading names-(year) rule, "
                                "as dclit parses (benchmarks/references.py)",
        "train_seconds": round(seconds, 1),
    }
    (out_dir / "refparser.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=models_dir())
    ap.add_argument("--dev", action="store_true", help="train without the validation split, score on it")
    ap.add_argument("--dev-mod", type=int, default=DEV_MOD,
                    help="validation split: sha1(id) %% 10 == this (1..9; 1 by default)")
    ap.add_argument("--max-iterations", type=int, default=SETTINGS["max_iterations"])
    ap.add_argument("--c1", type=float, default=SETTINGS["c1"])
    ap.add_argument("--c2", type=float, default=SETTINGS["c2"])
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.dev and args.out == models_dir():
        ap.error("--dev writes a model trained on fewer rows: give --out DIR (not models/)")
    meta = train(args.data, args.out, {"max_iterations": args.max_iterations, "c1": args.c1, "c2": args.c2},
                 dev=args.dev, dev_mod=args.dev_mod)
    s = meta["dev_scores" if args.dev else "held_out_scores"]
    c = meta["dev_scores_cleaned_gold" if args.dev else "held_out_scores_cleaned_gold"]
    log.info("wrote %s (%.0f s); %s soft F1 title=%.3f container=%.3f family=%.3f year=%.3f"
             " (cleaned gold: title=%.3f container=%.3f)",
             args.out / MODEL_NAME, meta["train_seconds"], "dev" if args.dev else "held-out",
             *(s["all"][f]["f1"] for f in ("title", "container", "family", "year")),
             c["all"]["title"]["f1"], c["all"]["container"]["f1"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
