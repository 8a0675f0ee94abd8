"""Full-text search on PostgreSQL: a ``tsvector`` per passage built with its language's
text search configuration, matched and ranked with the same configuration.

Each language PostgreSQL stems (English, French, Spanish, German, Dutch, Italian…) gets a
configuration ``dclit_<name>`` in the store's schema: the built-in one with the ``unaccent``
dictionary in front of the stemmer, so accents never matter (like SQLite's
``remove_diacritics 2``). Other languages use ``dclit_simple`` (unaccented, lower-cased,
not stemmed). A trigger fills ``passages.ts_config`` (the passage's language, else its
document's) and ``passages.tsv``; a GIN index serves the matches.

A query tree is turned into one ``tsquery`` per configuration (every user word reaches the
server as a bound parameter, through ``phraseto_tsquery``; ``word*`` becomes a prefix
query on its stem); a passage matches when its ``tsv`` matches the query of its own
configuration. Scores are ``-ts_rank_cd`` (cover density over 1 + log length: more
and closer matches in a shorter passage rank higher; lower is better, as with bm25), ties broken by
document and passage as on SQLite.

Unlike SQLite (which does not stem), words match their inflections (``cooperate`` finds
``cooperation``) and stop words alone (``the``) match nothing.
"""
from __future__ import annotations

import re

from dclit.errors import QueryError
from dclit.store.pg_conn import PostgresError
from dclit.store.search_sql import MentionRow, QAnd, QConcept, QNot, QOr, QText, positive_leaves, unmark

# ISO 639-1 code -> PostgreSQL's built-in configuration (all present since PostgreSQL 12).
LANGUAGES = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}
_START, _END = "\x02", "\x03"  # ts_headline's marks, never in stored text (extraction drops controls)
_WORD = re.compile(r"\w+")
_WORD_TYPES = "hword, hword_part, word, asciihword, hword_asciipart, asciiword"


def fts_migration(unaccent_schema: str) -> list[str]:
    """The PostgreSQL side of migration 1 (SQLite's is FTS5): configurations, trigger, index."""
    u = f'"{unaccent_schema}".unaccent'
    out = ["CREATE TEXT SEARCH CONFIGURATION dclit_simple (COPY = pg_catalog.simple)",
           f"ALTER TEXT SEARCH CONFIGURATION dclit_simple ALTER MAPPING FOR {_WORD_TYPES} WITH {u}, simple"]
    for name in sorted(set(LANGUAGES.values())):
        out += [f"CREATE TEXT SEARCH CONFIGURATION dclit_{name} (COPY = pg_catalog.{name})",
                f"ALTER TEXT SEARCH CONFIGURATION dclit_{name} ALTER MAPPING FOR {_WORD_TYPES} "
                f"WITH {u}, {name}_stem"]
    values = ", ".join(f"('{code}', 'dclit_{name}')" for code, name in sorted(LANGUAGES.items()))
    return out + [
        "CREATE TABLE ts_configs (code TEXT PRIMARY KEY, cfg TEXT NOT NULL)",
        f"INSERT INTO ts_configs(code, cfg) VALUES {values}, ('*', 'dclit_simple')",
        """CREATE FUNCTION dclit_ts_config(lang TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
            SELECT COALESCE((SELECT cfg FROM ts_configs WHERE code = lower(substr(lang, 1, 2))), 'dclit_simple')
        $$""",
        """CREATE FUNCTION dclit_prefix(q tsquery) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN numnode(q) = 0 THEN q ELSE (q::text || ':*')::tsquery END
        $$""",
        "ALTER TABLE passages ADD COLUMN ts_config TEXT, ADD COLUMN tsv tsvector",
        """CREATE FUNCTION passages_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.ts_config := dclit_ts_config(COALESCE(NEW.lang,
                (SELECT language FROM documents WHERE doc_id = NEW.doc_id)));
            NEW.tsv := to_tsvector(NEW.ts_config::regconfig, NEW.text);
            RETURN NEW;
        END $$""",
        "CREATE TRIGGER passages_tsv BEFORE INSERT OR UPDATE ON passages FOR EACH ROW EXECUTE FUNCTION passages_tsv()",
        "CREATE INDEX passages_tsv_gin ON passages USING GIN (tsv)",
    ]


def tsquery_sql(node, args: list) -> str:
    """A tsquery expression of the text tree ``node`` for the configuration ``cfg``; words go to ``args``."""
    if isinstance(node, QText):
        args.append(node.text)
        q = "phraseto_tsquery(cfg::regconfig, ?)"
        return f"dclit_prefix({q})" if node.prefix else q
    if isinstance(node, QConcept):
        return _join([tsquery_sql(QText(label), args) for label in node.labels], "||")
    if isinstance(node, QOr):
        return _join([tsquery_sql(x, args) for x in node.items], "||")
    if isinstance(node, QAnd):
        parts = [tsquery_sql(x, args) if not isinstance(x, QNot) else f"!!{tsquery_sql(x.item, args)}"
                 for x in node.items]
        return _join(parts, "&&")
    raise TypeError(f"not a query node: {node!r}")


def _join(parts: list[str], op: str) -> str:
    return "(" + f" {op} ".join(parts) + ")" if parts else "''::tsquery"


