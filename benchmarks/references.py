"""Field-level P/R/F1 of the reference parser on the held-out split, by style.

    .venv/bin/python benchmarks/references.py [--data DIR] [--model models/refparser.crfsuite]

Prints token-level F1 by tag, then three field tables on the same held-out rows (sha1(id) % 10 == 0, never trained on):
the CRF alone, the CRF with the leading "Names (Year)" rule (what dclit uses), and a
rule-only baseline (dclit.biblio.rules.parse_rules).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from dclit.biblio import data
from dclit.biblio.crf import MODEL_NAME, models_dir, tag_tokens, to_csl
from dclit.biblio.evaluate import format_table, score, token_scores
from dclit.biblio.rules import apply_leading_authors, parse_rules


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
    print(format_table("CRF", score(test, lambda ex: to_csl(ex.raw, ex.tokens, tags[ex.id]))))
    print()
    print(format_table("CRF + leading-names rule (dclit default)", score(
        test, lambda ex: to_csl(ex.raw, ex.tokens, apply_leading_authors(ex.raw, ex.tokens, tags[ex.id])))))
    print()
    t0 = time.perf_counter()
    base = score(test, lambda ex: parse_rules(ex.raw))
    rule_s = time.perf_counter() - t0
    print(format_table(f"rule-only baseline ({1000 * rule_s / len(test):.2f} ms/reference)", base))


if __name__ == "__main__":
    main()
