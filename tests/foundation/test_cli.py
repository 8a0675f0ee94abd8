"""The CLI: thin, documented, with clear errors and exit codes."""
import json
import shutil
from pathlib import Path

import click
from click.testing import CliRunner

from dclit.cli import main

SAMPLE_TEXT = Path(__file__).resolve().parents[2] / "corpus" / "text"


def _walk(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _walk(cmd, prefix + (name,))


def test_every_command_has_help_text():
    runner = CliRunner()
    for path, cmd in _walk(main):
        assert cmd.help and cmd.help.strip(), f"dclit {' '.join(path)} has no help"
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)


def test_extract_prints_clean_text_and_json_with_offsets(tmp_path):
    f = tmp_path / "note.md"
    f.write_text("# Twinning\n\nCity-to-city cooperation links towns.\n")
    runner = CliRunner()
    out = runner.invoke(main, ["extract", str(f)])
    assert out.exit_code == 0 and out.output == "Twinning\n\nCity-to-city cooperation links towns.\n"
    data = json.loads(runner.invoke(main, ["extract", str(f), "--json"]).output)
    assert set(data) >= {"doc_id", "metadata", "pages", "passages", "text"}
    p = data["passages"][1]
    assert data["text"][p["start"]:p["end"]] == p["text"] == "City-to-city cooperation links towns."
    assert data["metadata"]["provenance"]["title"] == "first-heading"


def test_extract_of_a_bad_file_is_one_clear_line(tmp_path):
    f = tmp_path / "empty.pdf"
    f.touch()
    out = CliRunner().invoke(main, ["extract", str(f)])
    assert out.exit_code == 2
    assert out.output.strip().count("\n") == 0 and "empty.pdf: extract: file is empty" in out.output


def test_run_status_docs_and_exit_codes(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    shutil.copy(sorted(SAMPLE_TEXT.glob("*.md"))[0], c)
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    ok = runner.invoke(main, ["run", str(c), "--store", db, "--workers", "1"])
    assert ok.exit_code == 0, ok.output
    assert "1 processed" in ok.output
    (c / "broken.docx").write_bytes(b"PK\x03\x04broken")
    bad = runner.invoke(main, ["run", str(c), "--store", db, "--workers", "1"])
    assert bad.exit_code == 1 and "broken.docx" in bad.output
    st = runner.invoke(main, ["status", "--store", db])
    assert "documents  1" in st.output and "failures   1" in st.output and "broken.docx" in st.output
    docs = json.loads(runner.invoke(main, ["docs", "--store", db, "--json"]).output)
    assert len(docs["documents"]) == 1 and docs["failed"][0]["path"] == "broken.docx"


def test_store_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DCLIT_STORE", str(tmp_path / "env.db"))
    out = CliRunner().invoke(main, ["status"])
    assert out.exit_code == 2 and "env.db" in out.output and "dclit run" in out.output
