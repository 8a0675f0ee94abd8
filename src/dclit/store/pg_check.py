"""`dclit check` on PostgreSQL: the parts of :class:`CheckSQL` that are SQLite's own.

The server checks its pages and enforces foreign keys itself, so there is no page-level
check and never a foreign-key violation to report; the full-text index is the ``tsv``
column, checked against what the trigger would compute now and rebuilt by recomputing it.
"""
from __future__ import annotations


class PGCheckSQL:
    """PostgreSQL's versions of the SQLite-only checks and repairs."""

    def integrity_errors(self, limit: int = 20) -> list[str]:
        return []  # PostgreSQL checks its own pages (checksums, WAL); nothing to ask here

    def doc_tables(self) -> list[str]:
        """Every table of the store's schema with a doc_id column, but documents and files."""
        rows = self.db.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND column_name = 'doc_id' AND table_name NOT IN ('documents', 'files') ORDER BY table_name")
        return [r[0] for r in rows]

    def foreign_key_violations(self) -> dict[str, int]:
        return {}  # enforced by the server on every write

    def _delete_foreign_key_violations(self, out: dict[str, int]) -> None:
        """None can exist (see foreign_key_violations)."""

    def fts_row_mismatch(self) -> tuple[int, int]:
        """(passages with no text-search vector, 0): the vector lives in the passage's own row."""
        missing = self.db.execute("SELECT COUNT(*) FROM passages WHERE tsv IS NULL OR ts_config IS NULL").fetchone()[0]
        return missing, 0

    def fts_integrity_error(self) -> str | None:
        """How many stored vectors differ from what their text gives now (e.g. a changed configuration)."""
        n = self.db.execute("SELECT COUNT(*) FROM passages WHERE tsv IS DISTINCT FROM "
                            "to_tsvector(ts_config::regconfig, text)").fetchone()[0]
        return f"{n} passages have a stale text-search vector" if n else None

    def rebuild_fts(self) -> None:
        """Recompute every passage's configuration and vector (the trigger runs on UPDATE)."""
        self._lock_exclusively()
        with self.transaction():
            self.db.execute("UPDATE passages SET tsv = NULL")

    def delete_orphans(self) -> dict[str, int]:
        self._lock_exclusively()
        return super().delete_orphans()

    def forget_documents(self, doc_ids: list[str]) -> int:
        self._lock_exclusively()
        return super().forget_documents(doc_ids)
