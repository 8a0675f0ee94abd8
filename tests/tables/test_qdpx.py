"""The REFI-QDA export: schema-valid project.qde, sources whose offsets match the codings."""
import io
import zipfile
from pathlib import Path

from lxml import etree

from dclit.tables.qdpx import NS, to_qdpx

XSD = Path(__file__).resolve().parents[1] / "fixtures" / "refi_qda" / "Project.xsd"
N = {"q": NS}


def _open(data):
    z = zipfile.ZipFile(io.BytesIO(to_qdpx(data)))
    return z, etree.fromstring(z.read("project.qde"))


def test_project_validates_against_refi_schema(data):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    _, root = _open(data)
    assert schema.validate(root), schema.error_log


def test_schema_rejects_a_broken_project(data):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    _, root = _open(data)
    sel = root.find(".//q:PlainTextSelection", N)
    del sel.attrib["startPosition"]
    assert not schema.validate(root)


def test_selections_point_at_the_mentions(data):
    z, root = _open(data)
    assert z.namelist()[0] == "project.qde"
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{{{NS}}}Code")}
    assert "decentralised cooperation" in codes.values()
    twinning = [c for c in root.iter(f"{{{NS}}}Code") if c.get("name") == "twinning"][0]
    assert twinning.getparent().get("name") == "decentralised cooperation"  # the code tree is the registry's
    n_sel = 0
    for src in root.iter(f"{{{NS}}}TextSource"):
        text = z.read("sources/" + src.get("plainTextPath").split("://")[1]).decode("utf-8")
        for sel in src.findall("q:PlainTextSelection", N):
            piece = text[int(sel.get("startPosition")):int(sel.get("endPosition"))]
            assert sel.get("name").startswith(piece)
            assert sel.find("q:Coding/q:CodeRef", N).get("targetGUID") in codes
            n_sel += 1
    assert n_sel == len(data.mentions)


def test_variables_and_determinism(data):
    assert to_qdpx(data) == to_qdpx(data)
    z, root = _open(data)
    assert all(i.date_time == (2000, 1, 1, 0, 0, 0) for i in z.infolist())
    variables = {v.get("name") for v in root.iter(f"{{{NS}}}Variable")}
    assert variables == {"year", "organisation", "language", "document type"}
    assert b"<b>bold</b>" not in z.read("project.qde")  # markup in a title is escaped
