import pytest

from dclit.tag import Tagger, load_registry


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def tagger(registry):
    return Tagger(registry)
