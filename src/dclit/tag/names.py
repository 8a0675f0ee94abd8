"""Refuse mentions that are words of a proper name or of a fused running header.

Guidelines (annotations/README.md): names of organisations, projects, plans and
reports are not mentions of a theme ("Proyecto Integrado de Migración y Desarrollo
Local", "Nigerianos en la Organización de la Diáspora (NIDO)", "Observatory of Local
Finances"). A mention is inside such a name when its words are capitalised and the
capitalised run around it (lower-case linking words like "de la", "of" allowed
inside) is longer than the mention and either holds a name head word ("Proyecto",
"Observatory", ...) outside the mention or is followed by an acronym in parentheses.

A mention right after a capitalised title head and a preposition is the theme a title is named
after ("Premier Rapport mondial sur la décentralisation", "Directives sur la décentralisation").

A mention mixing ALL-CAPS words with lower-case words ("UNITED CITIES AND LOCAL
GOVERNMENTS administration") straddles a running header fused into the text by
extraction: it is refused too.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_ACRONYM_AFTER = re.compile(r"^\s*\(\s*[A-Z][A-Za-z]{1,9}s?\s*[),]")
# lower-case words that may sit inside a name ("Organización de la Diáspora", "Observatory of ...")
LINKS = {"de", "del", "la", "las", "los", "el", "y", "e", "en", "para", "of", "the", "and", "for", "on",
         "in", "et", "des", "du", "le", "les", "pour", "à", "d", "l", "für", "und", "der", "die", "das",
         "van", "het", "voor", "di", "della", "per"}
CONJ = {"y", "e", "and", "et", "und"}
ARTICLES = {"el", "la", "los", "las", "the", "le", "les", "l", "der", "die", "das", "de", "het", "il", "gli"}
# words that head the name of an organisation, project, programme, plan, fund, network, report
HEADS = {
    "project", "projects", "programme", "program", "observatory", "fund", "institute", "network",
    "agency", "ministry", "initiative", "office", "centre", "center", "council", "committee",
    "commission", "association", "federation", "forum", "alliance", "foundation", "organization",
    "organisation", "report", "index", "facility", "unit", "bank", "secretariat", "department",
    "proyecto", "programa", "observatorio", "fondo", "instituto", "red", "agencia", "ministerio",
    "iniciativa", "oficina", "centro", "consejo", "comité", "comisión", "asociación", "federación",
    "foro", "alianza", "fundación", "organización", "informe", "índice", "banco", "secretaría",
    "projet", "programme", "observatoire", "fonds", "institut", "réseau", "agence", "ministère",
    "bureau", "centre", "conseil", "commission", "fédération", "fondation", "rapport", "indice",
    "banque", "secrétariat", "projekt", "programm", "netzwerk", "stiftung", "ministerium", "bericht",
}


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


_TITLE_HEADS = HEADS | {"directives", "guidelines", "directrices", "charter", "charte"}
# "<Head> [one or two words] <preposition> [article]" right before the mention: "Rapport mondial sur la
# décentralisation", "Informe Mundial sobre la Descentralización", "World Observatory of Decentralization"
_TITLE_TAIL = re.compile(r"([^\W\d_]+)(?:[\s\-]+[^\W\d_]+){0,2}\s+(?:on|of|sur|sobre|about|über|zur|zum|van|over)"
                         r"(?:\s+(?:la|le|les|l'|l’|the|el|los|las|die|der|de))?\s*$")


def _titled_by_head(text: str, start: int, sentence_start: int) -> bool:
    """The mention follows a capitalised title head and a preposition (a report, observatory,
    guidelines ... named after the theme), within the sentence."""
    lo = max(sentence_start, start - 60)
    window = text[lo:start]
    for m in re.finditer(r"[^\W\d_]+", window):
        word = m.group()
        if word[:1].isupper() and word.lower() in _TITLE_HEADS and _TITLE_TAIL.fullmatch(window, m.start()):
            return True
    return False


def _fused_header(text: str, start: int, end: int) -> bool:
    """The mention holds a lower-case word and an ALL-CAPS word, with two or more ALL-CAPS
    words of 4+ letters in it and the three words before it ("UNITED CITIES AND LOCAL
    GOVERNMENTS administration"; not "SDG localization")."""
    words = _WORD.findall(text[start:end])
    if not any(w.islower() for w in words) or not any(w.isupper() and len(w) > 1 for w in words):
        return False
    context = _WORD.findall(text[max(0, start - 60):start])[-3:] + words
    return sum(1 for w in context if w.isupper() and len(w) >= 4) >= 2


def in_proper_name(text: str, start: int, end: int, sentence_start: int = 0) -> bool:
    """True when ``text[start:end]`` (a mention) is part of a capitalised name or straddles
    a fused all-caps header (see the module docstring)."""
    surface = text[start:end]
    if _fused_header(text, start, end) or _titled_by_head(text, start, sentence_start):
        return True
    inner = _WORD.findall(surface)
    if not inner or not all(_capitalised(w) or w.lower() in LINKS for w in inner):
        return False
    lo = max(sentence_start, start - 120)
    before = _run(list(_WORD.finditer(text, lo, start))[::-1], text, start, leftwards=True)
    after = _run(list(_WORD.finditer(text, end, min(len(text), end + 120))), text, end, leftwards=False)
    if before and before[-1].group().lower() not in HEADS and _sentence_initial(text, before[-1], sentence_start):
        before = before[:-1]  # the first word of a sentence is capitalised anyway
    outside = [m.group().lower() for m in before + after]
    if not outside:
        return False
    if HEADS & set(outside):
        return True
    tail = after[-1].end() if after else end
    return bool(_ACRONYM_AFTER.match(text[tail:tail + 16]))


def _run(matches: list, text: str, edge: int, leftwards: bool) -> list:
    """Capitalised words continuing a name outwards from the mention edge ``edge``: linking
    words count only when a capitalised word lies beyond them; punctuation (other than
    spaces and hyphens) between two words ends the name."""
    run, pending, last = [], [], edge
    for m in matches:
        gap = text[m.end():last] if leftwards else text[last:m.start()]
        if re.search(r"[^\s\-]", gap):
            break
        last = m.start() if leftwards else m.end()
        word = m.group()
        if word.lower() in LINKS and not _capitalised(word):
            pending.append(m)
            if _new_phrase([p.group().lower() for p in pending], leftwards):
                break
            continue
        if not _capitalised(word):
            break
        run += pending + [m]
        pending = []
    return run


def _new_phrase(links: list[str], leftwards: bool) -> bool:
    """"y el", "and the", "et les": a conjunction and an article start another noun phrase."""
    seq = links[::-1] if leftwards else links
    return any(a in CONJ and b in ARTICLES for a, b in zip(seq, seq[1:]))


def _sentence_initial(text: str, m, sentence_start: int) -> bool:
    return not text[sentence_start:m.start()].strip(" \n\t\"“'‘(")
