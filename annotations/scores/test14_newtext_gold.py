"""test14 restricted to its new text: a copy of annotations/ without the test14 pages that reprint text
already gold in the same language (GOLD I summary pp. 52-53 = conclusion pp. 7-8, test10; GOLD I
conclusion pp. 20-21 = summary pp. 64-66, test6; es conclusion p. 18 = es summary p. 67, test8).

    .venv/bin/python annotations/scores/test14_newtext_gold.py /tmp/ann14x
    dclit evaluate --gold /tmp/ann14x --corpus ../shared/corpus --split test14 [--match overlap]
"""
import json
import shutil
import sys
from pathlib import Path

REPRINTS = ("uclg_gold1_10_conclusion_en.pdf", "uclg_gold1_10_conclusion_es.pdf")
KEEP_FIRST_RANGE = "uclg_gold1_00_summary_en.pdf"  # pages 37-38 are new, 52-53 a reprint

src, dst = Path(__file__).resolve().parents[1], Path(sys.argv[1])
if dst.exists():
    shutil.rmtree(dst)
shutil.copytree(src, dst)
rows = []
for line in (dst / "documents.jsonl").read_text(encoding="utf-8").splitlines():
    d = json.loads(line)
    if d["split"] == "test14":
        if d["document"] in REPRINTS:
            continue
        if d["document"] == KEEP_FIRST_RANGE:
            d["covered"] = sorted(d["covered"])[:1]
    rows.append(json.dumps(d, ensure_ascii=False))
(dst / "documents.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
