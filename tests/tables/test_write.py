"""Files: CSV/Markdown/LaTeX/XLSX contents, injection safety, byte-identical reruns."""
import csv
import io
import zipfile

import pandas as pd
import pytest

from dclit.tables import compute_all
from dclit.tables.outputs import make_tables, parse_formats
from dclit.tables.write import latex_escape, neutralise, to_csv, to_latex, to_markdown, to_xlsx, write_tables

HOSTILE = pd.DataFrame({"document": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "plain"],
                        "note": ["a|b <i>", "50% & {x}_#", "~^\\", "ok", None],
                        "n": [1, 2, 3, 4, 5]})


def test_neutralise_only_formula_starts():
    assert [neutralise(v) for v in ("=1+1", "+1", "-1", "@A", "\tx", "a=1", "")] == \
        ["'=1+1", "'+1", "'-1", "'@A", "'\tx", "a=1", ""]
    assert neutralise(-1) == -1  # numbers stay numbers


def test_csv_cells_are_neutralised():
    rows = list(csv.reader(io.StringIO(to_csv(HOSTILE))))
    assert rows[0] == ["document", "note", "n"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"]
    assert rows[5][1] == ""


def test_latex_escapes_specials():
    assert latex_escape("50% & {x}_#$~^\\") == \
        r"50\% \& \{x\}\_\#\$\textasciitilde{}\textasciicircum{}\textbackslash{}"
    tex = to_latex(HOSTILE, "T", "t")
    assert r"50\% \& \{x\}\_\#" in tex and "\\begin{longtable}" in tex
    assert "50% &" not in tex


def test_markdown_escapes_pipes_and_markup():
    md = to_markdown(HOSTILE, "T")
    assert "a\\|b &lt;i&gt;" in md
    assert md.splitlines()[3].count("|") == 4  # header row: 3 columns


def test_xlsx_opens_with_openpyxl_and_is_safe(data):
    from openpyxl import load_workbook

    tables = compute_all(data)
    tables["hostile"] = HOSTILE
    wb = load_workbook(io.BytesIO(to_xlsx(tables)))
    assert wb.sheetnames[:3] == ["sources", "concept_matrix", "synthesis"]
    ws = wb["hostile"]
    values = [ws.cell(row=r, column=1).value for r in range(3, 8)]
    assert values == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(3, 8))  # text, never a formula
    cm = wb["concept_matrix"]
    assert cm.cell(row=2, column=2).value  # the theme group row above the concept headers
    assert cm.cell(row=3, column=1).value == "document"
    assert wb.properties.created.year == 2000 and wb.properties.modified.year == 2000
    src = wb["sources"]
    assert src.cell(row=2, column=2).value == "document"
    assert src.max_row == 2 + len(data.docs)


def test_xlsx_and_every_file_byte_identical(store, registry, tmp_path):
    a = make_tables(store, tmp_path / "a", registry=registry)
    b = make_tables(store, tmp_path / "b", registry=registry)
    names = sorted(p.relative_to(tmp_path / "a").as_posix() for p in a.files)
    assert names == sorted(p.relative_to(tmp_path / "b").as_posix() for p in b.files)
    assert {"tables.xlsx", "report.html", "corpus.qdpx", "tables/sources.csv", "tables/synthesis.tex"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    for info in zipfile.ZipFile(tmp_path / "a" / "tables.xlsx").infolist():
        assert info.date_time == (2000, 1, 1, 0, 0, 0)


def test_write_tables_formats(data, tmp_path):
    files = write_tables({"sources": compute_all(data)["sources"]}, tmp_path, ["csv", "md"])
    assert sorted(p.name for p in files) == ["sources.csv", "sources.md"]
    text = (tmp_path / "tables" / "sources.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("doc,document,file,")
    assert "'=HYPERLINK" in text  # the hostile note's title


def test_parse_formats():
    assert parse_formats("csv, LaTeX,markdown") == ("csv", "tex", "md")
    assert "qdpx" in parse_formats(None)
    from dclit.errors import ConfigError
    with pytest.raises(ConfigError, match="pdf"):
        parse_formats("csv,pdf")
