"""`dclit topics --dask`: the passages are embedded in batches on a Dask cluster and give the
same vectors (to float rounding) as embedding them here, with the same cache key and model id."""
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


def test_fit_on_dask_embeds_on_the_workers_and_matches_a_local_fit(tmp_path, cluster, monkeypatch):
    from distributed import Client

    from dclit import execute
    from dclit import topics as T

    monkeypatch.setattr(execute, "BATCH_TEXTS", 16)  # several batches even on this small corpus
    corpus = make_corpus(tmp_path / "corpus", ALL_DOCS)
    here = build_store(tmp_path / "here.db", corpus)
    there = build_store(tmp_path / "dask.db", corpus)
    try:  # both fits in this process, one after the other: the same torch state for both
        info = T.fit(here, settings(tmp_path))
        info2 = T.fit(there, settings(tmp_path), dask=cluster)
        assert info2.embedded == info.embedded > 16  # from scratch, in several batches
        assert info2.model_id == info.model_id  # same embedder name: same cache key and model id
        hashes = [h for (h,) in there.db.execute("SELECT hash FROM passages ORDER BY id")]
        key = next(iter(r[0] for r in there.db.execute("SELECT DISTINCT model FROM embeddings")))
        mine, theirs = here.cached_embeddings(hashes, key), there.cached_embeddings(hashes, key)
        assert mine.keys() == theirs.keys() and len(mine) == info.embedded
        # the same batches: the same vectors up to the last float bits (the workers' BLAS threading differs)
        assert max(float(np.abs(mine[h] - theirs[h]).max()) for h in mine) < 1e-5
        assert assignments(there).keys() == assignments(here).keys()
    finally:
        here.close()
        there.close()
    with Client(cluster) as client:  # the model was loaded on the workers
        loaded = client.run(lambda: sorted(__import__("dclit.execute").execute._EMBEDDERS))
    assert any(names for names in loaded.values())
