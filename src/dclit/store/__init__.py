"""The store: the only package that speaks SQL.

``open_store(location)`` returns a backend chosen by the location: a path (or
``sqlite:///path``) gives the embedded SQLite store; ``postgresql://`` is reserved
for the PostgreSQL backend. Stages never see SQL; they hand records to the store.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dclit.errors import ConfigError


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
    """Open (creating if needed, unless ``readonly``) the store at ``location``."""
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://")):
        raise ConfigError("the PostgreSQL backend is not available yet.", hint="Use a SQLite path for --store.")
    if loc.startswith("sqlite:///"):
        loc = loc[len("sqlite:///"):]
    from dclit.store.sqlite import SQLiteStore
    return SQLiteStore(Path(loc), readonly=readonly)
