"""`dclit check`: verify the store; `--repair` rebuilds what is derived."""
from __future__ import annotations

import sys

import click

from dclit.cli.app import main
from dclit.cli.common import echo_json, fail, json_option, store_location, store_option
from dclit.errors import DclitError


@main.command("check")
@store_option
@click.option("--repair", is_flag=True,
              help="Rebuild the full-text index, delete orphan rows, forget half-stored documents.")
@json_option
def check_cmd(store: str | None, repair: bool, as_json: bool) -> None:
    """Verify the store: SQLite integrity, full-text index in step with the passages, no orphan rows,
    every document complete, schema version. Exit code 1 when a problem remains."""
    from dclit.check import check_store

    try:
        report = check_store(store_location(store), repair=repair)
    except DclitError as e:
        fail(str(e))
    if as_json:
        echo_json({"location": report.location, "ok": report.ok, "schema_version": report.schema_version,
                   "documents": report.documents, "passages": report.passages, "repaired": report.repaired,
                   "problems": report.problems})
    else:
        click.echo(report.describe())
    if not report.ok:
        sys.exit(1)
