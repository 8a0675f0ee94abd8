"""Sentences that define a registry concept.

A definition is found where a tagged mention of a concept (the *term*) stands in
a defining frame, in English, French, Spanish, Italian, German or Dutch:

- the term, then a defining verb: "X is defined as", "X refers to", "X denotes",
  "X shall mean", "X consists in", « X désigne », « X se définit comme »,
  « X se refiere a », « X si definisce come », « X bezeichnet », "X betekent"…
  (an aside may come between: "X (DC), as used here, means");
- a defining frame, then the term: "by X we mean", "we define X as",
  « on entend par X », « se entiende por X », « per X si intende »,
  « unter X versteht man », "onder X wordt verstaan"…;
- the term, a copula and a genus with a differentia: "X is the transfer of…",
  « X est le processus par lequel… » (pattern ``genus``: the weakest, listed so a
  reviewer can judge it).

Refused: "X means that…" (« signifie que », « bedeutet, dass »: consequence, not
definition); questions ("qu'entend-on par X ?"); a term hanging on a preposition
("a policy of X is defined as…" defines the policy).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from dclit.tables.quotes import clip_around

Q = r"[\"“”‘’'«»\s]*"  # quotes and spaces around a term
ASIDE = r"(?:\s*\([^()]{0,80}\))?(?:\s*,[^,.;]{0,60},)?\s*(?:,?\s*(?:which|qui|welche)\s+)?"

# (name, regex on the text right after the term)
AFTER = [
    ("defined as", r"(?:is|are|was|were|can be|may be|shall be|will be|has been|have been)\s+"
                   r"(?:here\s+|broadly\s+|commonly\s+|generally\s+|usually\s+|often\s+|best\s+)?"
                   r"(?:defined|understood|conceived|conceptuali[sz]ed|characteri[sz]ed)\s+as\b"),
    ("refers to", r"(?:[^.;:()]{0,60}?\s+and\s+)?(?:refers?|referred|is used to refer|is taken to refer)\s+to\b"),
    ("understood as", r",\s*(?:here\s+|commonly\s+|generally\s+)?(?:understood|defined|conceived)\s+as\b|"
                      r",\s*(?:entendu|défini|conçu|entendid|definid|intes|definit)[aeos]*\s+(?:comme|como|come)\b"),
    ("means", r"(?:means|mean|shall mean|shall be taken to mean|is taken to mean|denotes|denote|designates|"
              r"signifies|connotes)\b(?!\s+that\b|\s+of\b)"),
    ("consists in", r"(?:consists?|consisted)\s+(?:in|of)\b"),
    ("fr: se définit comme", r"(?:se\s+définit|se\s+définissent|est\s+défini[es]*|sont\s+défini[es]*|peut\s+être"
                             r"\s+défini[es]*|s'entend|s’entend|est\s+entendu[es]*)\s+(?:comme|de|par)\b"),
    ("fr: désigne", r"(?:désigne|désignent|signifie|signifient|renvoie\s+à|renvoient\s+à|fait\s+référence\s+à|"
                    r"consiste\s+(?:à|en|dans)|recouvre|correspond\s+à)\b(?!\s+que\b)"),
    ("es: se define como", r"(?:se\s+define|se\s+definen|es\s+definid[oa]s?|se\s+entiende|puede\s+definirse)\s+"
                           r"como\b"),
    ("es: se refiere a", r"(?:se\s+refiere|se\s+refieren|hace\s+referencia|alude)\s+a\b|(?:significa|designa|"
                         r"consiste\s+en)\b(?!\s+que\b)"),
    ("it: si definisce come", r"(?:si\s+definisce|è\s+definit[oa]|viene\s+definit[oa])\s+come\b|"
                              r"(?:si\s+riferisce\s+a|indica|designa|consiste\s+(?:in|nel|nella))\b(?!\s+che\b)"),
    ("de: bezeichnet", r"(?:bezeichnet|bedeutet|meint|umfasst|ist\s+definiert\s+als|wird\s+definiert\s+als|"
                       r"versteht\s+sich\s+als)\b(?!,?\s+dass\b)"),
    ("nl: betekent", r"(?:betekent|houdt\s+in|wordt\s+gedefinieerd\s+als|verwijst\s+naar)\b(?!,?\s+dat\b)"),
    ("genus", r"(?:is|are|est|es|è|ist)\s+(?:the|a|an|le|la|l'|l’|un|une|el|una|il|lo|der|die|das|ein|eine)\s*"
              r"(?:process|transfer|practice|principle|form|set|mechanism|concept|approach|arrangement|"
              r"relationship|right|processus|transfert|pratique|principe|forme|ensemble|mécanisme|démarche|"
              r"droit|proceso|transferencia|práctica|principio|conjunto|mecanismo|processo|trasferimento|"
              r"Prozess|Übertragung|Prinzip|Form)\s+(?:of|by|whereby|through|in which|by which|de|d'|d’|par|"
              r"selon|por|mediante|di|con|per|von|der|bei|durch)\b"),
]

# (name, regex the text before the term must end with, regex the text after it must start with)
BEFORE = [
    ("by X we mean", r"\bby\s+(?:the\s+term\s+)?" + Q + r"$", r"^" + Q + r",?\s*(?:we|I|they|the authors?|"
                                                                    r"this (?:report|paper|study))\s+(?:mean|means|understand|refer to)\b"),
    ("we define X as", r"\b(?:define|defines|defined|defining)\s+" + Q + r"$", r"^" + Q + r"\s*as\b"),
    ("the term X", r"\b(?:the\s+(?:term|notion|concept|expression)|the\s+definition\s+of)\s+(?:of\s+)?" + Q + r"$",
     r"^" + Q + r"\s*(?:\([^()]{0,60}\)\s*)?(?:is|was|has been)\s+(?:used\s+to\s+(?:refer|describe|designate)|"
                r"(?:defined|understood)\s+as)\b|^" + Q + r"\s*(?:refers\s+to|denotes|means|designates)\b"),
    ("fr: on entend par X", r"\b(?:on\s+entend|nous\s+entendons|il\s+faut\s+entendre|entend-on)\s+par\s+"
                            r"(?:la\s+|le\s+|les\s+|l['’]\s*)?" + Q + r"$", r""),
    ("fr: par X on entend", r"\bpar\s+(?:la\s+|le\s+|les\s+|l['’]\s*)?" + Q + r"$",
     r"^" + Q + r",?\s*(?:on\s+entend|nous\s+entendons|il\s+faut\s+entendre|on\s+désigne)\b"),
    ("fr: la notion de X", r"\b(?:la\s+notion|le\s+terme|le\s+concept)\s+(?:de\s+|d['’]\s*)?" + Q + r"$",
     r"^" + Q + r"\s*(?:désigne|renvoie\s+à|recouvre|se\s+définit|signifie|fait\s+référence)\b"),
    ("es: por X se entiende", r"\bpor\s+(?:la\s+|el\s+|los\s+|las\s+)?" + Q + r"$",
     r"^" + Q + r",?\s*(?:se\s+entiende|entendemos)\b"),
    ("in the narrow sense, X means", r"\bin\s+(?:its|the|a)\s+(?:narrow|narrower|broad|broader|strict|wide|wider)\s+"
                                     r"sense,?\s*" + Q + r"$", r"^" + Q + r"\s*(?:means|is|refers\s+to|denotes)\b"),
    ("es: se entiende por X", r"\b(?:se\s+entiende|entendemos|entiéndase)\s+por\s+(?:la\s+|el\s+|los\s+|las\s+|"
                              r"lo\s+)?" + Q + r"$", r""),
    ("it: per X si intende", r"\bper\s+(?:la\s+|il\s+|lo\s+|l['’]\s*|i\s+|gli\s+|le\s+)?" + Q + r"$",
     r"^" + Q + r",?\s*si\s+intende\b"),
    ("it: si intende per X", r"\bsi\s+intende\s+per\s+(?:la\s+|il\s+|lo\s+|l['’]\s*)?" + Q + r"$", r""),
    ("de: unter X versteht man", r"\bunter\s+(?:dem\s+Begriff\s+)?(?:der\s+|die\s+|das\s+|dem\s+|den\s+)?"
                                 + Q + r"$", r"^" + Q + r"\s*(?:versteht\s+man|verstehen\s+wir|ist\s+.{0,40}"
                                                        r"zu\s+verstehen|wird\s+.{0,40}verstanden)\b"),
    ("nl: onder X wordt verstaan", r"\bonder\s+(?:de\s+|het\s+)?" + Q + r"$",
     r"^" + Q + r"\s*(?:wordt|worden)\s+(?:.{0,40}\s+)?verstaan\b"),
]

_AFTER = [(name, re.compile(r"^" + Q + ASIDE + rx, re.I)) for name, rx in AFTER]
_BEFORE = [(name, re.compile(b, re.I), re.compile(a, re.I) if a else None) for name, b, a in BEFORE]
MAX_SENTENCE_WORDS = 120
SKIP_KINDS = frozenset({"references", "toc", "heading"})


@dataclass(frozen=True, slots=True)
class Definition:
    doc_id: str
    concept: str
    term: str  # the mention's surface text
    lang: str
    page: int
    page_label: str
    start: int  # the sentence, [start, end) into the clean text
    end: int
    term_start: int  # the term, [term_start, term_end) into the clean text
    term_end: int
    sentence: str
    pattern: str


# "a policy of X is defined as…" defines the policy, not X: the term must not hang on a preposition.
_COMPLEMENT = re.compile(r"\b(?:of|de|d['’]|du|des|del|della|dello|delle|degli|di|der|des|van|het)\s*(?:la\s+|le\s+|"
                         r"les\s+|l['’]\s*|el\s+|los\s+|las\s+|the\s+|a\s+|an\s+)?" + Q + r"$", re.I)
_SUBJECT = re.compile(r"^[\W\d]*(?:(?:the|a|an|la|le|les|l['’]|el|los|las|il|lo|der|die|das)\s*)?" + Q + r"$", re.I)


def match_definition(before: str, after: str) -> str | None:
    """The name of the defining frame around a term (``before`` the term, ``after`` it), or None.

    The ``genus`` frame counts only when the term is the subject that opens the sentence
    ("The cornerstone of X is the transfer of…" is not a definition of X)."""
    if "?" in after or "¿" in before:
        return None  # a question ("qu'entend-on par X ?") asks for a definition, it does not give one
    for name, rx in _AFTER:
        if rx.match(after) and not _COMPLEMENT.search(before[-60:]) and (name != "genus" or _SUBJECT.match(before)):
            return name
    tail = before[-120:]
    for name, b, a in _BEFORE:
        if b.search(tail) and (a is None or a.match(after)):
            return name
    return None


def find_definitions(data) -> list[Definition]:
    """Every (sentence, concept) where a mention of the concept is being defined."""
    out: dict[tuple[str, int, str], Definition] = {}
    for m in data.mentions:
        doc = data.documents[m.doc_id]
        p = doc.passages[m.passage] if 0 <= m.passage < len(doc.passages) else None
        if p is not None and p.kind in SKIP_KINDS:
            continue
        sentence = doc.text[m.sentence_start:m.sentence_end]
        if len(sentence.split()) > MAX_SENTENCE_WORDS:
            continue
        name = match_definition(doc.text[m.sentence_start:m.start], doc.text[m.end:m.sentence_end])
        key = (m.doc_id, m.sentence_start, m.concept)
        if name is None or key in out:
            continue
        out[key] = Definition(doc_id=m.doc_id, concept=m.concept, term=m.text, lang=m.lang, page=m.page,
                              page_label=doc.page_label(m.page), start=m.sentence_start, end=m.sentence_end,
                              term_start=m.start, term_end=m.end,
                              sentence=clip_around(sentence, m.start - m.sentence_start, m.end - m.sentence_start,
                                                   500), pattern=name)
    return sorted(out.values(), key=lambda d: (d.doc_id, d.start, d.concept))
