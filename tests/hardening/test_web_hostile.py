"""A hostile PDF through the real pipeline, served and opened in headless Chromium: its markup
shows as text and runs nothing. Search input reaches SQLite only as a bound parameter. The
server listens on loopback unless told otherwise."""
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dclit import pipeline
from dclit.pipeline import RunOptions
from dclit.store import open_store
from hardkit import make_corpus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = ["Hostile towns wrote <script>alert(1)</script> in their twinning report.",
           "Another line: <img src=x onerror=alert(2)> about decentralised cooperation.",
           "A third says \"><svg onload=alert(3)> and ends here."]
SQLISH = ["'; DROP TABLE passages; --", '" OR 1=1', "' OR '1'='1", "twinning) OR (1=1", "NEAR(a b, 99999999)",
          "a* * * *", "(" * 50 + "a", '"' * 301, "^^^", "text:twinning", "{text}: x", "- OR -", "x AND",
          "concept:'; DROP TABLE documents; --", "\x00", "*", "NOT NOT NOT", "a OR " * 2000 + "b"]


def _hostile_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("<b>Hostile</b> report")
    y = 780
    for line in HOSTILE:
        c.drawString(60, y, line)
        y -= 30
    c.save()


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, warm_workers):
    base = tmp_path_factory.mktemp("webhostile")
    corpus = make_corpus(base / "c", 2)
    _hostile_pdf(corpus / "hostile.pdf")
    with open_store(base / "s.db") as st:
        s = pipeline.run(corpus, st, RunOptions(workers=1))
        assert s.processed == 3 and s.ok, s.describe()
        doc_id = next(d.doc_id for d in st.documents() if d.path == "hostile.pdf")
    return base / "s.db", doc_id


@pytest.fixture(scope="module")
def app(hostile_store):
    from dclit.web import create_app

    a = create_app(hostile_store[0])
    a.testing = True
    return a


@pytest.fixture(scope="module")
def server(app):
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=5)


@pytest.mark.browser
def test_hostile_pdf_shows_as_text_in_chromium(server, hostile_store):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/sysdeps.sh`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(server + "/")
            page.fill("#q", "hostile")
            page.click("button[type=submit]")
            page.wait_for_selector("#kwic")
            assert "<script>alert(1)</script>" in page.inner_text("#kwic")
            page.goto(server + f"/doc/{hostile_store[1]}")
            text = page.inner_text("main")
            for needle in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>'):
                assert needle in text
            assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
            assert page.locator("main svg").count() == 0
            page.wait_for_timeout(300)
            assert dialogs == []
        finally:
            browser.close()


def _counts(db):
    from dclit.store import open_store

    with open_store(db, readonly=True) as st:
        return [st.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "passages", "pages")]


class _Tracing(sqlite3.Connection):
    seen: list[str] = []

    def execute(self, sql, *args):
        _Tracing.seen.append(sql)
        return super().execute(sql, *args)

    def executemany(self, sql, *args):
        _Tracing.seen.append(sql)
        return super().executemany(sql, *args)


@pytest.mark.sqlite_only("traces the sqlite3 connection")
def test_search_input_reaches_sql_only_as_a_bound_parameter(app, hostile_store, monkeypatch):
    import dclit.store.sqlite as backend

    real = sqlite3.connect
    monkeypatch.setattr(backend.sqlite3, "connect", lambda *a, **kw: real(*a, factory=_Tracing, **kw))
    before = _counts(hostile_store[0])
    client = app.test_client()
    for q in SQLISH:
        _Tracing.seen.clear()
        resp = client.get("/", query_string={"q": q})
        assert resp.status_code in (200, 400), (q, resp.status_code)
        assert b"Traceback" not in resp.data
        assert _Tracing.seen, "the tracing connection was not used"
        marker = q.strip()[:12]
        if len(marker) >= 6:  # the text of the query never becomes SQL text
            assert not any(marker in sql for sql in _Tracing.seen), (q, [s for s in _Tracing.seen if marker in s])
    assert _counts(hostile_store[0]) == before


def test_cli_search_survives_sqlish_and_fts_bombs(hostile_store):
    from click.testing import CliRunner

    from dclit.cli import main

    before = _counts(hostile_store[0])
    runner = CliRunner()
    for q in SQLISH:
        res = runner.invoke(main, ["search", "--store", str(hostile_store[0]), "--", q])
        assert res.exit_code in (0, 2), (q, res.exit_code, res.output, res.exception)
        assert res.exception is None or isinstance(res.exception, SystemExit), (q, res.exception)
    assert _counts(hostile_store[0]) == before


def test_serve_listens_on_loopback_by_default(hostile_store):
    import psutil

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "dclit", "serve", "--store", str(hostile_store[0]),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        listening = []
        while time.time() < deadline and not listening:
            time.sleep(0.2)
            listening = [c.laddr for c in psutil.Process(proc.pid).net_connections(kind="inet")
                         if c.status == psutil.CONN_LISTEN]
        assert listening and all(a.ip == "127.0.0.1" for a in listening), listening
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_deeply_nested_parentheses_get_a_friendly_message(app):
    """The parser used to recurse once per '(' (500 of them: RecursionError, a 500 page)."""
    resp = app.test_client().get("/", query_string={"q": "(" * 500 + "a"})
    assert resp.status_code in (200, 400)
    assert b"nests brackets or NOTs more than 20 deep" in resp.data
