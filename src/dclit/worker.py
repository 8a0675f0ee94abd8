"""What a worker process does with one document: extract it (or take it from the
store), then run the per-document stages. Runs inside a limited child process;
it never touches the store and never raises: failures come back as records."""
from __future__ import annotations

import logging
import resource
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from dclit.errors import DclitError
from dclit.extract import ExtractOptions, extract_document
from dclit.records import Document

log = logging.getLogger(__name__)
MAX_MESSAGE = 1000  # characters of a recorded failure message


@dataclass(frozen=True, slots=True)
class DocStage:
    """A per-document stage: a plain function from a Document to its records."""

    name: str
    version: str
    run: Callable[[Document], Any]


@dataclass(slots=True)
class Task:
    path: str  # absolute path of the file
    rel: str  # path relative to the corpus
    doc_id: str
    options: ExtractOptions
    stages: list[str]  # which stages to run ("extract" first when needed)
    reuse: bool = False  # extraction is current: only later stages run, on the stored document
    doc: Document | None = None  # the stored document, loaded just before the task is sent


@dataclass(slots=True)
class Failure:
    stage: str
    code: str
    message: str


@dataclass(slots=True)
class Result:
    rel: str
    doc_id: str
    doc: Document | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    failure: Failure | None = None
    seconds: float = 0.0


def limit_memory(max_mb: int) -> None:
    """Pool initializer: cap this process's address space at its current size + max_mb."""
    if max_mb <= 0:
        return
    import psutil

    base = psutil.Process().memory_info().vms
    limit = base + max_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def process(task: Task, stages: dict[str, DocStage]) -> Result:
    started = time.perf_counter()
    result = Result(rel=task.rel, doc_id=task.doc_id, doc=task.doc)
    stage = "extract"
    try:
        if "extract" in task.stages or result.doc is None:
            result.doc = extract_document(Path(task.path), task.options, content_hash=task.doc_id)
        for stage in task.stages:
            if stage in stages:
                result.outputs[stage] = stages[stage].run(result.doc)
    except DclitError as e:
        e.path = task.rel  # the extractors name the absolute path; the record names it from the corpus
        e.stage = e.stage or stage
        result.failure = Failure(stage=e.stage, code=e.code, message=e.describe())
    except MemoryError:
        result.failure = Failure(stage=stage, code="E107", message=(
            f"[E107] {task.rel}: {stage}: ran out of its memory allowance. "
            "Raise --max-memory-mb, or split or remove the file."))
    except RecursionError:
        result.failure = Failure(stage=stage, code="E102", message=(
            f"[E102] {task.rel}: {stage}: structure nested too deeply to read (corrupt or hostile file). "
            "Re-save it with another program, or remove it."))
    except Exception as e:  # the batch boundary: one bad file must not end the run
        log.debug("internal error on %s:\n%s", task.rel, traceback.format_exc())
        result.failure = Failure(stage=stage, code="E999", message=(
            f"[E999] {task.rel}: {stage}: unexpected {type(e).__name__}: {e}. "
            "This is a dclit bug or a very unusual file; please report it with the file."))
    result.seconds = time.perf_counter() - started
    if result.failure:
        result.failure.message = one_line(result.failure.message)
        result.doc = None
        result.outputs = {}
    return result


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """A failure as one line of bounded length: some libraries put a whole PDF dictionary
    (hundreds of KiB, found by fuzzing) or a traceback into their exception text."""
    text = " ".join(message.split())
    if len(text) <= limit:
        return text
    tail = limit // 3  # the end says what to do: keep it, cut the middle
    return text[:limit - tail - 3] + " … " + text[-tail:]
