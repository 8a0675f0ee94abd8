"""SQL of search and usage (read-only queries; a mixin of the SQLite store)."""
from __future__ import annotations


class SearchSQL:
    """Read-only query methods for search, usage and the web page."""
