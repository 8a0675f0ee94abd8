"""The HTML report: every table with its charts, in one self-contained file.

No CDN, no script, no external font: the CSS is inline and the charts are inline
SVG (matplotlib, Agg). Jinja2 autoescaping escapes every value from the store.
Long tables show their first ``MAX_ROWS`` rows; the files under tables/ hold all.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from dclit.tables import charts
from dclit.tables.data import CorpusData
from dclit.tables.write import TITLES, cell_text

MAX_ROWS = 300
NOTES = {
    "concept_matrix": "Cells count mentions of the concept itself (narrower concepts have their own column). "
                      "● marks a concept substantively discussed: at least 3 mentions in discussion passages, "
                      "in at least 2 distinct passages, and at least 2 per 10,000 words.",
    "synthesis": "For each document and theme, the sentence naming the most distinct concepts of the theme "
                 "(fragments, run-on list items and headings lose), with its page.",
    "definitions": "Sentences where a tagged concept stands in a defining frame (\"X is defined as\", "
                   "\"X refers to\", « on entend par X »…). Pattern \"genus\" (X is the process/transfer of…) "
                   "is the weakest: check it.",
    "cited_works": "References deduplicated across documents (DOI, or first author + year + title).",
    "topics": "Share by year: the topic's passages among all passages of that year's documents.",
}


def _table(name: str, df: pd.DataFrame) -> dict:
    shown = df.head(MAX_ROWS)
    groups = df.attrs.get("groups")
    short = df.attrs.get("short", {})
    head_groups = []
    if groups:
        covered = {c for _, cols in groups for c in cols}
        head_groups = [("", sum(1 for c in df.columns if c not in covered))] + [(t, len(cols)) for t, cols in groups]
    return {"name": name, "title": TITLES.get(name, name), "note": NOTES.get(name, ""),
            "columns": [short.get(c, str(c)) for c in df.columns], "groups": head_groups,
            "numeric": [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns],
            "wide": [c == "document" or df[c].astype(str).str.len().max() > 60 if len(df) else False
                     for c in df.columns],
            "rows": [[cell_text(v) for v in row] for row in shown.itertuples(index=False)],
            "total": len(df), "cut": len(df) > MAX_ROWS}


def render_report(data: CorpusData, tables: dict[str, pd.DataFrame], *, store_label: str = "") -> str:
    from jinja2 import Environment, PackageLoader

    from dclit import __version__

    env = Environment(loader=PackageLoader("dclit.tables", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    figures = {
        "sources": [("Theme heatmap", charts.plot_theme_heatmap(data))],
        "terminology_years": [("Terminology over time", charts.plot_terminology(data))],
        "topics": [("Topics over time", charts.plot_topics_over_time(data))],
        "cited_works": [("Citation network", charts.plot_citation_network(data, tables["cited_works"]))],
    }
    opts = data.options
    filters = [f"documents: {', '.join(opts.docs)}" if opts.docs else "", f"languages: {', '.join(opts.langs)}"
               if opts.langs else "", f"theme: {data.label(opts.theme)}" if opts.theme else ""]
    return env.get_template("report.html.j2").render(
        version=__version__, store=store_label, filters=[f for f in filters if f],
        n_docs=len(data.docs), n_words=sum(d.words for d in data.docs), n_mentions=len(data.mentions),
        n_refs=len(data.references), n_cites=len(data.citations), n_topics=len([t for t in data.topics if t.topic >= 0]),
        tables=[_table(n, df) for n, df in tables.items()], figures=figures)


def write_report(data: CorpusData, tables: dict[str, pd.DataFrame], path: Path, *, store_label: str = "") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(data, tables, store_label=store_label), encoding="utf-8", newline="\n")
    return path
