"""Command-line interface: the only place that parses options or prints.

Each area registers its commands on ``main`` in its own module; importing them
here makes them part of ``dclit``.
"""
from dclit.cli.app import main
from dclit.cli import corpus, terms, biblio, search, tables, topics, check  # noqa: F401,E401  (each registers its commands)

__all__ = ["main"]
