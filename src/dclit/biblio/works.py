"""Across the corpus: references deduplicated into works, keys, counts, co-citation.

Two references are the same work when their DOIs agree, or when first-author
family name (fuzzy), year and title (fuzzy) agree. Keys are stable: built from
first author, year and first title word ("hafteck2003introduction"), with a
letter added on collision in a fixed order.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dclit.biblio.linker import name_key
from dclit.records import Citation, Reference

TITLE_SAME = 85.0
NAME_SAME = 85.0
STOPWORDS = {"the", "a", "an", "of", "on", "in", "and", "le", "la", "les", "el", "los", "las", "de",
             "des", "du", "der", "die", "das", "un", "une", "una"}


@dataclass(slots=True)
class Work:
    key: str
    csl: dict
    members: list[tuple[str, int]] = field(default_factory=list)  # (doc_id, Reference.index)
    citing_docs: set[str] = field(default_factory=set)
    citations: int = 0  # linked in-text citations across the corpus


def _ascii(text: str) -> str:
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c)).lower()


def _first_name(csl: dict) -> str:
    names = csl.get("author") or csl.get("editor") or []
    if not names:
        return ""
    return names[0].get("family") or names[0].get("literal") or ""


def _year(csl: dict) -> str:
    try:
        return str(csl["issued"]["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        return ""


def _title(csl: dict) -> str:
    return re.sub(r"\W+", " ", _ascii(csl.get("title") or "")).strip()


def same_work(a: dict, b: dict) -> bool:
    from rapidfuzz import fuzz

    if a.get("DOI") and b.get("DOI"):
        return a["DOI"].lower() == b["DOI"].lower()
    if _year(a) != _year(b):
        return False
    na, nb = name_key(_first_name(a)), name_key(_first_name(b))
    if not na or not nb or fuzz.ratio(na, nb) < NAME_SAME:
        return False
    ta, tb = _title(a), _title(b)
    if not ta or not tb:
        return not ta and not tb
    return fuzz.token_sort_ratio(ta, tb) >= TITLE_SAME or fuzz.partial_ratio(ta, tb) >= 95 and \
        min(len(ta), len(tb)) > 20


def _completeness(csl: dict) -> int:
    return sum(1 for v in csl.values() if v) * 100 + len(csl.get("title") or "")


def base_key(csl: dict) -> str:
    name = re.sub(r"[^a-z0-9]", "", _ascii(_first_name(csl).split()[-1] if _first_name(csl) else "anon"))
    words = [w for w in _title(csl).split() if w not in STOPWORDS]
    return f"{name or 'anon'}{_year(csl) or 'nd'}{words[0] if words else ''}"[:40]


def works_from_stored(references: list[Reference], citations: list[Citation]) -> list[Work]:
    """Works from the references and linked citations of many documents, as a store holds them."""
    by_doc: dict[str, tuple[list[Reference], list[Citation]]] = defaultdict(lambda: ([], []))
    for r in references:
        by_doc[r.doc_id][0].append(r)
    for c in citations:
        by_doc[c.doc_id][1].append(c)
    return build_works([(d, rs, cs) for d, (rs, cs) in sorted(by_doc.items())])


def build_works(docs: list[tuple[str, list[Reference], list[Citation]]]) -> list[Work]:
    """Works from each document's (doc_id, references, linked citations)."""
    refs = [(doc_id, r) for doc_id, rs, _ in sorted(docs, key=lambda d: d[0]) for r in rs]
    parent = list(range(len(refs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[str, list[int]] = defaultdict(list)
    for i, (_, r) in enumerate(refs):
        blocks[_year(r.csl)].append(i)
    for members in blocks.values():
        for i, j in itertools.combinations(members, 2):
            if find(i) != find(j) and same_work(refs[i][1].csl, refs[j][1].csl):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(refs)):
        groups[find(i)].append(i)
    cites = Counter((doc_id, c.reference) for doc_id, _, cs in docs for c in cs if c.reference is not None)
    works = []
    for members in groups.values():
        best = max(members, key=lambda i: (_completeness(refs[i][1].csl), -i))
        w = Work(key="", csl=dict(refs[best][1].csl))
        for i in members:
            doc_id, r = refs[i]
            w.members.append((doc_id, r.index))
            w.citing_docs.add(doc_id)
            w.citations += cites[(doc_id, r.index)]
        works.append(w)
    _assign_keys(works)
    return sorted(works, key=lambda w: w.key)


def _assign_keys(works: list[Work]) -> None:
    by_base: dict[str, list[Work]] = defaultdict(list)
    for w in works:
        by_base[base_key(w.csl)].append(w)
    for base, ws in by_base.items():
        ws.sort(key=lambda w: (_title(w.csl), sorted(w.members)))
        for k, w in enumerate(ws):
            w.key = base if len(ws) == 1 else f"{base}{chr(ord('a') + k)}" if k < 26 else f"{base}{k}"
            w.csl["id"] = w.key


def co_citation(works: list[Work]) -> list[tuple[str, str, int]]:
    """Pairs of works cited by the same documents: (key, key, number of documents)."""
    docs: dict[str, list[str]] = defaultdict(list)
    for w in works:
        for d in w.citing_docs:
            docs[d].append(w.key)
    pairs: Counter = Counter()
    for keys in docs.values():
        for a, b in itertools.combinations(sorted(set(keys)), 2):
            pairs[(a, b)] += 1
    return sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda x: (-x[2], x[0], x[1]))
