"""Fixtures of the topic tests."""
import pytest

from .topics_helpers import ALL_DOCS, build_store, make_corpus, settings


@pytest.fixture(scope="session")
def fitted(tmp_path_factory):
    """A store of the whole sample text corpus with a topic model fitted from scratch."""
    pytest.importorskip("bertopic")
    from dclit import topics as T

    tmp = tmp_path_factory.mktemp("fitted")
    st = build_store(tmp / "store.db", make_corpus(tmp / "corpus", ALL_DOCS))
    info = T.fit(st, settings(tmp))
    yield st, info, tmp
    st.close()
