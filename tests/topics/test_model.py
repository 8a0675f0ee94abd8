"""The topic model on a real small corpus: determinism, embedding cache, incremental assignment."""
import pytest

from .topics_helpers import ALL_DOCS, LATER, assignments, build_store, copy_cache, make_corpus, settings

pytestmark = [pytest.mark.topics, pytest.mark.slow]


class CountingEncode:
    """Wraps the embedder's encode to count the texts it is asked to embed."""

    def __init__(self, monkeypatch):
        from dclit.topics.embed import SentenceTransformerEmbedder

        self.texts = 0
        original = SentenceTransformerEmbedder.encode

        def encode(embedder, texts):
            self.texts += len(texts)
            return original(embedder, texts)

        monkeypatch.setattr(SentenceTransformerEmbedder, "encode", encode)


def test_fit_gives_topics_assignments_and_a_saved_model(fitted):
    from dclit import topics as T

    st, info, tmp = fitted
    assert info.n_topics >= 2 and info.embedded > 50
    assert info.n_passages == len(st.topic_assignments())
    saved = tmp / "models" / info.model_id
    assert (saved / "topics.json").is_file() and (saved / "topic_embeddings.safetensors").is_file()
    assert (saved / "ctfidf.safetensors").is_file() and (saved / "dclit_topics.json").is_file()
    listed = T.topics(st)
    assert sum(t.size for t in listed) == info.n_passages
    for t in listed:
        if t.topic != -1:
            assert t.label and len(t.keywords) == 10
    one = T.topic(st, listed[-1].topic)
    assert one.examples and all(ex.page >= 1 and ex.path.endswith(".md") for ex in one.examples)
    docs = T.doc_topics(st)
    assert len(docs) == len(ALL_DOCS)
    assert all(abs(sum(s for _, s in d.shares) - 1) < 0.01 for d in docs if d.shares)


def test_two_fits_from_scratch_give_identical_topics(fitted, tmp_path):
    from dclit import topics as T

    st, info, _ = fitted
    other = build_store(tmp_path / "other.db", make_corpus(tmp_path / "corpus", ALL_DOCS))
    try:
        info2 = T.fit(other, settings(tmp_path))
        assert info2.embedded == info.embedded  # really from scratch: nothing cached
        assert info2.model_id == info.model_id
        assert assignments(other) == assignments(st)
        assert [(t.topic, t.label, t.keywords) for t in T.topics(other)] == \
               [(t.topic, t.label, t.keywords) for t in T.topics(st)]
    finally:
        other.close()


def test_refit_embeds_nothing_and_reproduces_assignments(fitted, monkeypatch):
    from dclit import topics as T

    st, info, tmp = fitted
    before = assignments(st)
    counter = CountingEncode(monkeypatch)
    again = T.fit(st, settings(tmp))
    assert counter.texts == 0 and again.embedded == 0
    assert assignments(st) == before
    reused = T.fit(st, settings(tmp), force=False)
    assert reused.reused and counter.texts == 0
    assert T.assign_new(st) == 0


def test_new_documents_join_existing_topics_without_moving_old_ones(fitted, tmp_path, monkeypatch):
    from dclit import pipeline
    from dclit import topics as T

    corpus = make_corpus(tmp_path / "corpus", [n for n in ALL_DOCS if n not in LATER])
    st = build_store(tmp_path / "store.db", corpus)
    try:
        assert copy_cache(fitted[0], st) > 0  # vectors of the first documents' passages only
        T.fit(st, settings(tmp_path))
        before = assignments(st)
        known_topics = {t.topic for t in T.topics(st)}
        make_corpus(corpus, LATER)
        counter = CountingEncode(monkeypatch)
        summary = pipeline.run(corpus, st, pipeline.RunOptions(workers=1))  # `dclit run` assigns new passages
        n = summary.topics_assigned
        assert T.assign_new(st) == 0  # nothing left to assign
        after = assignments(st)
        assert n > 0 and len(after) == len(before) + n
        assert {k: after[k] for k in before} == before
        new = {k: v for k, v in after.items() if k not in before}
        assert all(how == "transform" and topic in known_topics for topic, _, how in new.values())
        from dclit.topics.embed import chunk

        new_units = [u for u in T.select_units(st, settings(tmp_path)) if (u.doc_id, u.idx) in new]
        # exactly the new passages' windows were embedded, nothing of the documents fitted before
        assert counter.texts == sum(len(chunk(u.text, settings(tmp_path).chunk_words)) for u in new_units)
        assert T.assign_new(st) == 0
    finally:
        st.close()
