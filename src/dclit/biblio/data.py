"""Labelled reference strings (AnyStyle + GROBID, see models/README.md) as token sequences.

Each row's ``segments`` are mapped to our tag set (features.LABELS) and every
token takes the tag of the segment it starts in. The train/held-out split is a
hash of the row id, so it never changes between runs or machines.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from dclit.biblio.features import Token, normalise, tokenize

DEFAULT_DATA = Path("/work/shared/bench/references")
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


def held_out(row_id: str) -> bool:
    return int(hashlib.sha1(row_id.encode()).hexdigest(), 16) % HELD_OUT_MOD == 0


def _segment_labels(segments: list[list[str]]) -> list[str]:
    has_article_title = any(lab == "title-a" for lab, _ in segments)
    out = []
    for lab, _ in segments:
        if lab == "title-m":
            out.append("container" if has_article_title else "title")
        else:
            out.append(SEGMENT_MAP.get(lab, "note"))
    return out


def row_to_example(row: dict) -> Example:
    raw = normalise(row["raw"])
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for (lab, text), tag in zip(row["segments"], _segment_labels(row["segments"])):
        text = normalise(text)
        i = raw.find(text, pos)
        if i < 0:
            continue
        spans.append((i, i + len(text), tag))
        pos = i + len(text)
    tokens = tokenize(raw)
    labels = []
    for t in tokens:
        tag = next((lab for s, e, lab in spans if s <= t.start < e), "note")
        labels.append(tag)
    gold = {k: row.get(k) for k in ("authors_raw", "year", "title", "container", "editors",
                                    "publisher", "place", "volume", "issue", "pages", "doi", "url")}
    return Example(row["id"], raw, row.get("style_guess", "other"), tokens, labels, gold)


def load(data_dir: Path = DEFAULT_DATA) -> tuple[list[Example], list[Example], dict[str, str]]:
    """(train, held_out, sha256 of each file). Rows with ``duplicate_of`` are dropped."""
    train: list[Example] = []
    test: list[Example] = []
    hashes: dict[str, str] = {}
    for name in FILES:
        path = Path(data_dir) / name
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
