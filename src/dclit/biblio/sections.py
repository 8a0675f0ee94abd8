"""Find reference sections (and bibliographic footnotes) and split them into entries.

Works on the document's clean text and passages. A reference section starts at
a heading ("References", "Bibliografía", "Literatur" …) — a heading passage, or
a heading run into the end of a passage as web transcriptions do — and runs to
the next non-reference heading or the end. Its text is split into entries by:

* passage starts that look like an entry start (or follow a finished entry);
* author–year starts inside run-on text: from each "(2003)" marker, walk back
  over name-like tokens ("Baud, I.S.A. & J. de Wit", "UN-HABITAT", "Ewijk, E. van")
  and stop at sentence ends, numbers (stray page numbers), months, places and
  publishers, lower-case words ("in Pries, L. (2001)" stays inside its entry);
* numeric markers "[12]" / "12." in sequence.

A bibliographic footnote is split into one span per cited work (``split_footnote``), and a
footnote the PDF layer left among body passages is recognised by how it opens
(``reference_opening``). Running headers and print slugs repeated on three or more pages
(``furniture``) are blanked before splitting (``masked_text``), so none is glued to an entry.

Returned spans are offsets into ``Document.text``; ``clean_raw`` removes page-break
artefacts (stray page numbers, paragraph breaks) from an entry's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dclit.biblio.features import MONTHS, PLACES, PUBLISHER_WORDS

HEADINGS = (r"references?(?:\s+(?:cited|and\s+notes))?|bibliography|select\s+bibliography|works\s+cited"
            r"|literature(?:\s+cited)?|sources|références(?:\s+bibliographiques)?|bibliographie"
            r"|ouvrages\s+cités|referencias(?:\s+bibliográficas)?|bibliografía|bibliografia"
            r"|referências(?:\s+bibliográficas)?|riferimenti\s+bibliografici|literatur(?:verzeichnis)?"
            r"|quellen(?:verzeichnis)?|literatuur(?:lijst)?|referenties|bronnen")
HEADING_RE = re.compile(rf"^\s*(?:\d+\.?\s*)?(?:{HEADINGS})\s*:?\s*$", re.I)
TAIL_HEADING_RE = re.compile(rf"(?:^|[.!?)]\s+|\s)((?:{HEADINGS}))\s*:?\s*(\d{{1,3}})?\s*$", re.I)
STOP_HEADING_RE = re.compile(r"^\s*(?:annex|annexe|anexo|appendix|anhang|bijlage|notes|endnotes"
                             r"|acknowledg|remerciements|agradecimientos|glossary|index|abbreviations"
                             r"|acronyms|sigles|about the author)", re.I)
YEAR_MARK_RE = re.compile(r"\(\s*(?:(?:1[5-9]\d\d|20\d\d)[a-z]?(?:\s*[-–/]\s*\d{2,4})?|n\.\s?d\.|s\.\s?f\.)\s*\)"
                          r"|(?<=[\w.,]\s)(?:1[5-9]\d\d|20\d\d)[a-z]?(?=[.,:]\s|\s+[“\"«A-ZÀ-Þ]|\s*$)")
WORD_RE = re.compile(r"\(eds?\.\)|\(coords?\.\)|\(dir\.\)|[^\W\d_](?:[\w'’.-]*[\w.])?|&|,|\S")
PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "des", "la", "le",
             "dos", "das", "ten", "ter", "y", "e", "et", "and", "und", "&", "al.", "al", "eds.", "ed.",
             "(eds.)", "(ed.)", "(coord.)", "(coords.)", "(dir.)", "zu", "ed", "eds"}
NOT_AFTER = {"in", "en", "dans", "im", "by", "par", "por", "cited", "quoted", "ed.", "eds.", "see", "cf.",
             "in:", "en:"}
MAX_NAME_TOKENS = 28
SHORT_FRAGMENT = 40
ORG_LINKS = {"of", "for", "on", "the"}  # "Government of Bolivia 2006", "Council for …"
DITTO_RE = re.compile(r"(?:—|–|-{2,}|_{2,})+\s*[.,]?\s*\(?(?:1[5-9]\d\d|20\d\d)")
LEAD_NAMES_YEAR_RE = re.compile(r"([^\d(]{2,160}?)\s\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?(?=[.,:]?\s|[.,:]?$)")


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    end: int
    heading: str


def _is_initial(w: str) -> bool:
    """"J.", "J.-P.", "JM", and the abbreviated first names "Ch.", "Th.", "Ph.", "Chr.", "Wm."."""
    return bool(re.fullmatch(r"(?:[A-ZÀ-Þ]\.-?)+|[A-ZÀ-Þ]{1,2}|(?:Ch|Th|Ph|Chr|Wm|Jn)\.", w))


def _name_token(w: str) -> bool:
    if w in (",", "&") or w.lower() in PARTICLES or _is_initial(w):
        return True
    if not w[:1].isupper():
        return False
    low = w.lower().rstrip(".,")
    if low in MONTHS or low in PLACES or low in PUBLISHER_WORDS:
        return False
    return not w.endswith(".")  # "Oxford." ends a sentence; initials were accepted above


def author_year_starts(text: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Offsets in ``text`` where an author–year entry seems to start."""
    hi = len(text) if hi is None else hi
    starts: list[int] = []
    for m in YEAR_MARK_RE.finditer(text, lo, hi):
        toks = [(t.group(), t.start()) for t in WORD_RE.finditer(text, max(lo, m.start() - 300), m.start())]
        i = len(toks)
        count = 0
        while i > 0 and count < MAX_NAME_TOKENS and (_name_token(toks[i - 1][0]) or _name_slash(toks, i - 1)):
            i -= 1
            count += 1
        # the entry starts at a capitalised word (or particle), not at a connector or comma
        while i < len(toks) and (toks[i][0] in (",", "&") or toks[i][0].lower() in
                                 {"and", "et", "y", "e", "und", "al.", "al"}):
            i += 1
        if i >= len(toks):
            continue
        if not any(w[:1].isupper() and len(w) > 1 and not _is_initial(w) for w, _ in toks[i:]) \
                and not any(w.isupper() and len(w) > 1 for w, _ in toks[i:]):
            continue
        if not m.group().startswith("(") and not _bare_year_ok(text, toks, i):
            continue
        prev = toks[i - 1][0].lower() if i > 0 else ""
        if prev in NOT_AFTER:
            continue
        starts.append(toks[i][1])
    return starts


