"""Write the held-out author-year and numeric rows to audit, in four chunks, blind to any parser.

    .venv/bin/python annotations/references/heldout_audit/export.py

Each line: id, style, raw (as the parser reads it) and the dataset's own title and container.
Rows are sorted by id and dealt round-robin into rows_1..rows_4.jsonl, so every chunk mixes
sources. Nothing here runs a parser: the auditors see the strings and the gold only.
"""
from __future__ import annotations

import json
from pathlib import Path

from dclit.biblio import data

HERE = Path(__file__).resolve().parent
CHUNKS = 4


def main() -> None:
    _, held_out, _ = data.load()
    rows = sorted((ex for ex in held_out if ex.style in ("author-year", "numeric")), key=lambda e: e.id)
    out = [[] for _ in range(CHUNKS)]
    for i, ex in enumerate(rows):
        out[i % CHUNKS].append({"id": ex.id, "style": ex.style, "raw": ex.raw,
                                "title": ex.gold.get("title") or "", "container": ex.gold.get("container") or ""})
    for k, chunk in enumerate(out, 1):
        with open(HERE / f"rows_{k}.jsonl", "w", encoding="utf-8") as f:
            for row in chunk:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"rows_{k}.jsonl: {len(chunk)} rows")


if __name__ == "__main__":
    main()
