"""The tagger: finds mentions of registry concepts in a Document.

Passages are tokenised by a blank spaCy pipeline of their language (one process:
``n_process=2`` was 4x slower here); each token gets a key (see
:mod:`dclit.tag.lexicon`) and the longest label in the trie starting at each
token wins; a coordinated alternative of the label's last word extends the match
("descentralización presupuestaria o fiscal"), and a coordinated word before the label
too ("transferencias y subvenciones del gobierno central", "les autorités et services
déconcentrés", "social and civic engagement"); a gappy label may hold a partitive insertion
("transferencia de un gran número de competencias") or a recipient ("dévolution aux autorités locales
de compétences"); a label starting inside a match and running past it wins ("réforme de
[décentralisation fiscale]") unless its concept is broader ("[fiscal decentralization] reform"); two mentions of one concept joined by a conjunction, one of them a
bare noun, are one mention ("transferts financiers et les subventions"), not items of an
enumeration nor a complete term coordinated with another. German compounds are matched by
their head label (:meth:`Lexicon.text_key`). Words of proper names and fused running
headers are refused (:mod:`dclit.tag.names`). Abbreviations count once the
document defines them next to a label ("Municipal International Cooperation
(MIC)"). Context rules of the concept then refuse false friends ("EU
Delegation"), flag another sense (EU Twinning) or extend a span by convention; mentions inside reference
lists and cited-work entries are flagged ``in_references`` (:mod:`dclit.tag.references`).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from dclit.records import Document, Mention, Metadata, Page, Passage
from dclit.tag.lexicon import FOOTNOTE_CALL, GAP, HIT, Lexicon
from dclit.tag.names import in_proper_name
from dclit.tag.references import flag_references
from dclit.tag.registry import Concept, Registry, load_registry

log = logging.getLogger(__name__)

WINDOW = 100  # characters of context seen by left/right rules
_ABBR = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z0-9&]{1,9}$")
# "and" / "or" per language: "X fiscal o presupuestaria" extends a match "X fiscal"
CONJUNCTIONS = {"en": {"and", "or"}, "fr": {"et", "ou"}, "es": {"y", "o", "e", "u"},
                "it": {"e", "ed", "o"}, "de": {"und", "oder"}, "nl": {"en", "of"}}
# languages whose adjectives follow the noun: there "descentralizaciones administrativas y fiscales"
# coordinates two adjectives (one mention even across sibling concepts); in English the last word
# is the head noun ("city links and twinnings" are two mentions)
POSTNOMINAL = ("fr", "es", "it", "pt")
# plural determiners opening "les autorités et services déconcentrés": the postnominal adjective
# of a two-word label is shared by a noun coordinated before it (one mention from that noun)
DETERMINERS = {"fr": ("les", "des", "aux", "ces", "leurs", "nos", "ses"),
               "es": ("los", "las", "sus", "estos", "estas", "unos", "unas"),
               "it": ("i", "gli", "le", "dei", "degli", "delle")}
# English adjective endings: two coordinated adjectives before a label's noun are one mention
_ADJECTIVE = re.compile(r"^[a-z]{2,}(al|ic|ive|ous|ary|an|ical)$")
# determiners that may fill the one-word gap of a gappy label: "strengthen [their] capacity"
GAP_DETERMINERS = {"their", "its", "the", "his", "her", "our", "leur", "leurs", "sus", "su"}
PARTITIVE_GAP = 4  # "transferencia de [un gran número de] competencias": at most 4 inserted words
# keys opening a recipient inserted into a gappy label: "attribution [aux autorités locales] de compétences"
RECIPIENTS = {"aux", "au", "a", "al", "to"}
RECIPIENT_GAP = 4  # the preposition and at most 3 words
# between two mentions of one concept, "<conj> [function words]" makes one coordinated mention:
# "transferts financiers et les subventions", "transferencias y de los impuestos compartidos"
_FUNCTION = (r"(?:de|del|des|du|la|le|les|los|las|el|of|the|otras|otros|autres|other|di|dei|delle|degli"
             r"|der|die|das|van|het|de\s+la|de\s+los|de\s+las)")
_COORDINATION = {lang: re.compile(r"^\s+(?:" + "|".join(sorted(words)) + r")\s+(?:" + _FUNCTION
                                  + r"\s+|[dl]['’]){0,2}$") for lang, words in CONJUNCTIONS.items()}


# a label shared by several other languages is taken as the first of these ("(monitoring)" is English)
GLOSS_LANGUAGES = ("en", "fr", "es", "de", "it", "nl")


def _gloss_order(lang: str) -> tuple[int, str]:
    return (GLOSS_LANGUAGES.index(lang) if lang in GLOSS_LANGUAGES else len(GLOSS_LANGUAGES), lang)


# a short quoted or bracketed phrase: "‘libre administration’", "(accountability)"
_QUOTED = re.compile(r"[‘“«\"(]\s?([^\W\d_][^‘’“”«»\"()\n,;.]{2,58}?)\s?[’”»\")]")


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # token index
    end: int
    concept: str
    label: str
    lang: str


class Tagger:
    """``Tagger(registry).tag(doc)`` -> mentions sorted by start (deterministic)."""

    def __init__(self, registry: Registry | None = None, *, default_lang: str = "en",
                 batch_size: int = 64):
        self.registry = registry if registry is not None else load_registry()
        self.default_lang = default_lang
        self.batch_size = batch_size
        self._lexicons: dict[str, Lexicon | None] = {}
        self._abbr: dict[str, dict[str, str]] = {}
        self._foreign: dict[str, dict[str, tuple[str, str, str]]] = {}

    def lexicon(self, lang: str) -> Lexicon | None:
        """The matching resources for ``lang`` (built once; None if no label has it)."""
        if lang not in self._lexicons:
            self._lexicons[lang] = self._build(lang)
        return self._lexicons[lang]

    def _build(self, lang: str) -> Lexicon | None:
        concepts = [c for c in self.registry if c.labels(lang) or c.abbr.get(lang)]
        if not concepts:
            return None
        lex = Lexicon.build(lang)
        for concept in concepts:
            for label in concept.labels(lang):
                for other in lex.add_label(label, concept.id, lang, gappy=label in concept.gappy):
                    if label not in concept.shared:
                        log.warning("label %r (%s) of %s is also a label of %s; %s kept",
                                    label, lang, concept.id, other, other)
        for concept in concepts:  # context rules still judge a compound by its head's label
            for label in concept.labels(lang):
                lex.add_head(label)
        self._abbr[lang] = {a: c.id for c in concepts for a in c.abbr.get(lang, ())}
        return lex

    def tag(self, doc: Document) -> list[Mention]:
        """Every mention in ``doc``; flagged mentions (another sense) carry ``flag``."""
        doc_lang = doc.metadata.language or self.default_lang
        groups: dict[str, list[Passage]] = {}
        for p in doc.passages:
            groups.setdefault((p.lang or doc_lang).split("-")[0].lower(), []).append(p)
        mentions: list[Mention] = []
        defined: dict[str, tuple[str, int]] = {}  # abbreviation -> (concept, offset), this document
        for lang in sorted(groups):
            lex = self.lexicon(lang)
            if lex is None:
                continue
            mentions += self._tag_passages(doc, groups[lang], lex, defined)
        mentions.sort(key=lambda m: (m.start, m.end, m.concept))
        return flag_references(doc, mentions)

    def _tag_passages(self, doc: Document, passages: list[Passage], lex: Lexicon,
                      defined: dict[str, tuple[str, int]]) -> list[Mention]:
        parsed = list(zip(passages, lex.nlp.pipe((p.text for p in passages), batch_size=self.batch_size)))
        found: list[tuple[Passage, object, _Hit]] = []
        for passage, sdoc in parsed:
            keys = [lex.text_key(t.text) for t in sdoc]
            free = [t.is_alpha and (not t.is_stop and len(t) > 2 or t.lower_ in GAP_DETERMINERS) for t in sdoc]
            same = self._same_top if lex.lang in POSTNOMINAL else None
            dets = {lex.key(w) for w in DETERMINERS.get(lex.lang, ())}
            hits = self._match(keys, lex, free, CONJUNCTIONS.get(lex.lang, set()), same, dets,
                               adjectives=lex.lang == "en", broader=self._broader)
            hits += self._quoted_foreign(passage.text, sdoc, lex.lang, hits)
            hits = [h for h in hits if not _named(passage.text, sdoc, h)]
            for hit in hits:
                self._learn_abbreviation(passage, sdoc, hit, defined)
            found += [(passage, sdoc, h) for h in hits]
        if defined:
            found += self._abbreviation_hits(parsed, defined, lex.lang)
        out = []
        for passage, sdoc, hit in found:
            mention = self._mention(doc, passage, sdoc, hit)
            mention = self._apply_context(mention, passage, self.registry.get(hit.concept))
            if mention is not None:
                out.append((passage, mention))
        return _join_coordinated(out, _COORDINATION.get(lex.lang), prenominal=lex.lang not in POSTNOMINAL)

    def _same_top(self, a: str, b: str) -> bool:
        """Two concepts under the same top concept (coordination may join them)."""
        return a == b or self.registry.tops(a) == self.registry.tops(b)

    def _broader(self, a: str, b: str) -> bool:
        """Concept ``a`` is broader than concept ``b``."""
        return b in self.registry.concepts and a in self.registry.ancestors(b)

    @staticmethod
    def _match(keys: list[str], lex: Lexicon, free: list[bool] | None = None,
               conjunctions: set[str] = frozenset(), same=None, dets: set[str] = frozenset(),
               adjectives: bool = False, broader=None) -> list[_Hit]:
        """Longest match from each token, left to right, no overlaps. A gappy label may
        skip one ``free`` token (a content word) between two of its words, or a partitive
        insertion ending in the label word before it ("transfer of [a large number of]
        powers"); on equal length the match without a gap wins. "<label> <conj> <word>"
        is one match when the label with its last word replaced by <word> is a label of
        the same concept (or, given ``same``, of a concept ``same(concept, other)``
        accepts); "<word> <conj> <label>" likewise with its first word replaced."""
        hits: list[_Hit] = []
        i, n, trie = 0, len(keys), lex.trie
        while i < n:
            best = _longest(trie, keys, i, free, conjunctions)
            if best is None:
                i += 1
                continue
            end, _, (concept, label, lang) = best
            other = _overtaken(trie, keys, i, end, free, conjunctions)
            if other is not None and not (broader and broader(other, concept)):
                # "réforme de [décentralisation fiscale]": the label running further wins, unless it
                # names a broader concept ("[fiscal decentralization] reform": the specific term stays)
                i += 1
                continue
            if end + 1 < n and end - i > 1 and keys[end] in conjunctions:
                end = _coordinated_end(trie, keys, i, end, concept, same)
            start = i
            if i >= 2 and end - i > 1 and keys[i - 1] in conjunctions and (not hits or hits[-1].end <= i - 2):
                start = _coordinated_start(trie, keys, i, end, concept, same, free, dets, adjectives)
            hits.append(_Hit(start, end, concept, label, lang))
            i = end
        return hits

    def _foreign_labels(self, lang: str) -> dict[str, tuple[str, str, str]]:
        """Labels of the other languages (casefolded -> concept, language, label) that are no label of
        ``lang``: a quoted or bracketed foreign term names its concept ("‘Selbstverwaltung’" in English,
        "(accountability)" in French)."""
        if lang not in self._foreign:
            own = {label.casefold() for c in self.registry for label in c.labels(lang)}
            table: dict[str, tuple[str, str, str]] = {}
            for concept in self.registry:
                for other in sorted(concept.languages(), key=_gloss_order):
                    for label in concept.labels(other):
                        key = label.casefold()
                        if other != lang and key not in own and (" " in key or len(key) >= 6):
                            table.setdefault(key, (concept.id, other, label))
            self._foreign[lang] = table
        return self._foreign[lang]

    def _quoted_foreign(self, text: str, sdoc, lang: str, hits: list[_Hit]) -> list[_Hit]:
        table, out = self._foreign_labels(lang), []
        taken = {i for h in hits for i in range(h.start, h.end)}
        for m in _QUOTED.finditer(text):
            found = table.get(m.group(1).casefold())
            span = sdoc.char_span(m.start(1), m.end(1)) if found else None
            if span is None or taken & set(range(span.start, span.end)):
                continue
            concept, other, label = found
            out.append(_Hit(span.start, span.end, concept, label, other))
        return out

    def _learn_abbreviation(self, passage: Passage, sdoc, hit: _Hit,
                            defined: dict[str, tuple[str, int]]) -> None:
        """"Label (ABBR)" or "ABBR (label)" defines ABBR for the rest of the document."""
        toks = [t.text for t in sdoc]
        candidates = []
        if hit.end + 2 < len(toks) and toks[hit.end] == "(" and toks[hit.end + 2] in (")", ",", ";"):
            candidates.append(hit.end + 1)
        if hit.start >= 2 and toks[hit.start - 1] == "(" and hit.end < len(toks) and toks[hit.end] == ")":
            candidates.append(hit.start - 2)
        concept = self.registry.get(hit.concept)
        known = {a for values in concept.abbr.values() for a in values} if concept else set()
        surface = sdoc[hit.start:hit.end].text
        for i in candidates:
            abbr = toks[i]
            if abbr in known or (_ABBR.match(abbr) and abbr[0].lower() == surface[0].lower()):
                defined.setdefault(abbr, (hit.concept, passage.start + sdoc[i].idx))
                if abbr.endswith("s") and abbr[:-1].isupper():  # "(NTAs)" defines "NTA" too
                    defined.setdefault(abbr[:-1], (hit.concept, passage.start + sdoc[i].idx))

    @staticmethod
    def _abbreviation_hits(parsed, defined: dict[str, tuple[str, int]], lang: str):
        """Occurrences of defined abbreviations (and plurals in -s) after their definition."""
        out = []
        for passage, sdoc in parsed:
            for i, tok in enumerate(sdoc):
                text = tok.text
                abbr = text if text in defined else (text[:-1] if text[-1:] == "s" and text[:-1] in defined else None)
                if abbr is None:
                    continue
                concept, where = defined[abbr]
                if passage.start + tok.idx > where:
                    out.append((passage, sdoc, _Hit(i, i + 1, concept, abbr, lang)))
        return out

    def _mention(self, doc: Document, passage: Passage, sdoc, hit: _Hit) -> Mention:
        span = sdoc[hit.start:hit.end]
        sent = span.sent
        call = FOOTNOTE_CALL.search(span.text)  # leave a glued footnote call out of the mention
        end_char = span.end_char - (len(call.group()) if call else 0)
        return Mention(doc_id=doc.doc_id, concept=hit.concept, label=hit.label, lang=hit.lang,
                       text=span.text[:end_char - span.start_char], start=passage.start + span.start_char,
                       end=passage.start + end_char, page=passage.page, passage=passage.index,
                       sentence_start=passage.start + sent.start_char,
                       sentence_end=passage.start + sent.end_char)

    @staticmethod
    def _apply_context(m: Mention, passage: Passage, concept: Concept | None) -> Mention | None:
        if concept is None or not concept.context:
            return m
        s, e = m.start - passage.start, m.end - passage.start
        left, right = passage.text[max(0, s - WINDOW):s], passage.text[e:e + WINDOW]
        sentence = passage.text[m.sentence_start - passage.start:m.sentence_end - passage.start]
        required, satisfied, flag, extend = False, False, None, 0
        for rule in concept.context:
            if not rule.applies_to(m.label):
                continue
            if rule.action == "extend":
                run = re.search(rule.right, right)
                extend = max(extend, run.end() if run else 0)
                continue
            ok = all(re.search(pat, txt) for pat, txt in
                     ((rule.left, left), (rule.right, right), (rule.sentence, sentence), (rule.surface, m.text),
                      (rule.passage, passage.text)) if pat)
            if rule.action == "drop" and ok:
                return None
            if rule.action == "require":
                required, satisfied = True, satisfied or ok
            if rule.action == "flag" and ok:
                flag = flag or rule.flag
        if required and not satisfied:
            return None
        if extend and m.end + extend <= m.sentence_end:
            m = replace(m, end=m.end + extend, text=passage.text[s:e + extend])
        return replace(m, flag=flag) if flag else m


def _named(text: str, sdoc, hit: _Hit) -> bool:
    """The hit is a word of a proper name or of a fused header (:mod:`dclit.tag.names`)."""
    span = sdoc[hit.start:hit.end]
    return in_proper_name(text, span.start_char, span.end_char, span.sent.start_char)


def _longest(trie: dict, keys: list[str], i: int, free: list[bool] | None, conjunctions: set[str]):
    """(end, no gap, (concept, label, lang)) of the longest label starting at token ``i``."""
    best, n = None, len(keys)
    todo = [(trie.get(keys[i]), i + 1, False)]
    while todo:
        node, j, gapped = todo.pop()
        if node is None:
            continue
        if HIT in node and (best is None or (j, not gapped) > best[:2]):
            best = (j, not gapped, node[HIT])
        if j >= n:
            continue
        todo.append((node.get(keys[j]), j + 1, gapped))
        if gapped or GAP not in node:
            continue
        if j + 1 < n and (free is None or free[j]):
            todo.append((node[GAP].get(keys[j + 1]), j + 2, True))
        for k in range(2, PARTITIVE_GAP + 1):  # keys[j:j+k] ends with the label word keys[j-1]
            if j + k >= n or not all(keys[x].isalpha() and keys[x] not in conjunctions for x in range(j, j + k)):
                break
            if keys[j + k - 1] == keys[j - 1]:
                todo.append((node[GAP].get(keys[j + k]), j + k + 1, True))
        if keys[j] in RECIPIENTS:  # "dévolution [aux autorités locales] de compétences"
            for k in range(2, RECIPIENT_GAP + 1):
                if j + k >= n or not keys[j + k - 1].isalpha() or keys[j + k - 1] in conjunctions:
                    break
                todo.append((node[GAP].get(keys[j + k]), j + k + 1, True))
    return best


def _variant(word: str) -> str:
    return re.sub(r"i[sz]", "iz", word.lower()).rstrip("s")


# "les recettes propres, les impôts partagés et les transferts": items of an enumeration stay apart
_ENUMERATED = re.compile(r"\s*,\s*(?:" + _FUNCTION + r"\s+|[dl]['’])?")
def _enumerated(out: list[tuple[Passage, Mention]], passage: Passage) -> bool:
    """The last mention of ``out`` is an item of an enumeration: a mention of its concept stands
    before it, separated by a comma ("les recettes propres, les impôts partagés et ...")."""
    if len(out) < 2:
        return False
    (p1, first), (p2, last) = out[-2], out[-1]
    if p1.index != p2.index or first.concept != last.concept or first.end >= last.start:
        return False
    return bool(_ENUMERATED.fullmatch(passage.text, first.end - passage.start, last.start - passage.start))


_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")


def _modifies(text: str, pos: int) -> bool:
    """A lower-case content word follows ``pos``: the word before it modifies a noun ("diaspora
    development funds") in a prenominal language."""
    from spacy.lang.en.stop_words import STOP_WORDS
    m = _NEXT_WORD.match(text, pos)
    return m is not None and m.group(1) not in STOP_WORDS


def _overtaken(trie: dict, keys: list[str], i: int, end: int, free, conjunctions: set[str]) -> str | None:
    """The concept of a label starting on a later word of the match ``keys[i:end]`` and running past
    its end, if any."""
    for k in range(i + 1, end):
        other = _longest(trie, keys, k, free, conjunctions)
        if other is not None and other[0] > end:
            return other[2][0]
    return None


def _join_coordinated(found: list[tuple[Passage, Mention]], coordination, prenominal: bool = False) -> list[Mention]:
    """Two unflagged mentions of one concept in one sentence joined by "<conj> [function words]",
    one of them a single word, become one mention ("transferts financiers et les subventions",
    "divestment or market decentralization", "CSOs and NGOs"): a bare noun coordinated with a term
    shares its modifiers, and coordinated terms are one span (annotations/README.md). Two complete
    terms stay two ("impuestos compartidos y de transferencias presupuestarias"), and so does a word
    coordinated with its own spelling variant ("decentralisation and decentralization"), and (``prenominal``
    languages) a word that modifies the noun after it ("diaspora bonds and diaspora development funds")."""
    out: list[tuple[Passage, Mention]] = []
    for passage, m in sorted(found, key=lambda pm: (pm[1].start, -pm[1].end)):
        if out and out[-1][1].concept == m.concept and out[-1][1].start <= m.start and m.end <= out[-1][1].end:
            continue  # inside a mention an extend rule lengthened
        if out and coordination is not None:
            p, prev = out[-1]
            if (p.index == passage.index and prev.concept == m.concept and prev.flag is None and m.flag is None
                    and prev.sentence_start == m.sentence_start and prev.end < m.start
                    and (" " not in prev.text or " " not in m.text) and _variant(prev.text) != _variant(m.text)
                    and coordination.match(passage.text[prev.end - p.start:m.start - p.start])
                    and not (prenominal and _modifies(passage.text, m.end - p.start))
                    and not _enumerated(out, passage)):
                text = passage.text[prev.start - p.start:m.end - p.start]
                out[-1] = (p, replace(prev, text=text, end=m.end, sentence_end=max(prev.sentence_end, m.sentence_end)))
                continue
        out.append((passage, m))
    return [m for _, m in out]


def _coordinated_start(trie: dict, keys: list[str], start: int, end: int, concept: str, same,
                       free: list[bool] | None, dets: set[str], adjectives: bool = False) -> int:
    """``start - 2`` when keys[start-2] + keys[start+1:end] is a label of ``concept`` (or of a
    concept ``same`` accepts), when a two-word label of a postnominal language follows
    "<determiner> <noun> <conj>" ("les autorités et services déconcentrés"), or (``adjectives``,
    English) when the label starts with an adjective and so does the coordinated word; else ``start``."""
    node = trie
    for k in [keys[start - 2]] + keys[start + 1:end]:
        node = node.get(k) if node is not None else None
    held = node.get(HIT) if node is not None else None
    if held is not None and (held[0] == concept or (same is not None and same(concept, held[0]))):
        return start - 2
    if (same is not None and end - start == 2 and start >= 3 and keys[start - 3] in dets
            and (free is None or free[start - 2])):
        return start - 2
    if adjectives and end - start >= 2 and _ADJECTIVE.search(keys[start]) and _ADJECTIVE.search(keys[start - 2]):
        return start - 2  # prenominal: "social and civic engagement", "urban and local development"
    return start


def _coordinated_end(trie: dict, keys: list[str], start: int, end: int, concept: str, same=None) -> int:
    """``end + 2`` when keys[start:end-1] + keys[end+1] is a label of ``concept`` (or of a
    concept ``same`` accepts); ``end + 3`` when the label's preposition is repeated after the
    conjunction ("transfert de pouvoirs et de compétences", "transferencias de coparticipación o de
    igualación"); else ``end``."""
    word = end + 1
    if end - start >= 3 and keys[end + 1] == keys[end - 2] and end + 2 < len(keys):
        word = end + 2
    node = trie
    for k in keys[start:end - 1] + [keys[word]]:
        node = node.get(k)
        if node is None:
            return end
    held = node.get(HIT)
    if held is None:
        return end
    return word + 1 if held[0] == concept or (same is not None and same(concept, held[0])) else end


def document_from_text(text: str, lang: str = "en", doc_id: str = "text") -> Document:
    """A Document from a plain string, one passage per blank-line paragraph (tests, benchmarks)."""
    passages, pos = [], 0
    for para in re.split(r"(\n\s*\n)", text):
        if para.strip() and not re.fullmatch(r"\n\s*\n", para):
            passages.append(Passage(doc_id=doc_id, index=len(passages), page=1, start=pos,
                                    end=pos + len(para), text=para, lang=lang))
        pos += len(para)
    return Document(doc_id=doc_id, path="", text=text, pages=[Page(1, 0, len(text))],
                    passages=passages, metadata=Metadata(language=lang))


def tag_text(text: str, lang: str = "en", tagger: Tagger | None = None) -> list[Mention]:
    return (tagger or Tagger()).tag(document_from_text(text, lang))

