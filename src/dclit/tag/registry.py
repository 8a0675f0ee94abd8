"""The concept registry: SKOS-shaped concepts with labels per language.

The shipped registry is ``dclit/data/concepts.json``. Users add their own files
(same JSON shape, or SKOS Turtle / RDF-XML through :mod:`dclit.tag.skos`); a
concept with an id already present is merged (labels added, relations
extended, scope note replaced when given).
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from dclit.errors import ConfigError

log = logging.getLogger(__name__)

ACTIONS = ("drop", "require", "flag", "extend")
_LANG_FIELDS = ("prefLabel", "altLabel", "hiddenLabel", "abbreviation")


@dataclass(frozen=True, slots=True)
class ContextRule:
    """A test on the text around a mention.

    ``drop``: the mention is refused when every given pattern matches;
    ``require``: the mention is kept only if one of its require rules matches;
    ``flag``: the mention is kept but marked with ``flag`` (another sense);
    ``extend``: the mention runs on over the text its ``right`` pattern matches (a span
    convention: "transferts sans conditions de la part du gouvernement central").
    ``left``/``right`` see up to 100 characters of the passage before/after
    the mention; ``sentence`` sees the whole sentence, ``passage`` the whole passage (a heading
    or a table cell names no cue of its own); ``surface`` sees the
    mention's own text (a plural naming actors: "administraciones locales").
    """

    action: str
    left: str | None = None
    right: str | None = None
    sentence: str | None = None
    passage: str | None = None
    labels: tuple[str, ...] = ()  # restrict to these labels (case-insensitive); () = all
    flag: str | None = None
    note: str = ""
    surface: str | None = None

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"context rule action must be one of {ACTIONS}; got {self.action!r}")
        if not (self.left or self.right or self.sentence or self.surface or self.passage):
            raise ValueError("a context rule needs at least one of left, right, sentence, passage, surface")
        if self.action == "flag" and not self.flag:
            raise ValueError("a 'flag' context rule needs a flag name")
        if self.action == "extend" and not (self.right and re.sub(r"^\(\?[a-zA-Z]+\)", "", self.right).startswith("^")):
            raise ValueError("an 'extend' context rule needs a right pattern anchored with ^")
        for pat in (self.left, self.right, self.sentence, self.surface, self.passage):
            if pat:
                re.compile(pat)

    def applies_to(self, label: str) -> bool:
        return not self.labels or label.lower() in {x.lower() for x in self.labels}

    def to_json(self) -> dict:
        out = {"action": self.action}
        for key in ("left", "right", "sentence", "passage", "surface", "flag", "note"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.labels:
            out["labels"] = list(self.labels)
        return out


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    pref: dict[str, str]
    alt: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    abbr: dict[str, tuple[str, ...]] = field(default_factory=dict)  # count only when defined in the text
    broader: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    scheme: str = "dclit"
    scope: str = ""
    context: tuple[ContextRule, ...] = ()
    shared: tuple[str, ...] = ()  # labels this concept may share with another concept
    gappy: tuple[str, ...] = ()  # multiword labels that also match with one extra word inside

    def label(self, lang: str = "en") -> str:
        return self.pref.get(lang) or self.pref.get("en") or next(iter(self.pref.values()), self.id)

    def languages(self) -> list[str]:
        return sorted(set(self.pref) | set(self.alt) | set(self.hidden))

    def labels(self, lang: str) -> list[str]:
        """Every searchable label in ``lang`` (preferred, alternative, hidden)."""
        out = [self.pref[lang]] if lang in self.pref else []
        out += list(self.alt.get(lang, ())) + list(self.hidden.get(lang, ()))
        return out

    def to_json(self) -> dict:
        out: dict = {"id": self.id, "scheme": self.scheme, "scope": self.scope,
                     "prefLabel": dict(self.pref),
                     "altLabel": {k: list(v) for k, v in self.alt.items() if v}}
        if self.abbr:
            out["abbreviation"] = {k: list(v) for k, v in self.abbr.items()}
        if self.hidden:
            out["hiddenLabel"] = {k: list(v) for k, v in self.hidden.items()}
        out.update(broader=list(self.broader), narrower=list(self.narrower), related=list(self.related))
        if self.context:
            out["context"] = [r.to_json() for r in self.context]
        if self.shared:
            out["shared"] = list(self.shared)
        if self.gappy:
            out["gappy"] = list(self.gappy)
        return out


def concept_from_json(obj: dict, where: str = "") -> Concept:
    if not isinstance(obj, dict) or not obj.get("id"):
        raise ConfigError("every concept needs an 'id'", path=where or None)
    cid = str(obj["id"])
    try:
        rules = tuple(ContextRule(action=r["action"], left=r.get("left"), right=r.get("right"),
                                  sentence=r.get("sentence"), passage=r.get("passage"),
                                  labels=tuple(r.get("labels", ())), flag=r.get("flag"),
                                  note=r.get("note", ""), surface=r.get("surface"))
                      for r in obj.get("context", ()))
    except (KeyError, ValueError, re.error) as exc:
        raise ConfigError(f"concept {cid!r}: bad context rule: {exc}", path=where or None,
                          hint="See docs of dclit.tag.registry.ContextRule.") from exc
    lists = {name: {str(k): tuple(str(x) for x in v) for k, v in obj.get(name, {}).items()}
             for name in ("altLabel", "hiddenLabel", "abbreviation")}
    return Concept(id=cid, pref={str(k): str(v) for k, v in obj.get("prefLabel", {}).items()},
                   alt=lists["altLabel"], hidden=lists["hiddenLabel"], abbr=lists["abbreviation"],
                   broader=tuple(obj.get("broader", ())), narrower=tuple(obj.get("narrower", ())),
                   related=tuple(obj.get("related", ())), scheme=str(obj.get("scheme", "dclit")),
                   scope=str(obj.get("scope", "")), context=rules, shared=tuple(obj.get("shared", ())),
                   gappy=tuple(obj.get("gappy", ())))


def label_norm(label: str) -> str:
    """A cheap normal form used to detect label collisions across concepts."""
    text = unicodedata.normalize("NFKD", label.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\u2010-\u2015\-]", "", text)
    text = re.sub(r"iz(e|es|ed|ing|ation|ations)\b", r"is\1", text)
    return " ".join(text.split())


class Registry:
    """A set of concepts, looked up by id; iteration order is id order."""

    def __init__(self, concepts: Iterable[Concept] = (), *, title: str = "dclit",
                 sources: tuple[str, ...] = ()):
        self.concepts: dict[str, Concept] = {}
        for concept in concepts:
            self.concepts[concept.id] = concept
        self.title = title
        self.sources = sources

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts[k] for k in sorted(self.concepts))

    def __contains__(self, cid: object) -> bool:
        return cid in self.concepts

    def __getitem__(self, cid: str) -> Concept:
        try:
            return self.concepts[cid]
        except KeyError:
            raise KeyError(f"no concept {cid!r} in the registry; `dclit concepts` lists them") from None

    def get(self, cid: str) -> Concept | None:
        return self.concepts.get(cid)

    def languages(self) -> list[str]:
        return sorted({lang for c in self.concepts.values() for lang in c.languages()})

    def top_concepts(self) -> list[Concept]:
        return [c for c in self if not [b for b in c.broader if b in self.concepts]]

    def ancestors(self, cid: str) -> list[str]:
        """Broader concepts, transitively, nearest first (cycles are cut)."""
        out: list[str] = []
        todo = list(self[cid].broader)
        while todo:
            b = todo.pop(0)
            if b in out or b == cid or b not in self.concepts:
                continue
            out.append(b)
            todo.extend(self.concepts[b].broader)
        return out

    def _loops(self, cid: str) -> bool:
        seen: set[str] = set()
        todo = list(self[cid].broader)
        while todo:
            b = todo.pop()
            if b == cid:
                return True
            if b in seen or b not in self.concepts:
                continue
            seen.add(b)
            todo.extend(self.concepts[b].broader)
        return False

    def tops(self, cid: str) -> list[str]:
        """The top concept(s) a concept belongs to (itself if it is a top concept)."""
        if cid not in self.concepts:
            return [cid]
        chain = [cid] + self.ancestors(cid)
        tops = [c for c in chain if not [b for b in self.concepts[c].broader if b in self.concepts]]
        return sorted(tops) or [cid]

    def descendants(self, cid: str) -> list[str]:
        out: list[str] = []
        todo = list(self[cid].narrower)
        while todo:
            n = todo.pop(0)
            if n in out or n == cid or n not in self.concepts:
                continue
            out.append(n)
            todo.extend(self.concepts[n].narrower)
        return out

    def merge(self, other: "Registry") -> "Registry":
        """A new registry: ``other``'s concepts added, same ids merged label by label."""
        merged = dict(self.concepts)
        for c in other.concepts.values():
            merged[c.id] = _merge_concept(merged[c.id], c) if c.id in merged else c
        return Registry(merged.values(), title=self.title, sources=self.sources + other.sources)

    def validate(self) -> list[str]:
        """Problems found, one message each (empty list: the registry is sound)."""
        problems: list[str] = []
        for c in self:
            if "en" not in c.pref:
                problems.append(f"{c.id}: no English preferred label")
            for rel in ("broader", "narrower", "related"):
                for other in getattr(c, rel):
                    if other not in self.concepts:
                        problems.append(f"{c.id}: {rel} {other!r} is not in the registry")
            for b in c.broader:
                if b in self.concepts and c.id not in self.concepts[b].narrower:
                    problems.append(f"{c.id}: broader {b} does not list it as narrower")
            for n in c.narrower:
                if n in self.concepts and c.id not in self.concepts[n].broader:
                    problems.append(f"{c.id}: narrower {n} does not list it as broader")
            if self._loops(c.id):
                problems.append(f"{c.id}: broader chain loops back to itself")
        problems += self._collisions()
        return problems

    def _collisions(self) -> list[str]:
        seen: dict[tuple[str, str], str] = {}
        problems = []
        for c in self:
            for lang in c.languages():
                for label in c.labels(lang):
                    key = (lang, label_norm(label))
                    owner = seen.setdefault(key, c.id)
                    if owner != c.id:
                        shared = label in c.shared or label in self.concepts[owner].shared
                        if not shared:
                            problems.append(f"label {label!r} ({lang}) belongs to both {owner} and {c.id}")
        return problems

    def to_json(self) -> dict:
        return {"scheme": {"id": "dclit", "title": self.title, "version": "1"},
                "concepts": [c.to_json() for c in self]}


