"""Fixtures of the hardening tests (helpers are in hardkit.py, hostile files in hostile.py)."""
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # hardkit.py, hostile.py
sys.path.insert(0, str(HERE.parents[1] / "fuzz"))  # harness.py

from hardkit import make_corpus  # noqa: E402


@pytest.fixture(scope="session")
def warm_workers(tmp_path_factory):
    """Load the tagger (and its spaCy pipeline) once in this process: forked workers inherit it."""
    from dclit.extract import extract_document
    from dclit.stages import run_tag, warm

    warm()
    folder = make_corpus(tmp_path_factory.mktemp("warm"), 1)
    run_tag(extract_document(next(folder.glob("*.md"))))
