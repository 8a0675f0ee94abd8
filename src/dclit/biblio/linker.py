"""Link in-text citations to bibliography entries of the same document.

Names are compared fuzzily (rapidfuzz; case, diacritics, particles and punctuation
ignored) so "Bontenbal 2005" finds "Bontebal, M.C. (2005)" and "Avskik, 1999"
finds "Askvik, S. (1999)". Years are strict: a citation links only to an entry
of the same year (a missing suffix on one side is tolerated and noted); when the
name matches an entry of another year the citation stays unlinked and its note
says so ("year mismatch: …").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from dclit.biblio.names import ORG_HINTS
from dclit.records import Citation, Reference

PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "des", "la", "le",
             "dos", "das", "ten", "ter", "zu", "d", "l"}
STRONG = 85.0  # name similarity accepted whatever the competition
WEAK = 60.0  # accepted when it is the only plausible entry of that year


def name_key(name: str) -> str:
    t = unicodedata.normalize("NFKD", name.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", t)
    while len(words) > 1 and words[0] in PARTICLES:
        words = words[1:]
    return "".join(words)


def acronym(name: str) -> str:
    """Initials of the capitalised words of an organisation: "InterAmerican Development Bank" → "idb"."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w[:1].isupper()]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


def _name_score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 100.0
    if re.fullmatch(r"\(?[A-Z]{2,6}\)?", a.strip()) and acronym(b) == ka:
        return 100.0  # "IDB" for "InterAmerican Development Bank"
    if len(ka) >= 5 and len(b.split()) >= 3 and kb.endswith(ka) and ORG_HINTS.search(b):
        return 90.0  # "(… Bolivia 2006)" read as "Bolivia" for "Government of Bolivia"
    first = name_key(a.split()[0]) if a.split() else ka
    return max(fuzz.ratio(ka, kb), fuzz.ratio(first, kb) if len(first) > 2 else 0.0)


@dataclass(frozen=True, slots=True)
class _Entry:
    index: int
    names: tuple[str, ...]
    year: str  # "2002", or "" when the entry has none
    suffix: str
    number: str | None
    first_given: str = ""  # "Nelson" of "Nelson C. Arthur": the family name when the order was misread
    lead: str = ""  # first name word of the raw text: "Pollitt" when the parser kept only "Bouckaert"


def _entries(references: list[Reference]) -> list[_Entry]:
    out = []
    for r in references:
        csl = r.csl
        people = csl.get("author") or csl.get("editor") or []
        names = tuple(n.get("family") or n.get("literal") or "" for n in people)
        year = ""
        if csl.get("issued"):
            year = str(csl["issued"]["date-parts"][0][0])
        given = (people[0].get("given") or "").split() if people else []
        first_given = given[0] if given and len(given[0].rstrip(".")) > 2 else ""
        out.append(_Entry(r.index, names, year, csl.get("year-suffix", ""), csl.get("citation-number"),
                          first_given, _lead_name(r.raw, names)))
    return out


def _lead_name(raw: str, names: tuple[str, ...]) -> str:
    """The first capitalised word (not an initial) of an entry, before its year, when the
    parsed names do not start with it: "Pollitt / Bouckaert (2004)" parsed as Bouckaert."""
    head = re.split(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)", raw or "", maxsplit=1)[0]
    m = re.search(r"(?<![\w.])([A-ZÀ-Þ][^\W\d_]{2,}(?:-[A-ZÀ-Þ][^\W\d_]+)?)(?![\w.])", head)
    if not m or not names or name_key(m.group(1)) == name_key(names[0]):
        return ""
    return m.group(1)


def _split_year(year: str | None) -> tuple[str, str]:
    m = re.fullmatch(r"(\d{4})([a-z]?)", year or "")
    return (m.group(1), m.group(2)) if m else (year or "", "")


def _best(author: str, second: str | None, entries: list[_Entry]) -> list[tuple[float, _Entry]]:
    scored = []
    for e in entries:
        if not e.names:
            continue
        s = _name_score(author, e.names[0])
        if e.first_given and s < STRONG:
            s = max(s, min(_name_score(author, e.first_given), STRONG - 1))
        if e.lead and s < STRONG and _name_score(author, e.lead) == 100.0:
            s = STRONG  # the entry's text opens with the cited name, the parse lost it
        if second and len(e.names) > 1:
            s = (2 * s + max(_name_score(second, n) for n in e.names[1:])) / 3
        scored.append((s, e))
    return sorted(scored, key=lambda x: (-x[0], x[1].index))


