"""Train/evaluate the neural reference tagger (``dclit.biblio.neural``) against the CRF.

    python -m dclit.biblio.neural_train --out models --crf models        # make train-refs-neural
    python -m dclit.biblio.neural_train --dev [--dev-mod 2] --out /tmp/neural/m1 --crf /tmp/neural/crf1

Deterministic: fixed split (data.held_out / train.is_dev), seeded shuffles, one thread,
``torch.use_deterministic_algorithms(True)``, safetensors output. Scores the same way as ``dclit.biblio.train`` (post-processing, leading-names rule,
``crf.to_csl``, ``evaluate.score``), by style and by source, and times both parsers.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import time
from collections import Counter
from pathlib import Path

from dclit.biblio import data
from dclit.biblio.crf import item_from_tags, tag_tokens
from dclit.biblio.evaluate import score, token_scores
from dclit.biblio.features import LABELS, token_features
from dclit.biblio.neural import (MODEL_NAME, VOCAB_NAME, Encoder, HeadConfig, NeuralTagger, bag_inputs,
                                 build_head, feature_ids)
from dclit.biblio.train import is_dev

log = logging.getLogger(__name__)

REPORT_NAME = "refparser-neural-report.json"
TRAIN = {"epochs": 6, "batch": 64, "lr": 3e-3, "clip": 5.0, "seed": 13, "max_feats": 120_000,
         "minfreq": 2}


def setup_torch():
    import torch

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    # deterministic mode also fills every new tensor with NaN (a debugging aid that made
    # backward passes 2x slower here); nothing reads uninitialised memory, so it is off
    torch.utils.deterministic.fill_uninitialized_memory = False
    return torch


def encode_rows(rows: list) -> dict:
    """{row id: (n_tokens, 384) tensor} of MiniLM's word-piece embedding table."""
    setup_torch()
    enc = Encoder()
    return {r.id: enc.encode(r.tokens) for r in rows}


def build_vocab(rows: list, max_feats: int, minfreq: int, feats: dict) -> list[str]:
    counts: Counter = Counter()
    for r in rows:
        for fs in feats[r.id]:
            counts.update(fs)
    kept = sorted((f for f, c in counts.items() if c >= minfreq), key=lambda f: (-counts[f], f))
    return kept[:max_feats - 1]


def _batch(torch, rows, encs, fids, use_encoder: bool):
    lengths = [len(r.tokens) for r in rows]
    t = max(lengths)
    enc = None
    if use_encoder:
        enc = torch.zeros(len(rows), t, 384)
        for j, r in enumerate(rows):
            enc[j, :lengths[j]] = encs[r.id]
    flat, offsets = bag_inputs([fids[r.id] for r in rows], t)
    return enc, flat, offsets, lengths


def fit(rows: list, encs: dict, cfg_over: dict, train_over: dict) -> tuple:
    torch = setup_torch()
    opts = {**TRAIN, **train_over}
    torch.manual_seed(opts["seed"])
    t0 = time.perf_counter()
    feats = {r.id: token_features(r.tokens) for r in rows}
    vocab_list = build_vocab(rows, opts["max_feats"], opts["minfreq"], feats)
    vocab = {f: i + 1 for i, f in enumerate(vocab_list)}
    fids = {r.id: feature_ids(r.tokens, vocab, feats[r.id]) for r in rows}
    del feats
    log.info("%d attributes (%.0f s)", len(vocab_list), time.perf_counter() - t0)
    cfg = HeadConfig(n_feats=len(vocab) + 1, **cfg_over)
    head = build_head(cfg)
    opt = torch.optim.Adam(head.parameters(), lr=opts["lr"])
    lab = {x: i for i, x in enumerate(LABELS)}
    gen = torch.Generator().manual_seed(opts["seed"])
    order = sorted(rows, key=lambda r: r.id)
    for epoch in range(opts["epochs"]):
        head.train()
        perm = torch.randperm(len(order), generator=gen).tolist()
        chunks = [perm[k:k + opts["batch"] * 50] for k in range(0, len(perm), opts["batch"] * 50)]
        batches = []
        for ch in chunks:
            ch = sorted(ch, key=lambda i: len(order[i].tokens))
            batches += [ch[k:k + opts["batch"]] for k in range(0, len(ch), opts["batch"])]
        bperm = torch.randperm(len(batches), generator=gen).tolist()
        total = 0.0
        for bi in bperm:
            part = [order[i] for i in batches[bi]]
            enc, flat, offsets, lengths = _batch(torch, part, encs, fids, cfg.use_encoder)
            t = max(lengths)
            tags = torch.zeros(len(part), t, dtype=torch.long)
            mask = torch.zeros(len(part), t)
            for j, r in enumerate(part):
                tags[j, :lengths[j]] = torch.tensor([lab[x] for x in r.labels])
                mask[j, :lengths[j]] = 1
            loss = head.nll(head.emissions(enc, flat, offsets, lengths), tags, mask)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(head.parameters(), opts["clip"])
            opt.step()
            total += float(loss.detach()) * len(part)
        log.info("epoch %d loss %.3f (%.0f s)", epoch + 1, total / len(order), time.perf_counter() - t0)
    head.eval()
    return head, cfg, vocab_list, vocab, time.perf_counter() - t0


