"""The per-document stages after extraction, in the order they run.

Each stage is a plain function Document -> records (it never opens the store);
the store saves them with ``save_<stage>`` inside the document's transaction.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from dclit.records import Document
from dclit.worker import DocStage

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _tagger():
    from dclit.tag import Tagger, load_registry

    return Tagger(load_registry())


def run_tag(doc: Document):
    from dclit.tag import compute_profiles

    mentions = _tagger().tag(doc)
    return mentions, compute_profiles(doc, mentions)


def run_biblio(doc: Document):
    from dclit.biblio import find_citations, find_references, link

    references = find_references(doc)
    return references, link(find_citations(doc, references), references)


@lru_cache(maxsize=1)
def document_stages() -> dict[str, DocStage]:
    from dclit.biblio import BIBLIO_VERSION
    from dclit.tag import TAG_VERSION

    return {"tag": DocStage("tag", TAG_VERSION, run_tag),
            "biblio": DocStage("biblio", BIBLIO_VERSION, run_biblio)}


def warm() -> None:
    """Load the heavy objects once in the parent, so forked workers share them."""
    from dclit.extract.language import _detector

    _detector()
    _warm_tagger()
    try:
        from dclit.biblio import parse_reference

        parse_reference("Hafteck, P. (2003). An introduction to decentralized cooperation. Public Administration "
                        "and Development, 23(4), 333-345.")
    except Exception as e:  # a missing model is reported per document by the stage itself
        log.debug("reference model not preloaded: %s", e)


def _warm_tagger() -> None:
    """Build the tagger and its spaCy pipelines (loaded lazily per language) by tagging
    one sentence in each language it has labels for."""
    from dclit.records import Passage

    tagger = _tagger()
    for lang, text in (("en", "Decentralised cooperation between cities."), ("fr", "La coopération décentralisée."),
                       ("es", "La cooperación descentralizada."), ("it", "La cooperazione decentrata."),
                       ("de", "Die kommunale Entwicklungszusammenarbeit."), ("nl", "Decentrale samenwerking.")):
        doc = Document(doc_id="warm", path="warm", text=text,
                       pages=[], passages=[Passage(doc_id="warm", index=0, page=1, start=0, end=len(text), text=text,
                                                   lang=lang)], metadata=_meta(lang))
        try:
            tagger.tag(doc)
        except Exception as e:  # warming is an optimisation only
            log.debug("tagger warm-up for %s failed: %s", lang, e)


def _meta(lang: str):
    from dclit.records import Metadata

    return Metadata(language=lang)


def wanted_versions(extract_fingerprint: str, meta_fingerprint: str) -> dict[str, str]:
    versions = {"extract": extract_fingerprint, "meta": meta_fingerprint}
    versions.update({name: st.version for name, st in document_stages().items()})
    return versions


def save_outputs(store, doc, outputs: dict) -> None:
    """Called inside the store transaction that saves ``doc``."""
    for name, records in outputs.items():
        getattr(store, f"save_{name}")(doc, records)
