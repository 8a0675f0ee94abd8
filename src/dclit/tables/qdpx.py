"""The corpus and its concept mentions as a REFI-QDA project (``.qdpx``).

A ``.qdpx`` is a zip holding ``project.qde`` (QDA-XML, namespace
``urn:QDA-XML:project:1.0``) and a ``sources/`` folder with each document's
clean text as UTF-8 ``.txt``. NVivo, MAXQDA, ATLAS.ti and QualCoder import it,
so a researcher can continue coding what dclit found:

- the code book is the concept registry (themes at the top, narrower concepts
  below, each placed once under its first broader concept), scope notes as
  descriptions;
- each document is a ``TextSource`` whose ``PlainTextSelection`` elements are the
  tagged mentions (character offsets into the same clean text dclit cites), each
  coded with its concept;
- year, organisation, language and type are variables on each source.

GUIDs are derived from content (uuid5), no dates are written, and the zip members
carry a fixed timestamp, so the same store gives the same bytes.
"""
from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections import defaultdict
from pathlib import Path

from dclit.tables.data import CorpusData
from dclit.tables.write import ZIP_DATE

NS = "urn:QDA-XML:project:1.0"
_NAMESPACE = uuid.UUID("6f0b2a52-3c1e-4d8e-9a51-d7c1a0e5b1f3")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PALETTE = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22",
           "#17BECF"]
VARIABLES = (("year", "Integer"), ("organisation", "Text"), ("language", "Text"), ("document type", "Text"))


def guid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def xml_text(text: str) -> str:
    """Text safe for XML 1.0 (control characters dropped; lxml escapes the rest)."""
    return _CONTROL.sub("", text)


def _children(data: CorpusData, concepts: list[str]) -> dict[str | None, list[str]]:
    reg = data.registry
    keep = set(concepts)
    tree: dict[str | None, list[str]] = defaultdict(list)
    for cid in concepts:
        parents = sorted(b for b in reg[cid].broader if b in keep)
        tree[parents[0] if parents else None].append(cid)
    return tree


def _code(parent, data: CorpusData, cid: str, tree, colour: str) -> None:
    from lxml import etree

    el = etree.SubElement(parent, f"{{{NS}}}Code", guid=guid("code", cid), name=xml_text(data.label(cid)),
                          isCodable="true", color=colour)
    scope = data.registry[cid].scope
    if scope:
        etree.SubElement(el, f"{{{NS}}}Description").text = xml_text(scope)
    for child in tree.get(cid, []):
        _code(el, data, child, tree, colour)


def _variables(root) -> None:
    from lxml import etree

    vs = etree.SubElement(root, f"{{{NS}}}Variables")
    for name, kind in VARIABLES:
        etree.SubElement(vs, f"{{{NS}}}Variable", guid=guid("variable", name), name=name, typeOfVariable=kind)


def _source(sources, data: CorpusData, doc_id: str, user: str, mentions) -> str:
    from lxml import etree

    d = data.doc(doc_id)
    sid = guid("source", doc_id)
    src = etree.SubElement(sources, f"{{{NS}}}TextSource", guid=sid, name=xml_text(d.name),
                           plainTextPath=f"internal://{sid}.txt")
    etree.SubElement(src, f"{{{NS}}}Description").text = xml_text(
        f"{d.title or ''} — {d.path} — dclit document {doc_id}")
    for m in mentions:
        sel = etree.SubElement(src, f"{{{NS}}}PlainTextSelection",
                               guid=guid("selection", doc_id, str(m.start), str(m.end), m.concept),
                               name=xml_text(f"{m.text} (p. {data.documents[doc_id].page_label(m.page)})"),
                               startPosition=str(m.start), endPosition=str(m.end), creatingUser=user)
        coding = etree.SubElement(sel, f"{{{NS}}}Coding", guid=guid("coding", doc_id, str(m.start), m.concept),
                                  creatingUser=user)
        etree.SubElement(coding, f"{{{NS}}}CodeRef", targetGUID=guid("code", m.concept))
    values = (("year", d.year), ("organisation", d.organisation), ("language", d.language),
              ("document type", d.doc_type))
    for name, value in values:
        if value is None or value == "":
            continue
        vv = etree.SubElement(src, f"{{{NS}}}VariableValue")
        etree.SubElement(vv, f"{{{NS}}}VariableRef", targetGUID=guid("variable", name))
        tag = "IntegerValue" if name == "year" else "TextValue"
        etree.SubElement(vv, f"{{{NS}}}{tag}").text = xml_text(str(value))
    return sid


def project_xml(data: CorpusData, name: str = "dclit corpus") -> bytes:
    """The ``project.qde`` document."""
    from lxml import etree

    from dclit import __version__

    user = guid("user", "dclit")
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS}, name=xml_text(name),
                         origin=f"dclit {__version__}", creatingUserGUID=user)
    users = etree.SubElement(root, f"{{{NS}}}Users")
    etree.SubElement(users, f"{{{NS}}}User", guid=user, name="dclit", id="dclit")
    concepts = data.concepts()
    tree = _children(data, concepts)
    if concepts:
        codes = etree.SubElement(etree.SubElement(root, f"{{{NS}}}CodeBook"), f"{{{NS}}}Codes")
        for i, top in enumerate(tree.get(None, [])):
            _code(codes, data, top, tree, PALETTE[i % len(PALETTE)])
    _variables(root)
    by_doc = defaultdict(list)
    for m in sorted(data.mentions, key=lambda m: (m.doc_id, m.start, m.end, m.concept)):
        by_doc[m.doc_id].append(m)
    if data.docs:
        sources = etree.SubElement(root, f"{{{NS}}}Sources")
        for d in sorted(data.docs, key=lambda d: (d.path, d.doc_id)):
            _source(sources, data, d.doc_id, user, by_doc.get(d.doc_id, []))
    etree.SubElement(root, f"{{{NS}}}Description").text = xml_text(
        f"Exported by dclit {__version__}: {len(data.docs)} documents, {len(data.mentions)} concept mentions coded "
        "with the dclit concept registry. Offsets are character positions in sources/*.txt.")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def to_qdpx(data: CorpusData, name: str = "dclit corpus") -> bytes:
    """The ``.qdpx`` zip bytes: project.qde, then sources/<guid>.txt in a fixed order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        members = [("project.qde", project_xml(data, name))]
        for d in sorted(data.docs, key=lambda d: (d.path, d.doc_id)):
            members.append((f"sources/{guid('source', d.doc_id)}.txt", data.documents[d.doc_id].text.encode("utf-8")))
        for arcname, payload in members:
            zi = zipfile.ZipInfo(arcname, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            z.writestr(zi, payload)
    return out.getvalue()


def write_qdpx(data: CorpusData, path: Path, name: str = "dclit corpus") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_qdpx(data, name))
    return path