def _merge_concept(a: Concept, b: Concept) -> Concept:
    def join(x: dict[str, tuple[str, ...]], y: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        out = {k: tuple(v) for k, v in x.items()}
        for k, v in y.items():
            out[k] = tuple(dict.fromkeys(out.get(k, ()) + tuple(v)))
        return out

    pref = dict(a.pref)
    alt = join(a.alt, {})
    for lang, label in b.pref.items():
        if lang in pref and pref[lang] != label:
            alt[lang] = tuple(dict.fromkeys(alt.get(lang, ()) + (label,)))
        pref.setdefault(lang, label)
    return Concept(id=a.id, pref=pref, alt=join(alt, b.alt), hidden=join(a.hidden, b.hidden),
                   abbr=join(a.abbr, b.abbr),
                   broader=tuple(dict.fromkeys(a.broader + b.broader)),
                   narrower=tuple(dict.fromkeys(a.narrower + b.narrower)),
                   related=tuple(dict.fromkeys(a.related + b.related)), scheme=a.scheme,
                   scope=b.scope or a.scope, context=a.context + b.context,
                   shared=tuple(dict.fromkeys(a.shared + b.shared)),
                   gappy=tuple(dict.fromkeys(a.gappy + b.gappy)))


def read_registry_json(path: Path) -> Registry:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read registry file: {exc.strerror}", path=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"not valid JSON (line {exc.lineno}): {exc.msg}", path=str(path),
                          hint="A registry file is {\"concepts\": [{\"id\": ..., \"prefLabel\": {...}}]}.") from exc
    items = data.get("concepts") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError("expected a 'concepts' list", path=str(path))
    title = data.get("scheme", {}).get("title", "dclit") if isinstance(data, dict) else "dclit"
    return Registry((concept_from_json(x, str(path)) for x in items), title=title, sources=(str(path),))


def write_registry_json(registry: Registry, path: Path) -> None:
    Path(path).write_text(json.dumps(registry.to_json(), ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")


def default_registry_path() -> Path:
    return Path(str(resources.files("dclit") / "data" / "concepts.json"))


def read_registry(path: Path) -> Registry:
    """One registry file: ``.json``, or SKOS (``.ttl``, ``.rdf``, ``.xml``, ``.nt``, ``.jsonld``)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return read_registry_json(path)
    from dclit.tag.skos import import_skos
    return import_skos(path)


def load_registry(paths: Iterable[str | Path] = (), *, include_default: bool = True) -> Registry:
    """The shipped registry merged with each file in ``paths`` (in order)."""
    registry = read_registry_json(default_registry_path()) if include_default else Registry()
    for p in paths:
        registry = registry.merge(read_registry(Path(p)))
    problems = registry.validate()
    for msg in problems:
        log.warning("registry: %s", msg)
    return registry
