"""`dclit search`, `dclit usage`, `dclit serve`: reading the store (never writing it)."""
from __future__ import annotations

import re
from pathlib import Path

import click

from dclit.cli.app import main
from dclit.cli.common import echo_json, fail, json_option, store_location, store_option
from dclit.errors import DclitError

registry_option = click.option(
    "--registry", "registries", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Extra registry file (.json, or SKOS .ttl/.rdf) merged into the shipped one; repeatable.")


def _years(value: str | None) -> tuple[int | None, int | None]:
    """'2010-2020', '2010-', '-2015' or '2018'."""
    if not value:
        return None, None
    m = re.fullmatch(r"\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*", value)
    if not m or not (m.group(1) or m.group(3)):
        fail(f"--years {value!r}: write a year (2018) or a range (2010-2020, 2010-, -2015).")
    lo = int(m.group(1)) if m.group(1) else None
    hi = int(m.group(3)) if m.group(3) else (None if m.group(2) else lo)
    return lo, hi


def _open(store: str | None):
    from dclit.store import open_store

    return open_store(store_location(store), readonly=True)


@main.command("search")
@click.argument("query", nargs=-1)
@click.option("--concept", help="Every label (all languages) of this concept and its narrower ones.")
@click.option("--lang", "langs", multiple=True, help="Passage language (en, fr…); repeatable.")
@click.option("--years", help="Year or range of the documents: 2018, 2010-2020, 2010-, -2015.")
@click.option("--type", "doc_types", multiple=True, help="Document type (report, agreement…); repeatable.")
@click.option("--doc", "docs", multiple=True, help="Only this document (id prefix or file path); repeatable.")
@click.option("--theme", help="Only documents with a theme profile for this concept.")
@click.option("--kind", "kinds", multiple=True, help="Passage kind (body, heading, footnote…); repeatable.")
@click.option("--match", "source", type=click.Choice(["auto", "mentions", "labels"]), default="auto",
              show_default=True, help="Concepts: tagged mentions (auto: where tagged), or label text.")
@click.option("--limit", default=20, show_default=True, help="Passages to show.")
@click.option("--offset", default=0, help="Skip this many passages (paging).")
@click.option("--width", default=40, show_default=True, help="Characters of context on each side.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the concordance as CSV.")
@registry_option
@store_option
@json_option
def search_cmd(query, concept, langs, years, doc_types, docs, theme, kinds, source, limit, offset, width, as_csv,
               registries, store, as_json):
    """Search passages: words, "phrases", AND/OR/NOT, word*, concept:ID. Prints a concordance (KWIC).

    \b
    Examples:
      dclit search '"sister city" OR concept:twinning NOT EU'
      dclit search --concept decentralised_cooperation --lang fr --years 2010-2020
    """
    from dclit.search import QUERY_HELP, format_kwic, kwic_csv, kwic_lines, search
    from dclit.store.search_sql import SearchFilters

    text = " ".join(query)
    if not text.strip() and not concept:
        fail("give a QUERY or --concept. " + QUERY_HELP)
    lo, hi = _years(years)
    try:
        registry = _registry(registries) if (concept or theme or "concept:" in text.lower() or registries) else None
        if theme and registry is not None:
            from dclit.search import find_concept

            theme = find_concept(registry, theme).id
        with _open(store) as st:
            doc_ids = tuple(d for ref in docs for d in _resolve(st, ref))
            filters = SearchFilters(langs=tuple(langs), year_from=lo, year_to=hi, doc_types=tuple(doc_types),
                                    doc_ids=doc_ids, theme=theme, kinds=tuple(kinds))
            result = search(st, text, concept=concept, registry=registry, filters=filters, limit=limit,
                            offset=offset, source=source)
    except DclitError as exc:
        fail(str(exc))
    lines = kwic_lines(result, width)
    if as_json:
        echo_json({"query": result.query, "fts": result.fts, "total": result.total, "offset": result.offset,
                   "concepts": list(result.concepts), "lines": lines})
    elif as_csv:
        click.echo(kwic_csv(lines), nl=False)
    else:
        if lines:
            click.echo(format_kwic(lines, width))
        shown = f"{offset + 1}–{offset + len(result.hits)}" if result.hits else "none"
        click.echo(f"\n{result.total} passages match; showing {shown} ({len(lines)} lines) "
                   f"in {result.seconds * 1000:.0f} ms.", err=True)


def _registry(paths):
    from dclit.tag import load_registry

    return load_registry(paths)


def _resolve(st, ref: str) -> list[str]:
    found = st.resolve_documents(ref)
    if not found:
        fail(f"--doc {ref!r}: no document has that id prefix or path; `dclit docs` lists them.")
    return found


@main.command("usage")
@click.argument("concept")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False),
              help="Write a chart of the usage (.png or .svg).")
@click.option("--top", default=15, show_default=True, help="Rows of each table (collocates, documents…).")
@click.option("--window", default=5, show_default=True, help="Words each side counted as collocates.")
@registry_option
@store_option
@json_option
def usage_cmd(concept, plot_path, top, window, registries, store, as_json):
    """How CONCEPT is named in the corpus: labels, documents, organisations, languages, years;
    its collocates (log-likelihood) and its dispersion across documents (Juilland's D, Gries' DP)."""
    from dclit.usage import compute_usage, describe_usage, plot_usage

    try:
        registry = _registry(registries)
        with _open(store) as st:
            report = compute_usage(st, concept, registry=registry, window=window)
        if plot_path:
            plot_usage(report, Path(plot_path))
    except DclitError as exc:
        fail(str(exc))
    if as_json:
        echo_json(report.to_json(top))
    else:
        click.echo(describe_usage(report, top))
        if plot_path:
            click.echo(f"\nchart: {plot_path}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, help="Port to listen on.")
@registry_option
@store_option
def serve_cmd(host, port, registries, store):
    """A local web page over the store: search, concepts, usage charts, documents (read-only)."""
    from dclit.web import create_app

    try:
        app = create_app(store_location(store), registries=registries)
    except DclitError as exc:
        fail(str(exc))
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach it can read the corpus.", err=True)
    click.echo(f"dclit: serving {store_location(store)} on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)
