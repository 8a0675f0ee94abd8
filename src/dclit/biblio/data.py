"""Labelled reference strings (AnyStyle + GROBID, see models/README.md) as token sequences.

Each row's ``segments`` are mapped to our tag set (features.LABELS) and every
token takes the tag of the segment it starts in; punctuation outside every segment
joins the neighbouring field (``attach_gaps``), and a few AnyStyle rows that label a
book's title ``container-title`` are read as title (``_lone_container_is_title``).
Gold field values (``Example.gold``) are the dataset's own, unchanged; ``cleaned`` gives the
same rows with the book-title rule applied to the gold values too, for reporting beside them.
The train/held-out split is a hash of the row id, so it never changes between runs or machines.
``load_rows`` reads another file of the same shape whole (the hand-labelled in-domain set).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from dclit.biblio.features import Token, normalise, tokenize

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "data" / "references"  # the repo copy (gzip)
FILES = ("anystyle.jsonl", "grobid_citation.jsonl")
HELD_OUT_MOD = 10  # rows with hash % 10 == 0 are held out (≈10 %)

SEGMENT_MAP = {
    "author": "author", "authors": "author", "editor": "editor", "translator": "note",
    "date": "date", "biblScope-date": "date",
    "title": "title", "title-a": "title", "title-?": "title",
    "journal": "container", "container-title": "container", "title-j": "container",
    "title-s": "note", "collection-title": "note",
    "publisher": "publisher", "publishe": "publisher", "orgName": "publisher",
    "location": "place", "pubPlace": "place", "pubplace": "place",
    "volume": "volume", "volumes": "volume", "biblScope-volume": "volume",
    "biblScope-issue": "issue",
    "pages": "pages", "page": "pages", "biblScope-page": "pages",
    "doi": "doi", "idno-DOI": "doi", "url": "url", "ptr-web": "url",
    "edition": "edition", "citation-number": "num",
}


@dataclass(slots=True)
class Example:
    id: str
    raw: str
    style: str
    tokens: list[Token]
    labels: list[str]
    gold: dict = field(default_factory=dict)
    cleaned_gold: dict = field(default_factory=dict)  # gold under the book-title rule (see cleaned)


def held_out(row_id: str) -> bool:
    return int(hashlib.sha1(row_id.encode()).hexdigest(), 16) % HELD_OUT_MOD == 0


IN_CUE = re.compile(r"\b(?:in|en|dans|im)\s*:?\s*$", re.I)


def _lone_container_is_title(segments: list[list[str]], raw: str) -> bool:
    """AnyStyle's "ugly"/"bad" files label some whole books' titles ``container-title``
    (no title, no editor, no "In" before it) where every other file labels them
    ``title``; such a segment is tagged title so the convention is one."""
    labs = {lab for lab, _ in segments}
    if "container-title" not in labs or labs & {"title", "editor", "journal"}:
        return False
    text = normalise(next(t for lab, t in segments if lab == "container-title"))
    i = raw.find(text)
    return i >= 0 and not IN_CUE.search(raw[max(0, i - 8):i])


def _segment_labels(segments: list[list[str]], raw: str = "") -> list[str]:
    has_article_title = any(lab == "title-a" for lab, _ in segments)
    lone = _lone_container_is_title(segments, raw)
    out = []
    for lab, _ in segments:
        if lab == "title-m":
            out.append("container" if has_article_title else "title")
        elif lab == "container-title" and lone:
            out.append("title")
        else:
            out.append(SEGMENT_MAP.get(lab, "note"))
    return out


OPENERS = set("([{“«‘„")
QUOTES = set("\"'")


def _opens(tokens: list[Token], i: int) -> bool:
    t = tokens[i]
    if t.text in OPENERS:
        return True
    if t.text in QUOTES and i + 1 < len(tokens):
        return tokens[i + 1].start == t.end and (i == 0 or tokens[i - 1].end < t.start)
    return False


def attach_gaps(tokens: list[Token], labels: list[str | None]) -> list[str]:
    """Tags for tokens outside every labelled segment (``None``).

    GROBID leaves the punctuation between fields unlabelled while AnyStyle puts it
    inside the segments; to make the two agree, an unlabelled punctuation token
    joins the field it leans on (an opening bracket or quote the next one, other
    punctuation the previous one). Unlabelled words are ``note``.
    """
    base = [lab if lab is not None or not t.text[0].isalnum() else "note"
            for t, lab in zip(tokens, labels)]
    out = list(base)
    n = len(out)
    for i in range(n):
        if out[i] is not None:
            continue
        prev = next((base[j] for j in range(i - 1, -1, -1) if base[j] is not None), None)
        nxt = next((base[j] for j in range(i + 1, n) if base[j] is not None), None)
        out[i] = (nxt or prev) if _opens(tokens, i) else (prev or nxt)
    return [lab or "note" for lab in out]


def row_to_example(row: dict) -> Example:
    raw = normalise(row["raw"])
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for (lab, text), tag in zip(row["segments"], _segment_labels(row["segments"], raw)):
        text = normalise(text)
        i = raw.find(text, pos)
        if i < 0:
            continue
        spans.append((i, i + len(text), tag))
        pos = i + len(text)
    tokens = tokenize(raw)
    labels = [next((lab for s, e, lab in spans if s <= t.start < e), None) for t in tokens]
    labels = attach_gaps(tokens, labels)
    gold = {k: row.get(k) for k in ("authors_raw", "year", "title", "container", "editors",
                                    "publisher", "place", "volume", "issue", "pages", "doi", "url")}
    cleaned = dict(gold)
    if _lone_container_is_title(row["segments"], raw) and not gold["title"]:
        cleaned["title"], cleaned["container"] = gold["container"], None
    return Example(row["id"], raw, row.get("style_guess", "other"), tokens, labels, gold, cleaned)


def cleaned(examples: list[Example]) -> list[Example]:
    """The same rows scored against the cleaned gold: where the book-title rule
    (``_lone_container_is_title``) retags a lone container segment as title for
    training, the gold container value is read as the title. For reporting next to
    the datasets' own gold values, never instead of them."""
    return [replace(ex, gold=ex.cleaned_gold or ex.gold) for ex in examples]


