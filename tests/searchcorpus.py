"""A small store for search, usage and web tests, written through the store's own API.

Four documents: an English report (tagged; printed page labels i, 12, 13; an EU
Twinning false friend flagged by the tagger), a French guide (tagged), an
English note the tag stage never saw (so concept search falls back to labels),
and a hostile document whose text holds HTML/script.
"""
from __future__ import annotations

from pathlib import Path

from dclit.records import Document, Mention, Metadata, Page, Passage
from dclit.store import FileRow, open_store
from dclit.tag import compute_profiles, load_registry

HOSTILE = "<script>alert(1)</script> Our twinning <img src=x onerror=alert(2)> charter & \"quotes\""

# (page, kind, text, [(surface, concept, label, lang, flag)])
DOCS = {
    "a" * 64: dict(
        path="policy/uclg_report_2015.pdf", title="Decentralised Cooperation Report", organisation="UCLG",
        year=2015, language="en", doc_type="report", labels={1: "i", 2: "12", 3: "13"},
        passages=[
            (1, "heading", "Decentralised cooperation in practice",
             [("Decentralised cooperation", "decentralised_cooperation", "decentralised cooperation", "en", None)]),
            (1, "body", "Decentralised cooperation between sister cities has grown since the 1990s.",
             [("Decentralised cooperation", "decentralised_cooperation", "decentralised cooperation", "en", None),
              ("sister cities", "twinning", "sister cities", "en", None)]),
            (2, "body", "The city of Lyon signed a twinning agreement with Porto-Novo; twinnings multiplied after.",
             [("twinning agreement", "twinning", "twinning agreement", "en", None),
              ("twinnings", "twinning", "twinning", "en", None)]),
            (2, "body", "EU Twinning projects support public administrations in candidate countries.",
             [("Twinning", "twinning", "twinning", "en", "eu_twinning_instrument")]),
            (3, "footnote", "Funding came from the municipal budget of Lyon.", []),
        ]),
    "b" * 64: dict(
        path="guides/cuf_guide_2020.pdf", title="Guide de la coopération décentralisée",
        organisation="Cités Unies France", year=2020, language="fr", doc_type="guide", labels={},
        passages=[
            (1, "body", "La coopération décentralisée et le jumelage entre villes européennes.",
             [("coopération décentralisée", "decentralised_cooperation", "coopération décentralisée", "fr", None),
              ("jumelage", "twinning", "jumelage", "fr", None)]),
            (1, "body", "Les collectivités territoriales financent des projets de développement.", []),
        ]),
    "c" * 64: dict(
        path="notes/untagged_note_2010.md", title="A note never tagged", organisation="City of Kyoto",
        year=2010, language="en", doc_type="note", labels={}, tagged=False,
        passages=[(1, "body", "A twin city partnership between Kyoto and Boston began long ago.", [])]),
    "d" * 64: dict(
        path="web/hostile_2021.html", title="<b>Hostile</b> page", organisation="Evil <Org>", year=2021,
        language="en", doc_type="web", labels={},
        passages=[(1, "body", HOSTILE, [("twinning", "twinning", "twinning", "en", None)])]),
}


def make_document(doc_id: str, spec: dict) -> tuple[Document, list[Mention]]:
    texts = [p[2] for p in spec["passages"]]
    text = "\n\n".join(texts)
    passages, mentions, pos = [], [], 0
    for i, (page, kind, ptext, marks) in enumerate(spec["passages"]):
        passages.append(Passage(doc_id=doc_id, index=i, page=page, start=pos, end=pos + len(ptext), text=ptext,
                                kind=kind, lang=spec["language"]))
        cursor = 0
        for surface, concept, label, lang, flag in marks:
            at = ptext.index(surface, cursor)
            cursor = at + len(surface)
            mentions.append(Mention(doc_id=doc_id, concept=concept, label=label, lang=lang, text=surface,
                                    start=pos + at, end=pos + at + len(surface), page=page, passage=i,
                                    sentence_start=pos, sentence_end=pos + len(ptext), flag=flag))
        pos += len(ptext) + 2
    pages, numbers = [], sorted({p[0] for p in spec["passages"]})
    for n in numbers:
        own = [p for p in passages if p.page == n]
        pages.append(Page(number=n, start=own[0].start, end=own[-1].end + (2 if n != numbers[-1] else 0),
                          label=spec["labels"].get(n)))
    meta = Metadata(title=spec["title"], organisation=spec["organisation"], year=spec["year"],
                    language=spec["language"], doc_type=spec["doc_type"], page_count=len(pages),
                    source_path=spec["path"], content_hash=doc_id)
    mentions.sort(key=lambda m: (m.start, m.end, m.concept))
    return Document(doc_id=doc_id, path=spec["path"], text=text, pages=pages, passages=passages,
                    metadata=meta), mentions


def build_store(path: Path) -> Path:
    registry = load_registry()
    st = open_store(path)
    try:
        for doc_id, spec in DOCS.items():
            doc, mentions = make_document(doc_id, spec)
            row = FileRow(path=spec["path"], corpus="/corpus", doc_id=doc_id, size=1, mtime_ns=1, status="ok")
            if spec.get("tagged", True):
                profiles = compute_profiles(doc, mentions, registry)
                st.save_document(doc, row, {"extract": "1", "tag": "1"},
                                 extra=lambda s, d=doc, r=(mentions, profiles): s.save_tag(d, r))
            else:
                st.save_document(doc, row, {"extract": "1"})
    finally:
        st.close()
    return path
