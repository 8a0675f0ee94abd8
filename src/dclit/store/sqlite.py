"""The embedded SQLite store (WAL mode; one writer, many readers)."""
from __future__ import annotations

import fcntl
import os
import sqlite3
from pathlib import Path

from dclit.errors import StoreError, StoreLockedError
from dclit.store.biblio_sql import BiblioSQL
from dclit.store.check_sql import CheckSQL
from dclit.store.core_sql import CoreSQL
from dclit.store.schema import MIGRATIONS, SCHEMA_VERSION, SQLITE_ONLY
from dclit.store.search_sql import SearchSQL
from dclit.store.tag_sql import TagSQL
from dclit.store.topics_sql import TopicsSQL


class SQLiteStore(CoreSQL, TagSQL, BiblioSQL, TopicsSQL, SearchSQL, CheckSQL):
    backend = "sqlite"

    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = Path(path)
        self.location = str(self.path)
        self.readonly = readonly
        self._lock_fh = None
        if readonly:
            if not self.path.exists():
                raise StoreError(f"no store at {self.path}.", hint="Run `dclit run CORPUS` first, or pass --store.")
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=30000")
        if not readonly:
            self._migrate()
        self._check_version()

    # -- housekeeping ------------------------------------------------------
    def close(self) -> None:
        self.unlock()
        self.db.close()

    def schema_version(self) -> int:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        current = self.schema_version()
        for version in sorted(v for v in MIGRATIONS if v > current):
            with self.transaction():
                for statement in MIGRATIONS[version] + SQLITE_ONLY.get(version, []):
                    self.db.execute(statement)
                self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                                (str(version),))

    def _check_version(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema version {version}, newer than this dclit "
                             f"({SCHEMA_VERSION}).", hint="Upgrade dclit.")
        if version < SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema version {version}; this dclit needs {SCHEMA_VERSION}.",
                             hint="Run `dclit run` once to migrate it.")

    def transaction(self):
        return _Transaction(self.db)

    def lock(self) -> None:
        """Take the writer lock; a second writer is refused with a clear message."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        fh = open(lock_path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise StoreLockedError(f"another dclit run ({holder}) is writing to {self.path}.",
                                   hint="Wait for it to finish, or use another --store.") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        self._lock_fh = fh

    def unlock(self) -> None:
        if self._lock_fh is not None:
            fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
            self._lock_fh.close()
            self._lock_fh = None

    def write_failure(self, e: Exception) -> StoreError:
        """A failed write (disk full, I/O error) as one clear line; the open transaction, if any,
        is rolled back so the store holds exactly the documents committed before."""
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        chain, cause = [], e
        while cause is not None and len(chain) < 10:  # SQLITE_FULL may hide behind a failed ROLLBACK
            chain.append(cause)
            cause = cause.__context__
        full = next((c for c in chain if "full" in str(c).lower()), None)
        if full is not None:
            return StoreError(f"disk full: could not write to {self.path} ({full}). Every document saved before "
                              "this point is kept.", stage="run",
                              hint="Free some space (or use another --store), then run the same command again "
                                   "to resume.")
        return StoreError(f"could not write to {self.path} ({e}). Every document saved before this point is kept.",
                          stage="run", hint="Check the disk, then run the same command again to resume.")

    def size_bytes(self) -> int:
        """The database file with its WAL and shared-memory files."""
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file()
                   and not p.name.endswith(".lock"))

    def _lock_document(self, doc_id: str) -> None:
        """Nothing to do: the writer lock keeps other writers out."""


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (including KeyboardInterrupt)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # after SQLITE_FULL SQLite has rolled back already
            self.db.execute("ROLLBACK")
