"""SQL of search and usage (read-only queries; a mixin of both stores).

A search arrives as a small tree of query nodes (built by :mod:`dclit.search`
from what the user typed). Text leaves become FTS5 strings in which every user
word is a quoted string, so nothing the user types is ever FTS5 or SQL syntax;
every value reaches SQLite as a bound parameter.

Concept leaves are answered from the ``mentions`` table where the tag stage has
run (the tagger knows inflections, defined abbreviations and false friends) and,
for documents the tag stage has not seen, from an FTS5 OR of the concept's labels.

The full-text parts go through three methods, ``_fts_ranked``, ``_fts_ids`` and
``highlight_passages``; this class gives SQLite's (FTS5, bm25), :mod:`dclit.store.pg_search`
PostgreSQL's (tsvector, ts_rank). The rest of the SQL is shared.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from dclit.errors import QueryError

MIGRATIONS: dict[int, list[str]] = {
    5: [
        # mentions of one passage (KWIC spans, document view) without scanning the document
        """CREATE INDEX IF NOT EXISTS mentions_passage ON mentions(doc_id, passage)""",
        # concept search straight from the index (no lookups into the mentions table)
        """CREATE INDEX IF NOT EXISTS mentions_concept_passage ON mentions(concept, doc_id, passage, flag)""",
    ],
}

CONCEPT_SOURCES = ("auto", "mentions", "labels")


# -- the query tree the store accepts ---------------------------------------
@dataclass(frozen=True, slots=True)
class QText:
    """A word (``prefix``: ``word*``) or an exact phrase; FTS5 tokenises it."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class QConcept:
    """Every label (all languages) of ``ids`` (a concept and its narrower ones)."""

    name: str
    ids: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QAnd:
    items: tuple  # of nodes; QNot items subtract


@dataclass(frozen=True, slots=True)
class QOr:
    items: tuple


@dataclass(frozen=True, slots=True)
class QNot:
    item: object


@dataclass(frozen=True, slots=True)
class SearchFilters:
    langs: tuple[str, ...] = ()  # passage language (else the document's), e.g. ("en", "fr")
    year_from: int | None = None
    year_to: int | None = None
    doc_types: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    theme: str | None = None  # concept id: documents with a theme profile for it
    theme_passage: bool = False  # …or only passages with a passage-level profile
    kinds: tuple[str, ...] = ()  # passage kinds (body, heading, footnote…)


@dataclass(frozen=True, slots=True)
class PassageRow:
    id: int
    doc_id: str
    idx: int
    page: int
    start: int
    end: int
    kind: str
    lang: str | None
    text: str
    path: str
    title: str | None
    year: int | None
    organisation: str | None
    language: str | None
    doc_type: str | None
    score: float | None
    tagged: bool  # the tag stage has run on this document


@dataclass(frozen=True, slots=True)
class MentionRow:
    doc_id: str
    passage: int
    start: int  # document offsets
    end: int
    page: int
    concept: str
    label: str
    lang: str
    text: str
    flag: str | None


@dataclass(frozen=True, slots=True)
class PageRow:
    number: int
    start: int
    end: int
    label: str | None


@dataclass(frozen=True, slots=True)
class FacetValues:
    """What the filters of a search form can offer."""

    languages: tuple[str, ...]
    doc_types: tuple[str, ...]
    years: tuple[int, ...]
    documents: tuple[tuple[str, str], ...]  # (doc_id, title or path)


def unmark(marked: str, start: str, end: str) -> tuple[list[tuple[int, int]], str]:
    """The spans between ``start`` and ``end`` marks in ``marked`` (offsets into the text without
    the marks), and that text."""
    spans, plain, pos, begin = [], [], 0, 0
    for piece in re.split(f"({re.escape(start)}|{re.escape(end)})", marked):
        if piece == start:
            begin = pos
        elif piece == end:
            spans.append((begin, pos))
        else:
            plain.append(piece)
            pos += len(piece)
    return spans, "".join(plain)


def fts_string(text: str) -> str:
    """``text`` as one FTS5 string (double quotes doubled): a phrase, never syntax."""
    return '"' + text.replace('"', '""') + '"'


