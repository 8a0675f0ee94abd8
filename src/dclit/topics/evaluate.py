"""Topic quality: NPMI coherence on the corpus, topic diversity, and NMF / LDA baselines.

Coherence is NPMI over passage co-occurrence (a passage is the context window), on the
passages the topics were fitted on, tokenised by the same vectorizer (same stop words,
same n-grams) for every model, so the three are comparable:

    NPMI(a, b) = log(P(a, b) / (P(a) P(b))) / -log P(a, b)      (-1 when a and b never co-occur)

averaged over the pairs of a topic's top words, then over topics. Diversity is the
share of unique words among all topics' top words (Dieng et al. 2020).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from dclit.topics.model import make_vectorizer
from dclit.topics.settings import TopicSettings


@dataclass(frozen=True, slots=True)
class TopicScores:
    name: str
    n_topics: int
    npmi: float
    diversity: float
    seconds: float
    top_words: tuple[tuple[str, ...], ...]


class Cooccurrence:
    """Binary passage-term matrix of a reference corpus, for NPMI."""

    def __init__(self, texts: list[str], settings: TopicSettings | None = None):
        vec = make_vectorizer(settings or TopicSettings())
        self.matrix = (vec.fit_transform(texts) > 0).astype(np.float64).tocsc()
        self.vocab = vec.vocabulary_
        self.n = self.matrix.shape[0]

    def npmi(self, words: list[str]) -> float:
        cols = [self.vocab[w] for w in words if w in self.vocab]
        if len(cols) < 2:
            return float("nan")
        sub = self.matrix[:, cols]
        joint = (sub.T @ sub).toarray() / self.n
        single = np.diag(joint)
        scores = []
        for i, j in itertools.combinations(range(len(cols)), 2):
            pij = joint[i, j]
            if pij <= 0:
                scores.append(-1.0)
            elif pij >= 1:
                scores.append(1.0)
            else:
                scores.append(math.log(pij / (single[i] * single[j])) / -math.log(pij))
        return float(np.mean(scores))

    def mean_npmi(self, topics: list[list[str]]) -> float:
        values = [v for v in (self.npmi(t) for t in topics) if not math.isnan(v)]
        return float(np.mean(values)) if values else float("nan")


def diversity(topics: list[list[str]]) -> float:
    words = [w for t in topics for w in t]
    return len(set(words)) / len(words) if words else float("nan")


def top_words_from_components(components: np.ndarray, vocab: np.ndarray, n: int) -> list[list[str]]:
    return [[str(vocab[i]) for i in np.argsort(-row, kind="stable")[:n]] for row in components]


def nmf_topics(texts: list[str], k: int, settings: TopicSettings, n: int = 10) -> list[list[str]]:
    """scikit-learn NMF on TF-IDF of the same vectorizer, seeded."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    vec = make_vectorizer(settings).set_params(min_df=2, max_df=0.95)
    tfidf = TfidfTransformer().fit_transform(vec.fit_transform(texts))
    model = NMF(n_components=k, init="nndsvda", random_state=settings.seed, max_iter=400).fit(tfidf)
    return top_words_from_components(model.components_, vec.get_feature_names_out(), n)


def lda_topics(texts: list[str], k: int, settings: TopicSettings, n: int = 10) -> list[list[str]]:
    """scikit-learn LDA (batch variational Bayes) on counts of the same vectorizer, seeded."""
    from sklearn.decomposition import LatentDirichletAllocation

    vec = make_vectorizer(settings).set_params(min_df=2, max_df=0.95)
    counts = vec.fit_transform(texts)
    model = LatentDirichletAllocation(n_components=k, learning_method="batch", max_iter=30,
                                      random_state=settings.seed).fit(counts)
    return top_words_from_components(model.components_, vec.get_feature_names_out(), n)


def score(name: str, topics: list[list[str]], ref: Cooccurrence, seconds: float) -> TopicScores:
    return TopicScores(name=name, n_topics=len(topics), npmi=round(ref.mean_npmi(topics), 4),
                       diversity=round(diversity(topics), 4), seconds=round(seconds, 2),
                       top_words=tuple(tuple(t) for t in topics))


def language_purity(store) -> dict[str, float]:
    """How far topics follow language rather than subject: the share of non-English passages
    that sit in topics where one non-English language is the majority, and the mean share of
    each topic's majority language."""
    per_topic: dict[int, dict[str, int]] = {}
    for topic, lang, _year, n in store.topic_breakdown():
        if topic != -1:
            per_topic.setdefault(topic, {}).setdefault(lang or "?", 0)
            per_topic[topic][lang or "?"] += n
    non_en = sum(n for langs in per_topic.values() for lang, n in langs.items() if lang != "en")
    in_own = 0
    majority_shares = []
    for langs in per_topic.values():
        top_lang, top_n = max(langs.items(), key=lambda x: (x[1], x[0]))
        majority_shares.append(top_n / sum(langs.values()))
        if top_lang != "en":
            in_own += sum(n for lang, n in langs.items() if lang == top_lang)
    return {"non_english_passages": non_en,
            "non_english_in_single_language_topics": round(in_own / non_en, 3) if non_en else 0.0,
            "mean_majority_language_share": round(float(np.mean(majority_shares)), 3) if majority_shares else 0.0}
