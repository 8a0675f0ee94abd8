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

Credits lists name people, their roles and their institutions: a capitalised mention right after a
role and a comma ("Expert, Municipal Development Partnership", "Director de Estudios, Asociación de
Municipios de Chile") is an institution, and a capitalised line "<label>: •" heads a list of authors
("Metropolitan governance: Eurasia: •"). A minister's or ministry's portfolio ("Ministries in charge of
decentralization", "ministres chargés de la décentralisation") names an office, an actor. A capitalised
name tail after a capitalised word ("Open Government Partnership") closes a name.
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
    "portfolio", "seal", "award", "prize", "premio", "prix", "partnership", "partenariat", "grupo", "groupe",
    "group", "groupement", "framework", "guarantee",
    # laws, statutes and charters are named after their theme ("Administrative Decentralization Law",
    # "Statutes of Autonomy", "Basic Law of Local Governance", "Ley de Participación Popular")
    "law", "laws", "statute", "statutes", "code", "charter", "decree", "ley", "leyes", "estatuto", "estatutos",
    "decreto", "carta", "loi", "lois", "statut", "décret", "charte", "gesetz", "satzung", "legge", "statuto",
    # publishers ("Alianza Editorial")
    "editorial", "éditions", "editions", "press", "publishers", "publishing", "verlag", "editore",
}
# one-word mentions that end a name when a capitalised word stands right before them
NAME_TAILS = {"partnership", "partnerships", "partenariat", "partenariats", "asociación", "alianza", "alliance"}
_ROLE = re.compile(
    r"\b(?:Experts?|Directors?|Directeur|Directrice|Directora|Professor|Professeure?|Profesora?|Secretary|"
    r"Secr[ée]taire|Secretari[oa]|Researcher|Chercheur|Chercheuse|Investigadora?|President|Pr[ée]sident|"
    r"Presidenta?|Coordinator|Coordinat(?:eur|rice)|Coordinadora?|Consultant|Consultante|Consultora?|Advis[eo]r|"
    r"Conseill[eè]re?|Asesora?|Head|Chef|Jef[ea]|Lecturer|Fellow|Officer|Manager|Mayor|Maire|Alcaldes?a?)"
    r"(?:\s+[^\W\d_]+){0,3}\s*,\s*$")
_BULLETED_HEADING = re.compile(r"\s*:\s*(?:[^\W\d_]+\s*:\s*)?[•·▪◦-]")
# a credits rubric "Gouvernance métropolitaine : Philip Amis (Royaume-Uni)."
_RUBRIC_NAME = re.compile(r"\s*:\s*(?:[A-ZÀ-Þ][\w'’.-]+\s+){1,3}\([A-ZÀ-Þ][^()\n]{1,40}\)")
# a table-of-contents entry: the line is the mention's words and a page number ("Gobernanza metropolitana 264")
_TOC_TAIL = re.compile(r"[ \t.…]+\d{1,4}[ \t]*(?:\n|$)")
_OFFICE = re.compile(
    r"(?i)\bminist\w*(?:\s+[^\W\d_]+){0,2}\s+"
    r"(?:in\s+charge\s+of|responsible\s+for|charg[ée]e?s?\s+de|responsables?\s+de|encargad[oa]s?\s+de|"
    r"a\s+cargo\s+de)\s+(?:la\s+|le\s+|les\s+|l['’]|the\s+|el\s+|los\s+|las\s+)?$"
    # "le ministre de la décentralisation", "Ministry of Decentralization", "ministerio de descentralización"
    r"|\bminist(?:re|res|er|ers|ry|ries|ère|ères|ro|ros|erio|erios|erium)\s+(?:de\s+la\s+|de\s+l['’]|"
    r"del\s+|de\s+|of\s+(?:the\s+)?|for\s+(?:the\s+)?)$")


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


_CHARTERS = {"charter", "charte", "carta", "convention", "convenio"}
_CONFERENCES = {"conference", "conférence", "conferencia"}
# laws and national plans or policies are named after their theme even when the theme is written in
# lower case after "de" ("Loi générale de décentralisation", "Ley de descentralización", "Plan national de
# décentralisation", "Politique nationale de décentralisation")
_LAWS = {"law", "laws", "loi", "lois", "ley", "leyes", "decree", "décret", "decreto", "code", "código", "statut",
         "estatuto", "gesetz", "legge"}
_POLICIES = {"plan", "plans", "policy", "politique", "política", "lignes", "lineamientos"}
_PLANS = _POLICIES | {"strategy", "stratégie", "estrategia", "programme", "programa"}
# bodies named after their theme ("Conseil national de décentralisation", "Comisión de descentralización")
_BODIES = {"council", "conseil", "consejo", "commission", "comisión", "committee", "comité", "agency", "agence",
           "agencia", "secretariat", "secrétariat", "secretaría", "observatory", "observatoire", "observatorio",
           "fund", "fonds", "fondo"}
# "(PONADEC)" after "politique nationale de décentralisation et de déconcentration": a policy, law or body
# written in lower case is still a name when its acronym follows it (the acronym starts with the head's letter)
_ACRONYM_TAIL = re.compile(r"[^\W\d_]*(?:[\s'’\-]+[^\W\d_]+){0,6}?\s*\(\s*([A-Z][A-Z]{2,}[a-z]?)\s*\)")
_TITLE_HEADS = HEADS | _CHARTERS | _CONFERENCES | _PLANS | {"directives", "guidelines", "directrices",
                                                            "documento", "document"}
# "<Head> [one or two words] <preposition> [article]" right before the mention: "Rapport mondial sur la
# décentralisation", "Informe Mundial sobre la Descentralización", "World Observatory of Decentralization",
# "African Conference for Decentralization", "Carta europea de la autonomía local"
# a verb between the head and the preposition makes a sentence, not a title: "Report focuses on local
# government finance"
_VERBS = (r"(?!(?:focus|focuses|focused|concentrates|deals|looks|reports|says|states|argues|is|was|shows|"
          r"porte|portent|traite|traitent|insiste|trata|tratan|se|centra|concentre)\b)")
_TITLE_TAIL = re.compile(r"([^\W\d_]+)(?:[\s\-]+" + _VERBS + r"[^\W\d_]+){0,2}\s+(on|of|sur|sobre|about|über|zur|zum|van|over"
                         r"|for|pour|para|de|del|des|du|di|della|für)"
                         r"(?:\s+(?:la|le|les|l'|l’|the|el|los|las|die|der|de))?\s*"
                         # a second theme coordinated in the title: "... for Decentralization and Local Development"
                         r"(?:[^\W\d_]+\s+(?:and|et|y|e|und)\s+(?:(?:la|le|les|the|el|los|las|die|der)\s+|l['’])?)?$")
_OF = {"of", "de", "del", "des", "du", "di", "della"}  # "of" family: names the members, not only the theme


def _titled_by_head(text: str, start: int, sentence_start: int) -> bool:
    """The mention follows a capitalised title head and a preposition (a report, observatory,
    guidelines ... named after the theme), within the sentence. After "de", only a capitalised
    mention or a charter ("Carta Europea de la Autonomía Local"); a conference "of" names its
    members ("International Conference of the Diaspora"), "for"/"on" its theme."""
    lo = max(sentence_start, start - 60)
    window = text[lo:start]
    for m in re.finditer(r"[^\W\d_]+", window):
        word, head = m.group(), m.group().lower()
        tail = _TITLE_TAIL.fullmatch(window, m.start()) if word[:1].isupper() and head in _TITLE_HEADS else None
        if tail is None:
            continue
        prep = tail.group(2)
        if head in _CONFERENCES and prep in _OF:
            continue
        opens = _opens(text, lo + m.start(), sentence_start)
        if head in _POLICIES and opens:
            continue  # a heading "Politique de décentralisation" names the theme
        if prep in _OF - {"of"} and not (head in _CHARTERS | _LAWS | _PLANS | _BODIES or text[start:start + 1].isupper()):
            continue
        return True
    return False


def _named_by_acronym(text: str, start: int, end: int, sentence_start: int) -> bool:
    """The mention sits in "<head> ... <mention> ... (ACRONYM)" where the head is a policy, law or body
    word (any case) and the acronym starts with the head's first letter ("politique nationale de
    décentralisation et de déconcentration (PONADEC)")."""
    tail = _ACRONYM_TAIL.match(text, end, min(len(text), end + 80))
    if tail is None:
        return False
    lo = max(sentence_start, start - 80)
    for m in _WORD.finditer(text, lo, start):
        if m.group().lower() in _PLANS | _LAWS | _BODIES and tail.group(1)[0] == m.group()[0].upper():
            between = text[m.end():start]
            if not re.search(r"[.;:!?()\n]", between) and len(between.split()) <= 6:
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
    if _in_credits(text, start, end) or _OFFICE.search(text, max(0, start - 80), start):
        return True
    if _named_by_acronym(text, start, end, sentence_start):
        return True
    inner = _WORD.findall(surface)
    if not inner or not all(_capitalised(w) or w.lower() in LINKS for w in inner):
        return False
    lo = max(sentence_start, start - 120)
    before = _run(list(_WORD.finditer(text, lo, start))[::-1], text, start, leftwards=True)
    after = _run(list(_WORD.finditer(text, end, min(len(text), end + 120))), text, end, leftwards=False)
    if before and before[-1].group().lower() not in HEADS and _opens(text, before[-1].start(), sentence_start):
        before = before[:-1]  # the first word of a sentence is capitalised anyway
    if len(inner) == 1 and surface.lower() in NAME_TAILS and before and before[0].group().lower() not in LINKS:
        return True  # "Open Government Partnership", "Municipal Development Partnership"
    outside = [m.group().lower() for m in before + after]
    if not outside:
        return False
    if HEADS & set(outside):
        return True
    tail = after[-1].end() if after else end
    return bool(_ACRONYM_AFTER.match(text[tail:tail + 16]))


def _in_credits(text: str, start: int, end: int) -> bool:
    """A capitalised mention after "<role>, " in a credits list, a capitalised line "<mention>: •"
    heading a list of authors or "<mention> : Name Name (Country)", or a table-of-contents line
    "<mention> 264"."""
    if not text[start:start + 1].isupper():
        return False
    if _ROLE.search(text, max(0, start - 60), start):
        return True
    line_start = start == 0 or text[start - 1] == "\n"
    if not line_start:
        return False
    window = min(len(text), end + 60)
    return bool(_BULLETED_HEADING.match(text, end, window) or _RUBRIC_NAME.match(text, end, window)
                or _TOC_TAIL.match(text, end, window))


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


def _opens(text: str, at: int, sentence_start: int) -> bool:
    """The word at ``at`` opens its sentence or line, so its capital says nothing (a heading
    "Plan de décentralisation" may name the theme, not a plan)."""
    return not text[sentence_start:at].strip(" \n\t\"“'‘(•-") or text[at - 1:at] == "\n"