def _queries(node, args: list) -> str:
    """A subquery ``q(cfg, query)``: the tsquery of ``node`` under every configuration."""
    # OFFSET 0 keeps the subquery from being pulled up: each tsquery is built once, not once per passage
    return f"(SELECT cfg, {tsquery_sql(node, args)} AS query FROM ts_configs OFFSET 0) AS q"


class PGSearchSQL:
    """PostgreSQL's full text, in place of the FTS5 methods of :class:`SearchSQL`."""

    # One GIN index probe per configuration: the LATERAL subquery (kept apart by OFFSET 0) is
    # run for each (configuration, tsquery) row, so the planner cannot turn the match into a
    # scan of every passage joined against the queries.
    def _fts_ranked(self, node, args: list) -> str:
        return (f"SELECT m.id AS id, m.score AS score FROM {_queries(node, args)} CROSS JOIN LATERAL "
                "(SELECT p.id, -ts_rank_cd(p.tsv, q.query, 1) AS score FROM passages p "
                "WHERE p.tsv @@ q.query AND p.ts_config = q.cfg OFFSET 0) AS m")

    def _fts_ids(self, node, args: list) -> str:
        return (f"SELECT m.id AS id FROM {_queries(node, args)} CROSS JOIN LATERAL "
                "(SELECT p.id FROM passages p WHERE p.tsv @@ q.query AND p.ts_config = q.cfg OFFSET 0) AS m")

    def highlight_passages(self, node, ids: list[int], start: str, end: str) -> dict[int, str]:
        """Passage text with ``start``/``end`` around each match of the text tree ``node``.

        ``ts_headline`` marks every matching word, also a lone word of a phrase; so words are
        marked in one pass and each phrase in its own, keeping only runs of its words (next to
        each other, or across one short word such as "of") and marking a run as one span,
        as FTS5 does."""
        if not ids:
            return {}
        texts = dict(self.db.execute(f"SELECT id, text FROM passages WHERE id IN ({','.join('?' * len(ids))})", ids))
        words, phrases = [], []
        for leaf in positive_leaves(node):
            for text in (leaf.labels if isinstance(leaf, QConcept) else (leaf.text,)):
                item = QText(text, prefix=getattr(leaf, "prefix", False))
                (phrases if len(_WORD.findall(text)) > 1 else words).append(item)
        spans: dict[int, list[tuple[int, int]]] = {}
        if words:
            for pid, found in self._headline_spans(QOr(tuple(words)), ids).items():
                spans.setdefault(pid, []).extend(found)
        for phrase in phrases:
            for pid, found in self._headline_spans(phrase, ids).items():
                spans.setdefault(pid, []).extend(_phrase_runs(texts[pid], found))
        return {pid: _mark(texts[pid], found, start, end) for pid, found in spans.items() if found}

    def _headline_spans(self, node, ids: list[int]) -> dict[int, list[tuple[int, int]]]:
        args: list = []
        queries = _queries(node, args)
        options = f'HighlightAll=true, StartSel="{_START}", StopSel="{_END}"'
        sql = (f"SELECT p.id, ts_headline(p.ts_config::regconfig, p.text, q.query, ?) FROM {queries} "
               f"JOIN passages p ON p.ts_config = q.cfg WHERE p.id IN ({','.join('?' * len(ids))}) "
               "AND p.tsv @@ q.query")
        return {pid: unmark(marked, _START, _END)[0] for pid, marked in self._query(sql, [options, *args, *ids])}

    def _query(self, sql: str, args: list) -> list[tuple]:
        try:
            return self.db.execute(sql, args).fetchall()
        except PostgresError as exc:
            if "tsquery" in str(exc):
                raise QueryError(f"the full-text index refused the query ({exc}).",
                                 hint="Quote words with unusual characters: \"like-this\".") from exc
            raise

    def mentions_of_passages(self, keys: list[tuple[str, int]], concepts: tuple[str, ...]) -> list[MentionRow]:
        """Unflagged mentions of ``concepts`` in the passages ``keys`` ((doc_id, index) pairs), one query."""
        if not keys or not concepts:
            return []
        rows = self.db.execute(
            'SELECT m.doc_id, m.passage, m.start, m."end", m.page, m.concept, m.label, m.lang, m.text, m.flag '
            "FROM unnest(?::text[], ?::bigint[]) AS k(doc_id, idx) JOIN mentions m ON m.doc_id = k.doc_id "
            f"AND m.passage = k.idx WHERE m.concept IN ({','.join('?' * len(concepts))}) AND m.flag IS NULL "
            "ORDER BY m.doc_id, m.start", [[k[0] for k in keys], [k[1] for k in keys], *concepts])
        return [MentionRow(*r) for r in rows]


def _phrase_runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of two or more marked words, each run one span (lone words dropped)."""
    runs: list[list[int]] = []
    for s, e in sorted(spans):
        gap = text[runs[-1][1]:s] if runs else None
        if gap is not None and re.fullmatch(r"\W*(\w{1,3}\W+)?", gap):
            runs[-1][1], runs[-1][2] = e, runs[-1][2] + 1
        else:
            runs.append([s, e, 1])
    return [(s, e) for s, e, n in runs if n > 1]


def _mark(text: str, spans: list[tuple[int, int]], start: str, end: str) -> str:
    """``text`` with ``start``/``end`` around ``spans`` (overlaps merged)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out += [text[pos:s], start, text[s:e], end]
        pos = e
    return "".join(out + [text[pos:]])
