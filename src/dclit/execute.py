"""Running the per-document stages on a Dask cluster instead of local worker processes.

``dask_results(tasks, options)`` sends each task to a Dask worker, which runs the same
``dclit.worker.process(task, stages)`` as a local run, and yields ``(task, result)`` in
the order of ``tasks``. The parent keeps doing every store write (one writer).

The semantics match the local pebble pool:

* each Dask worker runs a document inside its own child process (a pebble pool of one,
  recycled every 25 documents) with the address-space limit of ``--max-memory-mb``;
  a document over ``--timeout`` has its child killed and becomes a recorded E107
  failure, and so does a child that dies (out of memory, a crash in a PDF library);
* a Dask worker that dies itself (killed, machine lost) makes its document a recorded
  failure once the scheduler gives up on it (``allowed-failures``), never the run;
* at most a few tasks per worker thread are in flight: results stream back in order
  and are written one by one, so the parent's memory does not grow with the corpus.

The files are read by the workers from ``task.path``: on a remote cluster every worker
must see the corpus under the same absolute path (a shared or replicated file system).
Workers must be allowed to start child processes: start them with
``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (``--dask local`` does this itself);
without it each document runs inside the worker itself and ``--timeout`` is not enforced.
"""
from __future__ import annotations

import logging
import multiprocessing
import threading
import uuid
from collections import deque
from contextlib import contextmanager
from typing import Iterator

from dclit.errors import ConfigError
from dclit.worker import DocStage, Failure, Result, Task, limit_memory, process

log = logging.getLogger(__name__)

IN_FLIGHT_PER_THREAD = 2  # tasks queued or running per Dask worker thread
LOCAL_ALLOWED_FAILURES = 1  # a worker death retries its documents once, then records them as failed
_POOL: dict = {}  # per Dask worker process: its pebble pool, made on first use
_POOL_LOCK = threading.Lock()


def timeout_result(task: Task, timeout: float) -> Result:
    return failed(task, "E107", f"took longer than {timeout:.0f} s and was stopped. "
                  "Raise --timeout, or split or remove the file.")


def died_result(task: Task, what: str) -> Result:
    return failed(task, "E107", f"{what} (out of memory or a crash in the PDF library). "
                  "Raise --max-memory-mb, or remove the file.")


def failed(task: Task, code: str, message: str) -> Result:
    return Result(rel=task.rel, doc_id=task.doc_id,
                  failure=Failure(stage="extract", code=code, message=f"[{code}] {task.rel}: extract: {message}"))


# -- on the Dask worker ------------------------------------------------------
def _worker_pool(max_memory_mb: int):
    """This Dask worker's pebble pool of one child, or None when the worker may not fork
    (a daemonic worker process: started without DASK_DISTRIBUTED__WORKER__DAEMON=False)."""
    with _POOL_LOCK:
        if _POOL.get("max_memory_mb") != max_memory_mb and _POOL.get("pool") is not None:
            _POOL.pop("pool").close()  # another run with another memory limit
        _POOL["max_memory_mb"] = max_memory_mb
        if "pool" not in _POOL:
            if multiprocessing.current_process().daemon:
                log.warning("this Dask worker is a daemonic process and cannot start children: documents run "
                            "inside it and --timeout is not enforced (start workers with "
                            "DASK_DISTRIBUTED__WORKER__DAEMON=False)")
                _POOL["pool"] = None
            else:
                from pebble import ProcessPool

                from dclit.stages import warm

                warm()  # loaded once here, shared by the forked children
                # fork explicitly: a Dask worker's default is spawn, which would load every model
                # again in each child (measured: 4× slower, twice the memory)
                _POOL["pool"] = ProcessPool(max_workers=1, max_tasks=25, initializer=limit_memory,
                                            initargs=(max_memory_mb,), context=multiprocessing.get_context("fork"))
        return _POOL["pool"]


def run_on_worker(task: Task, stages: dict[str, DocStage], timeout: float, max_memory_mb: int) -> Result:
    """The Dask task: ``process`` in a limited child of this worker; never raises."""
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble.common import ProcessExpired

    pool = _worker_pool(max_memory_mb)
    if pool is None:
        return process(task, stages)
    future = pool.schedule(process, args=(task, stages), timeout=timeout)
    try:
        return future.result()
    except FutureTimeout:
        return timeout_result(task, timeout)
    except ProcessExpired as e:
        return died_result(task, f"the worker died with exit code {e.exitcode}")


def code_versions() -> dict[str, str]:
    """dclit's version and its stages' versions in this process (what results depend on)."""
    from dclit import __version__
    from dclit.stages import document_stages

    return {"dclit": __version__, **{name: st.version for name, st in document_stages().items()}}


# -- in the parent -----------------------------------------------------------
def check_versions(client, mine: dict[str, str] | None = None) -> None:
    """Refuse a cluster whose workers run another dclit, or other versions of the stages
    to run (``mine``): their results would be stored under this dclit's stage versions."""
    mine = mine or code_versions()
    wrong = {w: v for w, v in client.run(code_versions).items()
             if any(v.get(k, x) != x for k, x in mine.items()) or v["dclit"] != mine.get("dclit")}
    if wrong:
        worker, theirs = next(iter(sorted(wrong.items())))
        raise ConfigError(f"{len(wrong)} Dask worker(s) run another dclit than this one (e.g. {worker}: {theirs}; "
                          f"here: {mine}).", hint="Install the same dclit version on every worker machine.")


