"""kill -9 at random points, many times: no committed document lost, none half-stored or doubled;
a full disk ends the run with a clear message and a consistent store."""
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dclit import pipeline
from dclit.check import check_store
from dclit.errors import StoreError
from dclit.extract import extract_document
from dclit.pipeline import RunOptions
from dclit.store import open_store
from hardkit import HERE, dclit, make_corpus

pytestmark = pytest.mark.sqlite_only("reads the SQLite file directly, fills its disk or caps its pages; "
                                     "kill -9 on PostgreSQL: tests/foundation/test_pipeline.py")

KILLS = 15
STAGES = {"extract", "meta", "tag", "biblio"}


def _snapshot(db: Path, expected: dict[str, int]) -> set[str]:
    """Check everything a kill could have broken; return the committed doc ids."""
    report = check_store(db)
    assert report.ok, report.describe()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        con.execute("BEGIN")
        docs = dict(con.execute("SELECT doc_id, page_count FROM documents"))
        passages = dict(con.execute("SELECT doc_id, COUNT(*) FROM passages GROUP BY doc_id"))
        pages = dict(con.execute("SELECT doc_id, COUNT(*) FROM pages GROUP BY doc_id"))
        stages: dict[str, set] = {}
        for doc_id, stage in con.execute("SELECT doc_id, stage FROM stages"):
            stages.setdefault(doc_id, set()).add(stage)
        ok_files = con.execute("SELECT doc_id, COUNT(*) FROM files WHERE status = 'ok' GROUP BY doc_id").fetchall()
        dup_passages = con.execute("SELECT COUNT(*) FROM (SELECT doc_id, idx FROM passages GROUP BY 1, 2 "
                                   "HAVING COUNT(*) > 1)").fetchone()[0]
        fts = con.execute("SELECT COUNT(*) FROM passages_fts_docsize").fetchone()[0]
    finally:
        con.close()
    for doc_id in docs:
        assert doc_id in expected, "a document nobody asked for"
        assert passages.get(doc_id) == expected[doc_id], f"{doc_id[:12]}: half its passages"
        assert pages.get(doc_id) == docs[doc_id] == 1
        assert stages.get(doc_id) == STAGES, f"{doc_id[:12]}: stages {stages.get(doc_id)}"
    assert set(passages) <= set(docs) and set(stages) <= set(docs)
    assert dict(ok_files) == {d: 1 for d in docs}  # one file row per document, no doubles
    assert dup_passages == 0 and fts == sum(passages.values())
    return set(docs)


def _expected(corpus: Path, known: dict[str, int] | None = None, start: int = 0) -> dict[str, int]:
    new = sorted(corpus.glob("*.md"))[start:]
    return {**(known or {}), **{d.doc_id: len(d.passages) for d in map(extract_document, new)}}


@pytest.mark.slow
def test_kill_9_at_random_points_many_times(tmp_path):
    corpus = make_corpus(tmp_path / "c", 120, paras=3)
    expected = _expected(corpus)
    db = tmp_path / "s.db"
    server = subprocess.Popen([sys.executable, str(HERE / "run_server.py"), str(corpus), str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    rng = random.Random(10)
    committed: set[str] = set()
    kills = checked = 0
    try:
        assert server.stdout.readline().strip() == "ready"
        for i in range(KILLS):
            server.stdin.write(f"{1 + i % 2} {rng.uniform(0.05, 1.2):.3f}\n")
            server.stdin.flush()
            outcome = json.loads(server.stdout.readline())
            kills += outcome["killed"]
            now = _snapshot(db, expected)
            assert committed <= now, f"kill {i + 1}: {len(committed - now)} committed documents lost"
            checked += len(now)
            committed = now
            if len(committed) > len(expected) - 100:  # keep the next run busy (killed mid-way): the corpus grows
                make_corpus(corpus, 150, paras=3, start=len(expected))
                expected = _expected(corpus, expected, start=len(expected))
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    assert kills >= KILLS - 2 and 0 < len(committed) < len(expected), (kills, len(committed))
    resumed = dclit("run", corpus, "--store", db, "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert _snapshot(db, expected) == set(expected)
    print(f"\nkill -9 loop: {kills} kills of {KILLS} runs, {checked} document checks after them, "
          f"{len(committed)} committed before the resume, {len(expected)} after; nothing lost or doubled")


def test_a_full_disk_ends_the_run_cleanly(tmp_path, warm_workers):
    corpus = make_corpus(tmp_path / "c", 20, paras=6)
    db = tmp_path / "s.db"
    with open_store(db) as st:
        pages, = st.db.execute("PRAGMA page_count").fetchone()
        st.db.execute(f"PRAGMA max_page_count = {pages + 60}")  # SQLITE_FULL after a few documents
        with pytest.raises(StoreError, match="disk full") as err:
            pipeline.run(corpus, st, RunOptions(workers=1))
    msg = str(err.value)
    assert "\n" not in msg and "run the same command again to resume" in msg and str(db) in msg
    report = check_store(db)
    assert report.ok and 0 < report.documents < 20, report.describe()
    with open_store(db) as st:
        s = pipeline.run(corpus, st, RunOptions(workers=1))
    assert s.processed == 20 - report.documents and s.skipped == report.documents
    assert check_store(db).documents == 20


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny tmpfs needs root")
def test_a_full_filesystem_ends_the_cli_run_with_one_line(tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(small)], check=True)
    try:
        corpus = make_corpus(tmp_path / "c", 40, paras=12)
        out = dclit("run", corpus, "--store", small / "s.db", "--workers", "1")
        assert out.returncode == 2, out.stdout + out.stderr
        last = out.stderr.strip().splitlines()[-1]
        assert last.startswith("dclit: [E200]") and "disk full" in last, out.stderr
        assert "Traceback" not in out.stderr
        report = check_store(small / "s.db")
        assert report.ok and 0 < report.documents < 40, report.describe()
    finally:
        subprocess.run(["umount", "-l", str(small)], check=False)