def link_one(c: Citation, entries: list[_Entry]) -> Citation:
    if c.kind == "footnote":
        return c
    if c.kind == "numeric":
        if c.reference is None and c.note:
            num = re.split(r"[-–,]", c.note)[0].strip()
            hit = next((e for e in entries if e.number == num), None)
            return replace(c, reference=hit.index) if hit else c
        return c
    if not c.authors or not c.year:
        return c
    year, suffix = _split_year(c.year)
    tries = [(c.authors[0], c.authors[1] if len(c.authors) > 1 else None, "")]
    if len(c.authors) > 2:  # "(RAWOO, UN Habitat, Helmsing 2001)": may be a list of works
        tries.append((c.authors[-1], None, f"matched on {c.authors[-1]}"))
    for author, second, why in tries:
        same = [e for e in entries if e.year == year]
        ranked = _best(author, second, same)
        if ranked:
            exact = [x for x in ranked if x[1].suffix == suffix and x[0] >= WEAK]
            pool = exact or [x for x in ranked if x[0] >= WEAK]
            if pool:
                score, e = pool[0]
                runner = pool[1][0] if len(pool) > 1 else 0.0
                if score >= STRONG or score - runner >= 15 and e.names[0][:1].lower() == author[:1].lower():
                    notes = [n for n in (c.note, why) if n]
                    if e.suffix != suffix:
                        notes.append(f"year suffix differs: entry has {e.year}{e.suffix}")
                    if e.lead and _name_score(author, e.lead) == 100.0:
                        notes.append(f"{e.lead!r} read from the entry's text (parsed as {e.names[0]!r})")
                    elif _name_score(author, e.names[0]) < 100:
                        notes.append(f"name spelt {e.names[0]!r} in entry")
                    return replace(c, reference=e.index, note="; ".join(notes) or None)
    co = _co_author(c.authors[0], [e for e in entries if e.year == year])
    if co is not None:
        return replace(c, reference=co.index, note="; ".join(
            n for n in (c.note, f"matched on a co-author of entry {co.index} ({co.names[0]})") if n))
    other = [x[1] for x in _best(c.authors[0], None, entries) if x[0] >= STRONG and x[1].year != year]
    order = ""
    if not other and len(c.authors) > 1:  # "Wilson and Johnson 2007" for "Johnson H & G. Wilson (2006)"
        other, order = _same_authors_other_order(c.authors, [e for e in entries if e.year != year]), \
            "; authors in another order"
    if other:
        e = other[0]
        years = ", ".join(f"{o.year or 'no year'}{o.suffix}" for o in sorted(other, key=lambda o: o.index))
        where = f"entry {e.index}" if len(other) == 1 else "entries"
        msg = f"year mismatch: {where} ({e.names[0]}) has {years}{order}"
        return replace(c, note="; ".join(n for n in (c.note, msg) if n))
    return c


def _same_authors_other_order(authors: tuple[str, ...], entries: list[_Entry]) -> list[_Entry]:
    """Entries whose names are the citation's authors, every one of them, in another order."""
    def has(names: list[str], author: str) -> bool:
        return any(_name_score(author, n) >= STRONG for n in names)
    return [e for e in entries if len(e.names) == len(authors) and all(has(e.names, a) for a in authors)]


def _co_author(author: str, same_year: list[_Entry]) -> _Entry | None:
    """The one entry of the year that lists ``author`` (exactly) after its first name:
    "(Shah 2007)" for "Boadway, Robin and Anwar Shah editors 2007"."""
    hits = [e for e in same_year if any(_name_score(author, n) == 100.0 for n in e.names[1:])]
    return hits[0] if len(hits) == 1 else None


def link(citations: list[Citation], references: list[Reference], own_footnote: bool = True) -> list[Citation]:
    """Citations with ``reference`` (index of the entry) filled where one matches;
    ``own_footnote``: also a citation written inside the footnote reference it names."""
    entries = _entries(references)
    linked = [link_one(c, entries) for c in citations]
    return [_own_footnote(c, references, entries) for c in linked] if own_footnote else linked


def _own_footnote(c: Citation, references: list[Reference], entries: list[_Entry]) -> Citation:
    """An unlinked author–year citation written inside a footnote that is itself a
    reference of the same year ("Roy W. Bahl, Johannes F. Linn (1992), « Urban public
    finance … »") cites that footnote's work."""
    if c.reference is not None or not c.year or c.kind not in ("parenthetical", "narrative"):
        return c
    year, _ = _split_year(c.year)
    for r, e in zip(references, entries):
        if r.source == "footnote" and r.start <= c.start < r.end and e.year == year:
            return replace(c, reference=r.index, note="; ".join(
                n for n in (c.note, "the footnote's own reference") if n))
    return c


def report(citations: list[Citation], references: list[Reference]) -> dict:
    """Linked / unresolved citations and uncited entries, for a human check."""
    cited = {c.reference for c in citations if c.reference is not None}
    return {
        "citations": len(citations),
        "linked": sum(c.reference is not None for c in citations),
        "unresolved": [f"{c.text} [{c.note}]" if c.note else c.text
                       for c in citations if c.reference is None and c.kind in ("parenthetical", "narrative")],
        "year_mismatch": [c.text for c in citations if c.note and "year mismatch" in c.note],
        "uncited": [r.index for r in references if r.index not in cited],
    }
