"""Talking to PostgreSQL: the store URL, the connection, and the SQL dialect.

The store's SQL is written once, in SQLite's dialect with ``?`` placeholders.
:class:`PGConnection` gives a psycopg connection the small part of the ``sqlite3``
interface the store uses (``execute``, ``executemany``, ``in_transaction``,
``total_changes``) and translates each statement on the way (cached):

* ``?`` -> ``%s`` (and a literal ``%`` -> ``%%``), outside strings and comments;
* ``INSERT OR REPLACE`` -> ``INSERT … ON CONFLICT (key) DO UPDATE``;
  ``INSERT OR IGNORE`` -> ``INSERT … ON CONFLICT DO NOTHING``;
* in migrations (:func:`postgres_ddl`): ``INTEGER PRIMARY KEY`` -> an identity column,
  ``INTEGER`` -> ``BIGINT``, ``REAL`` -> ``DOUBLE PRECISION``, ``BLOB`` -> ``BYTEA``.

psycopg is imported only when a PostgreSQL store is opened. Its errors reach the rest of
dclit as :class:`PostgresError` (so ``except STORE_ERRORS`` needs no psycopg import).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dclit.errors import ConfigError, MissingExtraError, StoreError

SCHEMES = ("postgresql://", "postgres://")

# The key INSERT OR REPLACE conflicts on, per table (its primary key).
CONFLICT_KEYS = {
    "meta": ("key",),
    "stages": ("doc_id", "stage"),
    "mentions": ("doc_id", "start", "concept"),
    "theme_profiles": ("doc_id", "concept", "passage"),
    "embeddings": ("passage_hash", "model"),
    "topic_assignments": ("doc_id", "idx"),
}


class PostgresError(Exception):
    """A database error from the PostgreSQL server (the psycopg error is its ``__cause__``)."""


@dataclass(frozen=True, slots=True)
class PGLocation:
    """A parsed store URL: what psycopg connects to, the schema, and a password-free label."""

    conninfo: str
    schema: str
    label: str  # safe to print: no password
    host: str
    dbname: str


def parse_url(url: str) -> PGLocation:
    """``postgresql://user[:password]@host[:port]/db[?schema=name&…]``; other query
    parameters (sslmode, options…) go to libpq unchanged. The schema defaults to ``public``."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in params if k == "schema"), "public")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        raise ConfigError(f"the store URL names schema {schema!r}; a schema must be lower-case letters, digits "
                          "and _ (starting with a letter or _).", hint="e.g. ?schema=dclit")
    rest = urlencode([(k, v) for k, v in params if k != "schema"])
    conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, rest, ""))
    netloc = parts.hostname or "localhost"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc += f":{parts.port}"
    dbname = parts.path.lstrip("/") or (parts.username or "postgres")
    label = urlunsplit((parts.scheme, netloc, parts.path, "" if schema == "public" else f"schema={schema}", ""))
    host = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    return PGLocation(conninfo=conninfo, schema=schema, label=label, host=host, dbname=dbname)


def connect(loc: PGLocation):
    """A psycopg connection (autocommit; transactions are explicit), or a StoreError saying what to do."""
    try:
        import psycopg
    except ImportError:
        raise MissingExtraError("the PostgreSQL store needs psycopg, which is not installed.",
                                hint="pip install 'psycopg[binary]'") from None
    try:
        conn = psycopg.connect(loc.conninfo, autocommit=True, connect_timeout=10,
                               application_name="dclit")
    except psycopg.OperationalError as e:
        reason = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        if "password" in reason or "authentication" in reason:
            hint = "Check the user name and password in the URL (or in ~/.pgpass)."
        elif "does not exist" in reason:
            hint = f"Create the database first (createdb {loc.dbname}) or name another one in the URL."
        else:
            hint = "Start the server, or check the host and port in the URL (scripts/pg.sh start gives a local one)."
        raise StoreError(f"cannot connect to PostgreSQL at {loc.host}, database {loc.dbname} ({reason}).",
                         hint=hint) from None
    _load_numeric_as_float(conn)
    return conn


def _load_numeric_as_float(conn) -> None:
    """numeric results (arithmetic on decimal literals) as float, as SQLite returns them."""
    from psycopg.types.numeric import FloatLoader

    conn.adapters.register_loader("numeric", FloatLoader)


class PGConnection:
    """A psycopg connection with the ``sqlite3``-style interface the store's SQL uses."""

    def __init__(self, conn):
        self.conn = conn
        self.total_changes = 0

    def execute(self, sql: str, params=()):
        import psycopg

        cur = self.conn.cursor()
        try:
            cur.execute(to_postgres(sql), tuple(params))
        except psycopg.Error as e:
            raise PostgresError(str(e).strip()) from e
        self._count(cur)
        return cur

    def executemany(self, sql: str, rows) -> None:
        import psycopg

        rows = [tuple(r) for r in rows]
        if not rows:
            return
        cur = self.conn.cursor()
        try:
            cur.executemany(to_postgres(sql), rows)
        except psycopg.Error as e:
            raise PostgresError(str(e).strip()) from e
        self._count(cur)

    def _count(self, cur) -> None:
        if (cur.statusmessage or "").startswith(("INSERT", "UPDATE", "DELETE")) and cur.rowcount > 0:
            self.total_changes += cur.rowcount

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.conn.info.transaction_status != TransactionStatus.IDLE

    def transaction(self):
        return self.conn.transaction()

    def close(self) -> None:
        self.conn.close()


@lru_cache(maxsize=512)
def to_postgres(sql: str) -> str:
    """One statement of the store's SQLite dialect in PostgreSQL's (see the module docstring)."""
    out = _placeholders(sql)
    m = re.match(r"\s*INSERT OR (REPLACE|IGNORE) INTO (\w+)\s*\(([^)]*)\)", out, re.IGNORECASE)
    if m is None:
        return out
    how, table, cols = m.group(1).upper(), m.group(2), [c.strip().strip('"') for c in m.group(3).split(",")]
    out = "INSERT INTO" + out[m.start(2) - 1:]
    if how == "IGNORE":
        return out + " ON CONFLICT DO NOTHING"
    if table not in CONFLICT_KEYS:
        raise RuntimeError(f"INSERT OR REPLACE into {table}: add its key to pg_conn.CONFLICT_KEYS")
    key = CONFLICT_KEYS[table]
    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in cols if c not in key)
    return out + f" ON CONFLICT ({', '.join(key)}) " + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")


def _placeholders(sql: str) -> str:
    """``?`` -> ``%s`` and ``%`` -> ``%%``, leaving quoted strings, identifiers and comments alone."""
    out, i, n = [], 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            j = sql.find(ch, i + 1)
            j = n - 1 if j < 0 else j
            out.append(sql[i:j + 1].replace("%", "%%"))
            i = j + 1
            continue
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j].replace("%", "%%"))
            i = j
            continue
        out.append("%s" if ch == "?" else "%%" if ch == "%" else ch)
        i += 1
    return "".join(out)


def postgres_ddl(statement: str) -> str:
    """A migration statement's column types in PostgreSQL's terms."""
    s = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", statement)
    s = re.sub(r"\bINTEGER\b", "BIGINT", s)
    s = re.sub(r"\bREAL\b", "DOUBLE PRECISION", s)
    return re.sub(r"\bBLOB\b", "BYTEA", s)
