"""Runs the stages over a corpus, incrementally, in limited worker processes.

Only new or changed files (by content hash) and documents whose stage versions
changed are processed; each document is committed in one transaction, so an
interrupted run (Ctrl-C, kill -9) leaves the store consistent and the next run
resumes where it stopped.
"""
from __future__ import annotations

import fnmatch
import logging
import os
import resource
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from pathlib import Path

from dclit.errors import ConfigError, InputError, TooLargeError
from dclit.extract import ExtractOptions, hash_file
from dclit.extract.formats import is_supported
from dclit.extract.sidecar import Sidecars, apply_sidecar, load_sidecars
from dclit.stages import document_stages, save_outputs, wanted_versions, warm
from dclit.store import FileRow
from dclit.store.check_sql import STORE_ERRORS
from dclit.worker import Failure, Result, Task, limit_memory, process

log = logging.getLogger(__name__)

IGNORE_FILE = ".dclitignore"
ALWAYS_IGNORED = ("SOURCES.md", "README.md", "metadata.csv", IGNORE_FILE)


@dataclass(frozen=True, slots=True)
class RunOptions:
    workers: int = max(os.cpu_count() or 1, 1)
    strict: bool = False
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    timeout: float = 600.0  # seconds per document
    max_memory_mb: int = 4096  # per worker, on top of what it holds at start
    retry_failed: bool = False
    progress: bool = False
    # "local" or a scheduler address (tcp://host:8786): run the stages on Dask; default $DCLIT_DASK
    dask: str | None = field(default_factory=lambda: os.environ.get("DCLIT_DASK") or None)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"--workers must be at least 1. Got {self.workers} instead.")
        if self.timeout <= 0:
            raise ConfigError(f"--timeout must be positive. Got {self.timeout} instead.")


@dataclass(slots=True)
class RunSummary:
    corpus: str
    seen: int = 0
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    removed: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # one clear line each
    carried_failures: list[str] = field(default_factory=list)  # unchanged files that failed before
    warnings: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    interrupted: bool = False
    topics_assigned: int = 0  # new passages put into the existing topic model

    @property
    def ok(self) -> bool:
        return not self.failures and not self.carried_failures

    def describe(self) -> str:
        rate = f", {self.pages / self.seconds:.1f} pages/s" if self.seconds and self.pages else ""
        lines = [f"{self.corpus}: {self.seen} files: {self.processed} processed, {self.skipped} unchanged, "
                 f"{self.failed} failed, {self.removed} removed; {self.pages} pages in {self.seconds:.1f} s{rate}; "
                 f"peak memory {self.peak_rss_mb:.0f} MiB"]
        if self.topics_assigned:
            lines.append(f"topics: {self.topics_assigned} new passages assigned to the existing topics")
        lines += [f"failed: {m}" for m in self.failures]
        lines += [f"failed earlier (unchanged, not retried; --retry-failed to retry): {m}" for m in self.carried_failures]
        return "\n".join(lines)


def scan(corpus: Path) -> list[Path]:
    """Supported files under ``corpus`` in a fixed order, minus hidden and ignored ones."""
    if not corpus.is_dir():
        raise ConfigError(f"corpus folder {corpus} does not exist.", hint="Give the folder holding your documents.")
    patterns = list(ALWAYS_IGNORED)
    ignore = corpus / IGNORE_FILE
    if ignore.exists():
        patterns += [ln.strip() for ln in ignore.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    found = []
    for path in sorted(corpus.rglob("*")):
        rel = path.relative_to(corpus).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(corpus).parts):
            continue
        if any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(path.name, p) for p in patterns):
            continue
        if is_supported(path):
            found.append(path)
    return found


def run(corpus: Path, store, options: RunOptions | None = None) -> RunSummary:
    options = options or RunOptions()
    corpus = Path(corpus)
    started = time.perf_counter()
    summary = RunSummary(corpus=str(corpus))
    store.lock()
    status = "failed"
    run_id = None
    try:
        run_id = store.start_run(str(corpus))
        sidecars = load_sidecars(corpus)
        tasks = _plan(corpus, store, options, sidecars, summary)
        _execute(tasks, corpus, store, options, sidecars, summary)
        store.prune()
        summary.topics_assigned = _assign_topics(store, options)
        status = "done"
    except KeyboardInterrupt:
        summary.interrupted = True
        status = "interrupted"
        raise
    except STORE_ERRORS as e:
        raise store.write_failure(e) from e
    finally:
        summary.seconds = time.perf_counter() - started
        summary.peak_rss_mb = _peak_rss_mb()
        _finish(store, run_id, status, summary)
        store.unlock()
    return summary


