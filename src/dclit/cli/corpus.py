"""Corpus commands: run, status, docs, extract."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from dclit.cli.app import main
from dclit.cli.common import echo_json, fail, json_option, store_location, store_option
from dclit.errors import DclitError


@main.command()
@click.argument("corpus", type=click.Path(path_type=Path), default=Path("corpus"))
@store_option
@click.option("--workers", type=int, default=None, help="Worker processes (default: number of cores).")
@click.option("--strict", is_flag=True, help="Stop at the first document that fails.")
@click.option("--engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True,
              help="PDF text engine.")
@click.option("--ocr", is_flag=True, help="OCR image-only pages with Tesseract.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--timeout", type=float, default=600.0, show_default=True, help="Seconds allowed per document.")
@click.option("--max-memory-mb", type=int, default=4096, show_default=True, help="Memory allowed per worker.")
@click.option("--max-mb", type=int, default=500, show_default=True, help="Refuse files larger than this.")
@click.option("--retry-failed", is_flag=True, help="Retry files that failed before even if unchanged.")
@click.option("--dask", "--scheduler", "dask", default=None, envvar="DCLIT_DASK", metavar="local|tcp://HOST:PORT",
              help="Run the stages on a Dask cluster: `local` starts one here with --workers processes; "
                   "an address uses a running scheduler (see docs/scaling.md). Default: $DCLIT_DASK.")
def run(corpus: Path, store: str | None, workers: int | None, strict: bool, engine: str, ocr: bool,
        password: str | None, timeout: float, max_memory_mb: int, max_mb: int, retry_failed: bool,
        dask: str | None) -> None:
    """Process new and changed documents in CORPUS (default: corpus/)."""
    import os

    from dclit import pipeline
    from dclit.extract import ExtractOptions
    from dclit.store import open_store

    try:
        options = pipeline.RunOptions(
            workers=workers or os.cpu_count() or 1, strict=strict, timeout=timeout, max_memory_mb=max_memory_mb,
            retry_failed=retry_failed, progress=True, dask=dask,
            extract=ExtractOptions(engine=engine, ocr=ocr, password=password, max_bytes=max_mb * 2**20))
        with open_store(store_location(store)) as st:
            summary = pipeline.run(corpus, st, options)
    except KeyboardInterrupt:
        fail("interrupted; every document finished so far is saved. Run the same command again to resume.", 130)
    except DclitError as e:
        fail(str(e))
    click.echo(summary.describe())
    click.echo(f"store: {store_location(store)}  (see `dclit status`, `dclit docs`)")
    if not summary.ok:
        sys.exit(1)


@main.command()
@store_option
@json_option
def status(store: str | None, as_json: bool) -> None:
    """Counts of documents, pages, passages and failures; store size."""
    from dclit.store import open_store

    try:
        with open_store(store_location(store), readonly=True) as st:
            s = st.status()
    except DclitError as e:
        fail(str(e))
    if as_json:
        echo_json(s)
        return
    click.echo(f"store      {s.location} (schema {s.schema_version}, {s.size_bytes / 2**20:.1f} MiB)")
    click.echo(f"documents  {s.documents}   pages {s.pages}   passages {s.passages}   words {s.words}")
    click.echo("languages  " + ", ".join(f"{k} {v}" for k, v in s.languages.items()))
    click.echo(f"failures   {len(s.failures)}   removed files {s.removed}")
    if s.last_run:
        r = s.last_run
        click.echo(f"last run   #{r['id']} {r['status']} {r['started']}: {r['processed']} processed, "
                   f"{r['skipped']} unchanged, {r['failed']} failed, {r['seconds'] or 0:.1f} s")
    for f in s.failures:
        click.echo(f"  failed  {f.error}")


@main.command()
@store_option
@json_option
def docs(store: str | None, as_json: bool) -> None:
    """One row per document with its metadata and state."""
    from dclit.store import open_store

    try:
        with open_store(store_location(store), readonly=True) as st:
            rows = st.documents()
            failed = [f for f in st.files() if f.status == "failed"]
    except DclitError as e:
        fail(str(e))
    if as_json:
        echo_json({"documents": rows, "failed": failed})
        return
    click.echo(f"{'doc':12}  {'year':4}  {'lang':4}  {'type':14}  {'pages':>5}  {'organisation':28}  title")
    for r in rows:
        click.echo(f"{r.doc_id[:12]}  {r.year or '':4}  {r.language or '':4}  {(r.doc_type or '')[:14]:14}  "
                   f"{r.page_count:5}  {(r.organisation or ', '.join(r.authors))[:28]:28}  {(r.title or r.path)[:70]}")
    for f in failed:
        click.echo(f"{'FAILED':12}  {'':4}  {'':4}  {'':14}  {'':5}  {'':28}  {f.path}: {f.code}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@click.option("--engine", type=click.Choice(["pdfium", "pdfplumber"]), default="pdfium", show_default=True)
@click.option("--ocr", is_flag=True, help="OCR image-only pages with Tesseract.")
@click.option("--password", default=None, help="Password for an encrypted PDF.")
def extract(file: Path, as_json: bool, engine: str, ocr: bool, password: str | None) -> None:
    """Print the clean text of FILE (--json: metadata, pages, passages with offsets)."""
    from dclit.extract import ExtractOptions, extract_document

    try:
        doc = extract_document(file, ExtractOptions(engine=engine, ocr=ocr, password=password))
    except DclitError as e:
        fail(str(e))
    for w in doc.warnings:
        click.echo(f"warning: {w}", err=True)
    if as_json:
        echo_json({"doc_id": doc.doc_id, "path": doc.path, "engine": doc.engine, "metadata": asdict(doc.metadata),
                   "warnings": doc.warnings, "text": doc.text, "pages": doc.pages, "passages": doc.passages,
                   "tables": doc.tables})
    else:
        click.echo(doc.text)


