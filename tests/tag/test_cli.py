import json

from click.testing import CliRunner

import dclit.cli.terms  # noqa: F401  (registers the commands)
from dclit.cli.app import main


def test_tag_json_offsets_into_extract(tmp_path):
    f = tmp_path / "note.md"
    f.write_text("# Twinning\n\nMunicipal International Cooperation (MIC) and later MIC.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["tag", str(f), "--json"])
    assert r.exit_code == 0, r.output
    ms = json.loads(r.output)
    from dclit.extract import extract_document
    text = extract_document(f).text
    assert [m["text"] for m in ms] == ["Twinning", "Municipal International Cooperation", "MIC"]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in ms)


def test_concepts_tree_and_one_concept():
    r = CliRunner().invoke(main, ["concepts"])
    assert r.exit_code == 0 and "  twinning" in r.output
    r = CliRunner().invoke(main, ["concepts", "delegation"])
    assert "délégation" in r.output and "context drop" in r.output
    r = CliRunner().invoke(main, ["concepts", "nope"])
    assert r.exit_code != 0


def test_concepts_export_skos(tmp_path):
    out = tmp_path / "c.ttl"
    r = CliRunner().invoke(main, ["concepts", "--export", str(out)])
    assert r.exit_code == 0 and "skos:prefLabel" in out.read_text(encoding="utf-8")


def test_every_command_has_help():
    for cmd in (["tag"], ["concepts"], ["terms", "suggest"], ["evaluate"]):
        r = CliRunner().invoke(main, cmd + ["--help"])
        assert r.exit_code == 0 and len(r.output) > 100