def fts_expression(node) -> str:
    """The FTS5 MATCH string of a tree of text nodes (concepts: OR of their labels)."""
    if isinstance(node, QText):
        return fts_string(node.text) + (" *" if node.prefix else "")
    if isinstance(node, QConcept):
        return "(" + " OR ".join(fts_string(x) for x in node.labels) + ")" if node.labels else '""'
    if isinstance(node, QOr):
        return "(" + " OR ".join(fts_expression(x) for x in node.items) + ")"
    if isinstance(node, QAnd):
        pos = [fts_expression(x) for x in node.items if not isinstance(x, QNot)]
        neg = [fts_expression(x.item) for x in node.items if isinstance(x, QNot)]
        return "(" + " AND ".join(pos) + "".join(f" NOT {n}" for n in neg) + ")"
    raise TypeError(f"not a query node: {node!r}")


def has_concept(node) -> bool:
    if isinstance(node, QConcept):
        return True
    if isinstance(node, QNot):
        return has_concept(node.item)
    return isinstance(node, (QAnd, QOr)) and any(has_concept(x) for x in node.items)


def positive_leaves(node, *, concepts: bool = True) -> list:
    """Leaves that make a passage match (not those under NOT): what ranking and highlighting use."""
    if isinstance(node, QNot):
        return []
    if isinstance(node, (QAnd, QOr)):
        return [leaf for x in node.items for leaf in positive_leaves(x, concepts=concepts)]
    if isinstance(node, QConcept) and not concepts:
        return []
    return [node]


_ROW = ("p.id, p.doc_id, p.idx, p.page, p.start, p.\"end\", p.kind, p.lang, p.text, d.path, d.title, d.year, "
        "d.organisation, d.language, d.doc_type")
_TAGGED = "(SELECT doc_id FROM stages WHERE stage = 'tag')"


