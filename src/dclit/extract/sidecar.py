"""Metadata a researcher already has: ``metadata.csv``, CSL-JSON or BibTeX (e.g. a
Zotero export) in the corpus folder, matched to documents by file path or title.

A sidecar value always beats what dclit inferred; ``Metadata.provenance`` says so.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from dclit.errors import ConfigError
from dclit.records import Metadata

FIELDS = ("title", "authors", "organisation", "year", "language", "doc_type")


@dataclass(frozen=True, slots=True)
class SidecarRecord:
    source: str  # file name of the sidecar
    values: dict = field(default_factory=dict)

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.values, sort_keys=True).encode()).hexdigest()[:12]


@dataclass(slots=True)
class Sidecars:
    by_path: dict[str, SidecarRecord] = field(default_factory=dict)  # relative path or file name
    by_title: dict[str, SidecarRecord] = field(default_factory=dict)

    def find(self, rel_path: str, title: str | None = None) -> SidecarRecord | None:
        rec = self.by_path.get(rel_path) or self.by_path.get(Path(rel_path).name)
        if rec is None and title:
            rec = self.by_title.get(_norm_title(title))
        return rec


def _norm_title(title: str) -> str:
    t = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def load_sidecars(corpus: Path) -> Sidecars:
    """Read every sidecar in the corpus root: metadata.csv, *.bib, *.json (CSL-JSON)."""
    cars = Sidecars()
    csv_path = corpus / "metadata.csv"
    if csv_path.exists():
        _load_csv(csv_path, cars)
    for bib in sorted(corpus.glob("*.bib")):
        _load_bibtex(bib, cars)
    for js in sorted(corpus.glob("*.json")):
        _load_csljson(js, cars)
    return cars


def _add(cars: Sidecars, source: str, values: dict, paths: list[str]) -> None:
    values = {k: v for k, v in values.items() if v not in (None, "", ())}
    rec = SidecarRecord(source=source, values=values)
    for p in paths:
        if p:
            cars.by_path[p] = rec
    if values.get("title"):
        cars.by_title[_norm_title(values["title"])] = rec


def _year(value) -> int | None:
    m = re.search(r"\d{4}", str(value or ""))
    return int(m.group(0)) if m else None


def _load_csv(path: Path, cars: Sidecars) -> None:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not ({"file", "path"} & set(reader.fieldnames) or "title" in reader.fieldnames):
            raise ConfigError("needs a 'file' (or 'path') column, or a 'title' column, to match documents.",
                              path=str(path), hint="Add a header row: file,title,authors,organisation,year,language,doc_type")
        for line, row in enumerate(reader, start=2):
            values = {k: (row.get(k) or "").strip() for k in FIELDS}
            values["authors"] = tuple(a.strip() for a in values["authors"].split(";") if a.strip())
            if values["year"]:
                if _year(values["year"]) is None:
                    raise ConfigError(f"line {line}: year {values['year']!r} is not a year.", path=str(path),
                                      hint="Write a four-digit year or leave it empty.")
                values["year"] = _year(values["year"])
            _add(cars, path.name, values, [(row.get("file") or row.get("path") or "").strip()])


def _csl_names(names) -> tuple[str, ...]:
    out = []
    for n in names or []:
        if n.get("literal"):
            out.append(n["literal"])
        else:
            out.append(", ".join(x for x in (n.get("family"), n.get("given")) if x))
    return tuple(out)


def _load_csljson(path: Path, cars: Sidecars) -> None:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ConfigError(f"not valid JSON (line {e.lineno}).", path=str(path),
                          hint="Export CSL-JSON again from Zotero, or move the file out of the corpus.") from None
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, dict) or "title" not in item:
            continue
        issued = (item.get("issued") or {}).get("date-parts") or [[None]]
        values = {"title": item.get("title"), "authors": _csl_names(item.get("author")),
                  "year": _year(issued[0][0]), "language": item.get("language"),
                  "doc_type": item.get("type"), "organisation": item.get("publisher")}
        _add(cars, path.name, values, [Path(f).name for f in _files(item.get("file") or item.get("note") or "")])


_FILE = re.compile(r"[^:;{}\n]+?\.(?:pdf|docx|html?|txt|md)\b", re.I)


def _files(value: str) -> list[str]:
    """File paths in a Zotero ``file`` field ("Full Text:files/12/x.pdf:application/pdf;…")."""
    return [m.group(0).strip() for m in _FILE.finditer(value)]


def _load_bibtex(path: Path, cars: Sidecars) -> None:
    import bibtexparser
    import bibtexparser.bparser

    try:
        parser = bibtexparser.bparser.BibTexParser(ignore_nonstandard_types=False, common_strings=True)
        db = bibtexparser.loads(path.read_text(encoding="utf-8", errors="replace"), parser=parser)
    except Exception as e:  # bibtexparser raises pyparsing errors of several kinds
        raise ConfigError(f"cannot parse BibTeX ({e}).", path=str(path), hint="Export it again from Zotero.") from None
    for entry in db.entries:
        authors = _bib_names(entry.get("author", ""))
        values = {"title": entry.get("title", "").replace("{", "").replace("}", ""), "authors": authors,
                  "year": _year(entry.get("year") or entry.get("date")), "language": entry.get("langid") or entry.get("language"),
                  "doc_type": entry.get("ENTRYTYPE"), "organisation": entry.get("institution") or entry.get("publisher")}
        files = [Path(f).name for f in _files(entry.get("file", ""))]
        _add(cars, path.name, values, files)


def _bib_names(value: str) -> tuple[str, ...]:
    """Split a BibTeX name list on " and " outside braces ({United Cities and Local Governments} is one)."""
    names, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and value[i:i + 5].lower() == " and ":
            names.append(value[start:i])
            start = i + 5
    names.append(value[start:])
    return tuple(n.replace("{", "").replace("}", "").strip() for n in names if n.strip())


def apply_sidecar(meta: Metadata, rec: SidecarRecord | None) -> Metadata:
    if rec is None:
        return meta
    values = {k: v for k, v in rec.values.items() if k in FIELDS}
    prov = dict(meta.provenance)
    prov.update({k: f"sidecar:{rec.source}" for k in values})
    return replace(meta, **values, provenance=prov)
