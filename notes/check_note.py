"""Check one annotation note without building the gold: every snippet found, inside the
covered pages, concept ids known. Prints "ok" and span counts per concept, or the problems.

    .venv/bin/python notes/check_note.py annotations/notes/test5_en_x.txt [CORPUS_ROOT]
"""
from __future__ import annotations

import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "annotations"))

from build_gold import covered_part, note_meta, parse_note  # noqa: E402
from dclit.extract import extract_document  # noqa: E402
from dclit.tag.registry import load_registry  # noqa: E402


def main(note: Path, corpus: Path) -> None:
    head = note_meta(note)
    doc = extract_document(corpus / head["path"])
    covered = covered_part(head, doc, doc.text, note) if {"pages", "from", "to", "range"} & head.keys() else None
    _, spans = parse_note(note, doc.text, Path(head["path"]).name, doc.doc_id, covered)
    known = set(load_registry().concepts)
    bad = sorted({s.concept for s in spans} - known)
    if bad:
        raise SystemExit(f"{note.name}: unknown concept ids: {bad}")
    print("ok", len(spans), "spans")
    for concept, n in sorted(collections.Counter(s.concept for s in spans).items()):
        print(f"  {concept:35s} {n}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared" / "corpus")
