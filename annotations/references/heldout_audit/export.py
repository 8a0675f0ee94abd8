"""Write the held-out author-year and numeric rows to audit, in four chunks, blind to any parser.

    .venv/bin/python annotations/references/heldout_audit/export.py                 # the held-out split
    .venv/bin/python annotations/references/heldout_audit/export.py --fold 1 \
        --styles author-year --chunks 3 --out annotations/references/dev_audit       # validation fold 1

A validation fold (``--fold N``: training rows with ``train.is_dev(id, N)``) can be exported the same
way, for error analysis against clean gold during development. Each line: id, style, raw (as the parser reads it) and the dataset's own title and container.
Rows are sorted by id and dealt round-robin into rows_1..rows_4.jsonl, so every chunk mixes
sources. Nothing here runs a parser: the auditors see the strings and the gold only.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from dclit.biblio import data
from dclit.biblio.train import is_dev

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fold", type=int, help="a validation fold of the training rows instead of the held-out split")
    ap.add_argument("--styles", default="author-year,numeric")
    ap.add_argument("--chunks", type=int, default=4)
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args()
    train, held_out, _ = data.load()
    pool = held_out if args.fold is None else [ex for ex in train if is_dev(ex.id, args.fold)]
    styles = set(args.styles.split(","))
    rows = sorted((ex for ex in pool if ex.style in styles), key=lambda e: e.id)
    out = [[] for _ in range(args.chunks)]
    for i, ex in enumerate(rows):
        out[i % args.chunks].append({"id": ex.id, "style": ex.style, "raw": ex.raw,
                                     "title": ex.gold.get("title") or "", "container": ex.gold.get("container") or ""})
    args.out.mkdir(parents=True, exist_ok=True)
    for k, chunk in enumerate(out, 1):
        with open(args.out / f"rows_{k}.jsonl", "w", encoding="utf-8") as f:
            for row in chunk:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"rows_{k}.jsonl: {len(chunk)} rows")


if __name__ == "__main__":
    main()
