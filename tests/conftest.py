import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # shared fixture builders (searchcorpus.py)
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "corpus"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def store(tmp_path):
    from dclit.store import open_store

    st = open_store(tmp_path / "store.db")
    yield st
    st.close()
