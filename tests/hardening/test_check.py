"""`dclit check` finds each kind of damage; `--repair` rebuilds what is derived and the next run
restores what was forgotten."""
import json
import sqlite3

import pytest

from dclit import pipeline
from dclit.check import check_store
from dclit.pipeline import RunOptions
from dclit.store import open_store
from hardkit import copy_store, dclit, make_corpus


pytestmark = pytest.mark.sqlite_only("copies and damages the SQLite file; PostgreSQL's check: "
                                     "tests/foundation/test_store_pg.py")


@pytest.fixture(scope="module")
def clean_store(tmp_path_factory, warm_workers):
    base = tmp_path_factory.mktemp("check")
    corpus = make_corpus(base / "corpus", 4)
    with open_store(base / "clean.db") as st:
        s = pipeline.run(corpus, st, RunOptions(workers=1))
    assert s.processed == 4 and s.ok, s.failures
    return base / "clean.db", corpus


@pytest.fixture
def db(clean_store, tmp_path):
    return copy_store(clean_store[0], tmp_path / "s.db")


def _damage(db):
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=OFF")
    pid, text = con.execute("SELECT id, text FROM passages ORDER BY id LIMIT 1").fetchone()
    con.execute("INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', ?, ?)", (pid, text))
    con.execute("INSERT INTO stages(doc_id, stage, version, updated) VALUES ('f' || hex(randomblob(31)), 'tag', '1', 'x')")
    con.execute("INSERT INTO mentions SELECT 'ghost' || doc_id, concept, label, lang, text, start, \"end\", "
                "page, passage, sentence_start, sentence_end, flag FROM mentions LIMIT 2")
    path, = con.execute("SELECT path FROM documents ORDER BY path LIMIT 1").fetchone()
    con.execute("DELETE FROM pages WHERE doc_id = (SELECT doc_id FROM documents WHERE path = ?)", (path,))
    con.close()
    return path


def test_a_clean_store_checks_ok(db):
    r = check_store(db)
    assert r.ok and r.documents == 4 and r.passages > 4 and r.problems == []
    out = dclit("check", "--store", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith(": ok")
    js = json.loads(dclit("check", "--store", db, "--json").stdout)
    assert js["ok"] is True and js["documents"] == 4


def test_check_finds_each_kind_of_damage_and_repair_fixes_it(db, clean_store, warm_workers):
    path = _damage(db)
    r = check_store(db)
    kinds = sorted({p.kind for p in r.problems})
    assert kinds == ["foreign_keys", "fts", "orphans", "pages"], r.describe()
    assert any(p.kind == "orphans" and "stages" in p.message for p in r.problems)
    assert any(p.kind == "orphans" and "mentions" in p.message for p in r.problems)
    assert any(p.kind == "pages" and path in p.message for p in r.problems)
    fts = next(p for p in r.problems if p.kind == "fts")
    assert "1 passages missing" in fts.message and "--repair" in fts.message
    out = dclit("check", "--store", db)
    assert out.returncode == 1 and "problem (fts)" in out.stdout and "Traceback" not in out.stderr

    out = dclit("check", "--store", db, "--repair")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "rebuilt the full-text index" in out.stdout and "forgot 1 half-stored" in out.stdout
    after = check_store(db)
    assert after.ok and after.documents == 3, after.describe()
    with open_store(db) as st:  # the next run extracts the forgotten document again
        s = pipeline.run(clean_store[1], st, RunOptions(workers=1))
    assert (s.processed, s.skipped) == (1, 3)
    final = check_store(db)
    assert final.ok and final.documents == 4 and final.passages == check_store(clean_store[0]).passages


def test_repair_waits_for_no_run(db):
    with open_store(db) as st:
        st.lock()  # a run holds the writer lock
        out = dclit("check", "--store", db, "--repair")
    assert out.returncode == 2 and "[E201]" in out.stderr and "another dclit run" in out.stderr
    assert check_store(db).ok  # a plain check reads while a run writes


def test_check_reports_a_damaged_file(db):
    con = sqlite3.connect(db)
    root, = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'passages'").fetchone()
    page_size, = con.execute("PRAGMA page_size").fetchone()
    con.close()
    with open(db, "r+b") as fh:  # scribble over the passages table's root page
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xa5" * 200)
    r = check_store(db)
    assert not r.ok and r.problems[0].kind == "integrity" and not r.problems[0].repairable
    out = dclit("check", "--store", db)
    assert out.returncode == 1 and "problem (integrity)" in out.stdout and "Traceback" not in out.stderr


def test_check_reports_a_store_from_a_newer_dclit(db):
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    r = check_store(db)
    assert [p.kind for p in r.problems] == ["schema"] and "newer than this dclit" in r.problems[0].message
