"""SQL of the bibliography stage (a mixin of the SQLite store) and its migration."""
from __future__ import annotations

import json

from dclit.records import Citation, Reference

MIGRATIONS: dict[int, list[str]] = {
    3: [
        """CREATE TABLE doc_references (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER NOT NULL,
            raw TEXT NOT NULL, csl TEXT NOT NULL, source TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx))""",
        """CREATE TABLE citations (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER NOT NULL,
            text TEXT NOT NULL, authors TEXT NOT NULL, year TEXT, locator TEXT, kind TEXT NOT NULL,
            secondary INTEGER NOT NULL, reference INTEGER, note TEXT,
            PRIMARY KEY (doc_id, idx))""",
    ],
}


class BiblioSQL:
    """Methods the SQLite store gains for the bibliography stage."""

    def save_biblio(self, doc, result) -> None:
        """``result`` is (references, citations); called inside the document's transaction."""
        references, citations = result
        self.db.execute("DELETE FROM doc_references WHERE doc_id = ?", (doc.doc_id,))
        self.db.execute("DELETE FROM citations WHERE doc_id = ?", (doc.doc_id,))
        self.db.executemany(
            'INSERT INTO doc_references(doc_id, idx, start, "end", page, raw, csl, source) VALUES (?,?,?,?,?,?,?,?)',
            [(r.doc_id, r.index, r.start, r.end, r.page, r.raw, json.dumps(r.csl, ensure_ascii=False, sort_keys=True),
              r.source) for r in references])
        self.db.executemany(
            'INSERT INTO citations(doc_id, idx, start, "end", page, text, authors, year, locator, kind, secondary, '
            "reference, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(c.doc_id, c.index, c.start, c.end, c.page, c.text, json.dumps(list(c.authors), ensure_ascii=False),
              c.year, c.locator, c.kind, int(c.secondary), c.reference, c.note) for c in citations])

    def references(self, doc_id: str | None = None) -> list[Reference]:
        sql = 'SELECT doc_id, idx, start, "end", page, raw, csl, source FROM doc_references'
        rows = self.db.execute(sql + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY doc_id, idx",
                               (doc_id,) if doc_id else ())
        return [Reference(doc_id=r[0], index=r[1], start=r[2], end=r[3], page=r[4], raw=r[5], csl=json.loads(r[6]),
                          source=r[7]) for r in rows]

    def citations(self, doc_id: str | None = None) -> list[Citation]:
        sql = ('SELECT doc_id, idx, start, "end", page, text, authors, year, locator, kind, secondary, reference, '
               "note FROM citations")
        rows = self.db.execute(sql + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY doc_id, idx",
                               (doc_id,) if doc_id else ())
        return [Citation(doc_id=r[0], index=r[1], start=r[2], end=r[3], page=r[4], text=r[5],
                         authors=tuple(json.loads(r[6])), year=r[7], locator=r[8], kind=r[9], secondary=bool(r[10]),
                         reference=r[11], note=r[12]) for r in rows]
