"""A trained span model beside the dictionary tagger (issue 4 experiment).

A linear-chain CRF (python-crfsuite) labels the tokens of each sentence with BIO tags of
a concept (top concept or fine concept). Tokens are those of the tagger's own blank spaCy
pipelines (:meth:`Tagger.lexicon`), features the token's form, lookup key, affixes, shape,
language, which concepts' labels hold its key, its ±2 neighbours, and the dictionary
tagger's own output (the BIO tag, concept and flag of the mention covering the token, and
whether a context rule dropped one there). :func:`combine` merges the model's spans with the
dictionary's under one of four strategies; a span's confidence is the lowest marginal
probability of its tokens' labels. ``benchmarks/learned_spans.py`` measures them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence as Seq

from dclit.records import Document, Mention, Passage
from dclit.tag.lexicon import FOOTNOTE_CALL, Lexicon

MODEL_NAME = "tagspan-crf.crfsuite"
MODEL_LABEL = "(model)"  # Mention.label of a span found by the model
SETTINGS = {"algorithm": "lbfgs", "c1": 0.05, "c2": 0.01, "max_iterations": 120,
            "feature.minfreq": 1, "feature.possible_transitions": False}
STRATEGIES = ("dictionary", "add", "replace", "model")
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class TokenSeq:
    """The tokens of one sentence (or of its covered part) with their features and labels."""

    doc_id: str
    lang: str
    passage: int  # Passage.index
    sentence: Span  # absolute character offsets of the sentence
    starts: tuple[int, ...]  # absolute character offsets of each token
    ends: tuple[int, ...]
    texts: tuple[str, ...]
    features: tuple[tuple[str, ...], ...]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Guess:
    """A span the model found: absolute offsets, concept, confidence (lowest token marginal)."""

    start: int
    end: int
    concept: str
    confidence: float
    lang: str
    passage: int
    sentence: Span


# ---------------------------------------------------------------- features

_SHAPES = ((re.compile(r"[A-ZÀ-Þ]"), "X"), (re.compile(r"[a-zß-ÿ]"), "x"), (re.compile(r"\d"), "d"))


def shape(word: str) -> str:
    """Compressed word shape: "Decentralisation" -> "Xx", "GDP" -> "X", "2005" -> "d"."""
    out = word
    for rx, ch in _SHAPES:
        out = rx.sub(ch, out)
    return re.sub(r"(.)\1+", r"\1", out)[:6]


def label_words(registry, lex: Lexicon, lang: str, level: str = "top") -> dict[str, tuple[str, ...]]:
    """Token key -> the concepts (top, or fine) having a label in ``lang`` that holds that key
    (stop words and one-letter keys left out)."""
    stop = lex.nlp.Defaults.stop_words
    table: dict[str, set[str]] = {}
    for concept in registry:
        name = concept_name(registry, concept.id, level)
        for label in concept.labels(lang):
            for word in lex.nlp.make_doc(label):
                if word.is_alpha and len(word) > 1 and word.lower_ not in stop:
                    table.setdefault(lex.text_key(word.text), set()).add(name)
    return {k: tuple(sorted(v)) for k, v in table.items()}


def concept_name(registry, concept: str, level: str) -> str:
    """``concept`` itself (level "concept") or its first top concept (level "top")."""
    if level == "concept" or registry.get(concept) is None:
        return concept
    return registry.tops(concept)[0]


def _dictionary_tags(starts: Seq[int], ends: Seq[int], mentions: Seq[Mention], registry,
                     dropped: Seq[Span]) -> list[list[str]]:
    """Per token: the dictionary's BIO tag, top and fine concept, flag, and "dropped" feature."""
    out = []
    for s, e in zip(starts, ends):
        feats = []
        for m in mentions:
            if m.start < e and s < m.end:
                bio = "B" if m.start >= s else "I"
                top = concept_name(registry, m.concept, "top")
                feats += [f"d={bio}", f"dt={bio}-{top}", f"df={m.concept}"]
                if m.flag:
                    feats.append(f"dflag={m.flag}")
                break
        else:
            feats.append("d=O")
        if any(a < e and s < b for a, b in dropped):
            feats.append("dropped")
        out.append(feats)
    return out


