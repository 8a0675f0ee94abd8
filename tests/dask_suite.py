"""pytest plugin: the whole suite with every run on a Dask cluster (`make test-dask`).

Loaded with ``-p dask_suite`` (tests/ on PYTHONPATH). Starts one LocalCluster of two
single-threaded worker processes for the session and points ``$DCLIT_DASK`` at it, so every
``dclit run`` and ``pipeline.run`` of the suite sends its documents (and topic embeddings)
to the cluster instead of local worker processes.
"""
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session", autouse=True)
def dask_everywhere():
    import dask
    from distributed import LocalCluster

    for folder in (HERE, HERE / "scale"):  # spawned workers copy sys.path (test helpers pickled by reference)
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    settings = {"distributed.worker.daemon": False, "distributed.scheduler.allowed-failures": 1}
    with dask.config.set(settings):
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                          memory_limit=0) as cluster:
            old = os.environ.get("DCLIT_DASK")
            os.environ["DCLIT_DASK"] = cluster.scheduler_address
            try:
                yield cluster.scheduler_address
            finally:
                if old is None:
                    os.environ.pop("DCLIT_DASK", None)
                else:
                    os.environ["DCLIT_DASK"] = old


@pytest.fixture(autouse=True)
def _local_workers_when_marked(request, monkeypatch):
    """Tests marked ``local_workers`` patch the forked local workers (which a Dask worker,
    started before the test, cannot see): they run on local workers, as without this plugin.
    Their Dask counterparts are in tests/scale/test_dask.py."""
    if request.node.get_closest_marker("local_workers"):
        monkeypatch.delenv("DCLIT_DASK", raising=False)


def pytest_report_header(config):
    return "dask_suite: every run goes to a Dask LocalCluster ($DCLIT_DASK)"
