"""Tagging throughput: the dclit Tagger against a plain regular-expression alternation
over the same labels, measured in the same run on the same passages.

    .venv/bin/python benchmarks/tagging.py [CORPUS_DIR]   (default ../shared/corpus/text beside the repo, else corpus/text)

The regex baseline is one case-insensitive alternation of every label of the
document's language (longest first, word-bounded); it finds exact forms only
(no plurals via lemmas, no abbreviation definitions, no context rules).
Lexicon building (spaCy, lemma tables) is done before timing, for both.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from dclit.tag import Tagger, load_registry
from dclit.tag.files import read_corpus
from dclit.tag.profiles import count_words


def regex_for(registry, lang: str) -> re.Pattern | None:
    labels = sorted({lab for c in registry for lab in c.labels(lang)}, key=len, reverse=True)
    if not labels:
        return None  # the tagger skips such passages too
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(x) for x in labels) + r")(?!\w)", re.IGNORECASE)


def main(folder: Path) -> None:
    registry = load_registry()
    docs = read_corpus(folder)
    tagger = Tagger(registry)
    langs = sorted({(p.lang or d.metadata.language or "en") for d in docs for p in d.passages})
    for lang in langs:
        tagger.lexicon(lang)
    patterns = {lang: regex_for(registry, lang) for lang in langs}
    words = sum(count_words(p.text) for d in docs for p in d.passages
                if patterns[p.lang or d.metadata.language or "en"] is not None)

    best_tagger = best_regex = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        n_tagger = sum(len(tagger.tag(d)) for d in docs)
        best_tagger = min(best_tagger, time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_regex = 0
        for d in docs:
            for p in d.passages:
                rx = patterns[p.lang or d.metadata.language or "en"]
                n_regex += len(rx.findall(p.text)) if rx is not None else 0
        best_regex = min(best_regex, time.perf_counter() - t0)
    print(f"documents: {len(docs)}  words in passages of a language with labels: {words}"
          f"  languages: {', '.join(langs)}")
    print(f"tagger: {words / best_tagger:12,.0f} words/s  ({n_tagger} mentions, best of 3: {best_tagger:.2f} s)")
    print(f"regex : {words / best_regex:12,.0f} words/s  ({n_regex} matches, best of 3: {best_regex:.3f} s)")
    print(f"tagger / regex throughput ratio: {best_regex / best_tagger:.3f}"
          f"  ({'regex' if best_regex < best_tagger else 'tagger'} is "
          f"{max(best_tagger, best_regex) / min(best_tagger, best_regex):.2f}x faster)")


if __name__ == "__main__":
    _root = Path(__file__).resolve().parents[1]
    _default = _root.parent / "shared" / "corpus" / "text"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else (_default if _default.exists() else _root / "corpus" / "text"))
