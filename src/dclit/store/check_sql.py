"""SQL of `dclit check` (a mixin of the SQLite store; :mod:`dclit.store.pg_check` replaces the
SQLite-only parts for PostgreSQL): verify the store and rebuild what is derived (the full-text
index, rows whose document is gone).

Read-only checks run on the store's own connection; the FTS5 'integrity-check' command is an
INSERT (it changes nothing) so it runs on a short-lived writable connection.
"""
from __future__ import annotations

import sqlite3

from dclit.store.pg_conn import PostgresError

# What a failing store raises, for callers outside the store (which never import sqlite3 or
# psycopg): any error (disk full, I/O, a lost server) and a damaged database file.
STORE_ERRORS = (sqlite3.Error, PostgresError)
DAMAGED_ERRORS = (sqlite3.DatabaseError,)

# Tables with a doc_id that are not themselves the list of documents or files.
_NOT_DERIVED = {"documents", "files"}


class CheckSQL:
    """Methods the SQLite store gains for `dclit check`."""

    def integrity_errors(self, limit: int = 20) -> list[str]:
        """SQLite's own page-level check; empty when the file is sound."""
        rows = [r[0] for r in self.db.execute(f"PRAGMA integrity_check({int(limit)})")]
        return [] if rows == ["ok"] else rows

    def document_passage_counts(self) -> tuple[int, int]:
        return (self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                self.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0])

    def doc_tables(self) -> list[str]:
        """Every table (FTS shadow tables aside) with a doc_id column, but documents and files."""
        names = [r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        out = []
        for name in names:
            if name in _NOT_DERIVED or name.startswith("passages_fts"):
                continue
            cols = {r[1] for r in self.db.execute(f'PRAGMA table_info("{name}")')}
            if "doc_id" in cols:
                out.append(name)
        return out

    def orphan_counts(self) -> dict[str, int]:
        """Rows whose doc_id names no document, per table (tables with none left out)."""
        out = {}
        for name in self.doc_tables():
            n = self.db.execute(f'SELECT COUNT(*) FROM "{name}" WHERE doc_id NOT IN '
                                "(SELECT doc_id FROM documents)").fetchone()[0]
            if n:
                out[name] = n
        return out

    def foreign_key_violations(self) -> dict[str, int]:
        """Rows breaking any declared foreign key (e.g. topics without their model), per table."""
        out: dict[str, int] = {}
        for table, _rowid, _parent, _fk in self.db.execute("PRAGMA foreign_key_check"):
            out[table] = out.get(table, 0) + 1
        return out

    def fts_row_mismatch(self) -> tuple[int, int]:
        """(passages missing from the full-text index, index entries with no passage)."""
        missing = self.db.execute("SELECT COUNT(*) FROM passages WHERE id NOT IN "
                                  "(SELECT id FROM passages_fts_docsize)").fetchone()[0]
        extra = self.db.execute("SELECT COUNT(*) FROM passages_fts_docsize WHERE id NOT IN "
                                "(SELECT id FROM passages)").fetchone()[0]
        return missing, extra

    def fts_integrity_error(self) -> str | None:
        """FTS5's own check of the index against the passages table; None when in step."""
        con = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            con.execute("PRAGMA busy_timeout=30000")
            con.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as e:
            return str(e)
        finally:
            con.close()
        return None

    def page_count_mismatches(self) -> list[tuple[str, str]]:
        """(doc_id, path) of documents whose stored pages do not match their page count."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT d.doc_id, d.path FROM documents d LEFT JOIN (SELECT doc_id, COUNT(*) AS n FROM pages GROUP BY doc_id) p "
            "ON p.doc_id = d.doc_id WHERE COALESCE(p.n, 0) != d.page_count ORDER BY d.path")]

    def documents_without_passages(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT doc_id, path FROM documents d WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = d.doc_id) "
            "ORDER BY path")]

    def dangling_files(self) -> list[str]:
        """Files marked ok whose document is not in the store."""
        return [r[0] for r in self.db.execute(
            "SELECT path FROM files WHERE status = 'ok' AND (doc_id IS NULL OR doc_id NOT IN "
            "(SELECT doc_id FROM documents)) ORDER BY path")]

    # -- repairs (the caller holds the writer lock) ---------------------------------
    def rebuild_fts(self) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")

    def delete_orphans(self) -> dict[str, int]:
        out = {}
        with self.transaction():
            for name in self.doc_tables():
                cur = self.db.execute(f'DELETE FROM "{name}" WHERE doc_id NOT IN (SELECT doc_id FROM documents)')
                if cur.rowcount:
                    out[name] = cur.rowcount
            self._delete_foreign_key_violations(out)
        return out

    def _delete_foreign_key_violations(self, out: dict[str, int]) -> None:
        for table, rowid, _parent, _fk in list(self.db.execute("PRAGMA foreign_key_check")):
            if rowid is not None:
                self.db.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                out[table] = out.get(table, 0) + 1

    def forget_documents(self, doc_ids: list[str]) -> int:
        """Drop these documents (and all derived from them) and their files' rows, so the next
        run extracts them again."""
        with self.transaction():
            n = 0
            for doc_id in doc_ids:
                n += self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,)).rowcount
            self.db.execute("DELETE FROM files WHERE status = 'ok' AND (doc_id IS NULL OR doc_id NOT IN "
                            "(SELECT doc_id FROM documents))")
        return n