def token_features(texts: Seq[str], keys: Seq[str], lang: str, words: dict[str, tuple[str, ...]],
                   dtags: Seq[Seq[str]]) -> list[tuple[str, ...]]:
    """Feature strings of every token of one sequence (see the module docstring)."""
    own: list[list[str]] = []
    for text, key, dt in zip(texts, keys, dtags):
        low = text.lower()
        f = [f"w={low}", f"k={key}", f"s3={low[-3:]}", f"s4={low[-4:]}", f"p3={low[:3]}",
             f"sh={shape(text)}", f"L={lang}"]
        f += [f"lw={c}" for c in words.get(key, ())]
        f += list(dt)
        own.append(f)
    out = []
    n = len(texts)
    for i in range(n):
        f = ["b"] + own[i]
        for off in (-2, -1, 1, 2):
            j = i + off
            if not 0 <= j < n:
                f.append(f"{off}:edge")
                continue
            f += [f"{off}:{x}" for x in own[j] if x[:2] in ("k=", "lw", "d=", "dt")]
            f.append(f"{off}:sh={shape(texts[j])}")
        if i:
            f.append(f"k-1|k={keys[i - 1]}|{keys[i]}")
        if i + 1 < n:
            f.append(f"k|k+1={keys[i]}|{keys[i + 1]}")
        out.append(tuple(f))
    return out


# ---------------------------------------------------------------- sequences and labels

def _inside(start: int, covered: Seq[Span] | None) -> bool:
    return covered is None or any(a <= start < b for a, b in covered)


def _runs(tokens: list, covered: Seq[Span] | None, base: int) -> list[list]:
    """Maximal runs of consecutive tokens whose start lies in ``covered``."""
    runs, cur = [], []
    for t in tokens:
        if _inside(base + t.idx, covered):
            cur.append(t)
        elif cur:
            runs.append(cur)
            cur = []
    return runs + ([cur] if cur else [])


def passages_by_lang(doc: Document, default_lang: str = "en") -> dict[str, list[Passage]]:
    """The document's passages grouped by language, as :meth:`Tagger.tag` groups them."""
    doc_lang = doc.metadata.language or default_lang
    groups: dict[str, list[Passage]] = {}
    for p in doc.passages:
        groups.setdefault((p.lang or doc_lang).split("-")[0].lower(), []).append(p)
    return groups


def document_sequences(doc: Document, mentions: Seq[Mention], tagger, *, level: str = "top",
                       covered: Seq[Span] | None = None, dropped: Seq[Span] = (),
                       doc_key: str | None = None) -> list[TokenSeq]:
    """One :class:`TokenSeq` per sentence (its part inside ``covered``) of ``doc``, unlabelled."""
    by_passage: dict[int, list[Mention]] = {}
    for m in mentions:
        by_passage.setdefault(m.passage, []).append(m)
    out = []
    for lang, passages in sorted(passages_by_lang(doc, tagger.default_lang).items()):
        lex = tagger.lexicon(lang)
        if lex is None:
            continue
        if covered is not None:
            passages = [p for p in passages if any(a < p.end and p.start < b for a, b in covered)]
        words = _cached_words(tagger, lex, lang)
        for passage, sdoc in zip(passages, lex.nlp.pipe(p.text for p in passages)):
            ms = by_passage.get(passage.index, [])
            drop = [d for d in dropped if passage.start <= d[0] < passage.end]
            for sent in sdoc.sents:
                toks = [t for t in sent if not t.is_space]
                for run in _runs(toks, covered, passage.start):
                    out.append(_sequence(doc_key or doc.doc_id, lang, passage, sent, run, lex, words,
                                         ms, tagger.registry, drop))
    return out


def _cached_words(tagger, lex: Lexicon, lang: str) -> dict[str, tuple[str, ...]]:
    cache = tagger.__dict__.setdefault("_learned_words", {}) if hasattr(tagger, "__dict__") else {}
    if lang not in cache:
        cache[lang] = label_words(tagger.registry, lex, lang)
    return cache[lang]


def _sequence(doc_key, lang, passage, sent, run, lex, words, mentions, registry, dropped) -> TokenSeq:
    starts = tuple(passage.start + t.idx for t in run)
    ends = tuple(passage.start + t.idx + len(t) for t in run)
    texts = tuple(t.text for t in run)
    keys = [lex.text_key(t) for t in texts]
    dtags = _dictionary_tags(starts, ends, mentions, registry, dropped)
    return TokenSeq(doc_key, lang, passage.index, (passage.start + sent.start_char, passage.start + sent.end_char),
                    starts, ends, texts, tuple(token_features(texts, keys, lang, words, dtags)))


def bio_labels(seq: TokenSeq, spans: Iterable[tuple[int, int, str]]) -> tuple[str, ...]:
    """BIO labels of ``seq`` from gold ``(start, end, concept)`` spans: the tokens a span overlaps;
    of overlapping spans the first (by start, longest first) wins."""
    labels = ["O"] * len(seq.starts)
    for start, end, concept in sorted(spans, key=lambda s: (s[0], -s[1], s[2])):
        idx = [i for i, (s, e) in enumerate(zip(seq.starts, seq.ends)) if s < end and start < e]
        if not idx or any(labels[i] != "O" for i in idx):
            continue
        labels[idx[0]] = f"B-{concept}"
        for i in idx[1:]:
            labels[i] = f"I-{concept}"
    return tuple(labels)


