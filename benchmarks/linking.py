"""Citation detection and citation→entry linking against hand-checked gold, per document.

    .venv/bin/python benchmarks/linking.py [--corpus ../shared/corpus] [--gold FILE] [--errors]

Gold: tests/fixtures/biblio/linking_gold.txt (format in its header): each in-text citation of the
judged pages as a reader marks it, with the opening of the entry it cites in the same document
(or "-": no entry), and "!" lines for texts that are not citations. A detected author–year
citation matches a gold citation whose span it overlaps.

Printed per document and in total:
* detection: P = matched detections / detections on the judged pages (a detection matching no
  gold line is a false citation: judged "!" or unjudged, listed with --errors); R = matched / gold;
* linking: a link is right when the citation matches a gold citation and its entry's span holds
  the gold entry's opening. P = right links / links made; R = right links / gold citations that
  have an entry; F1.
Baseline in the same run: the same detections linked by exact first-author name and exact year
(no fuzzy names, suffixes, organisations, co-authors or own footnotes).
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "biblio" / "linking_gold.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class GoldCite:
    snippet: str
    n: int = 1
    entry: str | None = None  # opening of the entry; None = no entry ("-")
    entry_n: int = 1
    false: bool = False  # a "!" line: not a citation
    line: int = 0


@dataclass
class GoldDoc:
    path: str
    pages: tuple[int, int] = (1, 10**6)
    cites: list[GoldCite] = field(default_factory=list)


def load_gold(text: str) -> list[GoldDoc]:
    """Parse the gold file's text into documents (format: see the file's header)."""
    docs: list[GoldDoc] = []
    for k, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        m = re.match(r"#\s*(doc|pages):\s*(\S+)", line)
        if m and m.group(1) == "doc":
            docs.append(GoldDoc(m.group(2)))
        elif m:
            a, _, b = m.group(2).partition("-")
            docs[-1].pages = (int(a), int(b or a))
        elif line and not line.startswith("#"):
            if not docs:
                raise ValueError(f"gold line {k}: no '# doc:' line before it")
            docs[-1].cites.append(_gold_line(line, k))
    return docs


def _gold_line(line: str, k: int) -> GoldCite:
    false = line.startswith("!")
    parts = [p.strip() for p in line.lstrip("!").split("|")]
    if false:
        return GoldCite(parts[0], int(parts[1]) if len(parts) > 1 else 1, false=True, line=k)
    if len(parts) < 2:
        raise ValueError(f"gold line {k}: expected 'citation | entry-or-- [| n]': {line!r}")
    entry, entry_n = parts[1], 1
    m = re.fullmatch(r"(.*?)\s*@(\d+)", entry)
    if m:
        entry, entry_n = m.group(1), int(m.group(2))
    return GoldCite(parts[0], int(parts[2]) if len(parts) > 2 else 1,
                    None if entry == "-" else entry, entry_n, line=k)


def find_nth(text: str, snippet: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find(snippet, pos + 1)
        if pos < 0:
            return -1
    return pos


@dataclass
class Score:
    detected: int = 0
    matched: int = 0
    gold: int = 0
    linkable: int = 0
    links: int = 0
    right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for f in ("detected", "matched", "gold", "linkable", "links", "right"):
            setattr(self, f, getattr(self, f) + getattr(other, f))


def score_document(doc, gold: GoldDoc, citations, references) -> Score:
    """Score one document's detected, linked citations against its gold."""
    text = doc.text
    spans = []
    for g in gold.cites:
        pos = find_nth(text, g.snippet, g.n)
        if pos < 0:
            raise ValueError(f"gold line {g.line}: {g.snippet!r} (occurrence {g.n}) not in {gold.path}")
        epos = find_nth(text, g.entry, g.entry_n) if g.entry else None
        if g.entry and epos < 0:
            raise ValueError(f"gold line {g.line}: entry {g.entry!r} not in {gold.path}")
        spans.append((pos, pos + len(g.snippet), g, epos))
    lo, hi = gold.pages
    cands = [c for c in citations if c.kind in ("parenthetical", "narrative") and lo <= c.page <= hi]
    s = Score(detected=len(cands), gold=sum(not g.false for g in gold.cites),
              linkable=sum(bool(g.entry) and not g.false for g in gold.cites))
    taken: set[int] = set()
    for c in cands:
        hit = next((k for k, (a, b, g, _) in enumerate(spans)
                    if k not in taken and c.start < b and a < c.end and not g.false), None)
        if hit is None:
            false = any(c.start < b and a < c.end and g.false for a, b, g, _ in spans)
            s.errors.append(f"p{c.page} {'false' if false else 'UNJUDGED'} citation {c.text!r}")
            if c.reference is not None:
                s.links += 1
            continue
        taken.add(hit)
        s.matched += 1
        _, _, g, epos = spans[hit]
        if c.reference is None:
            if g.entry:
                s.errors.append(f"p{c.page} unlinked {c.text!r} (gold: {g.entry!r}) [{c.note}]")
            continue
        s.links += 1
        r = references[c.reference]
        if epos is not None and r.start <= epos < r.end:
            s.right += 1
        else:
            s.errors.append(f"p{c.page} wrong link {c.text!r} -> {r.raw[:40]!r} (gold: {g.entry or '-'})")
    for k, (_, _, g, _) in enumerate(spans):
        if k not in taken and not g.false:
            s.errors.append(f"missed citation {g.snippet!r} (line {g.line})")
    return s


