"""Agreement of the two blind audits, their merge, and the audited gold (issue 5).

    .venv/bin/python annotations/references/heldout_audit/merge.py            # agreement + disagreements.jsonl
    .venv/bin/python annotations/references/heldout_audit/merge.py --final    # + audited.jsonl (needs adjudicated.jsonl)
    .venv/bin/python annotations/references/heldout_audit/merge.py --dir annotations/references/dev_audit [--final]

Two auditors (raw/a, raw/b) each wrote title and container for every row of rows_K.jsonl under
notes/refs_audit_brief.md, without seeing any parser output. Values are compared under the
score's soft match (``dclit.biblio.evaluate.norm``) with markup tags ("<italic>") set aside, since the
parser reads the same tags in the raw string: a value that differs from the dataset's only by outer
markup or punctuation keeps the dataset's value. Where the two agree, their value is taken;
where they differ, the row goes to disagreements.jsonl for a third, blind adjudicator, whose
decisions (adjudicated.jsonl: id, title, container, note) complete audited.jsonl.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from dclit.biblio.evaluate import norm

HERE = Path(__file__).resolve().parent
FIELDS = ("title", "container")


def same(x: str, y: str) -> bool:
    """Equal under the soft match once markup tags are dropped."""
    return norm(re.sub(r"</?\w+>", " ", x or "")) == norm(re.sub(r"</?\w+>", " ", y or ""))


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _check(rows: list[dict], audit: list[dict], where: Path) -> list[str]:
    problems = []
    if [r["id"] for r in rows] != [a.get("id") for a in audit]:
        problems.append(f"{where}: ids differ from the input (missing, extra or out of order rows)")
    for r, a in zip(rows, audit):
        for f in FIELDS:
            if a.get(f) and a[f] not in r["raw"]:
                problems.append(f"{where}: {r['id']} {f} is not a substring of raw: {a[f]!r}")
    return problems


def load(here: Path = HERE) -> tuple[list[dict], dict[str, dict], dict[str, dict]]:
    rows, a, b, problems = [], {}, {}, []
    for path in sorted(here.glob("rows_*.jsonl")):
        chunk = _read(path)
        rows += chunk
        for who, into in (("a", a), ("b", b)):
            audit_path = here / "raw" / who / path.name
            audit = _read(audit_path) if audit_path.exists() else []
            problems += _check(chunk, audit, audit_path)
            into.update({x["id"]: x for x in audit})
    if problems:
        sys.exit("The audits are not complete or not valid:\n  " + "\n  ".join(problems[:30]))
    return rows, a, b


def agreement(rows: list[dict], a: dict, b: dict) -> None:
    for f in FIELDS:
        agree = sum(same(a[r["id"]][f], b[r["id"]][f]) for r in rows)
        ch_a = sum(not same(a[r["id"]][f], r[f]) for r in rows)
        ch_b = sum(not same(b[r["id"]][f], r[f]) for r in rows)
        both = sum(same(a[r["id"]][f], b[r["id"]][f]) and not same(a[r["id"]][f], r[f]) for r in rows)
        print(f"{f:9s} rows {len(rows)}  auditors agree {agree} ({agree / len(rows):.3f})  "
              f"changed from the dataset: a {ch_a}, b {ch_b}, both the same way {both}")
    for style in ("author-year", "numeric"):
        sub = [r for r in rows if r["style"] == style]
        agree = sum(all(same(a[r["id"]][f], b[r["id"]][f]) for f in FIELDS) for r in sub)
        print(f"{style:11s} rows {len(sub)}  both fields agree {agree} ({agree / max(len(sub), 1):.3f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--final", action="store_true", help="write audited.jsonl from agreement + adjudicated.jsonl")
    ap.add_argument("--dir", type=Path, default=HERE, help="folder of rows_K.jsonl and raw/{a,b}/")
    args = ap.parse_args()
    here = args.dir
    rows, a, b = load(here)
    agreement(rows, a, b)
    split = [r for r in rows if not all(same(a[r["id"]][f], b[r["id"]][f]) for f in FIELDS)]
    with open(here / "disagreements.jsonl", "w", encoding="utf-8") as out:
        for r in split:
            out.write(json.dumps({"id": r["id"], "raw": r["raw"], "dataset": {f: r[f] for f in FIELDS},
                                  "options": [{f: x[r["id"]][f] for f in FIELDS} | {"note": x[r["id"]]["note"]}
                                              for x in (a, b)]}, ensure_ascii=False) + "\n")
    print(f"disagreements.jsonl: {len(split)} rows for the adjudicator")
    if not args.final:
        return
    adj_path = here / "adjudicated.jsonl"
    adj = {x["id"]: x for x in _read(adj_path)} if adj_path.exists() else {}
    missing = [r["id"] for r in split if r["id"] not in adj]
    if missing:
        sys.exit(f"{adj_path} lacks {len(missing)} disagreements, e.g. {missing[:5]}: adjudicate them first.")
    with open(here / "audited.jsonl", "w", encoding="utf-8") as out:
        for r in rows:
            src = adj.get(r["id"]) if r in split else a[r["id"]]
            vals = {f: r[f] if same(src[f], r[f]) else src[f] for f in FIELDS}
            bad = [f for f in FIELDS if vals[f] and vals[f] != r[f] and vals[f] not in r["raw"]]
            if bad:
                sys.exit(f"{r['id']}: the audited {bad} is not a substring of raw; fix the audit or adjudicated.jsonl.")
            out.write(json.dumps({"id": r["id"], "style": r["style"], **vals,
                                  "changed": [f for f in FIELDS if not same(vals[f], r[f])],
                                  "by": "adjudicator" if r in split else "both auditors"},
                                 ensure_ascii=False) + "\n")
    print(f"audited.jsonl: {len(rows)} rows")


if __name__ == "__main__":
    main()
