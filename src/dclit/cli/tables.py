"""The `tables` command: literature-review tables, the HTML report and a REFI-QDA export."""
from __future__ import annotations

from pathlib import Path

import click

from dclit.cli.app import main
from dclit.cli.common import echo_json, fail, json_option, store_location, store_option
from dclit.errors import DclitError


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


@main.command()
@store_option
@click.option("--format", "fmt", default="all", show_default=True, metavar="LIST",
              help="Comma-separated: csv, md, tex, xlsx, html, qdpx (or all).")
@click.option("--out", default="outputs", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into (tables/, tables.xlsx, report.html, corpus.qdpx).")
@click.option("--theme", default=None, metavar="CONCEPT",
              help="Only this theme (a registry concept) and its narrower concepts, in documents that mention it.")
@click.option("--docs", "docs", multiple=True, metavar="IDS|GLOBS",
              help="Only these documents: doc id prefixes or path globs, comma-separated or repeated.")
@click.option("--lang", "langs", multiple=True, metavar="LANGS",
              help="Only documents in these languages (e.g. en,fr), comma-separated or repeated.")
@click.option("--registry", "registries", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra registry file merged into the shipped one; repeatable.")
@json_option
def tables(store, fmt: str, out: Path, theme, docs, langs, registries, as_json: bool) -> None:
    """Write the literature-review tables (sources, concept and synthesis matrices, definitions,
    terminology, citations, topics, theme co-occurrence) as CSV, Markdown, LaTeX and one XLSX
    workbook, the self-contained HTML report, and the corpus as a REFI-QDA project (.qdpx)."""
    from dclit.store import open_store
    from dclit.tables import TableOptions
    from dclit.tables.outputs import make_tables, parse_formats
    from dclit.tag import load_registry

    location = store_location(store)
    try:
        formats = parse_formats(fmt)
        options = TableOptions(docs=_split(docs), langs=_split(langs), theme=theme)
        with open_store(location, readonly=True) as st:
            result = make_tables(st, out, options=options, formats=formats, registry=load_registry(registries),
                                 store_label=Path(location).name)
    except DclitError as exc:
        fail(str(exc))
    if as_json:
        echo_json({"out": str(result.out), "documents": result.documents, "rows": result.rows,
                   "files": [str(p) for p in result.files]})
        return
    click.echo(f"{result.documents} documents; " + ", ".join(f"{k} {v}" for k, v in result.rows.items()))
    for p in result.files:
        click.echo(f"wrote {p}")