def _finish(store, run_id: int | None, status: str, summary: RunSummary) -> None:
    """Record the run's end; best effort, so a full disk does not hide the error that ended the run."""
    if run_id is None:
        return
    try:
        store.finish_run(run_id, status, {"seen": summary.seen, "processed": summary.processed,
                                          "skipped": summary.skipped, "failed": summary.failed,
                                          "removed": summary.removed, "pages": summary.pages,
                                          "seconds": summary.seconds})
    except STORE_ERRORS as e:
        log.warning("could not record the end of run %s: %s", run_id, e)


def _plan(corpus: Path, store, options: RunOptions, sidecars: Sidecars, summary: RunSummary) -> list[Task]:
    files = scan(corpus)
    summary.seen = len(files)
    corpus_key = str(corpus.resolve())
    known = {f.path: f for f in store.files(corpus_key)}
    present = set()
    tasks: list[Task] = []
    for path in files:
        rel = path.relative_to(corpus).as_posix()
        present.add(rel)
        if _oversized(path, rel, corpus_key, store, options, summary, known.get(rel)):
            continue
        doc_id = hash_file(path)
        car = sidecars.find(rel)
        wanted = wanted_versions(options.extract.fingerprint(), car.fingerprint() if car else "-")
        prev = known.get(rel)
        stat = path.stat()
        row = FileRow(path=rel, corpus=corpus_key, doc_id=doc_id, size=stat.st_size,
                      mtime_ns=stat.st_mtime_ns, status="ok")
        if prev and prev.status == "failed" and prev.doc_id == doc_id and not options.retry_failed:
            summary.skipped += 1
            summary.carried_failures.append(prev.error or rel)
            continue
        have = store.stage_versions(doc_id) if store.has_document(doc_id) else {}
        todo = [s for s, v in wanted.items() if have.get(s) != v]
        if not todo:
            summary.skipped += 1
            if prev is None or prev.doc_id != doc_id or prev.status != "ok":
                store.record_file(row)  # same bytes under a new name
            continue
        reuse = have.get("extract") == wanted["extract"] and have.get("meta") == wanted["meta"]
        if not reuse:
            todo = list(wanted)
        tasks.append(Task(path=str(path), rel=rel, doc_id=doc_id, options=options.extract, stages=todo, reuse=reuse))
    gone = [p for p, f in known.items() if p not in present and f.status != "removed"]
    if gone:
        store.mark_removed(gone)
        summary.removed = len(gone)
    return tasks


def _oversized(path: Path, rel: str, corpus_key: str, store, options: RunOptions, summary: RunSummary,
               prev: FileRow | None) -> bool:
    """Refuse a file over --max-mb before hashing it (hashing a sparse 2 GB file alone takes
    seconds); it is recorded as failed without a doc_id, and carried while its size and mtime stay."""
    stat = path.stat()
    limit = options.extract.max_bytes
    if stat.st_size <= limit:
        return False
    if (prev and prev.status == "failed" and prev.code == "E105" and prev.doc_id is None and not options.retry_failed
            and (prev.size, prev.mtime_ns) == (stat.st_size, stat.st_mtime_ns)):
        summary.skipped += 1
        summary.carried_failures.append(prev.error or rel)
        return True
    err = TooLargeError(f"file is {stat.st_size / 2**20:.0f} MiB, over the {limit / 2**20:.0f} MiB limit.",
                        path=rel, stage="extract", hint="Split the file, or raise the limit with --max-mb.")
    store.record_file(FileRow(path=rel, corpus=corpus_key, doc_id=None, size=stat.st_size,
                              mtime_ns=stat.st_mtime_ns, status="failed", stage="extract", code=err.code,
                              error=err.describe()))
    summary.failed += 1
    summary.failures.append(err.describe())
    log.warning("%s", err.describe())
    if options.strict:
        err.hint += " (--strict: stopped at the first failure)"
        raise err
    return True


