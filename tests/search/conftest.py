import pytest

from searchcorpus import build_store


@pytest.fixture(scope="session")
def search_store_path(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("search") / "store.db")


@pytest.fixture
def ro_store(search_store_path):
    from dclit.store import open_store

    st = open_store(search_store_path, readonly=True)
    yield st
    st.close()


@pytest.fixture(scope="session")
def registry():
    from dclit.tag import load_registry

    return load_registry()
