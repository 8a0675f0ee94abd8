"""The store's schema as numbered migrations. A store records the version it is at;
opening an older store applies the missing migrations in one transaction each.

Written in SQLite's dialect and kept portable: the PostgreSQL backend translates the
column types (:func:`dclit.store.pg_conn.postgres_ddl`). What truly differs, the full-text
index, is in ``SQLITE_ONLY`` (FTS5) and ``POSTGRES_ONLY`` (tsvector), applied with the
migration of the same number.
"""
from __future__ import annotations

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY,           -- sha256 of the file's bytes
            path TEXT NOT NULL,                -- path it was first read from (relative to corpus)
            title TEXT, authors TEXT, organisation TEXT, year INTEGER, language TEXT,
            doc_type TEXT, page_count INTEGER NOT NULL, n_words INTEGER NOT NULL,
            engine TEXT, metadata TEXT NOT NULL,   -- JSON: the whole Metadata with provenance
            warnings TEXT NOT NULL,            -- JSON list
            text TEXT NOT NULL,
            updated TEXT NOT NULL)""",
        """CREATE TABLE files (
            path TEXT PRIMARY KEY,             -- relative to the corpus folder it was found in
            corpus TEXT NOT NULL,
            doc_id TEXT,                       -- NULL when it never extracted
            size INTEGER, mtime_ns INTEGER,
            status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'removed')),
            stage TEXT, code TEXT, error TEXT,
            updated TEXT NOT NULL)""",
        """CREATE INDEX files_doc ON files(doc_id)""",
        """CREATE TABLE stages (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            stage TEXT NOT NULL, version TEXT NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (doc_id, stage))""",
        """CREATE TABLE pages (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            number INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            label TEXT, header TEXT, footer TEXT, image_only INTEGER NOT NULL, ocr INTEGER NOT NULL,
            PRIMARY KEY (doc_id, number))""",
        """CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, page INTEGER NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            kind TEXT NOT NULL, section TEXT, lang TEXT, note TEXT,
            text TEXT NOT NULL, hash TEXT NOT NULL,
            UNIQUE (doc_id, idx))""",
        """CREATE INDEX passages_hash ON passages(hash)""",
        """CREATE TABLE doc_tables (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            page INTEGER NOT NULL, idx INTEGER NOT NULL, rows TEXT NOT NULL,
            PRIMARY KEY (doc_id, page, idx))""",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY, corpus TEXT NOT NULL, started TEXT NOT NULL, finished TEXT,
            status TEXT NOT NULL, seen INTEGER DEFAULT 0, processed INTEGER DEFAULT 0,
            skipped INTEGER DEFAULT 0, failed INTEGER DEFAULT 0, removed INTEGER DEFAULT 0,
            pages INTEGER DEFAULT 0, seconds REAL)""",
    ],
}

# Applied after MIGRATIONS[n] by the SQLite backend only.
SQLITE_ONLY: dict[int, list[str]] = {
    1: [
        # full-text index over passages, kept in step by triggers
        """CREATE VIRTUAL TABLE passages_fts USING fts5(
            text, content='passages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2')""",
        """CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
            INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END""",
        """CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
            INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text); END""",
    ],
}


def _collect() -> None:
    """Each stage's SQL module adds its own numbered migrations (numbers are assigned
    in this list so two stages never take the same one)."""
    from dclit.store import biblio_sql, search_sql, tag_sql, topics_sql  # noqa: F401  (2, 3, 4, 5)

    for module in (tag_sql, biblio_sql, topics_sql, search_sql):
        for version, statements in getattr(module, "MIGRATIONS", {}).items():
            if version in MIGRATIONS:
                raise RuntimeError(f"migration {version} defined twice")
            MIGRATIONS[version] = statements


_collect()
SCHEMA_VERSION = max(MIGRATIONS)
