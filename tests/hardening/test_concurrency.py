"""Two `dclit run` on one store: the second is refused with a clear message. Readers (search,
status, tables, the web page, a polling process) keep working during a run and never see a
half-written document."""
import json
import subprocess
import sys
import time

import pytest

from dclit.extract import extract_document
from hardkit import DCLIT, dclit, make_corpus

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("reads the SQLite file and its lock file directly; "
                                                              "PostgreSQL's writers: tests/foundation/test_store_pg.py")]

POLLER = r"""
import json, sqlite3, sys, time
db, expected_path, stop_path = sys.argv[1], sys.argv[2], sys.argv[3]
expected = json.load(open(expected_path))
from dclit.web import create_app
polls = mid = web = 0
bad = []
seen = set()
client = None
while True:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        con.execute("BEGIN")  # one snapshot for every count below
        docs = dict(con.execute("SELECT doc_id, page_count FROM documents"))
        passages = dict(con.execute("SELECT doc_id, COUNT(*) FROM passages GROUP BY doc_id"))
        pages = dict(con.execute("SELECT doc_id, COUNT(*) FROM pages GROUP BY doc_id"))
        fts = con.execute("SELECT COUNT(*) FROM passages_fts_docsize").fetchone()[0]
        con.close()
    except sqlite3.OperationalError as e:  # the store is not created yet
        time.sleep(0.05)
        if open(stop_path).read():
            break
        continue
    polls += 1
    for d, n in docs.items():
        if passages.get(d) != expected.get(d) or pages.get(d) != n:
            bad.append(f"{d[:12]}: {passages.get(d)} passages of {expected.get(d)}, {pages.get(d)} pages of {n}")
    if set(passages) - set(docs) or fts != sum(passages.values()):
        bad.append(f"passages without document or FTS out of step ({fts} vs {sum(passages.values())})")
    if 0 < len(docs) < len(expected):
        mid += 1
        seen.add(len(docs))
        if client is None:
            client = create_app(db).test_client()
        r = client.get("/?q=cooperation")
        web += r.status_code == 200
        if r.status_code != 200:
            bad.append(f"web page answered {r.status_code}")
    if open(stop_path).read():
        break
    time.sleep(0.02)
print(json.dumps({"polls": polls, "mid_run_polls": mid, "distinct_counts": len(seen), "web_ok": web,
                  "violations": bad[:5]}))
"""


def test_a_second_run_is_refused_and_readers_never_see_half_a_document(tmp_path):
    corpus = make_corpus(tmp_path / "c", 100, paras=6)
    expected = {d.doc_id: len(d.passages) for d in map(extract_document, sorted(corpus.glob("*.md")))}
    (tmp_path / "expected.json").write_text(json.dumps(expected))
    stop = tmp_path / "stop"
    stop.write_text("")
    db = tmp_path / "s.db"
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(db), str(tmp_path / "expected.json"), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = subprocess.Popen([*DCLIT, "run", str(corpus), "--store", str(db), "--workers", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = db.with_name(db.name + ".lock")
    deadline = time.time() + 60
    while time.time() < deadline and not (lock.exists() and lock.read_text().startswith("pid")):
        time.sleep(0.05)
    assert first.poll() is None
    second = dclit("run", corpus, "--store", db, "--workers", "1", timeout=120)
    assert first.poll() is None, "the first run ended before the second was tried: make the corpus bigger"
    assert second.returncode == 2
    line = second.stderr.strip().splitlines()[-1]
    assert line == (f"dclit: [E201] another dclit run (pid {first.pid}) is writing to {db}. "
                    "Wait for it to finish, or use another --store."), second.stderr
    readers = {}
    while first.poll() is None and len(readers) < 3:  # CLI readers while documents are being written
        for name, args in (("search", ["search", "cooperation", "--limit", "3"]), ("status", ["status"]),
                           ("tables", ["tables", "--format", "csv", "--out", str(tmp_path / "out")])):
            if name not in readers and first.poll() is None:
                readers[name] = dclit(*args, "--store", db, timeout=120)
    out, err = first.communicate(timeout=600)
    stop.write_text("stop")
    polled, perr = poller.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "100 files: 100 processed" in out
    for name, res in readers.items():
        assert res.returncode == 0, (name, res.stderr)
    stats = json.loads(polled.strip().splitlines()[-1])
    assert stats["violations"] == [], stats
    assert stats["mid_run_polls"] >= 5 and stats["distinct_counts"] >= 3, stats
    assert stats["web_ok"] == stats["mid_run_polls"], stats
    print(f"\nreader during the run: {stats}; CLI readers during the run: {sorted(readers)}")