def save(out: Path, head, cfg: HeadConfig, vocab_list: list[str], meta: dict) -> None:
    from dataclasses import asdict

    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in head.state_dict().items()}, str(out / MODEL_NAME))
    (out / VOCAB_NAME).write_text(json.dumps({"config": asdict(cfg), "features": vocab_list, **meta},
                                             ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def predict(head, cfg, vocab, rows, encs) -> dict[str, list[str]]:
    setup_torch()
    tagger = NeuralTagger(head, cfg, vocab)
    return {r.id: tagger.tag(r.tokens, encs.get(r.id)) for r in rows}


def crf_predict(model: Path, rows) -> dict[str, list[str]]:
    return {r.id: tag_tokens(r.tokens, model) for r in rows}


def source(row_id: str) -> str:
    parts = row_id.split(":")
    return parts[1] if parts[0] == "anystyle" else "grobid"


def field_scores(rows, predicted) -> dict:
    """Soft F1 by style, by source × style, and on the cleaned gold (as train.py scores)."""
    def parse(ex):
        return item_from_tags(ex.raw, ex.tokens, predicted[ex.id])

    out = {"all": score(rows, parse), "cleaned": score(data.cleaned(rows), parse)}
    for src in sorted({source(r.id) for r in rows}):
        out[f"src:{src}"] = score([r for r in rows if source(r.id) == src], parse)
    out["token_accuracy"] = token_scores(rows, predicted)["micro"]["f1"]
    return out


def timing(rows, crf_model: Path, folder: Path, n: int = 300) -> dict:
    """References/s of the CRF and of the neural tagger (MiniLM + head), one at a time, same rows."""
    from dclit.biblio import neural

    sample = sorted(rows, key=lambda r: r.id)[:n]
    tag_tokens(sample[0].tokens, crf_model)
    t0 = time.perf_counter()
    for r in sample:
        tag_tokens(r.tokens, crf_model)
    crf_s = time.perf_counter() - t0
    tagger = neural.load(str(folder))
    tagger.tag(sample[0].tokens)
    t0 = time.perf_counter()
    for r in sample:
        tagger.tag(r.tokens)
    nn_s = time.perf_counter() - t0
    return {"n": len(sample), "crf_refs_per_s": round(len(sample) / crf_s, 1),
            "neural_refs_per_s": round(len(sample) / nn_s, 1),
            "slowdown": round(nn_s / crf_s, 1)}


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dev", action="store_true", help="train without the validation split, score on it")
    ap.add_argument("--dev-mod", type=int, default=1, help="validation split: sha1(id) %% 10 == this")
    ap.add_argument("--crf", type=Path, help="folder of the CRF trained on the same rows (for comparison)")
    ap.add_argument("--epochs", type=int, default=TRAIN["epochs"])
    ap.add_argument("--no-encoder", action="store_true", help="CRF attributes only, no MiniLM vectors")
    ap.add_argument("--hidden", type=int, default=96)
    ap.add_argument("--batch", type=int, default=TRAIN["batch"])
    ap.add_argument("--lr", type=float, default=TRAIN["lr"])
    ap.add_argument("--timing", action="store_true", help="references/s of both parsers (needs --crf)")
    return ap


def _log_report(report: dict, digest: str, secs: float) -> None:
    for who in ("crf", "neural"):
        if who in report:
            s = report[who]
            line = " ".join(f"{k}={s[k][st]['title']['f1']:.3f}/{s[k][st]['container']['f1']:.3f}"
                            for k in s if k != "token_accuracy" for st in ("all", "author-year")
                            if st in s[k])
            log.info("%s tokacc=%.4f %s", who, s["token_accuracy"], line)
    log.info("sha256 %s, %d bytes, %.0f s", digest, report["model_bytes"], secs)


def run(args: argparse.Namespace) -> dict:
    """Train on the training rows (minus a validation fold with ``--dev``), store the head in
    ``--out``, score the evaluation rows (and the CRF's tags on them with ``--crf``) into
    ``refparser-neural-report.json`` (scores only, so the same data and code give the same
    bytes; training time and speed are logged)."""
    train_rows, test_rows, hashes = data.load(args.data)
    if args.dev:
        train_rows, test_rows = ([r for r in train_rows if not is_dev(r.id, args.dev_mod)],
                                 [r for r in train_rows if is_dev(r.id, args.dev_mod)])
    log.info("train %d, eval %d", len(train_rows), len(test_rows))
    use_enc = not args.no_encoder
    encs = encode_rows(train_rows) if use_enc else {}
    over = {"epochs": args.epochs, "batch": args.batch, "lr": args.lr}
    head, cfg, vocab_list, vocab, secs = fit(train_rows, encs, {"use_encoder": use_enc, "hidden": args.hidden},
                                             over)
    meta = {"train": {**TRAIN, **over}, "data_sha256": hashes, "rows": len(train_rows)}  # no timings: same bytes
    save(args.out, head, cfg, vocab_list, meta)
    digest = hashlib.sha256((args.out / MODEL_NAME).read_bytes()).hexdigest()
    test_encs = encode_rows(test_rows) if use_enc else {}
    report = {"sha256": digest, "split": "validation" if args.dev else "held-out",
              "model_bytes": (args.out / MODEL_NAME).stat().st_size + (args.out / VOCAB_NAME).stat().st_size,
              "neural": field_scores(test_rows, predict(head, cfg, vocab, test_rows, test_encs))}
    if args.crf:
        report["crf"] = field_scores(test_rows, crf_predict(args.crf / "refparser.crfsuite", test_rows))
    (args.out / REPORT_NAME).write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    _log_report(report, digest, secs)
    if args.crf and args.timing:
        log.info("speed: %s", timing(test_rows, args.crf / "refparser.crfsuite", args.out))
    return report


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
