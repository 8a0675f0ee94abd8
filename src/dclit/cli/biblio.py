"""Bibliography commands: refs, refs parse, cites, works, export-bib."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from dclit.cli.app import main
from dclit.cli.common import echo_json, fail, json_option, store_location, store_option
from dclit.errors import DclitError

SUFFIXES = {".pdf", ".txt", ".md", ".html", ".htm", ".docx"}


class _DefaultGroup(click.Group):
    """``refs FILE`` runs the ``show`` subcommand; ``refs parse`` is a subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


def _document(path: Path):
    from dclit.extract import extract_document

    try:
        return extract_document(path)
    except DclitError as e:
        fail(str(e))


def _analyse(path: Path):
    from dclit import biblio

    doc = _document(path)
    try:
        refs = biblio.find_references(doc)
        cites = biblio.link(biblio.find_citations(doc, refs), refs)
    except DclitError as e:
        fail(str(e))
    return doc, refs, cites


@main.group(cls=_DefaultGroup)
def refs() -> None:
    """Bibliography entries of FILE (`refs FILE`), or parse raw references (`refs parse`)."""


@refs.command("show")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def refs_show(file: Path, as_json: bool) -> None:
    """Reference entries found in FILE, parsed to CSL-JSON."""
    _, references, cites = _analyse(file)
    if as_json:
        echo_json([{**r.csl, "id": f"ref{r.index}",
                    "_source": {"doc_id": r.doc_id, "index": r.index, "start": r.start, "end": r.end,
                                "page": r.page, "raw": r.raw, "origin": r.source}} for r in references])
        return
    cited = {c.reference for c in cites}
    for r in references:
        first = (r.csl.get("author") or r.csl.get("editor") or [{}])[0]
        name = first.get("family") or first.get("literal") or "?"
        year = r.csl.get("issued", {}).get("date-parts", [[""]])[0][0]
        mark = " " if r.index in cited else "!"
        click.echo(f"{r.index:4d}{mark} p.{r.page:<4} {name} {year}{r.csl.get('year-suffix', '')}  "
                   f"{(r.csl.get('title') or '')[:70]}")
    click.echo(f"{len(references)} references ({sum(r.index not in cited for r in references)} "
               f"never cited, marked !)")


@refs.command("parse")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--parser", type=click.Choice(["crf", "neural"]), default=None,
              help="Reference parser: crf (default) or neural (opt-in; needs the neural extra and "
                   "models/refparser-neural.*). Default: $DCLIT_REFPARSER, else crf.")
def refs_parse(file, parser: str | None) -> None:
    """One raw reference per line in (FILE or - for stdin), one CSL-JSON item per line out."""
    from dclit.biblio import parse_reference

    try:
        for line in file:
            if line.strip():
                click.echo(json.dumps(parse_reference(line, parser), ensure_ascii=False, sort_keys=True))
    except DclitError as e:
        fail(str(e))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def cites(file: Path, as_json: bool) -> None:
    """In-text citations of FILE with offsets, linked to its bibliography."""
    _, references, citations = _analyse(file)
    if as_json:
        echo_json([asdict(c) for c in citations])
        return
    from dclit.biblio.linker import report

    for c in citations:
        target = f"-> ref {c.reference}" if c.reference is not None else "-> (none)"
        extra = f"  [{c.note}]" if c.note else ""
        shown = c.text if not c.text[:1].isdigit() or not c.authors else f"({' & '.join(c.authors)}) {c.text}"
        click.echo(f"{c.start:7d} p.{c.page:<4} {c.kind:<13} {shown[:50]:<50} {target}{extra}")
    rep = report(citations, references)
    click.echo(f"{rep['citations']} citations, {rep['linked']} linked, {len(rep['unresolved'])} unresolved, "
               f"{len(rep['uncited'])} of {len(references)} references never cited")


def _files(files: tuple[Path, ...], corpus: Path | None) -> list[Path]:
    out = list(files)
    if corpus:
        out += sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not out:
        fail("no input: give FILES or --corpus DIR.")
    return out


def _works(files: list[Path]):
    from dclit import biblio
    from dclit.biblio.works import build_works
    from dclit.extract import extract_document

    docs = []
    for path in files:
        try:
            doc = extract_document(path)
            refs_ = biblio.find_references(doc)
            docs.append((doc.doc_id, refs_, biblio.link(biblio.find_citations(doc, refs_), refs_)))
        except DclitError as e:
            click.echo(f"dclit: skipped {path}: {e}", err=True)
    return build_works(docs)


def _stored_works(store: str):
    """Works from the references and linked citations a ``dclit run`` saved (no re-extraction)."""
    from dclit.biblio.works import works_from_stored
    from dclit.store import open_store

    try:
        with open_store(store_location(store), readonly=True) as st:
            return works_from_stored(st.references(), st.citations())
    except DclitError as e:
        fail(str(e))


def _chosen_works(files: tuple[Path, ...], corpus: Path | None, store: str | None):
    if store is not None and (files or corpus):
        fail("give FILES/--corpus (read and parse them now) or --store (what `dclit run` saved), not both.")
    return _stored_works(store) if store is not None else _works(_files(files, corpus))


_inputs = [click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path)),
           click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
                        default=None, help="Read every document under DIR."),
           click.option("--store", "store", default=None, metavar="PATH|URL",
                        help="Use the bibliographies a `dclit run` saved in this store instead of reading files.")]


def _with_inputs(f):
    for deco in reversed(_inputs):
        f = deco(f)
    return f


@main.command()
@_with_inputs
@json_option
@click.option("--pairs", type=int, default=10, show_default=True, help="Co-citation pairs to show.")
def works(files: tuple[Path, ...], corpus: Path | None, store: str | None, as_json: bool, pairs: int) -> None:
    """Cited works across documents: deduplicated, keyed, counted; co-citation pairs."""
    from dclit.biblio.works import co_citation

    ws = _chosen_works(files, corpus, store)
    co = co_citation(ws)
    if as_json:
        echo_json({"works": [{"key": w.key, "citing_docs": sorted(w.citing_docs), "citations": w.citations,
                              "members": w.members, "csl": w.csl} for w in ws],
                   "co_citation": [{"a": a, "b": b, "docs": n} for a, b, n in co[:pairs]]})
        return
    for w in sorted(ws, key=lambda w: (-len(w.citing_docs), -w.citations, w.key)):
        click.echo(f"{w.key:<40} docs {len(w.citing_docs):3d}  citations {w.citations:3d}  "
                   f"{(w.csl.get('title') or w.csl.get('URL') or '')[:60]}")
    for a, b, n in co[:pairs]:
        click.echo(f"co-cited {n:3d}  {a}  {b}")


@main.command("export-bib")
@_with_inputs
@click.option("--format", "fmt", type=click.Choice(["bibtex", "csljson", "ris"]), default="bibtex",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here instead of standard output.")
def export_bib(files: tuple[Path, ...], corpus: Path | None, store: str | None, fmt: str,
               output: Path | None) -> None:
    """The merged bibliography of the documents as BibTeX, CSL-JSON or RIS."""
    from dclit.biblio.export import export

    text = export([w.csl for w in _chosen_works(files, corpus, store)], fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
