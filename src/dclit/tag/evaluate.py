"""Gold annotations and evaluation of the tagger (precision, recall, F1 per concept).

Gold format (``annotations/``): ``documents.jsonl`` holds one line per annotated
document (file name, corpus path, sha256, language, split, covered ranges) and
``gold/*.jsonl`` one line per span: ``document, sha256, start, end, concept,
text, left, right``. Offsets are into ``extract_document(path).text``; ``left`` /
``right`` keep 40 characters of context so a span can be re-anchored when the
clean text shifts (:func:`reanchor`).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Iterable

from dclit.errors import ConfigError
from dclit.records import Mention
from dclit.tag.registry import Registry

CONTEXT = 40


@dataclass(frozen=True, slots=True)
class GoldSpan:
    document: str
    start: int
    end: int
    concept: str
    text: str
    sha256: str = ""
    left: str = ""
    right: str = ""


@dataclass(frozen=True, slots=True)
class GoldDocument:
    document: str  # file name
    path: str = ""  # path relative to the corpus root
    sha256: str = ""
    lang: str = ""
    split: str = "dev"  # "dev" (tuned on) or "test" (held out)
    covered: tuple[tuple[int, int], ...] | None = None  # None: the whole text
    anchored: str = "clean"  # "clean": offsets into extract_document().text; else provisional text


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0 if not self.fn else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    level: str
    match: str
    scores: dict[str, dict[str, Score]] = field(default_factory=dict)  # lang ("all") -> concept -> Score
    errors: list[dict] = field(default_factory=list)  # false positives / misses, for reading

    def rows(self) -> list[dict]:
        out = []
        for lang in sorted(self.scores):
            for concept in sorted(self.scores[lang]):
                s = self.scores[lang][concept]
                out.append({"lang": lang, "concept": concept, "tp": s.tp, "fp": s.fp, "fn": s.fn,
                            "precision": round(s.precision, 3), "recall": round(s.recall, 3),
                            "f1": round(s.f1, 3)})
        return out


def span_with_context(document: str, text: str, start: int, end: int, concept: str,
                      sha256: str = "") -> GoldSpan:
    return GoldSpan(document=document, start=start, end=end, concept=concept, text=text[start:end],
                    sha256=sha256, left=text[max(0, start - CONTEXT):start], right=text[end:end + CONTEXT])


def reanchor(span: GoldSpan, text: str) -> GoldSpan | None:
    """The span moved onto ``text``: unchanged if it still fits, else found again by
    its text and context (nearest to the old offset); None when it is gone."""
    if text[span.start:span.end] == span.text:
        return span
    candidates: list[int] = []
    for needle, shift in ((span.left + span.text + span.right, len(span.left)),
                          (span.left[-15:] + span.text + span.right[:15], len(span.left[-15:]))):
        candidates = _find_all(text, needle, shift)
        if candidates:
            break
    candidates = candidates or _loose_find(span, text)
    if not candidates:
        return None
    start = min(candidates, key=lambda p: (abs(p - span.start), p))
    return GoldSpan(span.document, start, start + len(span.text), span.concept, span.text,
                    span.sha256, span.left, span.right)


def _find_all(text: str, needle: str, shift: int) -> list[int]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append(pos + shift)
        pos = text.find(needle, pos + 1)
    return out


def _loose_find(span: GoldSpan, text: str) -> list[int]:
    """Whitespace-insensitive search of the span with a little context (text re-flowed)."""
    def loose(s: str) -> str:
        return r"\s*".join(re.escape(ch) for ch in s if not ch.isspace())
    for left, right in ((span.left[-12:], span.right[:12]), ("", "")):
        rx = re.compile(loose(left) + r"\s*(" + loose(span.text) + r")\s*" + loose(right))
        found = [m.start(1) for m in rx.finditer(text)]
        if found:
            return found
    return []


def load_gold(folder: Path) -> tuple[list[GoldDocument], list[GoldSpan]]:
    folder = Path(folder)
    docs_file = folder / "documents.jsonl"
    if not docs_file.exists():
        raise ConfigError("no documents.jsonl in the annotations folder", path=str(folder),
                          hint="See annotations/README.md for the format.")
    docs = [GoldDocument(**{**d, "covered": tuple(map(tuple, d["covered"])) if d.get("covered") else None})
            for d in _read_jsonl(docs_file)]
    spans = [GoldSpan(**{k: v for k, v in s.items() if k in GoldSpan.__slots__})
             for f in sorted((folder / "gold").glob("*.jsonl")) for s in _read_jsonl(f)]
    return docs, spans


def merge_documents(docs: Iterable[GoldDocument]) -> list[GoldDocument]:
    """One entry per document: a document annotated in two splits (different pages) is
    scored once over the union of the chosen entries' covered parts (None = all)."""
    merged: dict[str, GoldDocument] = {}
    for d in docs:
        prev = merged.get(d.document)
        if prev is not None:
            both = None if prev.covered is None or d.covered is None else tuple(sorted(prev.covered + d.covered))
            d = replace(prev, covered=both, split=f"{prev.split}+{d.split}")
        merged[d.document] = d
    return list(merged.values())