def _execute(tasks: list[Task], corpus: Path, store, options: RunOptions, sidecars: Sidecars,
             summary: RunSummary) -> None:
    if not tasks:
        return
    if options.dask:
        return _execute_dask(tasks, corpus, store, options, sidecars, summary)
    from collections import deque

    from pebble import ProcessPool
    from pebble.common import ProcessExpired
    from tqdm import tqdm

    warm()
    bar = tqdm(total=len(tasks), unit="doc", disable=None if options.progress else True, dynamic_ncols=True)
    pool = ProcessPool(max_workers=min(options.workers, len(tasks)), max_tasks=25,
                       initializer=limit_memory, initargs=(options.max_memory_mb,))
    try:
        pending = _loaded(tasks, store)
        futures: deque = deque()

        def submit_next() -> None:
            for t in pending:
                futures.append((t, pool.schedule(process, args=(t, document_stages()), timeout=options.timeout)))
                return

        for _ in range(2 * options.workers):
            submit_next()
        while futures:  # a bounded window; a result is dropped once stored: memory does not grow with the corpus
            task, future = futures.popleft()
            try:
                result = future.result()
            except FutureTimeout:
                result = _failed(task, "E107", f"took longer than {options.timeout:.0f} s and was stopped. "
                                 "Raise --timeout, or split or remove the file.")
            except ProcessExpired as e:
                result = _failed(task, "E107", f"the worker died (exit code {e.exitcode}; out of memory or a crash "
                                 "in the PDF library). Raise --max-memory-mb, or remove the file.")
            _store_result(result, task, corpus, store, sidecars, summary)
            task.doc = None
            submit_next()
            bar.update(1)
            bar.set_postfix(pages=summary.pages, failed=summary.failed, refresh=False)
            if options.strict and result.failure:
                raise InputError(result.failure.message.split("] ", 1)[-1], stage="run",
                                 hint="(--strict: stopped at the first failure)")
    except BaseException:
        pool.stop()
        raise
    finally:
        pool.close()
        pool.join()
        bar.close()


def _execute_dask(tasks: list[Task], corpus: Path, store, options: RunOptions, sidecars: Sidecars,
                  summary: RunSummary) -> None:
    """The same, on a Dask cluster (dclit.execute); this process still does every store write."""
    from contextlib import closing

    from dclit.execute import dask_results

    results = dask_results(_loaded(tasks, store), options.dask, workers=min(options.workers, len(tasks)),
                           timeout=options.timeout, max_memory_mb=options.max_memory_mb)
    with closing(results):  # stopping early (--strict, Ctrl-C) cancels what is queued and closes the cluster
        for task, result in results:
            _store_result(result, task, corpus, store, sidecars, summary)
            task.doc = None
            if options.strict and result.failure:
                raise InputError(result.failure.message.split("] ", 1)[-1], stage="run",
                                 hint="(--strict: stopped at the first failure)")


def _loaded(tasks: list[Task], store):
    """The tasks in order, each stored document read only as its task is about to be sent,
    so a stage-version bump over a large corpus does not hold every document at once."""
    for task in tasks:
        if task.reuse and task.doc is None:
            task.doc = store.load_document(task.doc_id)
        yield task


def _failed(task: Task, code: str, message: str) -> Result:
    return Result(rel=task.rel, doc_id=task.doc_id,
                  failure=Failure(stage="extract", code=code, message=f"[{code}] {task.rel}: extract: {message}"))


def _store_result(result: Result, task: Task, corpus: Path, store, sidecars: Sidecars, summary: RunSummary) -> None:
    stat = Path(task.path).stat()
    row = FileRow(path=task.rel, corpus=str(corpus.resolve()), doc_id=task.doc_id, size=stat.st_size,
                  mtime_ns=stat.st_mtime_ns, status="ok")
    if result.failure:
        f = result.failure
        store.record_file(replace(row, status="failed", stage=f.stage, code=f.code, error=f.message))
        summary.failed += 1
        summary.failures.append(f.message)
        log.warning("%s", f.message)
        return
    doc = result.doc
    doc.path = task.rel
    car = sidecars.find(task.rel, doc.metadata.title)
    doc.metadata = apply_sidecar(doc.metadata, car)
    wanted = wanted_versions(task.options.fingerprint(), car.fingerprint() if car else "-")
    done = {s: v for s, v in wanted.items() if s in ("extract", "meta") or s in result.outputs}
    if task.reuse:  # extraction was current: only later stages ran
        store.save_stages(doc.doc_id, done, extra=lambda st: save_outputs(st, doc, result.outputs))
    else:
        store.save_document(doc, row, done, extra=lambda st: save_outputs(st, doc, result.outputs))
    summary.processed += 1
    summary.pages += doc.metadata.page_count
    summary.warnings += doc.warnings


def _assign_topics(store, options: RunOptions) -> int:
    """New passages join the saved topic model's topics (a no-op without a model or
    without the topics extra; embedded on the Dask cluster when the run uses one);
    `dclit topics --refit` refits."""
    from dclit.topics import assign_new

    return assign_new(store, dask=options.dask, workers=options.workers)


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024
