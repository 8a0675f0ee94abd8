import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def dask_scheduler():
    """A LocalCluster of two single-threaded worker processes, shared by a test module;
    its address is given to dclit like a remote scheduler's."""
    pytest.importorskip("distributed")
    import dask
    from distributed import LocalCluster

    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # spawned workers copy sys.path: they can import scalekit
    settings = {"distributed.worker.daemon": False, "distributed.scheduler.allowed-failures": 1}
    with dask.config.set(settings):
        with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                          memory_limit=0) as cluster:
            yield cluster.scheduler_address
