"""Field-level P/R/F1 of the reference parser on the held-out split, by style.

    .venv/bin/python benchmarks/references.py [--data DIR] [--model models/refparser.crfsuite]
        [--domain annotations/references/domain.jsonl] [--neural models/ | --no-neural]

Held-out rows: sha1(id) % 10 == 0, never trained on, never tuned on. Prints token-level
F1 by tag; then what dclit runs (CRF + post-processing + the leading "Names (Year)"
rule) under four matchers (strict, soft, Levenshtein >= 0.8, Ratcliff/Obershelp >= 0.95,
as GROBID's evaluation), against the datasets' own gold values; the same soft scores
against the cleaned gold (``data.cleaned``: the book-title rule applied to the gold
values too); soft F1 by data source and style under both golds (for reading only: the
goal is judged on the whole split); then the bare CRF and a rule-only baseline
(dclit.biblio.rules.parse_rules). When the hand-labelled in-domain set (``--domain``,
default annotations/references/domain.jsonl) exists, it is scored too, by style.

When the opt-in neural parser (``--neural``, default models/refparser-neural.safetensors) and
its packages are present: soft F1 of CRF vs neural side by side (same post-processing, held-out
by style, in-domain by style) and the parse speed of both on the held-out rows, timed one
after the other in this run, one torch thread (``--no-neural`` skips it).
"""
from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path

from dclit.biblio import data
from dclit.biblio.crf import MODEL_NAME, item_from_tags, models_dir, tag_tokens, to_csl
from dclit.biblio.evaluate import FIELDS, MATCHERS, format_matchers, format_table, norm, score, token_scores
from dclit.biblio.rules import parse_rules

DOMAIN = Path(__file__).resolve().parents[1] / "annotations" / "references" / "domain.jsonl"
AUDIT = DOMAIN.parent / "heldout_audit" / "audited.jsonl"


def _source(row_id: str) -> str:
    parts = row_id.split(":")
    return f"anystyle:{parts[1]}" if parts[0] == "anystyle" else parts[0]


def by_source(test: list, clean: list, parse) -> str:
    """Soft F1 per data source and style, original gold then cleaned gold."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, ex in enumerate(test):
        for style in ("all", ex.style):
            groups[(_source(ex.id), style)].append(i)
    lines = ["soft F1 by data source and style (dclit default): original gold | cleaned gold",
             f"{'source':<16} {'style':<12} {'rows':>5} " + " ".join(f"{f:>9}" for f in FIELDS)
             + "  | " + " ".join(f"{f:>9}" for f in ("title", "container"))]
    for (name, style), idx in sorted(groups.items()):
        s = score([test[i] for i in idx], parse)["all"]
        c = score([clean[i] for i in idx], parse)["all"]
        lines.append(f"{name:<16} {style:<12} {len(idx):5d} " + " ".join(f"{s[f]['f1']:9.3f}" for f in FIELDS)
                     + "  | " + " ".join(f"{c[f]['f1']:9.3f}" for f in ("title", "container")))
    return "\n".join(lines)


def audit_table(test: list, audit_path: Path, parse) -> str:
    """Soft P/R/F1 of title and container on the audited rows: datasets' own gold | audited gold."""
    fixed = data.audited(test, audit_path)
    ids = {ex.id for ex in fixed}
    own = score([ex for ex in test if ex.id in ids], parse)
    new = score(fixed, parse)
    changed = sum(norm(a.gold.get(f)) != norm(b.gold.get(f)) for a, b in zip((ex for ex in test if ex.id in ids), fixed)
                  for f in ("title", "container"))
    lines = [f"audited held-out rows ({audit_path.name}: {len(fixed)} author-year and numeric rows, "
             f"{changed} field values changed by the blind audit), soft match",
             f"{'style':<12} {'field':<10} {'n':>5} {'P':>6} {'R':>6} {'F1':>6}  | {'n':>5} {'P':>6} {'R':>6} {'F1':>6}",
             f"{'':<12} {'':<10} {'datasets own gold':>24}  | {'audited gold':>24}"]
    for style in ("all", "author-year", "numeric"):
        for f in FIELDS:
            a, b = own[style][f], new[style][f]
            lines.append(f"{style:<12} {f:<10} {a['n']:5d} {a['p']:6.3f} {a['r']:6.3f} {a['f1']:6.3f}  | "
                         f"{b['n']:5d} {b['p']:6.3f} {b['r']:6.3f} {b['f1']:6.3f}")
    return "\n".join(lines)


def from_tags(tags: dict[str, list[str]]):
    """What dclit runs on given tags: post-processing, leading-names rule, CSL-JSON."""
    return lambda ex: item_from_tags(ex.raw, ex.tokens, tags[ex.id])


def domain(path: Path, model: Path) -> str:
    rows = data.load_rows(path)
    styles = ", ".join(f"{k} {v}" for k, v in sorted(Counter(ex.style for ex in rows).items()))
    tags = {ex.id: tag_tokens(ex.tokens, model) for ex in rows}
    return format_matchers(f"in-domain hand-labelled set {path.name}: {len(rows)} rows ({styles})",
                           score(rows, from_tags(tags), matchers=MATCHERS))


