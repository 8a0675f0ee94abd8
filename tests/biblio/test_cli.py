"""CLI: refs parse (stdin → JSON lines), refs FILE --json, cites FILE --json, export-bib."""
import json

from click.testing import CliRunner

import dclit.cli.biblio  # noqa: F401  (registers the commands)
from dclit.cli.app import main

from .conftest import SEED


def test_refs_parse_stdin_one_item_per_line():
    lines = "Hafteck, P. (2003). An Introduction to Decentralized Cooperation. Public Administration and " \
            "Development 23(4): 333-345.\n\nShuman, S. (1994). Towards a Global Village. Pluto Press, London.\n"
    res = CliRunner().invoke(main, ["refs", "parse", "-"], input=lines)
    assert res.exit_code == 0, res.output
    items = [json.loads(x) for x in res.output.splitlines()]
    assert [i["author"][0]["family"] for i in items] == ["Hafteck", "Shuman"]
    assert items[0]["issued"] == {"date-parts": [[2003]]}


def test_refs_and_cites_json_on_the_seed_paper():
    runner = CliRunner()
    res = runner.invoke(main, ["refs", str(SEED), "--json"])
    assert res.exit_code == 0, res.output
    refs = json.loads(res.output)
    assert len(refs) == 51 and refs[0]["_source"]["raw"].startswith("Ackerman")
    text = SEED.read_text(encoding="utf-8")
    res = runner.invoke(main, ["cites", str(SEED), "--json"])
    cites = json.loads(res.output)
    hafteck = next(c for c in cites if c["text"] == "Hafteck, 2003")
    assert refs[hafteck["reference"]]["author"][0]["family"] == "Hafteck"
    assert {"start", "end", "authors", "year", "locator", "reference"} <= set(hafteck)
    work = next(c for c in cites if c["text"] == "Work, 2002: 6")
    assert work["locator"] == "6" and work["reference"] is None
    assert len(text) > hafteck["end"]


def test_export_bib_formats(tmp_path):
    out = tmp_path / "seed.bib"
    res = CliRunner().invoke(main, ["export-bib", str(SEED), "--format", "bibtex", "-o", str(out)])
    assert res.exit_code == 0, res.output
    bib = out.read_text()
    assert bib.count("@") == 51 and "hafteck2003introduction" in bib
    res = CliRunner().invoke(main, ["export-bib", str(SEED), "--format", "ris"])
    assert res.output.count("ER  - ") == 51


def test_works_and_export_bib_read_what_a_run_saved(tmp_path):
    import shutil

    from dclit import pipeline
    from dclit.pipeline import RunOptions
    from dclit.store import open_store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    with open_store(tmp_path / "s.db") as st:
        assert pipeline.run(corpus, st, RunOptions(workers=1)).processed == 1
    runner = CliRunner()
    stored = json.loads(runner.invoke(main, ["works", "--store", str(tmp_path / "s.db"), "--json"]).output)
    fresh = json.loads(runner.invoke(main, ["works", str(SEED), "--json"]).output)
    assert len(stored["works"]) == 51 and [w["key"] for w in stored["works"]] == [w["key"] for w in fresh["works"]]
    res = runner.invoke(main, ["export-bib", "--store", str(tmp_path / "s.db"), "--format", "ris"])
    assert res.exit_code == 0 and res.output.count("ER  - ") == 51
    both = runner.invoke(main, ["works", str(SEED), "--store", str(tmp_path / "s.db")])
    assert both.exit_code == 2 and "not both" in both.output
