"""`dclit search` and `dclit usage` through the CLI runner."""
import csv
import io
import json

import pytest
from click.testing import CliRunner

from dclit.cli.app import main
import dclit.cli.search  # noqa: F401  (registers the commands)


@pytest.fixture
def run(search_store_path):
    def _run(*args):
        return CliRunner().invoke(main, [*args, "--store", str(search_store_path)])
    return _run


def test_every_command_has_help():
    for name in ("search", "usage", "serve"):
        out = CliRunner().invoke(main, [name, "--help"])
        assert out.exit_code == 0 and len(out.output) > 200, name


def test_search_prints_an_aligned_concordance(run):
    out = run("search", "--concept", "twinning", "--width", "30")
    assert out.exit_code == 0, out.output
    rows = [r for r in out.stdout.splitlines() if r.strip()]
    assert rows[0].startswith("document") and "keyword" in rows[0]
    assert any("jumelage" in r and "2020" in r for r in rows)
    assert any(" 12 " in r and "twinnings" in r for r in rows)  # printed page label
    assert "5 passages match" in out.stderr


def test_search_json_and_csv(run, search_store_path):
    from dclit.store import open_store

    out = run("search", '"sister cities" OR jumelage', "--json")
    data = json.loads(out.stdout)
    assert data["total"] == 2 and {x["keyword"] for x in data["lines"]} == {"sister cities", "jumelage"}
    out = run("search", "twinning", "--lang", "en", "--years", "2015", "--csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    expected = {("twinning", "12", "2015"), ("Twinning", "12", "2015")}
    with open_store(search_store_path, readonly=True) as st:
        if st.backend == "postgresql":  # PostgreSQL stems: twinning finds "twinnings" too
            expected.add(("twinnings", "12", "2015"))
    assert {(r["keyword"], r["page_label"], r["year"]) for r in rows} == expected


def test_search_filters_by_document_and_theme(run):
    out = run("search", "concept:twinning", "--doc", "guides/cuf_guide_2020.pdf", "--json")
    assert {x["path"] for x in json.loads(out.stdout)["lines"]} == {"guides/cuf_guide_2020.pdf"}
    out = run("search", "concept:twinning", "--theme", "decentralised_cooperation", "--type", "note", "--json")
    assert json.loads(out.stdout)["total"] == 0  # the note was never tagged, so it has no theme profile


def test_malformed_query_fails_with_a_message(run):
    out = run("search", '"sister city')
    assert out.exit_code == 2
    assert "[E300]" in out.stderr and "double quote is never closed" in out.stderr
    assert "exact phrases" in out.stderr
    assert run("search", "--years", "20x0", "twinning").exit_code == 2
    assert "no document" in run("search", "x", "--doc", "nope").stderr


def test_usage_command(run, tmp_path):
    out = run("usage", "twinning", "--plot", str(tmp_path / "u.png"))
    assert out.exit_code == 0, out.output
    assert "5 mentions in 3 of 3 tagged documents" in out.stdout
    assert "Juilland's D" in out.stdout and "jumelage" in out.stdout
    assert (tmp_path / "u.png").stat().st_size > 10_000
    data = json.loads(run("usage", "jumelage", "--json").stdout)
    assert data["concept"] == "twinning" and data["flagged"] == 1
    assert run("usage", "nonsense_concept").exit_code == 2


def test_serve_refuses_a_missing_store_clearly(tmp_path):
    out = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none.db")])
    assert out.exit_code == 2 and "no store at" in out.stderr and "dclit run" in out.stderr


def test_search_match_labels_finds_the_false_friend_too(run):
    out = run("search", "--concept", "twinning", "--match", "labels", "--json")
    paths = [(x["path"], x["keyword"]) for x in json.loads(out.stdout)["lines"]]
    assert ("policy/uclg_report_2015.pdf", "Twinning") in paths  # EU Twinning: the labels cannot tell
    out = run("search", "--concept", "twinning", "--json")
    assert "Twinning" not in {x["keyword"] for x in json.loads(out.stdout)["lines"]}
