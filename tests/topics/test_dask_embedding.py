"""`dclit topics --dask`: the passages are embedded in batches on a Dask cluster and give the
same vectors, hence the same topic model, as embedding them here."""
import numpy as np
import pytest

from .topics_helpers import ALL_DOCS, assignments, build_store, make_corpus, settings

pytestmark = [pytest.mark.slow, pytest.mark.topics]


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed")
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}):
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                          memory_limit=0) as c:
            yield c.scheduler_address


def test_fit_on_dask_embeds_on_the_workers_and_matches_a_local_fit(fitted, tmp_path, cluster, monkeypatch):
    from distributed import Client

    from dclit import execute
    from dclit import topics as T

    st, info, _ = fitted
    monkeypatch.setattr(execute, "BATCH_TEXTS", 16)  # several batches even on this small corpus
    other = build_store(tmp_path / "dask.db", make_corpus(tmp_path / "corpus", ALL_DOCS))
    try:
        info2 = T.fit(other, settings(tmp_path), dask=cluster)
        assert info2.embedded == info.embedded > 16  # from scratch, in several batches
        assert info2.model_id == info.model_id  # same embedder name: same cache key and model id
        hashes = [h for (h,) in other.db.execute("SELECT hash FROM passages ORDER BY id")]
        key = next(iter(r[0] for r in other.db.execute("SELECT DISTINCT model FROM embeddings")))
        here, there = st.cached_embeddings(hashes, key), other.cached_embeddings(hashes, key)
        assert here.keys() == there.keys() and len(here) == info.embedded
        assert all(np.array_equal(here[h], there[h]) for h in here)  # the same batches: the same floats
        assert assignments(other) == assignments(st)
        assert [(t.topic, t.label) for t in T.topics(other)] == [(t.topic, t.label) for t in T.topics(st)]
    finally:
        other.close()
    with Client(cluster) as client:  # the model was loaded on the workers
        loaded = client.run(lambda: sorted(__import__("dclit.execute").execute._EMBEDDERS))
    assert any(names for names in loaded.values())