def _read_jsonl(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ConfigError(f"line {n}: not JSON ({exc.msg})", path=str(path)) from exc
    return out


def write_jsonl(path: Path, records: Iterable) -> None:
    lines = [json.dumps(asdict(r) if hasattr(r, "__dataclass_fields__") else r, ensure_ascii=False)
             for r in records]
    Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def import_annotations(path: Path, document: str, clean_text: str, sha256: str = "",
                       label_map: dict[str, str] | None = None) -> list[GoldSpan]:
    """Spans from doccano (``label: [[s, e, L]]`` or ``entities``) or Prodigy (``spans``) JSONL.

    Each record's ``text`` may be the whole clean text or a piece of it; spans are
    re-anchored onto ``clean_text``. Labels are mapped through ``label_map``
    (default: lower-cased label = concept id). Spans that cannot be placed are skipped.
    """
    label_map = label_map or {}
    out = []
    for rec in _read_jsonl(path):
        text = rec.get("text", "")
        base = clean_text.find(text) if text and text != clean_text else 0
        for s, e, label in _record_spans(rec):
            concept = label_map.get(label, label.lower())
            guess = GoldSpan(document, max(base, 0) + s, max(base, 0) + e, concept, text[s:e], sha256,
                             text[max(0, s - CONTEXT):s], text[e:e + CONTEXT])
            placed = reanchor(guess, clean_text)
            if placed is not None:
                out.append(placed)
    return sorted(out, key=lambda g: (g.start, g.end, g.concept))


def _record_spans(rec: dict) -> list[tuple[int, int, str]]:
    if "spans" in rec:  # Prodigy
        return [(int(s["start"]), int(s["end"]), str(s["label"])) for s in rec["spans"]]
    if "entities" in rec:  # doccano (newer export)
        return [(int(s["start_offset"]), int(s["end_offset"]), str(s["label"])) for s in rec["entities"]]
    return [(int(s), int(e), str(lab)) for s, e, lab in rec.get("label", rec.get("labels", []))]


def evaluate(gold: dict[str, list[GoldSpan]], predicted: dict[str, list[Mention]],
             langs: dict[str, str], registry: Registry | None = None, *, level: str = "concept",
             match: str = "exact", covered: dict[str, tuple[tuple[int, int], ...] | None] | None = None
             ) -> Report:
    """Score predictions against gold, per document key (the file name).

    ``level="top"`` maps every concept to its top concept first; ``match="overlap"``
    counts a prediction as right when it overlaps a gold span of the same concept.
    Flagged mentions (another sense) are not predictions of the concept.
    """
    if level not in ("concept", "top") or match not in ("exact", "overlap"):
        raise ValueError(f"level must be concept|top and match exact|overlap; got {level!r}, {match!r}")
    report = Report(level=level, match=match)
    covered = covered or {}

    def name(concept: str) -> list[str]:
        return registry.tops(concept) if level == "top" and registry is not None else [concept]

    for doc in sorted(gold.keys() | predicted.keys()):
        ranges = covered.get(doc)
        def inside(start: int) -> bool:
            return ranges is None or any(a <= start < b for a, b in ranges)
        # gold outside the covered part belongs to another split's pages of the same document
        g = {(s.start, s.end, c) for s in gold.get(doc, []) if inside(s.start) for c in name(s.concept)}
        p = {(m.start, m.end, c) for m in predicted.get(doc, []) if m.flag is None and inside(m.start)
             for c in name(m.concept)}
        for lang in ("all", langs.get(doc, "?")):
            _score(report, lang, doc, g, p, match, record=lang == "all")
    return report


def _score(report: Report, lang: str, doc: str, gold: set, pred: set, match: str, record: bool) -> None:
    table = report.scores.setdefault(lang, defaultdict(Score))
    if match == "exact":
        tp = gold & pred
        fn, fp = gold - pred, pred - gold
    else:
        tp = {x for x in pred if any(x[2] == y[2] and x[0] < y[1] and y[0] < x[1] for y in gold)}
        fp = pred - tp
        fn = {y for y in gold if not any(x[2] == y[2] and x[0] < y[1] and y[0] < x[1] for x in pred)}
    for _, _, c in tp:
        table[c].tp += 1
    for _, _, c in fp:
        table[c].fp += 1
    for _, _, c in fn:
        table[c].fn += 1
    if record:
        report.errors += [{"document": doc, "kind": "false_positive", "start": s, "end": e, "concept": c}
                          for s, e, c in sorted(fp)]
        report.errors += [{"document": doc, "kind": "miss", "start": s, "end": e, "concept": c}
                          for s, e, c in sorted(fn)]