def audited(examples: list[Example], path: Path) -> list[Example]:
    """The rows of an audit file (JSONL: id, title, container; see
    annotations/references/heldout_audit/) with those two gold values replaced by the audit's;
    rows the audit does not hold are left out. For scoring beside the datasets' own gold."""
    audit = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            audit[row["id"]] = row
    return [replace(ex, gold={**ex.gold, "title": audit[ex.id]["title"] or None,
                              "container": audit[ex.id]["container"] or None})
            for ex in examples if ex.id in audit]


NUMERIC_LEAD = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]\s)")


def guess_style(raw: str) -> str:
    """"numeric" ("[12] …", "12. …"), "author-year" (names then a year: "Hafteck, P. (2003)")
    or "other", for rows that carry no ``style_guess``."""
    from dclit.biblio.rules import leading_authors

    if NUMERIC_LEAD.match(raw):
        return "numeric"
    return "author-year" if leading_authors(raw) else "other"


def load_rows(path: Path) -> list[Example]:
    """Every row of one JSONL file of labelled references (no split), e.g. a hand-labelled
    evaluation set in the bench files' shape; rows without ``segments`` keep their gold
    fields for scoring (their token tags are all ``note``)."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("duplicate_of") or not row.get("raw"):
            continue
        ex = row_to_example({**row, "segments": row.get("segments") or []})
        if "style_guess" not in row:
            ex.style = guess_style(ex.raw)
        if ex.tokens:
            out.append(ex)
    return out


def load(data_dir: Path = DEFAULT_DATA) -> tuple[list[Example], list[Example], dict[str, str]]:
    """(train, held_out, sha256 of each file). Rows with ``duplicate_of`` are dropped."""
    train: list[Example] = []
    test: list[Example] = []
    hashes: dict[str, str] = {}
    for name in FILES:
        path = Path(data_dir) / name
        if not path.exists() and path.with_name(name + ".gz").exists():
            import gzip

            blob = gzip.decompress(path.with_name(name + ".gz").read_bytes())
        else:
            blob = path.read_bytes()
        hashes[name] = hashlib.sha256(blob).hexdigest()
        for line in blob.decode("utf-8").splitlines():
            row = json.loads(line)
            if row.get("duplicate_of") or not row.get("segments"):
                continue
            ex = row_to_example(row)
            if not ex.tokens:
                continue
            (test if held_out(row["id"]) else train).append(ex)
    return train, test, hashes
