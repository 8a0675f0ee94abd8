"""A rule-only reference parser: the baseline the CRF must beat (benchmarks/references.py).

Authors = text before the first year, year = first year, title = the quoted
text or the sentence after the year, container = what follows "In"/"in:" or the
sentence after the title when volume/pages follow. Deliberately simple.
"""
from __future__ import annotations

import re

from dclit.biblio.crf import clean
from dclit.biblio.names import split_names

YEAR = re.compile(r"\(?\b(1[5-9]\d\d|20\d\d)([a-z])?\b\)?")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[^A-Z]\.)\s+|(?<=[?!])\s+", text) if s.strip()]


def parse_rules(raw: str) -> dict:
    text = re.sub(r"\s+", " ", raw).strip()
    text = re.sub(r"^\[?\d{1,3}[.\]]\s+", "", text)
    item: dict = {}
    m = YEAR.search(text)
    quoted = re.search(r"[“\"‘«]([^”\"’»]{5,})[”\"’»]", text)
    if m:
        item["issued"] = {"date-parts": [[int(m.group(1))]]}
        if m.group(2):
            item["year-suffix"] = m.group(2)
    head = text[:m.start()] if m and m.start() > 3 else (_sentences(text) or [""])[0]
    names, _ = split_names(head)
    if names:
        item["author"] = names
    rest = text[m.end():] if m and m.start() > 3 else text[len(head):]
    if quoted:
        item["title"] = clean(quoted.group(1))
        rest = text[quoted.end():]
    else:
        sents = _sentences(rest.strip(" .,:;)"))
        if sents:
            item["title"] = clean(sents[0])
            rest = " ".join(sents[1:])
    inn = re.search(r"\b(?:In|in:|In:|en|dans)\s+(?:[A-Z][\w.]*\s+){0,4}?(?:\(eds?\.\)\s*)?([^,.(]+)", rest)
    if inn:
        item["container-title"] = clean(inn.group(1))
    else:
        cont = re.match(r"\s*([^,.\d(]+?)[,.]?\s*(?:vol\.?\s*)?\d", rest)
        if cont:
            item["container-title"] = clean(cont.group(1))
    return item


LEAD_YEAR = re.compile(r"\(\s*(?:1[5-9]\d\d|20\d\d)[a-z]?(?:\s*[-–/]\s*\d{2,4})?\s*\)|\(\s*n\.\s?d\.\s*\)")


BARE_YEAR = re.compile(r"(?<=[\w.,]\s)(?:1[5-9]\d\d|20\d\d)[a-z]?(?=[.,:]?\s)")


def leading_authors(raw: str) -> tuple[int, int, int] | None:
    """(end of the name run, start, end of the "(2003)" after it) when ``raw`` opens
    with names followed by a bracketed year: "Baud, I.S.A. and Post, J. (eds.) (2002b)",
    or by a bare one after "Family, Given": "Annez, Patricia 2006"."""
    from dclit.biblio.sections import WORD_RE, _name_token

    m = LEAD_YEAR.search(raw, 0, 300)
    bare = BARE_YEAR.search(raw, 0, 300)
    if bare and (not m or bare.start() < m.start()) and "," in raw[:bare.start()]:
        m = bare
    if not m or m.start() < 2:
        return None
    toks = [t.group() for t in WORD_RE.finditer(raw, 0, m.start())]
    if not toks or not all(_name_token(w) or w.rstrip(".") and _name_token(w.rstrip(".")) for w in toks):
        return None
    if not toks[0][:1].isupper():
        return None
    return len(raw[:m.start()].rstrip()), m.start(), m.end()


def apply_leading_authors(raw: str, tokens, labels: list[str]) -> list[str]:
    """Force author/date tags on a leading "Names (Year)" run (editors when "(eds.)")."""
    lead = leading_authors(raw)
    if not lead:
        return labels
    end, ys, ye = lead
    role = "editor" if re.search(r"\(\s*(?:eds?|coords?|dir|hrsg)\.?\s*\)|,?\s\beds?\.?$|\beditors$",
                                 raw[:end], re.I) else "author"
    out = list(labels)
    for i, t in enumerate(tokens):
        if t.start < end:
            out[i] = role
        elif ys <= t.start < ye:
            out[i] = "date"
    return out
