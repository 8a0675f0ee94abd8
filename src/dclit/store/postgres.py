"""The PostgreSQL store: the same tables, methods and behaviour as the SQLite store, in a
schema of a PostgreSQL database (``postgresql://user@host:port/db?schema=name``).

What differs from SQLite, and why:

* Writers. PostgreSQL takes several writers, so there is no lock file. ``lock()`` takes a
  shared advisory lock on the store; ``start_run(corpus)`` an exclusive one on (store,
  corpus), so two runs of *different* corpora write side by side while a second run of the
  *same* corpus is refused (StoreLockedError), as on SQLite. Each document's transaction
  also takes a transaction-level lock on its doc_id, so two corpora holding the same file
  never interleave their writes of it. Repairs (`dclit check --repair`) need the store alone:
  they take the store lock exclusively and are refused while a run holds it.
* Migrations. The same numbered MIGRATIONS (types translated by
  :func:`~dclit.store.pg_conn.postgres_ddl`), plus the full-text setup of
  :mod:`dclit.store.pg_search` in place of FTS5; one transaction each, under a
  database-wide advisory lock so two processes never migrate at once.
* Full text: ``tsvector`` per passage with its language's configuration (see pg_search).
"""
from __future__ import annotations

import logging

from dclit.errors import StoreError, StoreLockedError
from dclit.store.biblio_sql import BiblioSQL
from dclit.store.check_sql import CheckSQL
from dclit.store.core_sql import CoreSQL
from dclit.store.pg_check import PGCheckSQL
from dclit.store.pg_conn import PGConnection, PostgresError, connect, parse_url, postgres_ddl
from dclit.store.pg_search import PGSearchSQL, fts_migration
from dclit.store.schema import MIGRATIONS, SCHEMA_VERSION
from dclit.store.search_sql import SearchSQL
from dclit.store.tag_sql import TagSQL
from dclit.store.topics_sql import TopicsSQL

log = logging.getLogger(__name__)

_MIGRATION_LOCK = "SELECT pg_advisory_lock(hashtextextended('dclit migrations', 0))"
_MIGRATION_UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('dclit migrations', 0))"


