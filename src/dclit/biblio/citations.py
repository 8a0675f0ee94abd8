"""Detect in-text citations with offsets.

Author–year, parenthetical and narrative, in every shape policy papers use:
"(Hafteck, 2003)", "Hafteck (2003)", "(Hewitt 1998, 1999, 2000)", "(Baud & de Wit
2008, Pierre and Peters 2000)", "(Work, 2002: 6)", "(Schep et al, 1995)",
"(Shuman 1994, quoted in Van Tongeren 1997)", "(UNDP, 2000)", "(2002b)" …
Each cited work becomes one ``Citation`` whose span covers its author and year.
Also: authors joined by "/" ("Pollitt / Bouckaert, 2004"), organisations in sentence case
("(Comité des régions, 2002)"), a whole reference in brackets ("(G. Marcou, « … », 2002)")
and the bare "Name Year" of a figure's or table's source line ("Source: Campbell 2003").
Words before a year that are no plausible author — a law, a place, a quantity, the tail
of a title ("du PIB (2003)", "Local Government Act 2003") — are set aside (``implausible``).
Numeric brackets "[3, 5–7]" and footnote marks are detected too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dclit.biblio.sections import WORD_RE, _name_token

YEAR_RE = re.compile(r"(?<![\d-])(?:(1[5-9]\d\d|20\d\d)([a-z])?|(n\.\s?d\.|s\.\s?f\.|o\.\s?J\.|forthcoming|in press))"
                     r"(?![\d])")
LOCATOR_RE = re.compile(r"\s*(?::|,\s*(?:pp?\.|p\.|pág\.|s\.|S\.|chap\.|ch\.))\s*"
                        r"((?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*(?:\s*ff?\.)?)")
SECONDARY_RE = re.compile(r"(?:quoted|cited|cit\.|citado|cité|zitiert|as\s+cited)\s+(?:in|en|dans|bei|by)\s*$"
                          r"|(?<![\w])(?:in|en|dans)\s*$", re.I)
CONNECTORS = {"and", "et", "y", "e", "und", "&", ",", "al", "al."}
NUMERIC_RE = re.compile(r"\[(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\]")


@dataclass(slots=True)
class Found:
    start: int
    end: int
    authors: tuple[str, ...]
    year: str | None
    locator: str | None = None
    kind: str = "parenthetical"
    secondary: bool = False
    note: str | None = None
    weak: str | None = None  # why this may be a place or a date, not a citation (see _weakness)


def _author_before(text: str, lo: int, hi: int) -> tuple[int, str] | None:
    """Walk back from ``hi`` over name-like tokens; (start, author text) or None."""
    toks = [(t.group(), t.start(), t.end()) for t in WORD_RE.finditer(text, lo, hi)]
    i = len(toks)
    while i > 0:
        w = toks[i - 1][0]
        if _name_token(w) or w == "/" and 1 < i < len(toks) and toks[i - 2][0][:1].isupper():
            i -= 1  # "Pollitt / Bouckaert", "OCDE/PNUD" (not "E/2025/44")
        elif w.lower() in ("of", "for") and 1 < i < len(toks) and _org_word(toks[i - 2][0]) \
                or w.lower() == "the" and 1 < i < len(toks) and toks[i - 2][0].lower() in ("of", "for"):
            i -= 1  # "Government of Bolivia", "Council of Europe", "Government of The Netherlands"
        else:
            break
    while i < len(toks) and (toks[i][0] in CONNECTORS or toks[i][0] in (",", "&", "/")):
        i += 1
    if i >= len(toks):
        return None
    # "like de Villiers does …, de Villiers": particles lead only when a capital follows
    names = toks[i:]
    if not any(w[:1].isupper() for w, _, _ in names):
        return None
    start, end = names[0][1], names[-1][2]
    author = text[start:end].strip(" ,;:")
    return start, author


def _titled_author(text: str, lo: int, hi: int) -> tuple[int, str] | None:
    """The author of a whole reference written in brackets, names before a quoted title:
    "(G. Marcou, « Les structures régionales … », Luxembourg, STOA 105 FR, 2002, …)"."""
    q = re.search(r"[«“]", text[lo:hi])
    if not q:
        return None
    found = _author_before(text, lo, lo + q.start())
    if not found or not re.fullmatch(r"[\s,:]*", text[found[0] + len(found[1]):lo + q.start()]):
        return None
    return found


def _org_word(w: str) -> bool:
    from dclit.biblio.names import ORG_HINTS

    return bool(ORG_HINTS.fullmatch(w))


NOT_ORG_START = {"dans", "depuis", "entre", "since", "from", "until", "desde", "hasta", "before", "after", "avant",
                 "après", "vers", "around", "about", "environ", "selon", "according", "voir", "see", "ver", "siehe",
                 "seit", "durant", "during", "pendant", "hacia", "between", "approx", "circa", "plus", "más",
                 "moins", "menos", "more", "less", "über", "unter", "jusqu", "until", "figure", "tableau", "table",
                 "gráfico", "graphique", "cuadro", "abbildung", "tabelle", "loi", "law", "ley", "act", "decree",
                 "décret", "decreto"}


ORG_PHRASE_RE = re.compile(r"[A-ZÀ-Þ][^\W\d_]{3,}"
                           r"(?:\s+(?:des?|du|del|de\s+la|of|for|the|für|der)?\s*[^\W\d_][\w'’-]*){1,3}")


def _lowercase_org(text: str, lo: int, hi: int) -> tuple[int, str] | None:
    """An organisation written in sentence case as the whole of a bracketed item:
    "(Comité des régions, 2002 ; …)", "(Banque mondiale, 2005)"; (start, name) or None."""
    m = re.fullmatch(r"[\s,;(]*(.*?)\s*,\s*", text[lo:hi], re.S)
    name = m.group(1) if m else ""
    if not ORG_PHRASE_RE.fullmatch(name) or name.split()[0].lower() in NOT_ORG_START:
        return None
    return lo + m.start(1), name


def split_authors(author: str) -> tuple[str, ...]:
    a = re.sub(r"\bet\.?\s*al\b\.?,?", "", author).strip(" ,;")
    parts = [p.strip(" ,.") for p in re.split(r"\s*(?:,|&|/|\band\b|\bet\b|\by\b|\bund\b)\s*", a)]
    return tuple(p for p in parts if p)


def _items(text: str, lo: int, hi: int, kind: str, inherit: tuple[str, ...] = ()) -> list[Found]:
    """Citations inside one bracketed group text[lo:hi] (or a narrative tail)."""
    out: list[Found] = []
    cursor = lo
    last_authors: tuple[str, ...] = inherit
    weak: str | None = None
    for m in YEAR_RE.finditer(text, lo, hi):
        if m.start() < cursor:
            continue
        found = _titled_author(text, cursor, m.start()) or _author_before(text, cursor, m.start())
        between = text[cursor:m.start()]
        if not found and kind == "parenthetical":
            found = _lowercase_org(text, cursor, m.start())
        if found:
            a_start, author = found
            authors = split_authors(author)
            pre = text[cursor:a_start]
            weak = implausible(text, a_start, author, kind)
        elif last_authors and re.fullmatch(r"[\s,;/&]*(?:(?:and|et|y|und|e)\s*)?", between):
            a_start, authors, pre = m.start(), last_authors, ""
        else:
            continue
        year = (m.group(1) + (m.group(2) or "")) if m.group(1) else m.group(3)
        end = m.end()
        loc = LOCATOR_RE.match(text, end, hi)
        locator = None
        if loc and not YEAR_RE.fullmatch(loc.group(1).strip()):
            locator = re.sub(r"\s+", " ", loc.group(1)).strip()
            end = loc.end()
        secondary = bool(SECONDARY_RE.search(pre)) and bool(out)
        f = Found(a_start, end, authors, year, locator, kind, secondary, weak=weak)
        if secondary:
            for prev in reversed(out):
                if prev.secondary or prev.note:
                    break
                prev.note = f"cited through {' '.join(authors[:1])} {year}"
        out.append(f)
        last_authors = authors
        cursor = end
    return out


def _groups(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(open, close) offsets of bracket groups; an unmatched ")" opens at the sentence start."""
    out = []
    stack: list[int] = []
    for m in re.finditer(r"[()]", text[lo:hi]):
        pos = lo + m.start()
        if m.group() == "(":
            stack.append(pos)
        elif stack:
            o = stack.pop()
            if not stack and pos - o < 600:
                out.append((o, pos))
        else:
            sent = max(text.rfind(". ", lo, pos), lo - 2) + 2
            if pos - sent < 150:
                out.append((sent - 1, pos))
    return out