def exact_baseline(citations, references):
    """Links by exact first-author name key and exact year only."""
    from dclit.biblio.linker import name_key

    index = {}
    for r in references:
        people = r.csl.get("author") or r.csl.get("editor") or []
        issued = (r.csl.get("issued") or {}).get("date-parts") or [[None]]
        if people and issued[0][0]:
            key = (name_key(people[0].get("family") or people[0].get("literal") or ""),
                   f"{issued[0][0]}{r.csl.get('year-suffix', '')}")
            index.setdefault(key, r.index)
    return [replace(c, reference=index.get((name_key(c.authors[0]), c.year)) if c.authors and c.year else None)
            for c in citations]


def _row(name: str, s: Score) -> str:
    dp = s.matched / s.detected if s.detected else 0.0
    dr = s.matched / s.gold if s.gold else 0.0
    lp = s.right / s.links if s.links else 0.0
    lr = s.right / s.linkable if s.linkable else 0.0
    f1 = 2 * lp * lr / (lp + lr) if lp + lr else 0.0
    return (f"{name:<34} {s.matched:>3}/{s.detected:<3} {dp:5.2f}  {s.matched:>3}/{s.gold:<3} {dr:5.2f}   "
            f"{s.right:>3}/{s.links:<3} {lp:5.2f}  {s.right:>3}/{s.linkable:<3} {lr:5.2f}  {f1:5.2f}")


def main() -> None:
    from dclit import biblio
    from dclit.extract import extract_document

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--errors", action="store_true", help="list every wrong, missed or unjudged item")
    args = ap.parse_args()
    head = (f"{'document':<34} {'detection P':>15}  {'detection R':>15}   {'linking P':>15}  "
            f"{'linking R':>15}  {'F1':>5}")
    totals = {"dclit": Score(), "exact baseline": Score()}
    lines = {k: [] for k in totals}
    for gd in load_gold(args.gold.read_text(encoding="utf-8")):
        doc = extract_document(args.corpus / gd.path)
        refs = biblio.find_references(doc)
        cites = biblio.find_citations(doc, refs)
        for name, linked in (("dclit", biblio.link(cites, refs)), ("exact baseline", exact_baseline(cites, refs))):
            s = score_document(doc, gd, linked, refs)
            totals[name].add(s)
            lines[name].append(_row(Path(gd.path).stem, s))
            if args.errors and name == "dclit":
                print(f"{gd.path}:\n" + "\n".join(f"    {e}" for e in s.errors))
    for name in totals:
        print(f"\n{name}\n{head}\n" + "\n".join(lines[name]) + "\n" + _row("all", totals[name]))


if __name__ == "__main__":
    main()
