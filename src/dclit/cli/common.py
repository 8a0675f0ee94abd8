"""Options and output helpers shared by every command module."""
from __future__ import annotations

import json
import os
import sys
from typing import Any, NoReturn

import click

DEFAULT_STORE = "outputs/dclit.db"


def store_location(value: str | None) -> str:
    return value or os.environ.get("DCLIT_STORE") or DEFAULT_STORE


store_option = click.option(
    "--store", "store", default=None, metavar="PATH|URL",
    help=f"Store to use (default: $DCLIT_STORE or {DEFAULT_STORE}).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print records as JSON.")


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"dclit: {message}", err=True)
    sys.exit(code)


def _default(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        from dataclasses import asdict
        return asdict(obj)
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=_default, sort_keys=False))
