"""Per-language matching resources: a blank spaCy pipeline, lookup lemmas, token keys
and the trie of label keys.

A token's *key* is what matching compares: lower-cased, hyphens and dashes
removed ("co-operation" = "cooperation", "city-to-city" is one token), looked up
in spaCy's lemma table (spacy-lookups-data), British spelling for English
(-ize -> -ise), accents stripped. English keys also keep the inflection class
(-ing / -ed) so "twins" does not match "twinning" nor "linked" match "link".
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import product

from dclit.errors import ConfigError

log = logging.getLogger(__name__)

DASHES = re.compile(r"[\u2010-\u2015\-\u2212]")
_BRIT = re.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$")
_AMER = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")
HIT = None  # (no token key can be None) trie key holding the (concept, label, lang) reached at a node
GAP = "\x00gap"  # trie key: one extra word may stand here (gappy labels: "transfert effectif de compétences")

# Plural / agreement endings tried on label words so "city link" matches "city links".
_PLURALS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("", "s"), ("", "es"), ("y", "ies")),
    "fr": (("", "s"), ("", "x"), ("al", "aux"), ("é", "ée"), ("é", "ées"), ("é", "és")),
    "es": (("", "s"), ("", "es"), ("z", "ces"), ("ón", "ones"), ("o", "a"), ("o", "os"), ("o", "as")),
    "it": (("o", "i"), ("a", "e"), ("e", "i"), ("o", "a"), ("o", "e")),
    "de": (("", "e"), ("", "en"), ("", "n"), ("", "er"), ("", "s"), ("", "es"), ("in", "innen")),
    "nl": (("", "en"), ("", "s"), ("", "n")),
}


# languages whose plural label words also take the key of their singular (see ``_word_keys``)
SINGULAR_BACK = ("en", "es", "fr", "it")

FOOTNOTE_CALL = re.compile(r"(?<=[^\W\d_]{4})\d{1,2}$")
# languages writing compounds as one word: a compound ending in a label noun is matched by its head
COMPOUNDING = ("de",)


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def make_nlp(lang: str):
    """A blank pipeline for ``lang`` with a sentencizer; intra-word hyphens do not split."""
    import spacy
    try:
        nlp = spacy.blank(lang)
    except Exception as exc:  # spaCy raises ImportError/ValueError for unknown languages
        raise ConfigError(f"spaCy has no language {lang!r}: {exc}", stage="tag") from exc
    infixes = [p for p in nlp.Defaults.infixes if not _splits_hyphen(p)]
    infixes.append(r"(?<=[^\W\d_])\u2014(?=[^\W\d_])")  # an em dash between words is punctuation
    infixes.append(r"(?<=[^\W\d_]['’])[“«‘\"](?=[^\W\d_])")  # an opening quote after an elision: d’“autonomie
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.add_pipe("sentencizer")
    return nlp


def _splits_hyphen(pattern: str) -> bool:
    try:
        rx = re.compile(pattern)
    except re.error:
        return False
    return any(rx.search(s) for s in ("co-operation", "North\u2013South", "Nord-Süd"))


def load_lemmas(lang: str):
    """spaCy's lookup lemma table for ``lang`` (empty when spacy-lookups-data has none)."""
    try:
        from spacy.lookups import load_lookups
        lookups = load_lookups(lang, ["lemma_lookup"], strict=False)
    except Exception as exc:  # missing package or table
        log.warning("no lemma lookups for %s (%s); matching exact forms only", lang, exc)
        return {}
    if not lookups.has_table("lemma_lookup"):
        log.warning("no lemma lookups for %s; matching exact forms only", lang)
        return {}
    return lookups.get_table("lemma_lookup")


