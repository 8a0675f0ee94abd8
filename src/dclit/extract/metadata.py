"""Document metadata from the file's own metadata and its first pages.

Every field records where it came from (``Metadata.provenance``) so a user can see
what was read and what was guessed; sidecar files (``sidecar.py``) override.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dclit.records import Metadata, Passage, RawDocument

# Issuing organisations common in this literature: canonical name -> patterns.
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "United Cities and Local Governments (UCLG)": (r"United Cities and Local Governments", r"\bUCLG\b",
                                                   r"Cités et Gouvernements Locaux Unis", r"\bCGLU\b",
                                                   r"Ciudades y Gobiernos Locales Unidos"),
    "United Nations Development Programme (UNDP)": (r"United Nations Development Programme", r"\bUNDP\b", r"\bPNUD\b"),
    "UN Network on Migration": (r"United Nations Network on Migration", r"UN Network on Migration",
                                r"Réseau des Nations Unies sur les migrations", r"Red de las Naciones Unidas sobre la Migración"),
    "United Nations Economic and Social Council": (r"Economic and Social Council",),
    "United Nations General Assembly": (r"General Assembly",),
    "Publish What You Fund": (r"Publish What You Fund",),
    "ASEAN": (r"\bASEAN\b", r"Association of Southeast Asian Nations"),
    "Council of Europe": (r"Council of Europe", r"Conseil de l'Europe", r"Raad van Europa"),
    "European Union": (r"European Commission", r"European Union", r"Commission européenne"),
    "OECD": (r"\bOECD\b", r"\bOCDE\b"),
    "UN-Habitat": (r"UN-Habitat",),
    "World Bank": (r"World Bank", r"Banque mondiale"),
    "International Organization for Migration (IOM)": (r"International Organization for Migration", r"\bIOM\b", r"\bOIM\b"),
}
_ORG_RE = {name: re.compile("|".join(pats)) for name, pats in ORGANISATIONS.items()}

DOC_TYPES: list[tuple[str, re.Pattern]] = [
    ("agreement", re.compile(r"\b(agreement|treaty|convention|charter|protocol|memorandum of understanding|accord|"
                             r"convenio|acuerdo|abkommen|vertrag|verdrag|overeenkomst|handvest|accordo)\b", re.I)),
    ("declaration", re.compile(r"\b(declaration|leaders'? statement|déclaration|declaración|dichiarazione|erklärung)\b", re.I)),
    ("law", re.compile(r"\b(law no\.?|act of|loi n|ley n|gesetz)\b", re.I)),
    ("guidance", re.compile(r"\b(guide|guidance|toolkit|handbook|guía|guida|leitfaden|orientations?)\b", re.I)),
    ("policy paper", re.compile(r"\b(policy (brief|paper)|discussion paper|issues brief|framework|note d'orientation)\b", re.I)),
    ("report", re.compile(r"\b(report|rapport|informe|rapporto|bericht|review|index|indice|profile|executive summary|"
                          r"résumé exécutif|resumen ejecutivo|main messages|session)\b", re.I)),
]
_YEAR = re.compile(r"(?<![\d/.-])(19[5-9]\d|20[0-4]\d)(?![\d/])")
_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\w+\s+){0,4}?(19[5-9]\d|20[0-4]\d)", re.I)
_BAD_TITLES = re.compile(r"^(microsoft word|untitled|document\d*|doc\d+|\S+\.(docx?|pdf|indd|qxd))\b|^[\W\d_]+$", re.I)


def infer_metadata(path: Path, raw: RawDocument, text: str, passages: list[Passage],
                   language: str | None, doc_id: str, fmt: str) -> Metadata:
    info = raw.info
    meta = Metadata(page_count=len(raw.pages), source_path=str(path), content_hash=doc_id, language=language)
    prov = meta.provenance
    if language:
        prov["language"] = "detected"
    head = " ".join(p.text for p in passages if p.page <= 3)[:12000]
    words = set(_words(head))
    meta.title, prov["title"] = _title(info, passages, path, words, trust_info=fmt in ("html", "docx", "markdown"))
    author = (info.get("author") or "").strip()
    furniture = " ".join(f"{pg.header or ''} {pg.footer or ''}" for pg in raw.pages[:10])
    org = _organisation(author) or _organisation(f"{head} {furniture}")
    if org:
        meta.organisation = org
        prov["organisation"] = "file-info" if _organisation(author) else "first-pages"
    # A PDF's author field often names whoever typeset it: keep it only if the text names them too.
    if author and not _organisation(author) and _looks_like_names(author):
        names = tuple(a.strip() for a in re.split(r";|\band\b|&", author) if a.strip())
        if names and (fmt != "pdf" or all(set(_words(n)) & words for n in names)):
            meta.authors = names
            prov["authors"] = "file-info"
    meta.year, prov["year"] = _year(info, head)
    meta.doc_type, prov["doc_type"] = _doc_type(meta.title or "", head, fmt, info)
    return meta


_GENERIC = re.compile(r"^(contents|table of contents|table des mati[eè]res|[íi]ndice|sommaire|introduction|introducci[oó]n|"
                      r"summary|foreword|preface|pr[eé]face|associated actions|actions connexes|acciones conexas|"
                      r"page \d+|\d+)$", re.I)
_CODE_WORD = re.compile(r"[A-Za-z]+\d+[A-Za-z]+|\d+[A-Za-z]{2,}\d*|_|\.(exe|docx?|indd|qxd|pdf)\b", re.I)
_DOC_SYMBOL = re.compile(r"^[A-Z]{1,6}(/[A-Z0-9.]+)+$")
_LIST_ITEM = re.compile(r"^\(?([a-z]|\d{1,2}|[ivx]{1,4})[.)]\s")  # "a. Elaborar…", "(ii) …": an item, not a title


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)]


def _good_title(title: str, words: set[str]) -> bool:
    """A title is plausible when it is not a file name or printer code, and the text itself
    contains most of its words."""
    own = _words(title)
    if len(title) < 4 or _BAD_TITLES.search(title) or _CODE_WORD.search(title) or not own:
        return False
    return sum(w in words for w in own) / len(own) >= 0.6


def _title(info: dict[str, str], passages: list[Passage], path: Path, words: set[str],
           trust_info: bool = False) -> tuple[str | None, str]:
    """PDF title fields are often file names or printer codes, so they must match the text;
    an HTML <title> or a DOCX title property is written by the author and trusted."""
    title = re.sub(r"\s+", " ", info.get("title") or "").strip()
    if _good_title(title, words) or (trust_info and len(title) > 3 and not _BAD_TITLES.search(title)):
        return title[:300], "file-info"
    headings = [p for p in passages[:60] if p.kind == "heading" and p.page <= 2]
    if passages and _caps_display(passages[0].text) and passages[0].kind == "body" and passages[0].page == 1:
        headings.insert(0, passages[0])  # a title set in capitals that layout took for body text
    for i, p in enumerate(headings):
        text = p.text.strip(" :")
        if (_GENERIC.match(text) or _DOC_SYMBOL.match(text) or _LIST_ITEM.match(text) or _is_org_name(text)
                or not _good_title(text, words) or len(text) > 300):
            continue
        # a title set over several lines is often several heading blocks: join lowercase continuations
        for nxt in headings[i + 1:i + 3]:
            if nxt.text[:1].islower() and nxt.page == p.page and not _LIST_ITEM.match(nxt.text):
                text = f"{text} {nxt.text}"
            else:
                break
        return text[:300], "first-heading"
    for p in passages[:5]:
        if p.kind == "body" and len(p.text) > 3:
            return p.text[:200], "first-line"
    return path.stem, "file-name"


def _caps_display(text: str) -> bool:
    """Three to forty words, nearly all letters capitals: a display line such as a title."""
    letters = [c for c in text if c.isalpha()]
    return 3 <= len(text.split()) <= 40 and len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _is_org_name(text: str) -> bool:
    return any(pattern.fullmatch(text.strip()) for pattern in _ORG_RE.values()) or text.strip() in (
        "United Nations", "Nations Unies", "Naciones Unidas", "General Assembly", "Economic and Social Council")


def _organisation(text: str) -> str | None:
    """The organisation named most often (ties: the one named first)."""
    best: tuple[int, int, str] | None = None
    for name, pattern in _ORG_RE.items():
        found = list(pattern.finditer(text))
        if found:
            key = (-len(found), found[0].start(), name)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def _looks_like_names(author: str) -> bool:
    return bool(re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", author)) and len(author) < 300


def _year(info: dict[str, str], head: str) -> tuple[int | None, str]:
    if info.get("year", "").strip()[:4].isdigit():
        return int(info["year"].strip()[:4]), "file-info"
    this_year = date.today().year
    m = _COPYRIGHT_YEAR.search(head)
    if m and int(m.group(1)) <= this_year:
        return int(m.group(1)), "first-pages"
    years = [int(y) for y in _YEAR.findall(head[:3000]) if int(y) <= this_year]
    created = re.search(r"(19|20)\d\d", info.get("creation_date", ""))
    created_year = int(created.group(0)) if created else None
    if years:
        latest = max(years)
        # A document cannot predate the newest year its first pages name.
        if created_year and created_year >= latest and created_year - latest <= 1:
            return created_year, "file-info"
        return latest, "first-pages"
    if created_year:
        return created_year, "file-info"
    return None, "unknown"


def _doc_type(title: str, head: str, fmt: str, info: dict[str, str]) -> tuple[str, str]:
    if info.get("type"):
        return info["type"].strip(), "file-info"
    for source, text in (("title", title), ("first-pages", head[:1500])):
        for name, pattern in DOC_TYPES:
            if pattern.search(text):
                return name, source
    if re.search(r"\babstract\b", head[:3000], re.I) and re.search(r"\b(references|bibliography)\b", head, re.I):
        return "academic paper", "first-pages"
    return ("web page" if fmt == "html" else "document"), "default"
