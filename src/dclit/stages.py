"""The per-document stages after extraction, in the order they run.

Each stage is a plain function Document -> records (it never opens the store);
``save`` hands its records to the store inside the document's transaction.
Stages whose package is not there yet are simply absent.
"""
from __future__ import annotations

from functools import lru_cache

from dclit.worker import DocStage


@lru_cache(maxsize=1)
def document_stages() -> dict[str, DocStage]:
    stages: dict[str, DocStage] = {}
    return stages


def wanted_versions(extract_fingerprint: str, meta_fingerprint: str) -> dict[str, str]:
    versions = {"extract": extract_fingerprint, "meta": meta_fingerprint}
    versions.update({name: st.version for name, st in document_stages().items()})
    return versions


def save_outputs(store, doc, outputs: dict) -> None:
    """Called inside the store transaction that saves ``doc``."""
    for name, records in outputs.items():
        saver = getattr(store, f"save_{name}", None)
        if saver is not None:
            saver(doc, records)
