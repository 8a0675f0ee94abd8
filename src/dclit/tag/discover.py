"""Term discovery: frequent, distinctive phrases of a corpus that the registry lacks.

Candidates are 1-3 word sequences of alphabetic tokens that neither start nor
end with a stop word, found in body passages outside registry mentions. Each is
scored by keyness against an offline reference, the ``wordfreq`` package's
frequencies for the language (Zipf scale, bundled data, no download):

    score = (zipf_in_corpus - zipf_in_reference) * log2(1 + documents) * (1 + (words - 1) / 2)

so a phrase scores high when the corpus uses it far more than general language
and many documents use it. Shorter candidates mostly seen inside a longer one
are dropped in favour of the longer.
"""
from __future__ import annotations

import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from dclit.errors import MissingExtraError
from dclit.records import Document
from dclit.tag.registry import Registry
from dclit.tag.tagger import Tagger

log = logging.getLogger(__name__)
MAX_N = 3


@dataclass(frozen=True, slots=True)
class TermSuggestion:
    term: str
    lang: str
    count: int
    docs: int
    score: float
    reference_zipf: float
    examples: tuple[str, ...]


def _zipf(phrase: str, lang: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError as exc:
        raise MissingExtraError("term discovery needs the wordfreq package.",
                                hint="Install it: pip install wordfreq") from exc
    try:
        return zipf_frequency(phrase, lang)
    except (LookupError, ValueError):
        return 0.0


def suggest_terms(docs: list[Document], registry: Registry, *, lang: str | None = None,
                  limit: int = 40, min_docs: int = 2, min_count: int = 3,
                  tagger: Tagger | None = None) -> list[TermSuggestion]:
    """The ``limit`` best candidate terms, best first (ties by term)."""
    tagger = tagger or Tagger(registry)
    counts: Counter = Counter()
    in_docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    words: Counter = Counter()
    for doc in docs:
        covered = [(m.start, m.end) for m in tagger.tag(doc)]
        for passage, sdoc, plang in _parsed(doc, tagger, lang):
            words[plang] += len(sdoc)
            stops = tagger.lexicon(plang).nlp.Defaults.stop_words
            for term, s, e in _candidates(sdoc, stops):
                a, b = passage.start + s, passage.start + e
                if any(x < b and a < y for x, y in covered):
                    continue
                key = (plang, term)
                counts[key] += 1
                in_docs[key].add(doc.doc_id)
                if len(examples[key]) < 2:
                    examples[key].append(passage.text[max(0, s - 60):e + 60].replace("\n", " "))
    out = []
    for (plang, term), n in counts.items():
        ndocs = len(in_docs[(plang, term)])
        if n < min_count or ndocs < min_docs:
            continue
        ref = _zipf(term, plang)
        corpus_zipf = math.log10(n * 1e6 / max(words[plang], 1)) + 3
        score = (corpus_zipf - ref) * math.log2(1 + ndocs) * (1 + 0.5 * term.count(" "))
        out.append(TermSuggestion(term, plang, n, ndocs, round(score, 2), round(ref, 2),
                                  tuple(examples[(plang, term)])))
    out = _drop_nested(out)
    out.sort(key=lambda s: (-s.score, s.term))
    return out[:limit]


def _parsed(doc: Document, tagger: Tagger, only_lang: str | None):
    doc_lang = doc.metadata.language or tagger.default_lang
    for p in doc.passages:
        plang = (p.lang or doc_lang).split("-")[0].lower()
        if p.kind != "body" or (only_lang and plang != only_lang):
            continue
        lex = tagger.lexicon(plang)
        if lex is not None:
            yield p, lex.nlp.make_doc(p.text), plang


def _candidates(sdoc, stops) -> list[tuple[str, int, int]]:
    toks = list(sdoc)
    out = []
    for i in range(len(toks)):
        for n in range(1, MAX_N + 1):
            span = toks[i:i + n]
            if len(span) < n or not all(t.is_alpha and len(t.text) > 2 for t in span):
                break
            first, last = span[0].lower_, span[-1].lower_
            if first in stops or last in stops or any(t.is_upper and len(t) > 1 for t in span):
                continue
            out.append((" ".join(t.lower_ for t in span), span[0].idx, span[-1].idx + len(span[-1])))
    return out


def _drop_nested(items: list[TermSuggestion]) -> list[TermSuggestion]:
    longer = [s for s in items if " " in s.term]
    keep = []
    for s in items:
        host = [x for x in longer if x is not s and x.lang == s.lang and f" {s.term} " in f" {x.term} "]
        if any(x.count >= 0.8 * s.count for x in host):
            continue
        keep.append(s)
    return keep