PERIOD_RE = re.compile(r"\s*(1[5-9]\d\d|20\d\d)\s*[-–—]\s*(1[5-9]\d\d|20\d\d|\d\d)\s*")
PROSE_PARTICLES = {"de", "du", "des", "da", "do", "dos", "das", "di", "del", "von", "van"}
ARTICLES = PROSE_PARTICLES | {"la", "le", "les", "l", "el", "los", "las", "the", "der", "die", "den", "d"}
# a legal or official text, not an author: "Local Government Act 2003", "la Constitution de 1831"
LEGAL_HEADS = {"act", "acts", "law", "loi", "ley", "lei", "gesetz", "decree", "décret", "decreto", "constitution",
               "constitución", "constituição", "verfassung", "charter", "charte", "carta", "treaty", "traité",
               "tratado", "convention", "convenio", "convenção", "declaration", "déclaration", "declaración",
               "agenda", "accord", "agreement", "acuerdo", "protocol", "protocole", "protocolo", "directive",
               "directiva", "code", "código", "bill", "ordinance", "ordonnance", "ordenanza", "resolution",
               "résolution", "resolución", "statute", "statut", "estatuto", "reform", "réforme", "reforma"}
# in running text "the … Report (2019)" names a document, not who wrote it
DOC_HEADS = LEGAL_HEADS | {"report", "reports", "rapport", "rapports", "informe", "informes", "strategy",
                           "stratégie", "estrategia", "plan", "framework", "guidelines", "directrices", "summit",
                           "sommet", "cumbre", "conference", "conférence", "conferencia", "census", "survey"}