@dataclass
class Lexicon:
    """Everything needed to match one language."""

    lang: str
    nlp: object
    lemmas: object  # spaCy lookups Table (string keys are hashed on get)
    trie: dict = field(default_factory=dict)
    cache: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)  # compound head form -> key of its label
    text_cache: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, lang: str) -> "Lexicon":
        return cls(lang=lang, nlp=make_nlp(lang), lemmas=load_lemmas(lang))

    def key(self, word: str) -> str:
        k = self.cache.get(word)
        if k is None:
            k = self.cache[word] = self._key(word)
        return k

    def text_key(self, word: str) -> str:
        """The key of a word of the text: :meth:`key`, or for a compound of a compounding
        language that is no label itself, the key of the label that is its head
        ("Haushaltstransparenz" -> "Transparenz"; see :meth:`add_head`)."""
        k = self.text_cache.get(word)
        if k is None:
            k = self.text_cache[word] = self._compound_key(word)
        return k

    def _compound_key(self, word: str) -> str:
        k = self.key(word)
        if not self.heads or k in self.trie or not word[:1].isupper() or len(word) < 12:
            return k
        w = strip_accents(word.lower())
        for form in sorted((f for f in self.heads if w.endswith(f)), key=len, reverse=True):
            if len(w) - len(form) >= 4 and w[:len(w) - len(form)].isalpha():
                return self.heads[form]
        return k

    def add_head(self, label: str) -> None:
        """Let ``label`` (one capitalised noun, >= 10 letters) stand as the head of compounds:
        "-dezentralisierung", "-partnerschaft(en)", "-transparenz"."""
        if self.lang not in COMPOUNDING or not label.isalpha() or len(label) < 10 or not label[0].isupper():
            return
        base = strip_accents(label.lower())
        for _, ending in _PLURALS.get(self.lang, ()) + (("", ""),):
            self.heads.setdefault(base + ending, self.key(label))

    def _key(self, word: str) -> str:
        word = FOOTNOTE_CALL.sub("", word)  # "decentralization1": a footnote call glued to the word
        w = DASHES.sub("", word.replace("\u2019", "'")).lower()
        lemma = self._lemma(w) or self._lemma(word)
        if self.lang == "es" and w.startswith("tras") and not w.startswith("trans"):
            w = "trans" + w[4:]  # "trasferencia" = "transferencia" (both accepted spellings)
            lemma = lemma or self._lemma(w)
        if self.lang == "en":
            if lemma is None and _BRIT.search(w) is None and _AMER.search(w):
                lemma = self._lemma(_AMER.sub(r"iz\1", w))
            base = _BRIT.sub(r"is\1", lemma or w)
            return strip_accents(base) + _inflection_class(w, lemma)
        key = strip_accents(lemma or w)
        if self.lang == "es" and key.startswith("tras") and not key.startswith("trans"):
            key = "trans" + key[4:]  # the lemma table knows some "tras-" forms ("trasferencia")
        return key

    def _lemma(self, w: str) -> str | None:
        value = self.lemmas.get(w)
        if isinstance(value, list):
            value = value[0] if value else None
        return value.lower() if isinstance(value, str) else None

    def label_variants(self, label: str) -> list[list[set[str]]]:
        """Token-key alternatives for each way of writing ``label``."""
        forms = {label}
        if DASHES.search(label):
            forms.add(DASHES.sub(" ", label))
        out = []
        for form in sorted(forms):
            words = [t.text for t in self.nlp.make_doc(form)]
            out.append([self._word_keys(w) for w in words])
            if 1 < len(words) <= 3 and all(w.isalpha() for w in words):
                out.append([self._word_keys("".join(words))])
        return out

    def _word_keys(self, word: str) -> set[str]:
        keys = {self.key(word)}
        for old, new in _PLURALS.get(self.lang, ()):
            if word.endswith(old) and word.isalpha():
                keys.add(self.key(word[: len(word) - len(old)] + new))
            # a plural label word also matches its singular where the lemma table keys the two apart
            # (en "taxes" -> "taxis"; es "impuesto" -> "imponer" but "impuestos" -> "impuesto"; "las" -> "los")
            if self.lang in SINGULAR_BACK and new and word.endswith(new) and len(word) > len(new) + 1 and word.isalpha():
                keys.add(self.key(word[: len(word) - len(new)] + old))
        return keys

    def add_label(self, label: str, concept: str, lang: str, gappy: bool = False) -> list[str]:
        """Put ``label`` in the trie; returns concepts it collided with. A ``gappy`` label
        is also stored with one free word between any two of its words."""
        clashes = []
        for variant in self.label_variants(label):
            paths = list(product(*[sorted(s) for s in variant]))
            if gappy:
                paths += [p[:i] + (GAP,) + p[i:] for p in list(paths) for i in range(1, len(p))]
            for path in paths:
                node = self.trie
                for k in path:
                    node = node.setdefault(k, {})
                held = node.get(HIT)
                if held is None:
                    node[HIT] = (concept, label, lang)
                elif held[0] != concept and GAP not in path:  # a gapped path never wins a clash
                    clashes.append(held[0])
        return clashes


def _inflection_class(word: str, lemma: str | None) -> str:
    """'#ing' / '#ed' when ``word`` is an -ing / -ed form of a shorter lemma."""
    w = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    base = lemma or ""
    if w.endswith("ing") and not base.endswith("ing"):
        return "#ing"
    if w.endswith("ed") and lemma is not None and not base.endswith("ed"):
        return "#ed"
    return ""