class SearchSQL:
    """Read-only query methods for search, usage and the web page."""

    # -- search ------------------------------------------------------------
    def search_passages(self, node, filters: SearchFilters = SearchFilters(), *, limit: int = 20,
                        offset: int = 0, source: str = "auto") -> tuple[int, list[PassageRow]]:
        """(number of matching passages, one page of them, best first).

        Text queries rank by bm25. With concepts (``source`` auto/mentions), passages rank by
        bm25 of the query's words if it has any, then by a BM25-style score of the concept's
        mentions in the passage (count saturating, normalised by length; negative, lower is better).
        """
        if source not in CONCEPT_SOURCES:
            raise ValueError(f"source must be one of {CONCEPT_SOURCES}; got {source!r}")
        args: list = []
        if has_concept(node) and source != "labels":
            ctes, joins, score, extra = self._concept_ranking(node, args, source)
        else:
            ctes = [f"hits(id, score) AS ({self._fts_ranked(node, args)})"]
            joins, score, extra = "", "h.score", ""
        where, fargs = _filter_sql(filters)
        docs = "JOIN documents d ON d.doc_id = p.doc_id" if "d." in where else ""
        sql = (f"WITH {', '.join(ctes)} SELECT p.id, {score}, COUNT(*) OVER () FROM hits h "
               f"JOIN passages p ON p.id = h.id {docs} {joins} WHERE {where} "
               f"ORDER BY {score} IS NULL, {score}{extra}, p.doc_id, p.idx LIMIT ? OFFSET ?")
        ranked = self._query(sql, args + fargs + [limit, offset])
        if not ranked:
            return (self._count_beyond(sql, args + fargs, offset) if offset else 0), []
        return ranked[0][2], self._passage_rows([(r[0], r[1]) for r in ranked])

    def _concept_ranking(self, node, args: list, source: str) -> tuple[list[str], str, str, str]:
        """CTEs (mention counts ``mc``, matching ``hits``, word bm25 ``r``), joins, score, tie-break."""
        concept_ids = tuple(dict.fromkeys(c for leaf in positive_leaves(node) if isinstance(leaf, QConcept)
                                          for c in leaf.ids))
        ctes, joins = [], []
        if concept_ids:
            args.extend(concept_ids)
            ctes.append("mc(id, n) AS (SELECT p.id, COUNT(*) FROM mentions m JOIN passages p ON p.doc_id = m.doc_id "
                        f"AND p.idx = m.passage WHERE m.concept IN ({','.join('?' * len(concept_ids))}) "
                        "AND m.flag IS NULL GROUP BY p.id)")
            joins.append("LEFT JOIN mc ON mc.id = h.id")
        if isinstance(node, QConcept):  # the common case: the counts are the hits
            ctes.append(f"hits(id) AS (SELECT id FROM mc{self._label_fallback(node, args, source)})")
        else:
            ctes.append(f"hits(id) AS ({self._set_sql(node, args, source)})")
        words = positive_leaves(node, concepts=False)
        if words:
            ctes.append(f"r(id, score) AS ({self._fts_ranked(QOr(tuple(words)), args)})")
            joins.append("LEFT JOIN r ON r.id = h.id")
        # BM25-style: mention count saturating (k1 = 1.2), normalised by passage length (b = 0.75)
        # against a typical passage of 500 characters; negative, so lower is better as with bm25().
        density = ('(-2.2 * mc.n / (mc.n + 1.2 * (0.25 + 0.75 * (p."end" - p.start) / 500.0)))'
                   if concept_ids else "NULL")
        score = "r.score" if words else density
        extra = f", {density}" if words and concept_ids else ""
        return ctes, " ".join(joins), score, extra

    def _label_fallback(self, node: QConcept, args: list, source: str) -> str:
        """UNION of passages of never-tagged documents that hold one of the concept's labels."""
        if source != "auto" or not node.labels or not self._untagged_documents():
            return ""
        return (f" UNION SELECT f.id FROM ({self._fts_ids(node, args)}) AS f JOIN passages p ON p.id = f.id "
                f"WHERE p.doc_id NOT IN {_TAGGED}")

    def _passage_rows(self, ranked: list[tuple[int, float | None]]) -> list[PassageRow]:
        """The rows of passages ``ranked`` (id, score), in that order."""
        ids = [pid for pid, _ in ranked]
        rows = {r[0]: r for r in self.db.execute(
            f"SELECT {_ROW}, p.doc_id IN {_TAGGED} FROM passages p JOIN documents d ON d.doc_id = p.doc_id "
            f"WHERE p.id IN ({','.join('?' * len(ids))})", ids)}
        return [PassageRow(*rows[pid][:15], score, bool(rows[pid][15])) for pid, score in ranked]

    def _count_beyond(self, sql: str, args: list, offset: int) -> int:
        """Total when ``offset`` ran past the end (the page came back empty)."""
        row = self._query(sql, args + [1, 0])
        return row[0][2] if row else 0

    def _query(self, sql: str, args: list) -> list[tuple]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "MATCH" in str(exc):
                raise QueryError(f"the full-text index refused the query ({exc}).",
                                 hint="Quote words with unusual characters: \"like-this\".") from exc
            raise

    def _set_sql(self, node, args: list, source: str) -> str:
        """A SELECT of passage ids matching ``node`` (set operations over its parts)."""
        if not has_concept(node):
            return self._fts_ids(node, args)
        if isinstance(node, QConcept):
            marks = ",".join("?" * len(node.ids))
            args.extend(node.ids)
            sql = ("SELECT DISTINCT p.id AS id FROM mentions m JOIN passages p ON p.doc_id = m.doc_id AND p.idx = m.passage "
                   f"WHERE m.concept IN ({marks}) AND m.flag IS NULL")
            return sql + self._label_fallback(node, args, source)
        if isinstance(node, QOr):
            return " UNION ".join(f"SELECT id FROM ({self._set_sql(x, args, source)}) AS s" for x in node.items)
        if isinstance(node, QAnd):
            pos = [x for x in node.items if not isinstance(x, QNot)]
            neg = [x.item for x in node.items if isinstance(x, QNot)]
            sql = " INTERSECT ".join(f"SELECT id FROM ({self._set_sql(x, args, source)}) AS s" for x in pos)
            for x in neg:
                sql += f" EXCEPT SELECT id FROM ({self._set_sql(x, args, source)}) AS s"
            return sql
        raise TypeError(f"not a query node: {node!r}")

    def _untagged_documents(self) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM documents WHERE doc_id NOT IN {_TAGGED}").fetchone()[0]

    # -- full text (FTS5; the PostgreSQL store overrides these) -------------
    def _fts_ranked(self, node, args: list) -> str:
        """A SELECT of (id, score) of passages matching the text tree ``node``; lower scores rank first."""
        args.append(fts_expression(node))
        return "SELECT rowid AS id, bm25(passages_fts) AS score FROM passages_fts WHERE passages_fts MATCH ?"

    def _fts_ids(self, node, args: list) -> str:
        """A SELECT of the ids of passages matching the text tree ``node``."""
        args.append(fts_expression(node))
        return "SELECT rowid AS id FROM passages_fts WHERE passages_fts MATCH ?"

    def highlight_passages(self, node, ids: list[int], start: str, end: str) -> dict[int, str]:
        """Passage text with ``start``/``end`` around each match of the text tree ``node``."""
        if not ids:
            return {}
        sql = ("SELECT rowid, highlight(passages_fts, 0, ?, ?) FROM passages_fts WHERE passages_fts MATCH ? "
               "AND rowid = ?")
        expression, out = fts_expression(node), {}
        for pid in ids:
            out.update(self._query(sql, [start, end, expression, pid]))
        return out

    # -- passages, mentions, pages -----------------------------------------
    def passage_mentions(self, doc_id: str, first: int, last: int, concepts: tuple[str, ...] = (), *,
                         flagged: bool = True) -> list[MentionRow]:
        """Mentions in passages ``first``..``last`` (indices) of a document, in text order."""
        sql = ('SELECT doc_id, passage, start, "end", page, concept, label, lang, text, flag FROM mentions '
               "WHERE doc_id = ? AND passage BETWEEN ? AND ?")
        args: list = [doc_id, first, last]
        if concepts:
            sql += f" AND concept IN ({','.join('?' * len(concepts))})"
            args += list(concepts)
        if not flagged:
            sql += " AND flag IS NULL"
        return [MentionRow(*r) for r in self.db.execute(sql + " ORDER BY start, concept", args)]

    def mentions_of_passages(self, keys: list[tuple[str, int]], concepts: tuple[str, ...]) -> list[MentionRow]:
        """Unflagged mentions of ``concepts`` in the passages ``keys`` ((doc_id, index) pairs), one query."""
        if not keys or not concepts:
            return []
        rows = self.db.execute(
            'SELECT m.doc_id, m.passage, m.start, m."end", m.page, m.concept, m.label, m.lang, m.text, m.flag '
            "FROM json_each(?) j CROSS JOIN mentions m ON m.doc_id = j.value ->> 0 AND m.passage = j.value ->> 1 "
            f"WHERE m.concept IN ({','.join('?' * len(concepts))}) AND m.flag IS NULL ORDER BY m.doc_id, m.start",
            [json.dumps(keys), *concepts])
        return [MentionRow(*r) for r in rows]

    def doc_pages(self, doc_id: str) -> list[PageRow]:
        return [PageRow(*r) for r in self.db.execute(
            'SELECT number, start, "end", label FROM pages WHERE doc_id = ? ORDER BY number', (doc_id,))]

    def doc_passages(self, doc_id: str, first: int, last: int) -> list[PassageRow]:
        """Passages ``first``..``last`` (indices) of one document, with its metadata."""
        rows = self.db.execute(
            f"SELECT {_ROW}, NULL, p.doc_id IN {_TAGGED} FROM passages p JOIN documents d ON d.doc_id = p.doc_id "
            "WHERE p.doc_id = ? AND p.idx BETWEEN ? AND ? ORDER BY p.idx", (doc_id, first, last)).fetchall()
        return [PassageRow(*r[:16], bool(r[16])) for r in rows]

    def passage_count(self, doc_id: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM passages WHERE doc_id = ?", (doc_id,)).fetchone()[0]

    def resolve_documents(self, ref: str) -> list[str]:
        """Doc ids whose id starts with ``ref`` or whose path is, or ends with, ``ref``."""
        pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute(
            "SELECT doc_id FROM documents WHERE doc_id LIKE ? ESCAPE '\\' OR path = ? OR path LIKE ? ESCAPE '\\' "
            "ORDER BY path", (pattern + "%", ref, "%/" + pattern))
        return [r[0] for r in rows]

    def search_facets(self) -> FacetValues:
        one = lambda sql: tuple(r[0] for r in self.db.execute(sql))  # noqa: E731
        docs = tuple((r[0], r[1]) for r in self.db.execute(
            "SELECT doc_id, COALESCE(title, path) FROM documents ORDER BY COALESCE(title, path)"))
        return FacetValues(
            languages=one("SELECT DISTINCT lang FROM (SELECT COALESCE(p.lang, d.language) AS lang FROM passages p "
                          "JOIN documents d ON d.doc_id = p.doc_id) AS x WHERE lang IS NOT NULL ORDER BY 1"),
            doc_types=one("SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL ORDER BY 1"),
            years=one("SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY 1"), documents=docs)

    # -- usage -------------------------------------------------------------
    def concept_mention_rows(self, concepts: tuple[str, ...]) -> list[tuple]:
        """(mention…, document metadata) for every mention of ``concepts``, flagged ones included."""
        marks = ",".join("?" * len(concepts))
        return self.db.execute(
            'SELECT m.doc_id, m.concept, m.label, m.lang, m.text, m.start, m."end", m.page, m.passage, m.flag, '
            "d.path, d.title, d.organisation, d.year, d.language, d.doc_type, d.n_words FROM mentions m "
            f"JOIN documents d ON d.doc_id = m.doc_id WHERE m.concept IN ({marks}) "
            "ORDER BY d.path, m.start, m.concept", list(concepts)).fetchall()

    def document_sizes(self, *, tagged_only: bool = True) -> list[tuple]:
        """(doc_id, path, title, organisation, year, language, doc_type, n_words) of every document."""
        sql = "SELECT doc_id, path, title, organisation, year, language, doc_type, n_words FROM documents"
        if tagged_only:
            sql += f" WHERE doc_id IN {_TAGGED}"
        return self.db.execute(sql + " ORDER BY path").fetchall()

    def iter_passage_texts(self, *, tagged_only: bool = True):
        """(doc_id, idx, start, lang, text) of every passage, in document order (a cursor)."""
        sql = "SELECT p.doc_id, p.idx, p.start, p.lang, p.text FROM passages p"
        if tagged_only:
            sql += f" WHERE p.doc_id IN {_TAGGED}"
        return self.db.execute(sql + " ORDER BY p.doc_id, p.idx")

    def mention_counts(self) -> dict[str, tuple[int, int]]:
        """concept -> (mentions, documents), flagged mentions left out."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT concept, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions WHERE flag IS NULL GROUP BY concept")}

    def has_mentions(self) -> bool:
        return self.db.execute("SELECT EXISTS (SELECT 1 FROM stages WHERE stage = 'tag')").fetchone()[0] == 1


def _filter_sql(f: SearchFilters) -> tuple[str, list]:
    parts, args = ["1=1"], []
    if f.langs:
        parts.append(f"lower(substr(COALESCE(p.lang, d.language, ''), 1, 2)) IN ({','.join('?' * len(f.langs))})")
        args += [x.lower()[:2] for x in f.langs]
    if f.year_from is not None:
        parts.append("d.year >= ?")
        args.append(f.year_from)
    if f.year_to is not None:
        parts.append("d.year <= ?")
        args.append(f.year_to)
    for column, values in (("d.doc_type", f.doc_types), ("p.doc_id", f.doc_ids), ("p.kind", f.kinds)):
        if values:
            parts.append(f"{column} IN ({','.join('?' * len(values))})")
            args += list(values)
    if f.theme:
        if f.theme_passage:
            parts.append("EXISTS (SELECT 1 FROM theme_profiles t WHERE t.doc_id = p.doc_id AND t.concept = ? "
                         "AND t.passage = p.idx AND t.count > 0)")
        else:
            parts.append("EXISTS (SELECT 1 FROM theme_profiles t WHERE t.doc_id = p.doc_id AND t.concept = ? "
                         "AND t.passage = -1 AND t.count > 0)")
        args.append(f.theme)
    return " AND ".join(parts), args

