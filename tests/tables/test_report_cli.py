"""The HTML report (self-contained, escaped) and the `dclit tables` command."""
import json
import re

from click.testing import CliRunner

from dclit.cli import main
import dclit.cli.tables  # noqa: F401  (registers `tables` until the lead imports it in dclit.cli)
from dclit.tables import compute_all
from dclit.tables.report import render_report


def test_report_is_self_contained_and_escaped(data):
    html = render_report(data, compute_all(data))
    assert "<script" not in html.lower().replace("&lt;script", "")  # the hostile <script> is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched from a network
    assert html.count("<svg") >= 3  # heatmap, terminology over time, topics over time, network
    for title in ("Sources", "Concept matrix", "Synthesis matrix", "Definitions", "Terminology usage by year",
                  "Most-cited works", "Topics", "Theme co-occurrence"):
        assert title in html


def test_cli_tables_writes_the_chosen_formats(store_path, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["tables", "--store", str(store_path), "--out", str(out), "--format", "csv,xlsx",
                                  "--lang", "en", "--json"])
    assert r.exit_code == 0, r.output
    info = json.loads(r.output)
    assert info["documents"] == 3
    assert (out / "tables.xlsx").exists() and (out / "tables" / "definitions.csv").exists()
    assert not (out / "report.html").exists()


def test_cli_errors_are_one_clear_line(store_path, tmp_path):
    r = CliRunner().invoke(main, ["tables", "--store", str(store_path), "--out", str(tmp_path), "--theme", "nope"])
    assert r.exit_code == 2 and "--theme" in r.output
    r = CliRunner().invoke(main, ["tables", "--store", str(tmp_path / "missing.db"), "--out", str(tmp_path)])
    assert r.exit_code == 2 and "no store" in r.output
    assert CliRunner().invoke(main, ["tables", "--help"]).exit_code == 0
