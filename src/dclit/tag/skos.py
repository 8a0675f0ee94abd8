"""SKOS import and export (Turtle, RDF/XML, N-Triples, JSON-LD) through rdflib.

Concepts become ``skos:Concept`` with pref/alt/hidden labels, broader/narrower/
related, ``skos:scopeNote`` and ``skos:inScheme`` / ``skos:topConceptOf``.
Abbreviations and context rules, which SKOS has no term for, go in the
``dclit:`` namespace so a round trip keeps them. Imported vocabularies
(EuroVoc, UNBIS, a team's own) take the concept id from the URI's last segment.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from dclit.errors import ConfigError
from dclit.tag.registry import Concept, Registry, concept_from_json

BASE = "urn:dclit:concept:"
DCLIT = "urn:dclit:vocab#"
FORMATS = {".ttl": "turtle", ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".nt": "nt",
           ".jsonld": "json-ld", ".n3": "n3"}


def _fmt(path: Path, fmt: str | None) -> str:
    fmt = fmt or FORMATS.get(Path(path).suffix.lower())
    if not fmt:
        raise ConfigError(f"cannot tell the RDF format from {Path(path).suffix!r}", path=str(path),
                          hint=f"Use one of {', '.join(sorted(FORMATS))} or pass the format.")
    return fmt


def to_graph(registry: Registry, base: str = BASE):
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, SKOS
    g = Graph()
    g.bind("skos", SKOS)
    dc = Namespace(DCLIT)
    g.bind("dclit", dc)
    scheme = URIRef(base + "scheme")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(registry.title, lang="en")))
    g.add((scheme, SKOS.notation, Literal("dclit")))
    for c in registry:
        u = URIRef(base + c.id)
        g.add((u, RDF.type, SKOS.Concept))
        g.add((u, SKOS.inScheme, scheme))
        g.add((u, SKOS.notation, Literal(c.id)))
        if not [b for b in c.broader if b in registry]:
            g.add((u, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, u))
        for lang, label in c.pref.items():
            g.add((u, SKOS.prefLabel, Literal(label, lang=lang)))
        for pred, table in ((SKOS.altLabel, c.alt), (SKOS.hiddenLabel, c.hidden), (dc.abbreviation, c.abbr)):
            for lang, labels in table.items():
                for label in labels:
                    g.add((u, pred, Literal(label, lang=lang)))
        for pred, ids in ((SKOS.broader, c.broader), (SKOS.narrower, c.narrower), (SKOS.related, c.related)):
            for other in ids:
                g.add((u, pred, URIRef(base + other)))
        if c.scope:
            g.add((u, SKOS.scopeNote, Literal(c.scope, lang="en")))
        if c.context:
            g.add((u, dc.context, Literal(json.dumps([r.to_json() for r in c.context], ensure_ascii=False))))
        for label in c.shared:
            g.add((u, dc.shared, Literal(label)))
        for label in c.gappy:
            g.add((u, dc.gappy, Literal(label)))
    return g


def export_skos(registry: Registry, path: Path, fmt: str | None = None) -> None:
    to_graph(registry).serialize(destination=str(path), format=_fmt(path, fmt))


def _local_id(uri: str, notation: str | None) -> str:
    if notation:
        return str(notation)
    tail = re.split(r"[#/:]", uri.rstrip("/#"))[-1]
    return tail if tail and not tail[0].isdigit() else f"c{tail}"


def from_graph(g, scheme_title: str = "imported") -> Registry:
    from rdflib.namespace import RDF, SKOS
    from rdflib import Namespace
    dc = Namespace(DCLIT)
    ids = {s: _local_id(str(s), g.value(s, SKOS.notation)) for s in set(g.subjects(RDF.type, SKOS.Concept))}
    concepts = []
    for s, cid in sorted(ids.items(), key=lambda kv: kv[1]):
        obj: dict = {"id": cid, "prefLabel": {}, "altLabel": {}, "hiddenLabel": {}, "abbreviation": {}}
        for pred, key in ((SKOS.prefLabel, "prefLabel"), (SKOS.altLabel, "altLabel"),
                          (SKOS.hiddenLabel, "hiddenLabel"), (dc.abbreviation, "abbreviation")):
            for lit in sorted(g.objects(s, pred), key=str):
                lang = lit.language or "en"
                if key == "prefLabel":
                    obj[key].setdefault(lang, str(lit))
                else:
                    obj[key].setdefault(lang, []).append(str(lit))
        for pred, key in ((SKOS.broader, "broader"), (SKOS.narrower, "narrower"), (SKOS.related, "related")):
            obj[key] = sorted(ids[o] for o in g.objects(s, pred) if o in ids)
        note = g.value(s, SKOS.scopeNote) or g.value(s, SKOS.definition)
        obj["scope"] = str(note) if note else ""
        ctx = g.value(s, dc.context)
        obj["context"] = json.loads(str(ctx)) if ctx else []
        obj["shared"] = sorted(str(x) for x in g.objects(s, dc.shared))
        obj["gappy"] = sorted(str(x) for x in g.objects(s, dc.gappy))
        scheme = g.value(s, SKOS.inScheme)
        obj["scheme"] = _local_id(str(scheme), g.value(scheme, SKOS.notation)) if scheme else "imported"
        concepts.append(concept_from_json(obj))
    _symmetrise(concepts)
    return Registry(concepts, title=scheme_title)


def _symmetrise(concepts: list[Concept]) -> None:
    """SKOS files often state only broader (or only narrower): add the inverse."""
    by_id = {c.id: c for c in concepts}
    extra_n: dict[str, set[str]] = {c.id: set(c.narrower) for c in concepts}
    extra_b: dict[str, set[str]] = {c.id: set(c.broader) for c in concepts}
    for c in concepts:
        for b in c.broader:
            extra_n.setdefault(b, set()).add(c.id)
        for n in c.narrower:
            extra_b.setdefault(n, set()).add(c.id)
    from dataclasses import replace
    for i, c in enumerate(concepts):
        concepts[i] = replace(c, broader=tuple(sorted(x for x in extra_b[c.id] if x in by_id)),
                              narrower=tuple(sorted(x for x in extra_n[c.id] if x in by_id)))


def import_skos(path: Path, fmt: str | None = None) -> Registry:
    from rdflib import Graph
    g = Graph()
    try:
        g.parse(str(path), format=_fmt(path, fmt))
    except (OSError, SyntaxError, ValueError) as exc:
        raise ConfigError(f"cannot read SKOS file: {exc}", path=str(path)) from exc
    except Exception as exc:  # rdflib parsers raise their own exception types
        raise ConfigError(f"cannot parse SKOS file: {type(exc).__name__}: {exc}", path=str(path)) from exc
    registry = from_graph(g, scheme_title=Path(path).stem)
    registry.sources = (str(path),)
    return registry
