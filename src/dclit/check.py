"""Verify a store, and repair what can be rebuilt from what it holds.

``check_store(location)`` reads only (safe during a run); ``check_store(location, repair=True)``
takes the writer lock, rebuilds the full-text index, deletes rows whose document is gone and
forgets half-stored documents so the next run extracts them again, then checks again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from dclit.errors import StoreError
from dclit.store.check_sql import DAMAGED_ERRORS

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # integrity | schema | fts | orphans | foreign_keys | pages | passages | files
    message: str  # one line: what is wrong and what to do
    repairable: bool = True


@dataclass(slots=True)
class CheckReport:
    location: str
    schema_version: int = 0
    documents: int = 0
    passages: int = 0
    problems: list[Problem] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        head = (f"{self.location}: schema {self.schema_version}, {self.documents} documents, "
                f"{self.passages} passages: " + ("ok" if self.ok else f"{len(self.problems)} problem(s)"))
        lines = [head] + [f"repaired: {r}" for r in self.repaired]
        lines += [f"problem ({p.kind}): {p.message}" for p in self.problems]
        return "\n".join(lines)


def check_store(location: str | Path, *, repair: bool = False) -> CheckReport:
    """Check the store at ``location``; with ``repair``, fix what is derived first."""
    from dclit.store import open_store

    report = CheckReport(location=str(location))
    if repair:
        with open_store(location) as st:
            st.lock()
            report.repaired = _repair(st)
    try:
        st = open_store(location, readonly=True)
    except StoreError as e:
        report.problems.append(Problem("schema", str(e), repairable=False))
        return report
    except DAMAGED_ERRORS as e:
        report.problems.append(Problem("integrity", f"cannot open {location} ({e}). Restore it from a backup, "
                                                    "or delete it and run again.", repairable=False))
        return report
    with st:
        try:
            _inspect(st, report)
        except DAMAGED_ERRORS as e:
            report.problems.append(Problem("integrity", f"reading {location} failed ({e}). Restore it from a "
                                                        "backup, or delete it and run again.", repairable=False))
    return report


def _inspect(st, report: CheckReport) -> None:
    from dclit.store.schema import SCHEMA_VERSION

    report.schema_version = st.schema_version()
    add = report.problems.append
    if report.schema_version != SCHEMA_VERSION:  # pragma: no cover - open_store refuses these first
        add(Problem("schema", f"schema version {report.schema_version}, this dclit needs {SCHEMA_VERSION}.", False))
    for err in st.integrity_errors():
        add(Problem("integrity", f"SQLite integrity check: {err}. Restore the store from a backup, or delete it "
                                 "and run again.", repairable=False))
    if report.problems:
        return  # a damaged file: the finer checks would only repeat it
    report.documents, report.passages = st.document_passage_counts()
    missing, extra = st.fts_row_mismatch()
    fts_error = st.fts_integrity_error()
    if missing or extra or fts_error:
        detail = f"{missing} passages missing from it, {extra} entries with no passage"
        add(Problem("fts", f"the full-text index is out of step with the passages ({detail}"
                           + (f"; FTS5 says: {fts_error}" if fts_error else "") + "). Run `dclit check --repair`."))
    for table, n in sorted(st.orphan_counts().items()):
        add(Problem("orphans", f"{n} rows in {table} belong to no document. Run `dclit check --repair`."))
    for table, n in sorted(st.foreign_key_violations().items()):
        add(Problem("foreign_keys", f"{n} rows in {table} point at rows that do not exist. "
                                    "Run `dclit check --repair`."))
    for _doc_id, path in st.page_count_mismatches():
        add(Problem("pages", f"{path}: stored pages do not match its page count. Run `dclit check --repair` "
                             "then `dclit run` to extract it again."))
    for _doc_id, path in st.documents_without_passages():
        add(Problem("passages", f"{path}: has no passages. Run `dclit check --repair` then `dclit run` "
                                "to extract it again."))
    for path in st.dangling_files():
        add(Problem("files", f"{path}: marked done but its document is missing. Run `dclit check --repair` "
                             "then `dclit run`."))


def _repair(st) -> list[str]:
    done = []
    broken = [d for d, _ in st.page_count_mismatches()] + [d for d, _ in st.documents_without_passages()]
    if broken:
        n = st.forget_documents(sorted(set(broken)))
        done.append(f"forgot {n} half-stored documents (the next `dclit run` extracts them again)")
    elif st.dangling_files():
        st.forget_documents([])
        done.append("forgot files whose document was missing (the next `dclit run` extracts them again)")
    for table, n in sorted(st.delete_orphans().items()):
        done.append(f"deleted {n} orphan rows from {table}")
    st.rebuild_fts()
    done.append("rebuilt the full-text index")
    log.info("repaired %s: %s", st.path, "; ".join(done))
    return done
