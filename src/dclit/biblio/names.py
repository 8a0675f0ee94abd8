"""Splitting an author/editor segment into CSL name objects.

Handles "Family, I. J.", "I. J. Family", "Family IJ" (Vancouver), "Family, Given",
lists joined by commas, ";", "&", "and"/"et"/"y"/"und", "et al." and organisations
("UN-HABITAT", "ECDPM and ACE Europe") which become ``{"literal": ...}``.
"""
from __future__ import annotations

import re

PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "des", "la", "le",
             "dos", "das", "ten", "ter", "zu", "y", "d'", "l'", "st", "st."}
AND_RE = re.compile(r"\s*(?:;|&|\band\b|\bet\b(?!\s*al)|\bund\b|\by\b|\be\b)\s*")
ETAL_RE = re.compile(r",?\s*\bet\.?\s*al\b\.?|,?\s*\bu\.\s*a\.|,?\s*\band others\b", re.I)
ROLE_RE = re.compile(r"\(?\b(?:eds?|editors?|edited by|hrsg|coords?|comps?|dir|éds?)\b\.?\)?", re.I)
INITIALS_RE = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]?\.?[\s-]*)+$")
ORG_HINTS = re.compile(r"\b(?:UN|UNDP|OECD|EU|Commission|Ministry|Ministère|Ministerio|Bank|Council"
                       r"|Agency|Association|Institute|Network|Organi[sz]ation|Programme|Program"
                       r"|Europe|Nations|Habitat|HABITAT|Forum|Fund|Union|Government|Office"
                       r"|Department|Secretariat|Foundation|Centre|Center|Committee|UCLG|ECDPM)\b")


def is_initials(piece: str) -> bool:
    p = piece.strip()
    if not p:
        return False
    if re.fullmatch(r"[A-ZÀ-Þ]{1,3}", p):
        return True
    return bool(INITIALS_RE.match(p)) and "." in p or bool(re.fullmatch(r"(?:[A-ZÀ-Þ]\.\s?-?)+", p))


def looks_like_org(text: str) -> bool:
    t = text.strip()
    if re.search(r"[A-ZÀ-Þ]\.", t) or "," in t:
        return bool(ORG_HINTS.search(t)) and not re.search(r"\b[A-Z]\.\s*[A-Z][a-z]", t)
    words = t.split()
    if len(words) == 1:
        w = words[0]
        return w.isupper() and len(w) > 1 or "-" in w and w.replace("-", "").isupper()
    return bool(ORG_HINTS.search(t)) or len(words) >= 4


def _split_given_family(piece: str) -> dict:
    """One name without a comma: "J. P. Collman", "Karalliedde L", "Chambers", "J. de Wit"."""
    words = piece.split()
    if len(words) == 1:
        return {"family": words[0]}
    # Vancouver "Family IJ" / "Drew R."
    if is_initials(words[-1]) and not is_initials(words[0]):
        return {"family": " ".join(words[:-1]), "given": words[-1]}
    i = 0
    while i < len(words) - 1 and (is_initials(words[i]) or words[i][:1].isupper()) \
            and words[i].lower() not in PARTICLES:
        i += 1
    # the last capitalised word is the family name, with any particles before it
    j = len(words) - 1
    while j > 0 and words[j - 1].lower() in PARTICLES:
        j -= 1
    given = " ".join(words[:j])
    return {"family": " ".join(words[j:]), "given": given} if given else {"family": " ".join(words[j:])}


def _pieces_to_names(pieces: list[str]) -> list[dict]:
    names: list[dict] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        words = p.split()
        single = len(words) == 1 or all(w.lower() in PARTICLES for w in words[:-1])
        multi = len(words) <= 3 and not any(is_initials(w) for w in words)
        if nxt is not None and (single and (is_initials(nxt) or _given_like(nxt))
                                or multi and (is_initials(nxt) or len(pieces) == 2 and _given_like(nxt))):
            given = nxt
            # "Ewijk, E. van": particle trailing the given names
            m = re.match(r"(.*?)\s+((?:%s)(?:\s+\w+)?)$" % "|".join(PARTICLES - {"y"}), given)
            fam = p
            if m and is_initials(m.group(1)):
                given, fam = m.group(1), f"{m.group(2)} {p}"
            names.append({"family": fam, "given": given})
            i += 2
            continue
        names.append(_split_given_family(p))
        i += 1
    return names


def _given_like(piece: str) -> bool:
    words = piece.split()
    if not words or len(words) > 3:
        return False
    return all(w[:1].isupper() or is_initials(w) or w.lower() in PARTICLES for w in words) and \
        not any(len(w) > 2 and w.isupper() for w in words)


def split_names(text: str) -> tuple[list[dict], bool]:
    """CSL names from an author/editor segment, and whether it ended in "et al."."""
    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(r"(\w)- (\w)", r"\1-\2", t)
    t = re.sub(r"^(?:in|en|dans|by|par|por|von)\s+", "", t, flags=re.I)
    etal = bool(ETAL_RE.search(t))
    t = ETAL_RE.sub("", t)
    t = ROLE_RE.sub("", t)
    t = re.sub(r"\(\s*\)", "", t).strip(" ,;:()")
    if not t:
        return [], etal
    if looks_like_org(t):
        return [{"literal": t.rstrip(". ")}], etal
    names: list[dict] = []
    for part in AND_RE.split(t):
        part = part.strip(" ,;:")
        if re.search(r"[^\W\d_]{2,}\.$", part) and not re.search(r"\b[A-ZÀ-Þ]\.$", part):
            part = part[:-1]  # "Nichols, Bill." but not "Hafteck, P."
        if not part.strip(" ."):
            continue
        pieces = [p.strip(" .") if not is_initials(p.strip()) else p.strip()
                  for p in part.split(",") if p.strip(" .")]
        names.extend(_pieces_to_names(pieces))
    return [n for n in names if n.get("family") or n.get("literal")], etal


def family_names(names: list[dict]) -> list[str]:
    return [n.get("family") or n.get("literal") or "" for n in names]
