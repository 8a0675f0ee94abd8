"""Tag a reference string with the trained CRF and turn the tags into CSL-JSON."""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from dclit.biblio.features import VOL_WORDS, Token, normalise, token_features, tokenize
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
    return t.strip(" ,;:./").strip()  # "/" : "Title //" (GOST), "Title /" (ISBD)


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
    if re.search(r"\b(?:presented|présentée?s?|presentad[oa]s?)\s+(?:at|to|à|aux?|en)\b|\bproceedings\b|\bconference\b", low):
        return "paper-conference"
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


IN_CUE = re.compile(r"\b(?:in|en|dans|im)\s*:?\s*$", re.I)


def postprocess(raw: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """Label clean-up after tagging, each step measured on the validation split (models/README.md)."""
    labels = lone_container_title(raw, tokens, labels)
    labels = slashed_container(raw, tokens, labels)
    labels = year_ending_title(raw, tokens, labels)
    labels = title_after_editor(raw, tokens, labels)
    labels = run_before_volume(raw, tokens, labels)
    return presented_in_title(raw, tokens, labels)


def _first_run(labels: list[str], lab: str) -> tuple[int, int] | None:
    if lab not in labels:
        return None
    a = b = labels.index(lab)
    while b + 1 < len(labels) and labels[b + 1] == lab:
        b += 1
    return a, b


def slashed_container(raw: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """"Title // Container" (GOST style) tagged as one title: what follows "//" is the container."""
    run = _first_run(labels, "title")
    if not run or "container" in labels:
        return list(labels)
    out = list(labels)
    a, b = run
    for i in range(a, b):
        if tokens[i].text == "/" and tokens[i + 1].text == "/" and tokens[i + 1].start == tokens[i].end:
            out[i + 2:b + 1] = ["container"] * (b - i - 1)
            break
    return out


def year_ending_title(raw: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """A year closing the title run when no date was tagged is the date ("… Spherical SOM 2006 Journal …")."""
    run = _first_run(labels, "title")
    if not run or "date" in labels:
        return list(labels)
    out = list(labels)
    a, b = run
    k = b
    while k > a and not tokens[k].text[0].isalnum():
        k -= 1
    if k > a and re.fullmatch(r"(?:1[5-9]\d\d|20\d\d)[a-z]?", tokens[k].text):
        out[k:b + 1] = ["date"] * (b + 1 - k)
    return out


def lone_container_title(raw: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """No title but a container followed by a publisher or place, no volume, issue or
    pages after it, no "In" or editor before it: that "container" is a book's title
    ("Bultmann, Rudolph. New Testament and Theology … Philadelphia: Fortress, 1984.")."""
    out = list(labels)
    run = _first_run(out, "container")
    if "title" in out or not run:
        return out
    a, b = run
    after = set(out[b + 1:])
    if after & {"volume", "issue", "pages"} or not after & {"publisher", "place"} or "editor" in out[:a]:
        return out
    if IN_CUE.search(raw[:tokens[a].start]) or IN_CUE.search(tokens[a].text):
        return out
    out[a:b + 1] = ["title"] * (b + 1 - a)
    return out


def _runs_at(labels: list[str]) -> list[tuple[str, int, int]]:
    """Contiguous runs of one label as (label, first index, last index)."""
    out: list[tuple[str, int, int]] = []
    for i, lab in enumerate(labels):
        if out and out[-1][0] == lab:
            out[-1] = (lab, out[-1][1], i)
        else:
            out.append((lab, i, i))
    return out


def title_after_editor(raw: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """"Title. In: Editor (ed.), Book title." tagged title, editor, title and no container:
    the title run after the editor run is the container (only the first run of a label is read)."""
    out = list(labels)
    if "container" in out:
        return out
    rs = _runs_at(out)
    titles = [k for k, r in enumerate(rs) if r[0] == "title"]
    if len(titles) < 2 or not any(r[0] == "editor" for r in rs[titles[0] + 1:titles[1]]):
        return out
    _, a, b = rs[titles[1]]
    out[a:b + 1] = ["container"] * (b + 1 - a)
    return out


NOTE_CUES = re.compile(r"^(?:report|paper|thesis|dissertation|retrieved|available|accessed|presented|series|no|nr)$",
                       re.I)


def run_before_volume(raw: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """No container, but a note or publisher run between the title and a volume ("Transactions
    of the … Conference 66: 175–185", "… Occasional Papers in Linguistics, 8, 76–105"): that run
    is the container; a trailing "Vol." stays with the volume."""
    out = list(labels)
    if "container" in out or "volume" not in out:
        return out
    rs = _runs_at(out)
    for k in range(1, len(rs) - 1):
        lab, a, b = rs[k]
        if lab not in ("note", "publisher") or rs[k - 1][0] != "title" or rs[k + 1][0] != "volume":
            continue
        while b >= a and (not tokens[b].text[0].isalnum() or tokens[b].text.lower() in VOL_WORDS):
            b -= 1
        words = [t.text for t in tokens[a:b + 1] if t.text[0].isalnum()]
        if words and words[0][0].isupper() and not any(NOTE_CUES.match(w) for w in words):
            out[a:b + 1] = ["container"] * (b + 1 - a)
        return out
    return out


PRESENTED_CUE = re.compile(r"^(?:presented|présentée?s?|presentad[oa]s?)$", re.I)


def presented_in_title(raw: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """No container, and the title run holds "…, paper presented at the <meeting>": the cue is a
    note and the meeting the container (the seed paper's "…modality, paper presented at the Third
    Development Dialogue")."""
    out = list(labels)
    span = None if "container" in out else _first_run(out, "title")
    if span is None:
        return out
    a, b = span
    for k in range(a + 1, b - 1):
        if PRESENTED_CUE.match(tokens[k].text) and tokens[k + 1].text.lower() in ("at", "to", "à", "aux", "en"):
            cue = k - 1 if tokens[k - 1].text.lower() in ("paper", "poster", "communication") else k
            rest = k + 2 + (tokens[k + 2].text.lower() in ("the", "la", "el") if k + 2 <= b else 0)
            if rest <= b:
                out[cue:rest] = ["note"] * (rest - cue)
                out[rest:b + 1] = ["container"] * (b + 1 - rest)
            break
    return out


IN_LEAD = re.compile(r"^(?:in|en|dans|im)\s*:?\s+", re.I)
# "Paper presented at the IEEE … Symposium", "In the Proceedings of …": the container is the meeting's name
PRESENTED_AT = re.compile(r"^(?:(?:paper|poster|communication)\s+)?(?:presented|présentée?s?|presentad[oa]s?)\s+"
                          r"(?:at|to|aux?|à\s+la|en)\s+(?:the\s+|la\s+|el\s+)?|^the\s+(?=proceedings\b)", re.I)
# "中国近现代心理学史 [A history of Chinese modern psychology]": the citing author's translation is not the title
TRANSLATION = re.compile(r"(?<=\S)\s*\[[^\[\]]{2,}\]$")


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
        item["container-title"] = PRESENTED_AT.sub("", IN_LEAD.sub("", item["container-title"]))
    for var in ("title", "container-title"):
        if var in item:
            item[var] = TRANSLATION.sub("", item[var])
        if not item.get(var):
            item.pop(var, None)
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


def item_from_tags(raw: str, tokens: list[Token], labels: list[str], lead_rule: bool = True) -> dict:
    """A tagger's labels for ``tokens`` to a CSL-JSON item: post-processing, then (``lead_rule``)
    the leading "Names (Year)" rule (benchmarks/references.py shows it beats the model there),
    then the fields. Every parser and every evaluation goes through this one step."""
    from dclit.biblio.rules import apply_leading_authors

    labels = postprocess(raw, tokens, labels)
    if lead_rule:
        labels = apply_leading_authors(raw, tokens, labels)
    return to_csl(raw, tokens, labels)


def parse_with(raw: str, tag, lead_rule: bool = True) -> dict:
    """Parse one raw reference string with ``tag`` (tokens -> labels) to a CSL-JSON item."""
    text = normalise(re.sub(r"\s+", " ", raw).strip())
    tokens = tokenize(text)
    return item_from_tags(text, tokens, tag(tokens), lead_rule)


def parse(raw: str, model: Path | None = None, lead_rule: bool = True) -> dict:
    """Parse one raw reference string to a CSL-JSON item with the CRF."""
    return parse_with(raw, lambda tokens: tag_tokens(tokens, model), lead_rule)
