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

# Two backends. DCLIT_TEST_PG names a PostgreSQL server (scripts/pg.sh start prints one): the
# tests that need PostgreSQL use it (they skip without it). `pytest --backend postgresql` runs the
# whole suite on it: each session gets a fresh database, and every store a test opens by path
# becomes a schema of it (dclit.store.TEST_REDIRECT); tests marked sqlite_only are skipped.
PG_ENV = "DCLIT_TEST_PG"


def pytest_addoption(parser):
    parser.addoption("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                     help=f"store backend for the whole suite (postgresql needs ${PG_ENV})")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): tests SQLite's own behaviour (its file, WAL, "
                                       "lock file); skipped with --backend postgresql")
    if config.getoption("--backend") != "postgresql":
        return
    import pgtest

    server = os.environ.get(PG_ENV)
    if not server:
        raise pytest.UsageError(f"--backend postgresql needs ${PG_ENV} (e.g. `export {PG_ENV}=$(scripts/pg.sh start)`)")
    config._dclit_pg = pgtest.create_database(server, f"dclit_test_{os.getpid()}")
    from dclit.store import TEST_REDIRECT
    os.environ[TEST_REDIRECT] = config._dclit_pg


def pytest_unconfigure(config):
    url = getattr(config, "_dclit_pg", None)
    if url:
        import pgtest
        from dclit.store import TEST_REDIRECT

        os.environ.pop(TEST_REDIRECT, None)
        pgtest.drop_database(os.environ[PG_ENV], url)


def pytest_collection_modifyitems(config, items):
    if config.getoption("--backend") != "postgresql":
        return
    for item in items:
        mark = item.get_closest_marker("sqlite_only")
        if mark:
            reason = mark.args[0] if mark.args else mark.kwargs.get("reason", "SQLite's own behaviour")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def store(tmp_path):
    from dclit.store import open_store

    st = open_store(tmp_path / "store.db")
    yield st
    st.close()


@pytest.fixture
def pg_server() -> str:
    """The PostgreSQL server of $DCLIT_TEST_PG (the test skips without one)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (scripts/pg.sh start prints one)")
    return url


@pytest.fixture
def pg_url(pg_server, request) -> str:
    """A store URL naming a fresh schema of the test server, dropped afterwards."""
    import pgtest

    url, cleanup = pgtest.fresh_schema(pg_server, request.node.name)
    yield url
    cleanup()
