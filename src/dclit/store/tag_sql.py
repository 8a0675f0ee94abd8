"""SQL of the tag stage (a mixin of the SQLite store) and its migration."""
from __future__ import annotations

from dclit.records import Mention, ThemeProfile

MIGRATIONS: dict[int, list[str]] = {
    2: [
        """CREATE TABLE mentions (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            concept TEXT NOT NULL, label TEXT NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER NOT NULL, passage INTEGER NOT NULL,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, flag TEXT,
            PRIMARY KEY (doc_id, start, concept))""",
        """CREATE INDEX mentions_concept ON mentions(concept, doc_id)""",
        """CREATE TABLE theme_profiles (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            concept TEXT NOT NULL, passage INTEGER NOT NULL,   -- -1: the whole document
            count INTEGER NOT NULL, own INTEGER NOT NULL, per_10k REAL NOT NULL,
            dispersion REAL NOT NULL, page_dispersion REAL NOT NULL,
            PRIMARY KEY (doc_id, concept, passage))""",
        """CREATE INDEX profiles_concept ON theme_profiles(concept, passage)""",
    ],
}


class TagSQL:
    """Methods the SQLite store gains for the tag stage."""

    def save_tag(self, doc, result) -> None:
        """``result`` is (mentions, profiles); called inside the document's transaction."""
        mentions, profiles = result
        self.db.execute("DELETE FROM mentions WHERE doc_id = ?", (doc.doc_id,))
        self.db.execute("DELETE FROM theme_profiles WHERE doc_id = ?", (doc.doc_id,))
        self.db.executemany(
            'INSERT OR REPLACE INTO mentions(doc_id, concept, label, lang, text, start, "end", page, passage, '
            "sentence_start, sentence_end, flag) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(m.doc_id, m.concept, m.label, m.lang, m.text, m.start, m.end, m.page, m.passage, m.sentence_start,
              m.sentence_end, m.flag) for m in mentions])
        self.db.executemany(
            "INSERT OR REPLACE INTO theme_profiles(doc_id, concept, passage, count, own, per_10k, dispersion, "
            "page_dispersion) VALUES (?,?,?,?,?,?,?,?)",
            [(p.doc_id, p.concept, -1 if p.passage is None else p.passage, p.count, p.own, p.per_10k,
              p.dispersion, p.page_dispersion) for p in profiles])

    def mentions(self, doc_id: str | None = None, concepts: list[str] | None = None) -> list[Mention]:
        sql = ('SELECT doc_id, concept, label, lang, text, start, "end", page, passage, sentence_start, '
               "sentence_end, flag FROM mentions WHERE 1=1")
        args: list = []
        if doc_id:
            sql += " AND doc_id = ?"
            args.append(doc_id)
        if concepts:
            sql += f" AND concept IN ({','.join('?' * len(concepts))})"
            args += concepts
        return [Mention(*r) for r in self.db.execute(sql + " ORDER BY doc_id, start, concept", args)]

    def profiles(self, doc_id: str | None = None, *, passages: bool = False) -> list[ThemeProfile]:
        sql = ("SELECT doc_id, concept, passage, count, per_10k, dispersion, own, page_dispersion "
               "FROM theme_profiles WHERE " + ("passage >= 0" if passages else "passage = -1"))
        args: list = []
        if doc_id:
            sql += " AND doc_id = ?"
            args.append(doc_id)
        rows = self.db.execute(sql + " ORDER BY doc_id, concept, passage", args)
        return [ThemeProfile(doc_id=r[0], concept=r[1], passage=None if r[2] < 0 else r[2], count=r[3],
                             per_10k=r[4], dispersion=r[5], own=r[6], page_dispersion=r[7]) for r in rows]