# quantities and currencies followed by a date: "8,5 % du PIB (2003)", "4.2 billion EURO (1992)"
NON_AUTHORS = {"gdp", "pib", "pnb", "gnp", "gni", "rnb", "bip", "pil", "hdi", "idh", "vat", "tva", "iva", "euro",
               "euros", "eur", "usd", "dollars", "ppp", "ppa", "fdi", "ide", "ied", "oda", "apd", "aod", "cpi",
               "ipc", "mdg", "mdgs", "omd", "odm", "sdg", "sdgs", "odd", "ods"}
TITLE_LINKS = {"of", "for", "on", "de", "del", "des", "du", "pour", "para", "sur", "sobre", "für", "über"}


def _weakness(text: str, start: int, author: str, inner: str) -> str | None:
    """Why a narrative "Name (year)" may be no citation at all, or None.

    "period": "(1937-1945)" spans years — a reign or a period, not a work (a span of
    one year, "(1999-2000)", may be a report's and is not weak);
    "prose": a preposition + first name + name in running text
    ("la présidence de Getulio Vargas (1937)");
    and every reason ``implausible`` gives."""
    m = PERIOD_RE.fullmatch(inner)
    if m:
        first, last = m.group(1), m.group(2)
        last = last if len(last) == 4 else first[:2] + last
        if int(last) - int(first) >= 2:
            return "period"
    words = author.split()
    if len(words) >= 3 and words[0] in PROSE_PARTICLES and all(w[:1].isupper() for w in words[1:]):
        before = text[max(0, start - 40):start].split()
        if before and before[-1][:1].islower():
            return "prose"
    return implausible(text, start, author, "narrative")


def implausible(text: str, start: int, author: str, kind: str) -> str | None:
    """Why the words before a year are not a plausible author or organisation, or None.

    "prose": they end in a particle ("sur la base de la Constitution de 1831");
    "title": a law, charter or (in running text) a report is named
    ("Local Government Act 2003", "the Paris Declaration (2005)"), or the words are the
    tail of a longer title ("the European Charter of Local Self-Government (1985)");
    "thing": a quantity or currency ("du PIB (2003)");
    "place": a country or region ("au Brésil (2000)");
    "list": a run of five or more capitalised words with no separator (a table row);
    a lone preposition or adverb ("(Depuis 2004)") is "prose" too. A parenthetical item
    (``kind`` "parenthetical") is "title" only when its last word names a law or charter
    ("(UN Population Report 2007)" is cited), and is never "list" or a title's tail."""
    from dclit.biblio.gazetteer import is_place

    words = [w for w in re.split(r"\s+", author.strip(" ,;:")) if w]
    if not words:
        return None
    if words[-1].lower() in ARTICLES:
        return "prose"
    core = words[next((k for k, w in enumerate(words) if w.lower() not in ARTICLES), 0):]
    low = [w.lower().strip(".,’'") for w in core]
    narrative = kind == "narrative"
    if low[-1] in LEGAL_HEADS or narrative and any(w in DOC_HEADS for w in low):
        return "title"
    if len(low) == 1 and low[0] in NON_AUTHORS:
        return "thing"
    if len(low) == 1 and low[0] in NOT_ORG_START:
        return "prose"  # "(Depuis 2004)", "(See 2003)"
    if is_place(" ".join(core)):
        return "place"
    if not narrative:
        return None
    if len(core) >= 5 and not re.search(r"[,&/]|\b(?:and|et|y|und)\b", author) \
            and not any(re.fullmatch(r"(?:[A-ZÀ-Þ]\.-?)+", w) for w in core):
        return "list"
    return "title" if _title_tail(text, start) else None