def bio_spans(seq: TokenSeq, labels: Seq[str], confidences: Seq[float] | None = None) -> list[Guess]:
    """Spans of BIO ``labels`` (an I- not continuing its concept opens a span); a footnote call
    glued to the last word is left out, as the tagger does."""
    out, cur = [], None
    conf = confidences or [1.0] * len(labels)
    for i, lab in enumerate(list(labels) + ["O"]):
        tag, _, concept = lab.partition("-")
        if cur is not None and (tag != "I" or concept != cur[2]):
            out.append(_guess(seq, *cur))
            cur = None
        if tag in ("B", "I") and cur is None:
            cur = [i, i + 1, concept, conf[i]]
        elif cur is not None:
            cur[1], cur[3] = i + 1, min(cur[3], conf[i])
    return out


def _guess(seq: TokenSeq, i: int, j: int, concept: str, conf: float) -> Guess:
    end = seq.ends[j - 1]
    call = FOOTNOTE_CALL.search(seq.texts[j - 1])
    if call:
        end -= len(call.group())
    return Guess(seq.starts[i], end, concept, conf, seq.lang, seq.passage, seq.sentence)


# ---------------------------------------------------------------- training and prediction

def train(sequences: Seq[TokenSeq], path: Path, settings: dict | None = None) -> dict:
    """Fit the CRF on labelled ``sequences`` (in the given order) and write it to ``path``."""
    import pycrfsuite

    settings = {**SETTINGS, **(settings or {})}
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.select(settings["algorithm"])
    for seq in sequences:
        trainer.append([list(f) for f in seq.features], list(seq.labels))
    trainer.set_params({k: v for k, v in settings.items() if k != "algorithm"})
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    return settings


def open_model(path: Path):
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def predict(model, sequences: Iterable[TokenSeq]) -> list[Guess]:
    """The model's spans over ``sequences`` with their confidences."""
    out = []
    for seq in sequences:
        model.set([list(f) for f in seq.features])
        labels = model.tag()
        conf = [model.marginal(lab, i) for i, lab in enumerate(labels)]
        out += bio_spans(seq, labels, conf)
    return out


# ---------------------------------------------------------------- combination

def guess_mention(doc: Document, g: Guess, pages: dict[int, int]) -> Mention:
    return Mention(doc_id=doc.doc_id, concept=g.concept, label=MODEL_LABEL, lang=g.lang,
                   text=doc.text[g.start:g.end], start=g.start, end=g.end, page=pages.get(g.passage, 0),
                   passage=g.passage, sentence_start=g.sentence[0], sentence_end=g.sentence[1])


def combine(doc: Document, mentions: Seq[Mention], guesses: Seq[Guess], registry, *,
            strategy: str = "add", add_threshold: float = 0.5, replace_threshold: float = 0.9,
            vetoed: Seq[Span] = ()) -> list[Mention]:
    """The dictionary's ``mentions`` and the model's ``guesses`` merged:

    - ``dictionary``: the mentions alone;
    - ``add``: plus guesses (confidence >= ``add_threshold``) overlapping no mention;
    - ``replace``: ``add``, and a guess of confidence >= ``replace_threshold`` replaces the
      unflagged mentions of its top concept it overlaps (when they overlap nothing else);
    - ``model``: the guesses of confidence >= ``add_threshold`` alone.
    A guess overlapping a ``vetoed`` span (where a context rule dropped a dictionary match) is
    never added.
    Mentions the model adds are flagged ``in_references`` like the tagger's own.
    """
    from dclit.tag.references import flag_references

    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)}; got {strategy!r}")
    if strategy == "dictionary":
        return list(mentions)
    pages = {p.index: p.page for p in doc.passages}
    kept = list(mentions) if strategy != "model" else []
    new: list[Mention] = []
    for g in guesses:
        hit = [m for m in mentions if m.start < g.end and g.start < m.end]
        if strategy == "model" or not hit:
            if g.confidence >= add_threshold and not any(a < g.end and g.start < b for a, b in vetoed):
                new.append(guess_mention(doc, g, pages))
            continue
        if strategy != "replace" or g.confidence < replace_threshold:
            continue
        top = concept_name(registry, g.concept, "top")
        if any(m.flag or concept_name(registry, m.concept, "top") != top for m in hit):
            continue
        if len(hit) == 1 and (hit[0].start, hit[0].end) == (g.start, g.end):
            continue
        concept = hit[0].concept if len({m.concept for m in hit}) == 1 else g.concept
        kept = [m for m in kept if m not in hit]
        new.append(replace(guess_mention(doc, g, pages), concept=concept))
    return sorted(kept + flag_references(doc, new), key=lambda m: (m.start, m.end, m.concept))
