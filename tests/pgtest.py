"""Helpers for tests on PostgreSQL: throw-away databases and schemas on the test server."""
from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit, urlunsplit


def _admin(server: str):
    import psycopg

    return psycopg.connect(server, autocommit=True)


def with_database(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, ""))


def create_database(server: str, dbname: str) -> str:
    with _admin(server) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{dbname}"')
    return with_database(server, dbname)


def drop_database(server: str, url: str) -> None:
    dbname = urlsplit(url).path.lstrip("/")
    with _admin(server) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def fresh_schema(server: str, name: str) -> tuple[str, callable]:
    """(a store URL naming a new schema, a function dropping it)."""
    schema = "s_" + re.sub(r"[^a-z0-9_]", "_", name.lower())[:30] + "_" + uuid.uuid4().hex[:8]

    def cleanup() -> None:
        with _admin(server) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    return f"{server}{'&' if '?' in server else '?'}schema={schema}", cleanup
