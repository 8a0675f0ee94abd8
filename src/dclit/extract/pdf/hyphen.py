"""Line-end hyphens: join typeset breaks ("exam- ple"), keep real hyphens ("city-to-city").

The layout marks every line-end hyphen with HYPHEN_MARK; ``resolve`` decides each one
for the whole document at once, in this order:

1. a capital or a digit after the break keeps the hyphen ("North-South", "COVID-19");
2. the document itself decides when it writes the word elsewhere inside a line, either
   hyphenated ("co-operation") or solid ("cooperation");
3. the vocabulary (wordfreq word lists for en/fr/es/it/de, shipped in the wheel, no
   download): a common solid word is joined; two common words whose solid form is rare
   keep their hyphen ("decision-making", "long-term") unless the solid form is not much
   rarer than its parts ("sponsor-ships"); an unknown solid form whose parts are not both
   words is joined (typeset breaks of rare words).

wordfreq is chosen over spaCy's lookup tables because it covers the five languages with
frequencies (not only lemmas) and loads in about a second; it is loaded only when a
document has a line-end hyphen.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache

from dclit.extract.pdf.model import HYPHEN_MARK

log = logging.getLogger(__name__)

LANGS = ("en", "fr", "es", "it", "de")
_AROUND = re.compile(rf"(\S*){HYPHEN_MARK}(\S*)")
_CORE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.U)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]", re.U)


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, float], ...]:
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        log.warning("wordfreq is not installed: line-end hyphens are joined by rule only")
        return ()
    return tuple(get_frequency_dict(lang, wordlist="best") for lang in LANGS)


def frequency(word: str) -> float:
    """Highest frequency of ``word`` (case-folded) in the five languages; 0 when unknown."""
    w = word.casefold().replace("’", "'")
    return max((d.get(w, 0.0) for d in _lists()), default=0.0)


COMMON = 1e-6  # about zipf 3: "considering", "making", "government"
KNOWN = 1e-8  # about zipf 1


def decide(left: str, right: str, counts: Counter | None = None) -> bool:
    """True to join ``left`` and ``right`` without a hyphen."""
    lm = re.search(r"[^\W\d_]+$", left)
    rm = re.match(r"[^\W\d_]+", right)
    if not lm or not rm:
        return False
    lcore, rcore = lm.group(), rm.group()
    if rcore[0].isupper() and not (lcore.isupper() and rcore.isupper()):
        return False
    joined, hyphened = (lcore + rcore).lower(), f"{lcore}-{rcore}".lower()
    if counts:
        h, j = counts.get(hyphened, 0), counts.get(joined, 0)
        if h != j:
            return j > h
    fj = frequency(joined)
    if fj >= COMMON:
        return True
    fl, fr = frequency(lcore), frequency(rcore)
    if len(lcore) >= 2 and fl >= COMMON and fr >= COMMON:
        # two words: joined only if the solid form is not much rarer than its parts
        return fj >= 0.02 * min(fl, fr)
    return True


def word_counts(texts: list[str]) -> Counter:
    """Lower-cased words (hyphenated ones whole) written inside lines in the document."""
    c: Counter = Counter()
    for text in texts:
        if HYPHEN_MARK in text:
            text = _AROUND.sub(" ", text)
        c.update(t.lower() for t in _TOKEN.findall(text))
    return c


def resolve(texts: list[str]) -> list[str]:
    """Replace every HYPHEN_MARK in ``texts`` by nothing or by "-"."""
    if not any(HYPHEN_MARK in t for t in texts):
        return texts
    counts = word_counts(texts)

    def repl(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        return left + ("" if decide(left, right, counts) else "-") + right

    return [_AROUND.sub(repl, t) if HYPHEN_MARK in t else t for t in texts]