def side_by_side(name: str, crf: dict, neural: dict) -> str:
    """Soft F1 of both parsers by style and field."""
    lines = [name, f"{'style':<12} {'field':<10} {'n':>5} {'CRF':>7} {'neural':>7} {'diff':>7}"]
    for style in ("all", "author-year", "numeric", "other"):
        if style not in crf:
            continue
        for f in FIELDS:
            a, b = crf[style][f], neural[style][f]
            lines.append(f"{style:<12} {f:<10} {a['n']:5d} {a['f1']:7.3f} {b['f1']:7.3f} {b['f1'] - a['f1']:+7.3f}")
    return "\n".join(lines)


def neural_column(test: list, crf_tags: dict, crf_s: float, folder: Path, domain_path: Path,
                  crf_model: Path, audit_path: Path) -> str:
    """CRF vs neural on the held-out rows and the in-domain set; tagging speed of both."""
    import torch

    from dclit.biblio import neural

    torch.set_num_threads(1)
    tagger = neural.load(str(folder))
    tagger.tag(test[0].tokens)  # first call outside the timing
    t0 = time.perf_counter()
    nn_tags = {ex.id: tagger.tag(ex.tokens) for ex in test}
    nn_s = time.perf_counter() - t0

    out = [f"neural parser ({folder}): {1000 * nn_s / len(test):.2f} ms/reference against the CRF's "
           f"{1000 * crf_s / len(test):.2f} ms on the same {len(test)} held-out rows: "
           f"{nn_s / crf_s:.1f}x slower (both tag only: features + model, no post-processing)", "",
           side_by_side("held-out, soft F1, datasets' own gold (both: + post-processing + leading-names rule)",
                        score(test, from_tags(crf_tags)), score(test, from_tags(nn_tags)))]
    if audit_path.exists():
        fixed = data.audited(test, audit_path)
        out += ["", side_by_side(f"audited held-out rows ({len(fixed)}), soft F1, audited gold",
                                 score(fixed, from_tags(crf_tags)), score(fixed, from_tags(nn_tags)))]
    if domain_path.exists():
        rows = data.load_rows(domain_path)
        crf_d = {ex.id: tag_tokens(ex.tokens, crf_model) for ex in rows}
        nn_d = {ex.id: tagger.tag(ex.tokens) for ex in rows}
        out += ["", side_by_side(f"in-domain set {domain_path.name} ({len(rows)} rows), soft F1",
                                 score(rows, from_tags(crf_d)), score(rows, from_tags(nn_d)))]
    return "\n".join(out)


def _neural_missing(folder: Path) -> str | None:
    """Why the neural column cannot run, or None."""
    from dclit.biblio.neural import missing

    why = missing(folder)
    return why[0] if why else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--model", type=Path, default=models_dir() / MODEL_NAME)
    ap.add_argument("--domain", type=Path, default=DOMAIN)
    ap.add_argument("--audit", type=Path, default=AUDIT, help="audited gold of held-out rows (JSONL)")
    ap.add_argument("--neural", type=Path, default=models_dir(), help="folder of refparser-neural.*")
    ap.add_argument("--no-neural", action="store_true", help="skip the neural parser's column")
    args = ap.parse_args()
    _, test, _ = data.load(args.data)
    clean = data.cleaned(test)
    tags = {}
    tag_tokens(test[0].tokens, args.model)  # load the model outside the timing
    t0 = time.perf_counter()
    for ex in test:
        tags[ex.id] = tag_tokens(ex.tokens, args.model)
    crf_s = time.perf_counter() - t0
    print(f"held-out rows: {len(test)}  (CRF tagging {1000 * crf_s / len(test):.2f} ms/reference); "
          f"rows whose gold the cleaning changes: {sum(a.gold != b.gold for a, b in zip(test, clean))}\n")
    tok = token_scores(test, tags)
    print("token-level F1 (CRF): " + "  ".join(f"{k}={tok[k]['f1']:.3f}" for k in (
        "author", "date", "title", "container", "publisher", "place", "volume", "pages", "micro", "macro")
        if k in tok) + "\n")

    dclit_parse = from_tags(tags)

    print(format_matchers("dclit default: CRF + post-processing + leading-names rule; datasets' own gold",
                          score(test, dclit_parse, matchers=MATCHERS)))
    print()
    print(format_table("dclit default, cleaned gold (book-title rule applied to the gold values; soft)",
                       score(clean, dclit_parse)))
    print()
    print(by_source(test, clean, dclit_parse))
    print()
    if args.audit.exists():
        print(audit_table(test, args.audit, dclit_parse))
    else:
        print(f"(no audited gold at {args.audit}: skipped)")
    print()
    print(format_table("CRF alone (soft, datasets' own gold)",
                       score(test, lambda ex: to_csl(ex.raw, ex.tokens, tags[ex.id]))))
    print()
    t0 = time.perf_counter()
    base = score(test, lambda ex: parse_rules(ex.raw))
    rule_s = time.perf_counter() - t0
    print(format_table(f"rule-only baseline, soft ({1000 * rule_s / len(test):.2f} ms/reference)", base))
    if args.domain.exists():
        print()
        print(domain(args.domain, args.model))
    else:
        print(f"\n(no in-domain set at {args.domain}: skipped)")
    why = "--no-neural" if args.no_neural else _neural_missing(args.neural)
    print()
    if why:
        print(f"(neural parser skipped: {why})")
    else:
        print(neural_column(test, tags, crf_s, args.neural, args.domain, args.model, args.audit))


if __name__ == "__main__":
    main()