def _name_slash(toks: list[tuple[str, int]], k: int) -> bool:
    """A "/" between two names: "J.M. Buchanan / G. Tullock (1962)"."""
    return toks[k][0] == "/" and 0 < k < len(toks) - 1 and toks[k - 1][0][:1].isupper() \
        and toks[k + 1][0][:1].isupper()


def split_footnote(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """One span per cited work of a bibliographic footnote text[a:b].

    A work starts at an author–year start ("… des pratiques : Marion Gret (2002), « … »")
    or after ";" / "et" / "and" that follow a finished work ("Iván Finot, 2001, et Eduardo
    Wiesner, 2003"), never after "dans :", "in", "cité par" (a container or a source
    quoted through). Each work before the last ends at its own text, and the first starts
    at its author: a connector or an introducing phrase ("Pour des analyses plus
    approfondies des pratiques :") is left out."""
    starts = set(author_year_starts(text, a, b))
    for m in re.finditer(r"(?:;|,?\s(?:et|and|y|und|e)\s)\s*", text[a:b]):
        if names_then_year(text[a + m.end():a + m.end() + 200]):
            starts.add(a + m.end())
    cuts = [a]
    for s in sorted(starts):
        if s <= cuts[-1] + 2 or SOURCE_BEFORE_RE.search(text[max(a, s - 30):s]):
            continue
        if len(cuts) == 1 and not FOOTNOTE_YEAR_RE.search(text, a, s) and text[a:s].rstrip().endswith((":", ".")):
            cuts = [s]  # "A propos des budgets locaux, voir : Licha, I. (ed.) (2004)": the work starts at Licha
            continue
        if FOOTNOTE_YEAR_RE.search(text, cuts[-1], s):  # the work before has its year
            cuts.append(s)
    spans = []
    for k, s in enumerate(cuts):
        e = cuts[k + 1] if k + 1 < len(cuts) else b
        spans.append((s, _work_end(text, s, e) if k + 1 < len(cuts) else e))
    return spans


FOOTNOTE_YEAR_RE = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")
SOURCE_BEFORE_RE = re.compile(r"(?:\b(?:dans|in|en|im|cité|cités|citado|cited|quoted|zitiert)"
                              r"(?:\s+(?:par|by|por|in|en|bei))?"
                              r"|\b(?:In|En|Dans))\s*:?\s*$")


def _work_end(text: str, s: int, e: int) -> int:
    """End of the work text[s:e] before the next work of the same footnote starts."""
    seg = re.sub(r"[\s,;]*(?:\b(?:et|and|y|und|e)\b)?[\s,;]*$", "", text[s:e])
    if seg.rstrip().endswith(":"):  # "… Bank. Pour des analyses plus approfondies des pratiques :"
        ends = [m for m in re.finditer(r"[.;](?=\s)", seg) if FOOTNOTE_YEAR_RE.search(seg, 0, m.start())]
        if ends:
            seg = seg[:ends[-1].end()]
    return s + len(seg.rstrip())


REF_OPENING_RE = re.compile(r"[^()]{0,120}?\(\s*(?:1[5-9]\d\d|20\d\d)[a-z]?\s*\)\s*,\s*"
                            r"(?![A-ZÀ-Þ][\w'’-]+\s*\(\d)[«“\"A-ZÀ-Þ]")
PUBLICATION_RE = re.compile(r"[«“\"]|\bpp?\.\s*\d|https?:|www\.|\b(?:Press|University|Université|Universidad"
                            r"|Bank|Washington|Paris|London|New York|Madrid|Bruxelles|Bruselas|Harmattan|Dalloz)\b")
LOOSE_NOTE_MAX = 700


def reference_opening(text: str, lo: int, hi: int) -> int | None:
    """Where a short passage opens a reference the way a footnote does, "Names (Year), Title, …"
    with some sign of publication (a quoted title, pages, a URL, a publisher or city): a
    footnote the PDF layer left among the body text. None for prose ("Hafteck (2003) argues",
    "Hewitt (1998), Bontenbal (2005) and …")."""
    if hi - lo > LOOSE_NOTE_MAX:
        return None
    for s in author_year_starts(text, lo, hi):
        if REF_OPENING_RE.match(text, s, hi) and PUBLICATION_RE.search(text, s, hi):
            return s
    return None


def furniture(doc) -> list[tuple[int, int]]:
    """Spans of page furniture: a short passage repeated, digits aside, on three or more
    pages — running headers and print slugs ("01 PCB ang 17/10/07 14:05 Página 74")."""
    pages: dict[str, set[int]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for p in doc.passages:
        t = p.text.strip()
        if p.kind == "footnote" or len(t) > 80 or len(re.findall(r"[^\W\d_]", t)) < 2:
            continue
        key = re.sub(r"\d+", "#", re.sub(r"\s+", " ", t.lower()))
        pages.setdefault(key, set()).add(p.page)
        spans.setdefault(key, []).append((p.start, p.end))
    return sorted(sp for key, sps in spans.items() if len(pages[key]) >= 3 and not HEADING_RE.match(key)
                  for sp in sps)


def masked_text(doc) -> str:
    """``doc.text`` with page furniture blanked out (offsets unchanged)."""
    out, pos = [], 0
    for a, b in furniture(doc):
        out += [doc.text[pos:a], " " * (b - a)]
        pos = b
    return "".join(out) + doc.text[pos:]


def _bare_year_ok(text: str, toks: list[tuple[str, int]], i: int) -> bool:
    """A year without brackets ends an author block only after "Smith, J." or after
    "Devas, Nick and Ursula Grant," that itself follows the end of an entry."""
    if _is_initial(toks[-1][0]):
        return True
    run = [w for w, _ in toks[i:]]
    if "," not in run or len(run) < 3:
        return False
    before = text[:toks[i][1]].rstrip()
    return not before or before[-1] in ".,;)”\"0123456789" or bool(re.search(r"\bpp?$", before))


def numeric_starts(text: str, lo: int, hi: int) -> list[int]:
    """Starts of "[1] …" or "1. …" entries whose numbers run in sequence."""
    for pat in (r"(?:^|(?<=\s))\[(\d{1,3})\]\s", r"(?:^|(?<=[.\s]))(\d{1,3})\.\s+(?=[A-ZÀ-Þ])"):
        found = [(int(m.group(1)), m.start()) for m in re.finditer(pat, text[lo:hi])]
        seq: list[int] = []
        expect = None
        for num, pos in found:
            if expect is None and num in (1, 2) or expect is not None and num == expect:
                seq.append(lo + pos)
                expect = num + 1
        if len(seq) >= 3:
            return seq
    return []


def find_sections(doc) -> list[Section]:
    """Reference sections of a Document (offsets into doc.text), in text order."""
    out: list[Section] = []
    passages = doc.passages
    i = 0
    while i < len(passages):
        p = passages[i]
        start = None
        if p.kind == "references":
            start = p.start
        elif len(p.text) < 60 and HEADING_RE.match(p.text):
            start = p.end
        else:
            m = TAIL_HEADING_RE.search(p.text[-60:])
            if m and i + 1 < len(passages) and _looks_bibliographic(passages[i + 1].text):
                start = p.end
        if start is None:
            i += 1
            continue
        heading = p.text if p.kind != "references" else "references"
        j = i + 1 if start == p.end else i
        end = start
        misses = 0
        while j < len(passages):
            q = passages[j]
            if q.kind == "heading" and not HEADING_RE.match(q.text) or STOP_HEADING_RE.match(q.text) \
                    and len(q.text) < 60:
                break
            if q.kind in ("footnote", "table", "caption"):
                j += 1
                continue
            if _looks_bibliographic(q.text):
                misses = 0
            elif len(q.text.strip()) >= SHORT_FRAGMENT:
                misses += 1
            # a short fragment ("Inter-American", "and") may be an entry broken over lines: not a miss
            if misses >= 2:
                break
            if misses == 0:
                end = q.end
            j += 1
        if end > start:
            out.append(Section(start, end, heading.strip()[-40:]))
        i = max(j, i + 1)
    return out


def _looks_bibliographic(text: str) -> bool:
    years = len(re.findall(r"(?<!\d)(?:1[6-9]\d\d|20\d\d)(?!\d)", text))
    return years >= 1 and bool(re.search(r"[A-ZÀ-Þ][\w'’-]+,?\s", text)) and len(text) > 15


def split_entries(text: str, start: int, end: int, passage_starts: list[int]) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into entry spans."""
    cuts = set(numeric_starts(text, start, end))
    if not cuts:
        cuts = set(author_year_starts(text, start, end))
    for ps in passage_starts:
        if start < ps < end and _passage_starts_entry(text, ps, cuts):
            cuts.add(ps)
    first = re.search(r"\S", text[start:end])
    if not first:
        return []
    cuts.add(start + first.start())
    ordered = sorted(c for c in cuts if start <= c < end)
    spans = []
    for a, b in zip(ordered, ordered[1:] + [end]):
        a, b = _trim(text, a, b)
        if HEADING_RE.match(text[a:b]):
            continue  # the heading repeated on the next page
        if b - a >= 12:
            spans.append((a, b))
        elif spans:  # a fragment: glue it to the entry before
            spans[-1] = (spans[-1][0], b)
    return spans


def _passage_starts_entry(text: str, ps: int, cuts: set[int]) -> bool:
    if any(ps <= c < ps + 3 for c in cuts):
        return False
    head = text[ps:ps + 80]
    if DITTO_RE.match(head) or names_then_year(text[ps:ps + 200]):
        return True  # "— 2003 …" (same authors again), "Wescott, Clay and Doug Porter 2002 …"
    if not head[:1].isupper() and not head[:1] == "[":
        return False
    before = re.sub(r"\s+\d{1,3}\s*$", "", text[max(0, ps - 40):ps].rstrip())
    # a finished entry before, and a new one starting (not "Routledge, London …" continuing it)
    return before.endswith((".", ")")) and bool(re.match(r"[A-ZÀ-Þ][\w'’-]+(?:,|\s+[A-Z]\.|\s+\()", head))


def names_then_year(head: str) -> bool:
    """A passage that opens with names only, then a year: "Salmon, Pierre 2002 “…",
    "World Bank 1997 World Development Report …", "Nelson C. Arthur and Kathryn A. Foster. 1999"."""
    m = LEAD_NAMES_YEAR_RE.match(head)
    if not m or not head[:1].isupper():
        return False
    toks = [t.group() for t in WORD_RE.finditer(m.group(1))]
    names = [w for w in toks if w not in (",", "&") and w.lower() not in PARTICLES]
    if not names or len(toks) > MAX_NAME_TOKENS or toks[-1] in ORG_LINKS:
        return False
    last = len(toks) - 1  # "Foster." may end the names, "People." inside them ends a title
    return all(_name_token(w) or k == last and _name_token(w.rstrip(".")) and w.rstrip(".")
               or w in ORG_LINKS and 0 < k < last for k, w in enumerate(toks))


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    seg = text[a:b]
    m = re.search(r"(?:(?<=[.)])|(?<=\d{4}))\s+\d{1,3}\s*$", seg)  # stray page number at the end
    if m:
        seg = seg[:m.start()]
    stripped = seg.rstrip()
    return a, a + len(stripped)


def clean_raw(entry: str) -> str:
    """An entry's text without page-break artefacts, on one line."""
    t = re.sub(r"[ ,]\s*\d{1,3}\s*\n\s*\n\s*", lambda m: ", " if m.group().startswith(",") else " ", entry)
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"(?<=[.)])\s+\d{1,3}$", "", t)
    return re.sub(r"(?<=[.)\d])\s+(?:and|et|y|und|&)$", "", t)  # a connector line of the next entry's names
