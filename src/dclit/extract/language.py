"""Language of each passage and of the document (lingua, offline, deterministic)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache

from dclit.records import Passage

# The corpus languages, plus a few that appear in real folders; restricting the set
# makes lingua faster and more accurate on short passages.
_LANGS = ("ENGLISH", "FRENCH", "SPANISH", "ITALIAN", "GERMAN", "DUTCH", "PORTUGUESE",
          "ARABIC", "JAPANESE", "CHINESE", "RUSSIAN")
MIN_CHARS = 40  # shorter passages take the document's language


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, name) for name in _LANGS]
    return LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when unsure."""
    lang = _detector().detect_language_of(text[:2000])
    return lang.iso_code_639_1.name.lower() if lang is not None else None


def detect_languages(passages: list[Passage]) -> tuple[list[Passage], str | None]:
    """Fill ``Passage.lang``; return the passages and the document language
    (the language holding most characters)."""
    weights: Counter[str] = Counter()
    found: list[str | None] = []
    for p in passages:
        lang = detect(p.text) if len(p.text) >= MIN_CHARS and p.kind != "table" else None
        found.append(lang)
        if lang:
            weights[lang] += len(p.text)
    if weights:
        doc_lang = max(sorted(weights), key=lambda k: weights[k])
    else:
        joined = " ".join(p.text for p in passages)[:5000]
        doc_lang = detect(joined) if joined.strip() else None
    out = [replace(p, lang=lang or doc_lang) for p, lang in zip(passages, found)]
    return out, doc_lang