def _title_tail(text: str, start: int) -> bool:
    """The name is the end of a longer capitalised title, "Agenda for Action (2008)",
    and not of an organisation's name ("Government of Bolivia (2006)")."""
    from dclit.biblio.names import ORG_HINTS

    before = re.findall(r"[^\W\d_][\w'’-]*", text[max(0, start - 60):start])
    if len(before) < 2 or before[-1].lower() not in TITLE_LINKS or not before[-2][:1].isupper():
        return False
    return not ORG_HINTS.search(before[-2])


def find_in_text(text: str, lo: int = 0, hi: int | None = None, keep_weak: bool = False) -> list[Found]:
    """All author–year and numeric citations in text[lo:hi].

    Candidates whose words may not be an author — a place, a period, a law or title,
    a quantity (``Found.weak``, see ``implausible``) — are left out unless ``keep_weak``;
    find_citations keeps them only when the document's bibliography has a matching entry."""
    hi = len(text) if hi is None else hi
    out: list[Found] = []
    for o, c in _groups(text, lo, hi):
        inner = text[o + 1:c]
        if not YEAR_RE.search(inner):
            continue
        if re.match(r"\s*(?:1[5-9]\d\d|20\d\d)", inner) or re.match(r"\s*(?:n\.\s?d\.)", inner):
            # narrative: "Hafteck (2003)", "Hewitt (1998, 1999)", "Smith et al. (2003: 4)"
            before = _author_before(text, max(lo, o - 120), o)
            if before:
                start, author = before
                weak = _weakness(text, start, author, inner)
                if weak and not keep_weak:
                    continue
                items = _items(text, o + 1, c, "narrative", split_authors(author))
                for k, it in enumerate(items):
                    if k == 0:
                        it.start = start
                    it.kind = "narrative"
                    it.weak = it.weak or weak
                if items and re.fullmatch(r"\s*", text[items[-1].end:c]):
                    items[-1].end = c + 1
                out += [it for it in items if keep_weak or not it.weak]
                continue
        out += [it for it in _items(text, o + 1, c, "parenthetical") if keep_weak or not it.weak]
    out += _source_lines(text, lo, hi, out, keep_weak)
    for m in NUMERIC_RE.finditer(text, lo, hi):
        out.append(Found(m.start(), m.end(), (), None, None, "numeric", note=m.group(1)))
    return sorted(out, key=lambda f: (f.start, f.end))


SOURCE_RE = re.compile(r"(?<![\w-])(?:Sources?|Fuentes?|Quellen?|Fonte)\s*:\s*"
                       r"(?:(?:adapted|compiled|adapté|adaptado|elaborado)"
                       r"\s+(?:from|de|d’après|d'après|a\s+partir\s+de|por)\s+)?", re.I)


def _source_lines(text: str, lo: int, hi: int, found: list[Found], keep_weak: bool) -> list[Found]:
    """Bare author–year citations in the source line of a figure or table:
    "Source: Adapted from Campbell 2003", "Source: National Research Council 2003"."""
    out: list[Found] = []
    for m in SOURCE_RE.finditer(text, lo, hi):
        end = min(hi, m.end() + 200)
        nl = text.find("\n", m.end(), end)
        end = nl if nl >= 0 else end
        for it in _items(text, m.end(), end, "parenthetical"):
            if (keep_weak or not it.weak) and not any(f.start < it.end and it.start < f.end for f in found):
                out.append(it)
    return out


def footnote_marks(doc, references) -> list:
    """Footnote reference marks in the body ("cooperation3 "), one per footnote passage.

    ``references`` lets a mark point at the Reference parsed from its footnote.
    """
    from dclit.records import Citation

    by_start = {r.start: r.index for r in references if r.source == "footnote"}
    out = []
    for fn in doc.passages:
        if fn.kind != "footnote" or not fn.note or not fn.note.isdigit():
            continue
        pat = re.compile(rf"(?<=[^\s\d(\[/,.-]|[.,;:)”\"’]){re.escape(fn.note)}(?=[\s.,;:)]|$)")
        ref = next((i for s, i in by_start.items() if fn.start <= s < fn.end), None)
        for p in doc.passages:
            if p.page != fn.page or p.kind in ("footnote", "references", "table"):
                continue
            m = pat.search(doc.text, p.start, p.end)
            if m:
                out.append(Citation(doc_id=doc.doc_id, index=0, start=m.start(), end=m.end(),
                                    page=p.page, text=m.group(), authors=(), year=None,
                                    kind="footnote", reference=ref, note=f"footnote {fn.note}"))
                break
    return sorted(out, key=lambda c: c.start)
