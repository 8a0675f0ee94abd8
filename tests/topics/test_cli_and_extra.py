"""The CLI, the HTML views, and what happens without the topic extra."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.topics


def _main():
    import dclit.cli.topics  # noqa: F401  (registers the group until the lead wires it in cli/__init__)
    from dclit.cli.app import main

    return main


def test_importing_topics_and_its_cli_loads_no_torch_or_bertopic():
    code = ("import sys, dclit.topics, dclit.cli.topics, dclit.store; "
            "heavy = [m for m in ('torch', 'bertopic', 'sentence_transformers', 'umap') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_extra_gives_the_install_command(monkeypatch, store):
    from dclit import topics as T
    from dclit.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "bertopic", None)  # `import bertopic` now raises ImportError
    with pytest.raises(MissingExtraError, match=r"pip install 'dclit\[topics\]'") as e:
        T.fit(store, T.TopicSettings())
    assert e.value.code == "E500"
    assert T.assign_new(store) == 0  # no model: a no-op
    result = CliRunner().invoke(_main(), ["topics", "--store", str(store.path)])
    assert result.exit_code == 2 and "pip install 'dclit[topics]'" in result.output


@pytest.mark.slow
def test_missing_extra_makes_assign_new_a_no_op_even_with_a_model(fitted, monkeypatch):
    from dclit import topics as T

    st, _, _ = fitted
    first = st.topic_assignments()[0]
    monkeypatch.setitem(sys.modules, "bertopic", None)
    st.db.execute("DELETE FROM topic_assignments WHERE doc_id = ? AND idx = ?", (first.doc_id, first.idx))
    try:
        assert T.assign_new(st) == 0
    finally:
        monkeypatch.undo()
        assert T.assign_new(st) == 1  # the extra is back: the passage is assigned again
        # leave the shared store as the fit made it
        st.db.execute("DELETE FROM topic_assignments WHERE doc_id = ? AND idx = ?", (first.doc_id, first.idx))
        with st.transaction():
            st._insert_assignments([first])


@pytest.mark.slow
def test_cli_lists_and_shows_topics(fitted):
    st, info, _ = fitted
    runner = CliRunner()
    result = runner.invoke(_main(), ["topics", "--store", str(st.path), "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert sum(t["size"] for t in listed) == info.n_passages
    n = listed[-1]["topic"]
    shown = runner.invoke(_main(), ["topics", "show", str(n), "--store", str(st.path)])
    assert shown.exit_code == 0 and f"topic {n}:" in shown.output and ", p. " in shown.output
    missing = runner.invoke(_main(), ["topics", "show", "999", "--store", str(st.path)])
    assert missing.exit_code == 2 and "no topic 999" in missing.output
    docs = runner.invoke(_main(), ["topics", "docs", "--store", str(st.path), "--json"])
    assert docs.exit_code == 0 and len(json.loads(docs.output)) >= 3


@pytest.mark.slow
def test_views_are_self_contained_html(fitted, tmp_path):
    from dclit.topics.viz import BARCHART, OVER_TIME, write_visualisations

    st, info, _ = fitted
    written = {p.name: p for p in write_visualisations(st, tmp_path)}
    assert BARCHART in written and OVER_TIME in written  # documents span 1985-2023
    for path in written.values():
        html = path.read_text(encoding="utf-8")
        # plotly.js inline (no <script src=...> to fetch): opens offline
        assert '<script src="http' not in html and "Plotly.newPlot" in html and len(html) > 1_000_000
