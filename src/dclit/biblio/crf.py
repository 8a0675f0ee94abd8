"""Tag a reference string with the trained CRF and turn the tags into CSL-JSON."""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from dclit.biblio.features import Token, normalise, token_features, tokenize
from dclit.biblio.names import split_names
from dclit.errors import MissingExtraError

MODEL_NAME = "refparser.crfsuite"
YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?:[-–/]\d{2,4})?([a-z])?(?![\d])")


def models_dir() -> Path:
    env = os.environ.get("DCLIT_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models"


@functools.lru_cache(maxsize=4)
def _tagger(path: str):
    import pycrfsuite

    if not Path(path).exists():
        raise MissingExtraError(
            f"reference parser model not found at {path}",
            stage="biblio",
            hint="Train it with `make train-refs` (python -m dclit.biblio.train), "
                 "or set DCLIT_MODELS to the folder holding refparser.crfsuite.")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def tag_tokens(tokens: list[Token], model: Path | None = None) -> list[str]:
    if not tokens:
        return []
    path = str(model or models_dir() / MODEL_NAME)
    return list(_tagger(path).tag(token_features(tokens)))


def runs(raw: str, tokens: list[Token], labels: list[str]) -> list[tuple[str, str, int, int]]:
    """Contiguous runs of one label: (label, text, start, end) in source order."""
    out: list[tuple[str, str, int, int]] = []
    for tok, lab in zip(tokens, labels):
        if out and out[-1][0] == lab:
            _, _, s, _ = out[-1]
            out[-1] = (lab, raw[s:tok.end], s, tok.end)
        else:
            out.append((lab, tok.text, tok.start, tok.end))
    return out


def clean(text: str) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    t = t.strip(" ,;:.")
    if t.count("(") < t.count(")"):
        t = t.rstrip(")").strip()
    if t.count("(") > t.count(")"):
        t = t.lstrip("(").strip()
    t = t.strip(" ,;:.")
    pairs = {"“": "”", "«": "»", "‘": "’", '"': '"', "'": "'"}
    if len(t) > 1 and t[0] in pairs and t.endswith(pairs[t[0]]):
        t = t[1:-1]
    else:
        t = t.lstrip("“«‘\"").rstrip("”»’\"")
    return t.strip(" ,;:.").strip()


def _pages(text: str) -> str:
    t = re.sub(r"^(?:pp?|pág?s?|s)\.?\s*", "", clean(text), flags=re.I)
    return re.sub(r"\s*[-–—]+\s*", "-", t)


def _volume_issue(item: dict, volume: str | None, issue: str | None) -> None:
    if volume:
        v = re.sub(r"^(?:vol(?:ume)?|t|bd|tome)\.?\s*", "", clean(volume), flags=re.I)
        m = re.match(r"^(\w+)\s*(?:\(([^)]+)\)|,?\s*(?:no|nr|n°|nº|núm|issue)\.?\s*(\w+))", v, re.I)
        if m:
            v, issue = m.group(1), issue or m.group(2) or m.group(3)
        item["volume"] = v
    if issue:
        item["issue"] = re.sub(r"^(?:no|nr|n°|nº|núm|issue)\.?\s*", "", clean(issue), flags=re.I)


def _guess_type(item: dict, raw: str) -> str:
    low = raw.lower()
    if re.search(r"\b(thesis|dissertation|thèse|tesis|doctoral)\b", low):
        return "thesis"
    if re.search(r"\b(report|working paper|discussion paper|policy brief|rapport|informe)\b", low):
        return "report"
    if item.get("container-title"):
        if item.get("editor") or re.search(r"\b(in|en|dans)\s*:?\s", low) and not item.get("volume"):
            return "chapter"
        if item.get("volume") or item.get("page") or item.get("issue"):
            return "article-journal"
        return "chapter" if item.get("publisher") else "article-journal"
    if item.get("publisher"):
        return "book"
    if item.get("URL"):
        return "webpage"
    return "document"


def to_csl(raw: str, tokens: list[Token], labels: list[str]) -> dict:
    """CSL-JSON item from tagged tokens (first run wins for single-valued fields)."""
    first: dict[str, str] = {}
    for lab, text, _, _ in runs(raw, tokens, labels):
        first.setdefault(lab, text)
    item: dict = {}
    for role in ("author", "editor"):
        if role in first:
            names, etal = split_names(first[role])
            if names:
                item[role] = names
            if etal:
                item.setdefault("note", "et al.")
    date_text = first.get("date") or ""
    m = YEAR_RE.search(date_text) or (YEAR_RE.search(raw) if not date_text else None)
    if m:
        item["issued"] = {"date-parts": [[int(m.group(1))]]}
        if m.group(2):
            item["year-suffix"] = m.group(2)
    for lab, var in (("title", "title"), ("container", "container-title"),
                     ("publisher", "publisher"), ("place", "publisher-place"),
                     ("edition", "edition"), ("num", "citation-number")):
        if lab in first and clean(first[lab]):
            item[var] = clean(first[lab])
    if "container-title" in item:
        item["container-title"] = re.sub(r"^(?:in|en|dans|im)\s*:?\s+", "", item["container-title"],
                                         flags=re.I)
    _volume_issue(item, first.get("volume"), first.get("issue"))
    if "pages" in first:
        item["page"] = _pages(first["pages"])
    doi = re.search(r"10\.\d{4,9}/[^\s\]]+", raw)
    if doi:
        item["DOI"] = doi.group().rstrip(".,;")
    url = re.search(r"(?:https?://|www\.)\S+", raw)
    if url:
        item["URL"] = url.group().rstrip(".,;)")
    item["type"] = _guess_type(item, raw)
    return item


def parse(raw: str, model: Path | None = None, lead_rule: bool = True) -> dict:
    """Parse one raw reference string to a CSL-JSON item.

    ``lead_rule``: a leading "Names (Year)" run is tagged author/date by rule
    (benchmarks/references.py shows it beats the model there).
    """
    from dclit.biblio.rules import apply_leading_authors

    text = normalise(re.sub(r"\s+", " ", raw).strip())
    tokens = tokenize(text)
    labels = tag_tokens(tokens, model)
    if lead_rule:
        labels = apply_leading_authors(text, tokens, labels)
    return to_csl(text, tokens, labels)