@contextmanager
def dask_client(address: str, workers: int):
    """A client of the scheduler at ``address`` (tcp://host:port), or of a LocalCluster
    of ``workers`` single-threaded worker processes for ``local``."""
    import dask
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())  # follow dclit -v
    if address == "local":
        settings = {"distributed.worker.daemon": False,
                    "distributed.scheduler.allowed-failures": LOCAL_ALLOWED_FAILURES}
        with dask.config.set(settings):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                              memory_limit=0) as cluster, Client(cluster) as client:
                yield client
        return
    if "://" not in address:
        raise ConfigError(f"--dask must be `local` or a scheduler address like tcp://host:8786. Got {address!r}.")
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as e:
        raise ConfigError(f"could not reach the Dask scheduler at {address} ({e}).",
                          hint="Check that `dask scheduler` runs there and the port is open, "
                               "or use --dask local.") from None
    with client:
        yield client


def dask_results(tasks: list[Task], address: str, *, workers: int, timeout: float, max_memory_mb: int,
                 stages: dict[str, DocStage] | None = None) -> Iterator[tuple[Task, Result]]:
    """Each task's result, in the order of ``tasks``, computed on the Dask cluster."""
    if stages is None:
        from dclit.stages import document_stages

        stages = document_stages()
    with dask_client(address, workers) as client:
        check_versions(client, {"dclit": code_versions()["dclit"],
                                **{name: st.version for name, st in stages.items()}})
        threads = sum(client.nthreads().values()) or 1
        run_key = uuid.uuid4().hex[:8]
        pending = iter(enumerate(tasks))
        window: deque = deque()

        def submit_next() -> None:
            for i, task in pending:
                window.append((task, client.submit(run_on_worker, task, stages, timeout, max_memory_mb,
                                                   key=f"dclit-{run_key}-{i}", pure=False)))
                return

        for _ in range(max(IN_FLIGHT_PER_THREAD * threads, 2)):
            submit_next()
        try:
            while window:
                task, future = window.popleft()
                result = _collect(task, future)
                future.release()
                submit_next()
                yield task, result
        finally:
            for _, future in window:  # interrupted, or --strict stopped: drop what is still queued
                future.cancel()


def _collect(task: Task, future) -> Result:
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return died_result(task, "the Dask worker running it died, on every retry")
    except Exception as e:  # run_on_worker never raises: this is the cluster failing the task
        return failed(task, "E107", f"the Dask cluster could not run it ({type(e).__name__}: {e}).")


# -- embeddings for the topic model ---------------------------------------------------
_EMBEDDERS: dict = {}  # per Dask worker process: embedders by name, their model loaded once
BATCH_TEXTS = 256  # texts per Dask task: big enough to amortise shipping, small enough to spread


def _worker_embedder(embedder):
    with _POOL_LOCK:
        return _EMBEDDERS.setdefault(embedder.name, embedder)


def encode_on_worker(embedder, texts: list[str]):
    """The Dask task: this worker's copy of ``embedder`` (model loaded on first use) encodes ``texts``."""
    return _worker_embedder(embedder).encode(texts)


def encode_groups_on_worker(embedder, groups: list[list[str]]):
    """The Dask task for embedders that batch deterministically: each group as one batch."""
    return _worker_embedder(embedder).encode_groups(groups)


class DaskEmbedder:
    """An Embedder (dclit.topics.embed) whose ``encode`` splits the texts into tasks of about
    ``batch_texts`` texts and encodes them on the Dask workers, each worker loading the model
    once; the vectors come back in the order of the texts. Same name and path as the wrapped
    embedder, so the embedding cache and the saved topic model do not change. An embedder
    that says how it batches (``batches`` + ``encode_groups``) has exactly those batches run on
    the workers, so the vectors are the same floats as a local run's (and so is the topic model)."""

    def __init__(self, inner, address: str, *, workers: int = 2, batch_texts: int | None = None):
        if getattr(inner, "threads", None) == 0:  # encode with this process's torch threads there too
            import dataclasses

            import torch

            inner = dataclasses.replace(inner, threads=torch.get_num_threads())
        self.inner = inner
        self.name = inner.name
        self.path = inner.path
        self.address = address
        self.workers = workers
        self.batch_texts = batch_texts or BATCH_TEXTS

    def encode(self, texts: list[str]):
        import numpy as np

        texts = list(texts)
        if len(texts) <= self.batch_texts:
            return self.inner.encode(texts)  # one task: not worth shipping
        with dask_client(self.address, self.workers) as client:
            model = client.scatter(self.inner, broadcast=True)
            if hasattr(self.inner, "batches"):
                out = self._encode_batches(client, model, texts)
            else:
                chunks = [texts[i:i + self.batch_texts] for i in range(0, len(texts), self.batch_texts)]
                out = np.vstack(client.gather([client.submit(encode_on_worker, model, c, pure=False)
                                               for c in chunks]))
        log.info("encoded %d texts on the Dask cluster at %s", len(texts), self.address)
        return out

    def _encode_batches(self, client, model, texts: list[str]):
        import numpy as np

        batches = self.inner.batches(texts)
        per_task = max(1, self.batch_texts // max(1, len(batches[0])))
        tasks = [batches[i:i + per_task] for i in range(0, len(batches), per_task)]
        futures = [client.submit(encode_groups_on_worker, model, [[texts[i] for i in b] for b in task], pure=False)
                   for task in tasks]
        out = None
        for task, parts in zip(tasks, client.gather(futures)):
            for idx, vectors in zip(task, parts):
                if out is None:
                    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
                out[idx] = vectors
        return out
