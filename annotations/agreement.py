"""Inter-annotator agreement of a doubly annotated set, and the notes an adjudicator finishes.

Two annotators label the same pages independently (``notes/<set>_raw/a/*.txt`` and ``.../b/*.txt``,
same file names, the note format of ``build_gold.py``). This script

1. prints their agreement per language, at the concept and the top-concept level, as the F1 of
   one annotator's spans against the other's (exact start, end and concept; symmetric), with the
   number of spans each marked;
2. with ``--merge``, writes ``notes/<set>_<name>.txt`` for the adjudicator: the spans both marked
   as ordinary note lines, and each disagreement as a ``#? a:`` / ``#? b:`` group of lines (spans
   of the two annotators that overlap are one group). The adjudicator decides every group by the
   guidelines, turning the right line(s) into ordinary lines and leaving a ``# adjudicated:``
   comment; ``#?`` lines are comments, so an unfinished group counts as neither.

Only pages both annotators covered are kept (``# pages:`` is their intersection).

    .venv/bin/python annotations/agreement.py test8 [--merge] [CORPUS_ROOT]
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from build_gold import covered_part, note_meta, parse_note
from dclit.extract import extract_document
from dclit.tag.evaluate import Report, _score
from dclit.tag.registry import load_registry

HERE = Path(__file__).resolve().parent
WINDOW = 30


def pages_of(header: str) -> set[int]:
    out: set[int] = set()
    for part in header.split(","):
        lo, _, hi = part.strip().partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def ranges_text(pages: set[int]) -> str:
    runs, ordered = [], sorted(pages)
    for p in ordered:
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return ", ".join(f"{a}-{b}" for a, b in runs)


def snippet_line(text: str, start: int, end: int, concept: str) -> str:
    """A note line for text[start:end] with some context, and its occurrence number."""
    bad = "[]|\\"
    lo = start
    while lo > max(0, start - WINDOW) and text[lo - 1] not in bad:
        lo -= 1
    hi = end
    while hi < min(len(text), end + WINDOW) and text[hi] not in bad:
        hi += 1
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    plain = text[lo:hi]
    nth = sum(1 for _ in _starts(text, plain, lo))
    snip = (text[lo:start] + "[" + text[start:end] + "]" + text[end:hi]).replace("\n", "\\n")
    return f"{concept} | {snip} | {nth}"


def _starts(text: str, plain: str, upto: int):
    pos = text.find(plain)
    while 0 <= pos <= upto:
        yield pos
        pos = text.find(plain, pos + 1)


def load(note: Path, corpus: Path, pages: set[int]):
    head = note_meta(note)
    doc = extract_document(corpus / head["path"])
    keep = dict(head, pages=ranges_text(pages))
    covered = covered_part(keep, doc, doc.text, note)
    _, spans = parse_note(note, doc.text, Path(head["path"]).name, doc.doc_id, None)
    inside = [s for s in spans if any(a <= s.start and s.end <= b for a, b in covered)]
    return head, doc, {(s.start, s.end, s.concept) for s in inside}


def groups(a: set, b: set) -> list[tuple[list, list]]:
    """Disagreements: spans only one annotator marked, overlapping ones grouped together."""
    only = sorted([(x, "a") for x in a - b] + [(x, "b") for x in b - a])
    out: list[tuple[list, list]] = []
    end = -1
    for span, who in only:
        if not out or span[0] >= end:
            out.append(([], []))
        out[-1][0 if who == "a" else 1].append(span)
        end = max(end, span[1]) if out[-1][0] or out[-1][1] else span[1]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("corpus", nargs="?", default=str(HERE.parents[1] / "shared" / "corpus"))
    ap.add_argument("--merge", action="store_true")
    args = ap.parse_args()
    corpus, raw = Path(args.corpus), HERE / "notes" / f"{args.set}_raw"
    registry = load_registry()
    reports = {level: Report(level=level, match="exact") for level in ("concept", "top")}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for note_a in sorted((raw / "a").glob("*.txt")):
        note_b = raw / "b" / note_a.name
        if not note_b.exists():
            print(f"{note_a.name}: no second annotation, skipped")
            continue
        pages = pages_of(note_meta(note_a).get("pages", "")) & pages_of(note_meta(note_b).get("pages", ""))
        head, doc, a = load(note_a, corpus, pages)
        _, _, b = load(note_b, corpus, pages)
        lang = head.get("lang", "?")
        for lg in ("all", lang):
            counts[lg][0] += len(a)
            counts[lg][1] += len(b)
        for level, report in reports.items():
            def lift(spans: set) -> set:
                return {(s, e, t) for s, e, c in spans for t in (registry.tops(c) if level == "top" else [c])}
            for lg in ("all", lang):
                _score(report, lg, note_a.name, lift(a), lift(b), "exact", record=False)
        print(f"{note_a.name}: pages {ranges_text(pages)}; a {len(a)}, b {len(b)}, both {len(a & b)}")
        if args.merge:
            write_merged(HERE / "notes" / f"{args.set}_{note_a.stem}.txt", head, args.set, pages, doc.text, a, b)
    print_agreement(reports, counts)


def print_agreement(reports: dict[str, Report], counts: dict[str, list[int]]) -> None:
    for lg in sorted(counts):
        a, b = counts[lg]
        print(f"\n{lg}: annotator a {a} spans, b {b} spans")
        for level, report in reports.items():
            table = report.scores.get(lg, {})
            tp = sum(s.tp for s in table.values())
            fp = sum(s.fp for s in table.values())
            fn = sum(s.fn for s in table.values())
            f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
            print(f"  {level:8s} agreement F1 {f1:.3f} (both {tp}, a only {fn}, b only {fp})")
            if level == "top":
                for concept, s in sorted(table.items(), key=lambda kv: -(kv[1].tp + kv[1].fn)):
                    print(f"    {concept:32s} F1 {s.f1:.3f}  both {s.tp:3d}  a only {s.fn:3d}  b only {s.fp:3d}")


def write_merged(path: Path, head: dict, name: str, pages: set[int], text: str, a: set, b: set) -> None:
    lines = [f"# path: {head['path']}", f"# split: {name}", f"# lang: {head.get('lang', '')}",
             f"# pages: {ranges_text(pages)}",
             f"# {name} (blind, double): merged from {name}_raw/a and /b by annotations/agreement.py; "
             "lines both annotators marked are kept; each '#?' group is one disagreement for the adjudicator.",
             ""]
    lines += [snippet_line(text, s, e, c) for s, e, c in sorted(a & b)]
    for group_a, group_b in groups(a, b):
        lines.append("")
        lines += ["#? a: " + snippet_line(text, s, e, c) for s, e, c in group_a]
        lines += ["#? b: " + snippet_line(text, s, e, c) for s, e, c in group_b]
    if path.exists():
        raise SystemExit(f"{path} exists: the adjudicator may have started on it; move it away first")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, back = parse_note(path, text, Path(head["path"]).name, "", None)
    if {(x.start, x.end, x.concept) for x in back} != a & b:  # the lines must read back as the spans
        raise SystemExit(f"{path}: merged lines do not read back as the agreed spans")


if __name__ == "__main__":
    main()
