"""The store: the only package that speaks SQL.

``open_store(location)`` returns a backend chosen by the location: a path (or
``sqlite:///path``) gives the embedded SQLite store (:mod:`dclit.store.sqlite`); a
``postgresql://`` URL the PostgreSQL one (:mod:`dclit.store.postgres`). Both share the SQL of
the stage mixins. Stages never see SQL; they hand records to the store.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FileRow:
    path: str
    corpus: str
    doc_id: str | None
    size: int | None
    mtime_ns: int | None
    status: str  # ok | failed | removed
    stage: str | None = None
    code: str | None = None
    error: str | None = None
    updated: str = ""


@dataclass(frozen=True, slots=True)
class DocRow:
    doc_id: str
    path: str
    title: str | None
    authors: tuple[str, ...]
    organisation: str | None
    year: int | None
    language: str | None
    doc_type: str | None
    page_count: int
    n_words: int
    n_passages: int
    engine: str | None
    status: str
    stages: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class StoreStatus:
    location: str
    schema_version: int
    documents: int
    pages: int
    passages: int
    words: int
    failures: list[FileRow]
    removed: int
    size_bytes: int
    last_run: dict | None
    languages: dict[str, int] = field(default_factory=dict)


def open_store(location: str | Path, *, readonly: bool = False):
    """Open (creating if needed, unless ``readonly``) the store at ``location``: a path (or
    ``sqlite:///path``) for SQLite, a ``postgresql://`` URL for PostgreSQL."""
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://")):
        from dclit.store.postgres import PostgresStore
        return PostgresStore(loc, readonly=readonly)
    if loc.startswith("sqlite:///"):
        loc = loc[len("sqlite:///"):]
    if os.environ.get(TEST_REDIRECT):
        return _test_redirect(os.environ[TEST_REDIRECT], loc, readonly)
    from dclit.store.sqlite import SQLiteStore
    return SQLiteStore(Path(loc), readonly=readonly)


# For the test suite only (tests/conftest.py --pg): every SQLite path becomes a schema of this
# PostgreSQL database, named after the path, so the whole suite runs on PostgreSQL unchanged.
TEST_REDIRECT = "DCLIT_TEST_PG_REDIRECT"


def _test_redirect(url: str, path: str, readonly: bool):
    from dclit.store.postgres import PostgresStore

    resolved = Path(path).resolve()
    if not readonly:
        resolved.parent.mkdir(parents=True, exist_ok=True)
    schema = "t_" + hashlib.sha1(str(resolved).encode()).hexdigest()[:24]
    return PostgresStore(f"{url}{'&' if '?' in url else '?'}schema={schema}", readonly=readonly, label=path)
