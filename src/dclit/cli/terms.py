"""Terminology commands: tag, concepts, terms suggest, evaluate."""
from __future__ import annotations

from pathlib import Path

import click

from dclit.cli.app import main
from dclit.cli.common import echo_json, fail, json_option
from dclit.errors import DclitError

registry_option = click.option(
    "--registry", "registries", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Extra registry file (.json, or SKOS .ttl/.rdf) merged into the shipped one; repeatable.")


def _registry(paths):
    from dclit.tag import load_registry
    return load_registry(paths)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@registry_option
@click.option("--profiles", is_flag=True, help="Print theme profiles instead of mentions.")
@click.option("--all", "show_all", is_flag=True, help="Include flagged mentions (other senses).")
@json_option
def tag(file: str, registries, profiles: bool, show_all: bool, as_json: bool) -> None:
    """Mentions of registry concepts in FILE (offsets into `dclit extract FILE`)."""
    from dclit.extract import extract_document
    from dclit.tag import Tagger, compute_profiles
    try:
        registry = _registry(registries)
        doc = extract_document(Path(file))
        mentions = Tagger(registry).tag(doc)
    except DclitError as exc:
        fail(str(exc))
    if profiles:
        rows = [r for r in compute_profiles(doc, mentions, registry) if r.passage is None]
        if as_json:
            echo_json(rows)
        for r in [] if as_json else rows:
            click.echo(f"{r.concept:<38} {r.count:>5} {r.per_10k:>9.1f}/10k  passages {r.dispersion:.0%}")
        return
    shown = mentions if show_all else [m for m in mentions if m.flag is None]
    if as_json:
        echo_json(shown)
        return
    for m in shown:
        flag = f"  [{m.flag}]" if m.flag else ""
        click.echo(f"p.{doc.page_label(m.page):<4} {m.start:>7}-{m.end:<7} {m.concept:<34} {m.text}{flag}")


@main.command()
@click.argument("concept_id", required=False)
@registry_option
@click.option("--lang", default="en", show_default=True, help="Language of the labels shown.")
@click.option("--export", "export", type=click.Path(dir_okay=False),
              help="Write the (merged) registry to this file: .json, .ttl or .rdf (SKOS).")
@json_option
def concepts(concept_id: str | None, registries, lang: str, export: str | None, as_json: bool) -> None:
    """Browse the concept registry: the tree of concepts, or one concept in full."""
    try:
        registry = _registry(registries)
        if export:
            _export(registry, Path(export))
            click.echo(f"wrote {len(registry)} concepts to {export}")
            return
    except DclitError as exc:
        fail(str(exc))
    if concept_id:
        concept = registry.get(concept_id)
        if concept is None:
            fail(f"no concept {concept_id!r}; `dclit concepts` lists them.")
        if as_json:
            echo_json(concept.to_json())
            return
        _show_concept(concept, registry)
        return
    if as_json:
        echo_json(registry.to_json())
        return
    for top in registry.top_concepts():
        _tree(registry, top.id, lang, 0)


def _export(registry, path: Path) -> None:
    if path.suffix.lower() == ".json":
        from dclit.tag.registry import write_registry_json
        write_registry_json(registry, path)
    else:
        from dclit.tag.skos import export_skos
        export_skos(registry, path)


def _tree(registry, cid: str, lang: str, depth: int) -> None:
    c = registry[cid]
    click.echo(f"{'  ' * depth}{c.id}  ({c.label(lang)})")
    for n in sorted(c.narrower):
        if n in registry and depth < 6:
            _tree(registry, n, lang, depth + 1)


def _show_concept(c, registry) -> None:
    click.echo(f"{c.id}: {c.scope}")
    for lang in c.languages():
        labels = c.labels(lang)
        click.echo(f"  {lang}: {'; '.join(labels)}")
    for lang, abbrs in sorted(c.abbr.items()):
        click.echo(f"  abbreviations ({lang}, count once defined): {', '.join(abbrs)}")
    for rel in ("broader", "narrower", "related"):
        if getattr(c, rel):
            click.echo(f"  {rel}: {', '.join(getattr(c, rel))}")
    for rule in c.context:
        click.echo(f"  context {rule.action}: {rule.note or rule.flag or ''}")


@main.group()
def terms() -> None:
    """Candidate terms for the registry."""


@terms.command("suggest")
@click.option("--corpus", "corpus", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of documents to read (recursively).")
@registry_option
@click.option("--lang", default=None, help="Only documents in this language (default: each document's own).")
@click.option("--limit", default=40, show_default=True, help="How many candidates to print.")
@click.option("--min-docs", default=2, show_default=True, help="Minimum number of documents a term occurs in.")
@json_option
def suggest(corpus: str, registries, lang: str | None, limit: int, min_docs: int, as_json: bool) -> None:
    """Frequent, distinctive noun phrases of CORPUS that no registry label covers."""
    from dclit.tag.discover import suggest_terms
    from dclit.tag.files import read_corpus
    try:
        docs = read_corpus(Path(corpus))
        found = suggest_terms(docs, _registry(registries), lang=lang, limit=limit, min_docs=min_docs)
    except DclitError as exc:
        fail(str(exc))
    if as_json:
        echo_json(found)
        return
    for s in found:
        click.echo(f"{s.score:8.1f}  {s.term}  [{s.lang}; {s.count}x in {s.docs} docs]")
        for ex in s.examples:
            click.echo(f"            … {ex} …")


@main.command()
@click.option("--gold", "gold", default="annotations", show_default=True,
              type=click.Path(exists=True, file_okay=False), help="Annotations folder.")
@click.option("--corpus", "corpus", required=True, type=click.Path(exists=True, file_okay=False),
              help="Corpus root the annotated documents' paths are relative to.")
@click.option("--split", default="test16", show_default=True,
              help="Split of the gold to score: dev (tuned on), test4 to test16 (held out; test8 to test16 "
                   "doubly annotated and adjudicated; see annotations/README.md), or all.")
@click.option("--level", type=click.Choice(["concept", "top"]), default="top", show_default=True)
@click.option("--match", type=click.Choice(["exact", "overlap"]), default="exact", show_default=True)
@click.option("--errors", "show_errors", is_flag=True, help="Also list false positives and misses.")
@registry_option
@json_option
def evaluate(gold: str, corpus: str, split: str, level: str, match: str, show_errors: bool,
             registries, as_json: bool) -> None:
    """Precision, recall and F1 per concept and language on gold annotations."""
    from dclit.tag.files import evaluate_folder
    try:
        report, texts = evaluate_folder(Path(gold), Path(corpus), _registry(registries),
                                        split=split, level=level, match=match)
    except DclitError as exc:
        fail(str(exc))
    if as_json:
        echo_json({"rows": report.rows(), "errors": report.errors if show_errors else []})
        return
    click.echo(f"{'lang':<5} {'concept':<34} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5} {'R':>5} {'F1':>5}")
    for r in report.rows():
        click.echo(f"{r['lang']:<5} {r['concept']:<34} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4}  "
                   f"{r['precision']:>5.2f} {r['recall']:>5.2f} {r['f1']:>5.2f}")
    if show_errors:
        for e in report.errors:
            text = texts.get(e["document"], "")
            click.echo(f"{e['kind']:<15} {e['concept']:<30} {text[e['start']:e['end']]!r}  "
                       f"… {text[max(0, e['start'] - 40):e['end'] + 40]!r} ({e['document'][:40]})")
