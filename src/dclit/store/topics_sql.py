"""SQL of the topics stage (a mixin of the SQLite store) and its migrations.

Embeddings are a cache keyed by passage hash and model key (not by document), so a
re-extracted or moved document whose passages did not change is never re-embedded.
One topic model is active per store: its topics, and one assignment per passage
(``how`` = "fit" for passages the model was fitted on, "transform" for passages
assigned later without changing the model).
"""
from __future__ import annotations

import json

import numpy as np

from dclit.topics.records import AssignmentRow, TopicModelRow, TopicPassageRow, TopicRow

MIGRATIONS: dict[int, list[str]] = {
    4: [
        """CREATE TABLE embeddings (
            passage_hash TEXT NOT NULL, model TEXT NOT NULL, dim INTEGER NOT NULL,
            vector BLOB NOT NULL,              -- float32, little endian
            PRIMARY KEY (passage_hash, model))""",
        """CREATE TABLE topic_models (
            model_id TEXT PRIMARY KEY,         -- hash of settings + corpus fingerprint
            created TEXT NOT NULL, path TEXT NOT NULL, settings TEXT NOT NULL,
            fingerprint TEXT NOT NULL, n_passages INTEGER NOT NULL, seconds REAL)""",
        """CREATE TABLE topics (
            model_id TEXT NOT NULL REFERENCES topic_models(model_id) ON DELETE CASCADE,
            topic INTEGER NOT NULL, size INTEGER NOT NULL, label TEXT NOT NULL,
            keywords TEXT NOT NULL,            -- JSON [[word, c-TF-IDF score], ...]
            concepts TEXT NOT NULL,            -- JSON [[concept id, passages], ...]
            examples TEXT NOT NULL,            -- JSON [[doc_id, idx, similarity], ...]
            PRIMARY KEY (model_id, topic))""",
        """CREATE TABLE topic_assignments (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            idx INTEGER NOT NULL, topic INTEGER NOT NULL, prob REAL NOT NULL,
            model_id TEXT NOT NULL REFERENCES topic_models(model_id) ON DELETE CASCADE,
            how TEXT NOT NULL CHECK (how IN ('fit', 'transform')),
            PRIMARY KEY (doc_id, idx))""",
        """CREATE INDEX topic_assignments_topic ON topic_assignments(topic)""",
    ],
}


_PASSAGE_COLS = ("p.doc_id, p.idx, p.page, p.kind, p.section, p.text, p.hash, COALESCE(p.lang, d.language), "
                 "d.year, d.path, d.title")


