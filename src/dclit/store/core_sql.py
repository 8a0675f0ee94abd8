"""The SQL both backends share: files, runs, documents, pages, passages and stages.

Written in SQLite's dialect with ``?`` placeholders; the PostgreSQL backend's connection
translates it (see :mod:`dclit.store.pg_conn`). A backend supplies ``db`` (a connection with
``execute``/``executemany``), ``location``, ``transaction()``, ``schema_version()``,
``size_bytes()`` and ``_lock_document()``.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime, timezone

from dclit.errors import StoreError
from dclit.records import Document, Metadata, Page, Passage, Table
from dclit.store import DocRow, FileRow, StoreStatus


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def passage_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class CoreSQL:
    """Methods of every store: what the pipeline reads and writes."""

    location: str

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- files and runs ----------------------------------------------------
    def files(self, corpus: str | None = None) -> list[FileRow]:
        sql = "SELECT path, corpus, doc_id, size, mtime_ns, status, stage, code, error, updated FROM files"
        rows = self.db.execute(sql + (" WHERE corpus = ?" if corpus else "") + " ORDER BY path",
                               (corpus,) if corpus else ()).fetchall()
        return [FileRow(*r) for r in rows]

    def stage_versions(self, doc_id: str) -> dict[str, str]:
        rows = self.db.execute("SELECT stage, version FROM stages WHERE doc_id = ?", (doc_id,))
        return dict(rows.fetchall())

    def has_document(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def start_run(self, corpus: str) -> int:
        row = self.db.execute("INSERT INTO runs(corpus, started, status) VALUES (?, ?, 'running') RETURNING id",
                              (corpus, now())).fetchone()
        return int(row[0])

    def finish_run(self, run_id: int, status: str, counts: dict[str, float]) -> None:
        cols = ("seen", "processed", "skipped", "failed", "removed", "pages", "seconds")
        values = [counts.get(c, 0) for c in cols]
        self.db.execute(f"UPDATE runs SET finished = ?, status = ?, {', '.join(c + ' = ?' for c in cols)} "
                        "WHERE id = ?", (now(), status, *values, run_id))

    def record_file(self, row: FileRow) -> None:
        with self.transaction():
            self._upsert_file(row)

    def _upsert_file(self, row: FileRow) -> None:
        self.db.execute(
            "INSERT INTO files(path, corpus, doc_id, size, mtime_ns, status, stage, code, error, updated) "
            "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET corpus=excluded.corpus, "
            "doc_id=excluded.doc_id, size=excluded.size, mtime_ns=excluded.mtime_ns, status=excluded.status, "
            "stage=excluded.stage, code=excluded.code, error=excluded.error, updated=excluded.updated",
            (row.path, row.corpus, row.doc_id, row.size, row.mtime_ns, row.status, row.stage, row.code,
             row.error, row.updated or now()))

    def mark_removed(self, paths: list[str]) -> None:
        with self.transaction():
            for path in paths:
                self.db.execute("UPDATE files SET status='removed', updated=? WHERE path=?", (now(), path))
        self.prune()

    def prune(self) -> int:
        """Drop documents no present file points at (removed, or replaced by new bytes),
        with everything derived from them. Returns how many went."""
        with self.transaction():
            cur = self.db.execute("DELETE FROM documents WHERE doc_id NOT IN "
                                  "(SELECT doc_id FROM files WHERE status = 'ok' AND doc_id IS NOT NULL)")
        return cur.rowcount

    # -- documents ---------------------------------------------------------
    def save_document(self, doc: Document, file: FileRow, stages: dict[str, str], *,
                      extra=None) -> None:
        """Write a document and everything derived from it in one transaction:
        either all of it is there afterwards, or none of it (kill -9 safe)."""
        with self.transaction():
            self._lock_document(doc.doc_id)
            self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
            m = doc.metadata
            self.db.execute(
                "INSERT INTO documents(doc_id, path, title, authors, organisation, year, language, doc_type, "
                "page_count, n_words, engine, metadata, warnings, text, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.doc_id, file.path, m.title, json.dumps(list(m.authors), ensure_ascii=False), m.organisation,
                 m.year, m.language, m.doc_type, m.page_count, len(doc.text.split()), doc.engine,
                 json.dumps(asdict(m), ensure_ascii=False, sort_keys=True),
                 json.dumps(doc.warnings, ensure_ascii=False), doc.text, now()))
            self.db.executemany(
                'INSERT INTO pages(doc_id, number, start, "end", label, header, footer, image_only, ocr) '
                "VALUES (?,?,?,?,?,?,?,?,?)",
                [(doc.doc_id, p.number, p.start, p.end, p.label, p.header, p.footer, int(p.image_only), int(p.ocr))
                 for p in doc.pages])
            self.db.executemany(
                'INSERT INTO passages(doc_id, idx, page, start, "end", kind, section, lang, note, text, hash) '
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(doc.doc_id, p.index, p.page, p.start, p.end, p.kind, p.section, p.lang, p.note, p.text,
                  passage_hash(p.text)) for p in doc.passages])
            self.db.executemany("INSERT INTO doc_tables(doc_id, page, idx, rows) VALUES (?,?,?,?)",
                                [(doc.doc_id, t.page, t.index, json.dumps(t.rows, ensure_ascii=False))
                                 for t in doc.tables])
            if extra is not None:
                extra(self)
            self.db.executemany("INSERT OR REPLACE INTO stages(doc_id, stage, version, updated) VALUES (?,?,?,?)",
                                [(doc.doc_id, s, v, now()) for s, v in stages.items()])
            self._upsert_file(file)

    def save_stages(self, doc_id: str, stages: dict[str, str], *, extra=None) -> None:
        """Record later-stage outputs of a document already stored, in one transaction."""
        with self.transaction():
            if extra is not None:
                extra(self)
            self.db.executemany("INSERT OR REPLACE INTO stages(doc_id, stage, version, updated) VALUES (?,?,?,?)",
                                [(doc_id, s, v, now()) for s, v in stages.items()])

    def load_document(self, doc_id: str) -> Document:
        row = self.db.execute("SELECT path, metadata, warnings, text, engine FROM documents WHERE doc_id = ?",
                              (doc_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document {doc_id[:12]} in {self.location}.", hint="See `dclit docs`.")
        path, meta_json, warnings, text, engine = row
        meta = json.loads(meta_json)
        meta["authors"] = tuple(meta.get("authors") or ())
        pages = [Page(number=r[0], start=r[1], end=r[2], label=r[3], header=r[4], footer=r[5],
                      image_only=bool(r[6]), ocr=bool(r[7])) for r in self.db.execute(
            'SELECT number, start, "end", label, header, footer, image_only, ocr FROM pages '
            "WHERE doc_id = ? ORDER BY number", (doc_id,))]
        passages = [Passage(doc_id=doc_id, index=r[0], page=r[1], start=r[2], end=r[3], kind=r[4], section=r[5],
                            lang=r[6], note=r[7], text=r[8]) for r in self.db.execute(
            'SELECT idx, page, start, "end", kind, section, lang, note, text FROM passages '
            "WHERE doc_id = ? ORDER BY idx", (doc_id,))]
        tables = [Table(page=r[0], index=r[1], rows=tuple(tuple(x) for x in json.loads(r[2])))
                  for r in self.db.execute("SELECT page, idx, rows FROM doc_tables WHERE doc_id = ? "
                                           "ORDER BY page, idx", (doc_id,))]
        return Document(doc_id=doc_id, path=path, text=text, pages=pages, passages=passages,
                        metadata=Metadata(**meta), tables=tables, warnings=json.loads(warnings), engine=engine or "")

    def doc_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT doc_id FROM documents ORDER BY path, doc_id")]

    def documents(self) -> list[DocRow]:
        stages: dict[str, dict[str, str]] = {}
        for doc_id, stage, version in self.db.execute("SELECT doc_id, stage, version FROM stages"):
            stages.setdefault(doc_id, {})[stage] = version
        rows = self.db.execute(
            "SELECT d.doc_id, d.path, d.title, d.authors, d.organisation, d.year, d.language, d.doc_type, "
            "d.page_count, d.n_words, (SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.doc_id), d.engine "
            "FROM documents d ORDER BY d.path, d.doc_id").fetchall()
        return [DocRow(doc_id=r[0], path=r[1], title=r[2], authors=tuple(json.loads(r[3] or "[]")),
                       organisation=r[4], year=r[5], language=r[6], doc_type=r[7], page_count=r[8], n_words=r[9],
                       n_passages=r[10], engine=r[11], status="ok", stages=stages.get(r[0], {})) for r in rows]

    def status(self) -> StoreStatus:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        last = self.db.execute("SELECT id, corpus, started, finished, status, seen, processed, skipped, failed, "
                               "removed, pages, seconds FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        keys = ("id", "corpus", "started", "finished", "status", "seen", "processed", "skipped", "failed",
                "removed", "pages", "seconds")
        langs = dict(self.db.execute("SELECT COALESCE(language, '?'), COUNT(*) FROM documents GROUP BY 1 ORDER BY 1"))
        return StoreStatus(
            location=self.location, schema_version=self.schema_version(),
            documents=one("SELECT COUNT(*) FROM documents"),
            pages=one("SELECT CAST(COALESCE(SUM(page_count), 0) AS BIGINT) FROM documents"),
            passages=one("SELECT COUNT(*) FROM passages"),
            words=one("SELECT CAST(COALESCE(SUM(n_words), 0) AS BIGINT) FROM documents"),
            failures=[f for f in self.files() if f.status == "failed"],
            removed=one("SELECT COUNT(*) FROM files WHERE status = 'removed'"), size_bytes=self.size_bytes(),
            last_run=dict(zip(keys, last)) if last else None, languages=langs)
