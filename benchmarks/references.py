"""Field-level P/R/F1 of the reference parser on the held-out split, by style.

    .venv/bin/python benchmarks/references.py [--data DIR] [--model models/refparser.crfsuite]

Held-out rows: sha1(id) % 10 == 0, never trained on, never tuned on. Prints token-level
F1 by tag; then what dclit runs (CRF + post-processing + the leading "Names (Year)"
rule) under four matchers (strict, soft, Levenshtein >= 0.8, Ratcliff/Obershelp >= 0.95,
as GROBID's evaluation); soft F1 by data source (for reading only: the goal is judged on
the whole split); then the bare CRF and a rule-only baseline (dclit.biblio.rules.parse_rules).
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from dclit.biblio import data
from dclit.biblio.crf import MODEL_NAME, models_dir, postprocess, tag_tokens, to_csl
from dclit.biblio.evaluate import FIELDS, MATCHERS, format_matchers, format_table, score, token_scores
from dclit.biblio.rules import apply_leading_authors, parse_rules


def _source(row_id: str) -> str:
    parts = row_id.split(":")
    return f"anystyle:{parts[1]}" if parts[0] == "anystyle" else parts[0]


def by_source(test: list, parse) -> str:
    groups: dict[str, list] = defaultdict(list)
    for ex in test:
        groups[_source(ex.id)].append(ex)
    lines = ["soft F1 by data source (dclit default)", f"{'source':<16} {'rows':>5} " + " ".join(
        f"{f:>9}" for f in FIELDS)]
    for name, rows in sorted(groups.items()):
        s = score(rows, parse)["all"]
        lines.append(f"{name:<16} {len(rows):5d} " + " ".join(f"{s[f]['f1']:9.3f}" for f in FIELDS))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=data.DEFAULT_DATA)
    ap.add_argument("--model", type=Path, default=models_dir() / MODEL_NAME)
    args = ap.parse_args()
    _, test, _ = data.load(args.data)
    tags = {}
    t0 = time.perf_counter()
    for ex in test:
        tags[ex.id] = tag_tokens(ex.tokens, args.model)
    crf_s = time.perf_counter() - t0
    print(f"held-out rows: {len(test)}  (CRF tagging {1000 * crf_s / len(test):.2f} ms/reference)\n")
    tok = token_scores(test, tags)
    print("token-level F1 (CRF): " + "  ".join(f"{k}={tok[k]['f1']:.3f}" for k in (
        "author", "date", "title", "container", "publisher", "place", "volume", "pages", "micro", "macro")
        if k in tok) + "\n")

    def dclit_parse(ex):
        labels = apply_leading_authors(ex.raw, ex.tokens, postprocess(ex.raw, ex.tokens, tags[ex.id]))
        return to_csl(ex.raw, ex.tokens, labels)

    print(format_matchers("dclit default: CRF + post-processing + leading-names rule",
                          score(test, dclit_parse, matchers=MATCHERS)))
    print()
    print(by_source(test, dclit_parse))
    print()
    print(format_table("CRF alone (soft)", score(test, lambda ex: to_csl(ex.raw, ex.tokens, tags[ex.id]))))
    print()
    t0 = time.perf_counter()
    base = score(test, lambda ex: parse_rules(ex.raw))
    rule_s = time.perf_counter() - t0
    print(format_table(f"rule-only baseline, soft ({1000 * rule_s / len(test):.2f} ms/reference)", base))


if __name__ == "__main__":
    main()