class TopicsSQL:
    """Methods the SQLite store gains for the topics stage."""

    # -- passages ------------------------------------------------------------
    def topic_passages(self, kinds: tuple[str, ...], *, unassigned: bool = False) -> list[TopicPassageRow]:
        """Passages of the given kinds in a fixed order (doc_id, idx); with ``unassigned``
        only those without a topic assignment."""
        sql = (f"SELECT {_PASSAGE_COLS} FROM passages p JOIN documents d ON d.doc_id = p.doc_id "
               f"WHERE p.kind IN ({','.join('?' * len(kinds))})")
        if unassigned:
            sql += (" AND NOT EXISTS (SELECT 1 FROM topic_assignments a "
                    "WHERE a.doc_id = p.doc_id AND a.idx = p.idx)")
        rows = self.db.execute(sql + " ORDER BY p.doc_id, p.idx", kinds).fetchall()
        return [TopicPassageRow(*r) for r in rows]

    def topic_passages_by_key(self, keys: list[tuple[str, int]]) -> list[TopicPassageRow]:
        out = []
        for doc_id, idx in keys:
            row = self.db.execute(f"SELECT {_PASSAGE_COLS} FROM passages p JOIN documents d ON d.doc_id = p.doc_id "
                                  "WHERE p.doc_id = ? AND p.idx = ?", (doc_id, idx)).fetchone()
            if row is not None:
                out.append(TopicPassageRow(*row))
        return out

    # -- embedding cache -----------------------------------------------------
    def cached_embeddings(self, hashes: list[str], model: str) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        unique = sorted(set(hashes))
        for i in range(0, len(unique), 500):
            chunk = unique[i:i + 500]
            rows = self.db.execute(
                f"SELECT passage_hash, dim, vector FROM embeddings WHERE model = ? AND passage_hash IN "
                f"({','.join('?' * len(chunk))})", (model, *chunk))
            for h, dim, blob in rows:
                out[h] = np.frombuffer(blob, dtype="<f4", count=dim).copy()
        return out

    def save_embeddings(self, vectors: dict[str, np.ndarray], model: str) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO embeddings(passage_hash, model, dim, vector) VALUES (?,?,?,?)",
                [(h, model, int(v.shape[0]), np.asarray(v, dtype="<f4").tobytes()) for h, v in vectors.items()])

    def count_embeddings(self, model: str | None = None) -> int:
        if model is None:
            return self.db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,)).fetchone()[0]

    def prune_embeddings(self) -> int:
        """Drop cached vectors no stored passage has any more."""
        with self.transaction():
            cur = self.db.execute("DELETE FROM embeddings WHERE passage_hash NOT IN (SELECT hash FROM passages)")
        return cur.rowcount

    # -- the topic model -----------------------------------------------------
    def save_topic_model(self, model: TopicModelRow, topics: list[TopicRow],
                         assignments: list[AssignmentRow]) -> None:
        """Replace the active topic model, its topics and every assignment, atomically."""
        with self.transaction():
            self.db.execute("DELETE FROM topic_assignments")
            self.db.execute("DELETE FROM topics")
            self.db.execute("DELETE FROM topic_models")
            self.db.execute(
                "INSERT INTO topic_models(model_id, created, path, settings, fingerprint, n_passages, seconds) "
                "VALUES (?,?,?,?,?,?,?)",
                (model.model_id, model.created, model.path, json.dumps(model.settings, sort_keys=True),
                 model.fingerprint, model.n_passages, model.seconds))
            self._insert_topics(topics)
            self._insert_assignments(assignments)

    def _insert_topics(self, topics: list[TopicRow]) -> None:
        self.db.executemany(
            "INSERT INTO topics(model_id, topic, size, label, keywords, concepts, examples) VALUES (?,?,?,?,?,?,?)",
            [(t.model_id, t.topic, t.size, t.label, json.dumps(t.keywords, ensure_ascii=False),
              json.dumps(t.concepts, ensure_ascii=False), json.dumps(t.examples)) for t in topics])

    def _insert_assignments(self, assignments: list[AssignmentRow]) -> None:
        self.db.executemany(
            "INSERT INTO topic_assignments(doc_id, idx, topic, prob, model_id, how) VALUES (?,?,?,?,?,?)",
            [(a.doc_id, a.idx, a.topic, a.prob, a.model_id, a.how) for a in assignments])

    def add_topic_assignments(self, assignments: list[AssignmentRow]) -> int:
        """Add assignments of passages that have none; existing ones are never touched."""
        with self.transaction():
            before = self.db.total_changes
            self.db.executemany(
                "INSERT OR IGNORE INTO topic_assignments(doc_id, idx, topic, prob, model_id, how) "
                "VALUES (?,?,?,?,?,?)", [(a.doc_id, a.idx, a.topic, a.prob, a.model_id, a.how) for a in assignments])
            return self.db.total_changes - before

    def topic_model(self) -> TopicModelRow | None:
        row = self.db.execute("SELECT model_id, created, path, settings, fingerprint, n_passages, seconds "
                              "FROM topic_models ORDER BY created DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return TopicModelRow(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6])

    def topic_rows(self, topic: int | None = None) -> list[TopicRow]:
        sql = "SELECT model_id, topic, size, label, keywords, concepts, examples FROM topics"
        args: tuple = ()
        if topic is not None:
            sql += " WHERE topic = ?"
            args = (topic,)
        rows = self.db.execute(sql + " ORDER BY topic", args).fetchall()
        return [TopicRow(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5]), json.loads(r[6])) for r in rows]

    def topic_assignments(self, topic: int | None = None) -> list[AssignmentRow]:
        sql = "SELECT doc_id, idx, topic, prob, model_id, how FROM topic_assignments"
        args: tuple = ()
        if topic is not None:
            sql += " WHERE topic = ?"
            args = (topic,)
        return [AssignmentRow(*r) for r in self.db.execute(sql + " ORDER BY doc_id, idx", args)]

    def topic_sizes(self) -> dict[int, int]:
        """Passages per topic, counting those assigned after the fit too."""
        return dict(self.db.execute("SELECT topic, COUNT(*) FROM topic_assignments GROUP BY topic ORDER BY topic"))

    def topic_breakdown(self) -> list[tuple[int, str | None, int | None, int]]:
        """(topic, language, year, passages) for every assigned passage, grouped."""
        return [tuple(r) for r in self.db.execute(
            "SELECT a.topic, COALESCE(p.lang, d.language), d.year, COUNT(*) FROM topic_assignments a "
            "JOIN passages p ON p.doc_id = a.doc_id AND p.idx = a.idx JOIN documents d ON d.doc_id = a.doc_id "
            "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")]

    def passage_concepts(self) -> dict[tuple[str, int], set[str]]:
        """Concepts the tag stage found in each passage: {(doc_id, idx): {concept, ...}}."""
        out: dict[tuple[str, int], set[str]] = {}
        rows = self.db.execute("SELECT DISTINCT doc_id, passage, concept FROM mentions WHERE flag IS NULL")
        for doc_id, idx, concept in rows:
            out.setdefault((doc_id, idx), set()).add(concept)
        return out
