"""SQL of the topics stage (a mixin of the SQLite store) and its migrations."""
from __future__ import annotations

MIGRATIONS: dict[int, list[str]] = {}


class TopicsSQL:
    """Methods the SQLite store gains for the topics stage."""