class PostgresStore(CoreSQL, TagSQL, BiblioSQL, TopicsSQL, PGSearchSQL, SearchSQL, PGCheckSQL, CheckSQL):
    backend = "postgresql"

    def __init__(self, url: str, *, readonly: bool = False, label: str | None = None):
        self.url = parse_url(url)
        self.schema = self.url.schema
        self.location = label or self.url.label  # never holds the password
        self.path = self.location
        self.readonly = readonly
        self.db = PGConnection(connect(self.url))
        try:
            self.db.execute(f'SET search_path TO "{self.schema}"')
            self.db.execute("SET jit = off")  # short queries: compiling them costs more than it saves
            if readonly:
                if not self._has_meta():
                    raise StoreError(f"no store at {self.location}.",
                                     hint="Run `dclit run CORPUS` first, or pass --store.")
                self.db.execute("SET default_transaction_read_only = on")
            else:
                self._migrate()
            self._check_version()
        except BaseException:
            self.db.close()
            raise

    # -- housekeeping ------------------------------------------------------
    def close(self) -> None:
        if self.db.conn.closed:
            return
        try:
            self.unlock()
        except PostgresError:  # the server went away: its locks went with the session
            pass
        self.db.close()

    def _has_meta(self) -> bool:
        return self.db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]

    def schema_version(self) -> int:
        if not self._has_meta():
            return 0
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        self.db.execute(_MIGRATION_LOCK)
        try:
            if self.db.execute("SELECT 1 FROM pg_namespace WHERE nspname = ?", (self.schema,)).fetchone() is None:
                self.db.execute(f'CREATE SCHEMA "{self.schema}"')
            current = self.schema_version()
            for version in sorted(v for v in MIGRATIONS if v > current):
                extra = fts_migration(self._unaccent_schema()) if version == 1 else []
                with self.transaction():
                    for statement in [postgres_ddl(s) for s in MIGRATIONS[version]] + extra:
                        self.db.execute(statement)
                    self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                                    (str(version),))
                log.info("%s: migrated to schema version %d", self.location, version)
        finally:
            self.db.execute(_MIGRATION_UNLOCK)

    def _unaccent_schema(self) -> str:
        """The schema of the ``unaccent`` extension (created in public the first time; once per database)."""
        row = self.db.execute("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                              "WHERE e.extname = 'unaccent'").fetchone()
        if row:
            return row[0]
        try:
            self.db.execute("CREATE EXTENSION unaccent SCHEMA public")
        except PostgresError as e:
            raise StoreError(f"cannot create the unaccent extension in database {self.url.dbname} at "
                             f"{self.url.host} ({e}).",
                             hint="Install postgresql-contrib on the server, or ask its administrator to run "
                                  "CREATE EXTENSION unaccent SCHEMA public; in that database.") from None
        return "public"

    def _check_version(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.location} has schema version {version}, newer than this dclit "
                             f"({SCHEMA_VERSION}).", hint="Upgrade dclit.")
        if version < SCHEMA_VERSION:
            raise StoreError(f"store {self.location} has schema version {version}; this dclit needs "
                             f"{SCHEMA_VERSION}.", hint="Run `dclit run` once to migrate it.")

    def transaction(self):
        return self.db.transaction()

    def size_bytes(self) -> int:
        """Tables, indexes and TOAST of the store's schema."""
        return self.db.execute(
            "SELECT CAST(COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS BIGINT) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relkind IN ('r', 'm')").fetchone()[0]

    # -- locks (see the module docstring) ----------------------------------
    def _key(self, *parts: str) -> str:
        return " ".join(("dclit", self.schema) + parts)

    def lock(self) -> None:
        """Say a writer is here (shared: other runs may write too; a repair may not start)."""
        ok = self.db.execute("SELECT pg_try_advisory_lock_shared(hashtextextended(?, 0))",
                             (self._key("store"),)).fetchone()[0]
        if not ok:
            raise StoreLockedError(f"`dclit check --repair` is working on {self.location}.",
                                   hint="Wait for it to finish, then run again.")

    def _lock_exclusively(self) -> None:
        ok = self.db.execute("SELECT pg_try_advisory_lock(hashtextextended(?, 0))", (self._key("store"),)).fetchone()[0]
        if not ok:
            raise StoreLockedError(f"another dclit run is writing to {self.location}; repairs need the store to "
                                   "themselves.", hint="Wait for the run to finish, then repair.")

    def start_run(self, corpus: str) -> int:
        ok = self.db.execute("SELECT pg_try_advisory_lock(hashtextextended(?, 0))",
                             (self._key("corpus", corpus),)).fetchone()[0]
        if not ok:
            raise StoreLockedError(f"another dclit run is writing {corpus} to {self.location}.",
                                   hint="Wait for it to finish, or use another --store.")
        return super().start_run(corpus)

    def unlock(self) -> None:
        self.db.execute("SELECT pg_advisory_unlock_all()")

    def _lock_document(self, doc_id: str) -> None:
        self.db.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (self._key("doc", doc_id),))

    def write_failure(self, e: Exception) -> StoreError:
        """A failed write (disk full on the server, a lost connection) as one clear line; the open
        transaction was rolled back, so the store holds exactly the documents committed before."""
        text = str(e)
        if "No space left" in text or "could not extend file" in text:
            return StoreError(f"the PostgreSQL server of {self.location} is out of disk space ({text}). Every "
                              "document saved before this point is kept.", stage="run",
                              hint="Free some space on the server, then run the same command again to resume.")
        return StoreError(f"could not write to {self.location} ({text}). Every document saved before this point "
                          "is kept.", stage="run", hint="Check the server, then run the same command again to resume.")
