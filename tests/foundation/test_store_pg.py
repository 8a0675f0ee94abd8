"""The PostgreSQL store's own behaviour: URLs, clear errors, the SQL translation, per-language
full text, several writers, migrations under a lock. The tests needing a server skip without
$DCLIT_TEST_PG (`make test` starts one); the whole suite also runs on PostgreSQL
(`pytest --backend postgresql`)."""
import dataclasses
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

from dclit.errors import ConfigError, StoreError, StoreLockedError
from dclit.extract import extract_document
from dclit.store import FileRow, open_store
from dclit.store.pg_conn import parse_url, to_postgres
from dclit.store.schema import SCHEMA_VERSION
from dclit.store.search_sql import QAnd, QNot, QOr, QText

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# -- no server needed ---------------------------------------------------------
def test_url_names_a_schema_and_its_label_never_shows_the_password():
    loc = parse_url("postgresql://ann:s3cret@db.example.org:5433/lit?schema=corpus_a&sslmode=require")
    assert loc.schema == "corpus_a"
    assert "s3cret" not in loc.label and "ann@db.example.org:5433/lit" in loc.label
    assert "schema=" not in loc.conninfo and "sslmode=require" in loc.conninfo
    assert (loc.host, loc.dbname) == ("db.example.org:5433", "lit")
    assert parse_url("postgresql://u@h/db").schema == "public"


def test_a_schema_name_that_is_not_an_identifier_is_refused():
    with pytest.raises(ConfigError, match="schema must be lower-case"):
        parse_url('postgresql://u@h/db?schema=x";drop')


def test_sqlite_dialect_is_translated():
    assert to_postgres("SELECT a FROM t WHERE b = ? AND c LIKE '%?%' -- what's ?") == \
        "SELECT a FROM t WHERE b = %s AND c LIKE '%%?%%' -- what's ?"
    assert to_postgres("INSERT OR REPLACE INTO stages(doc_id, stage, version, updated) VALUES (?,?,?,?)") == (
        "INSERT INTO stages(doc_id, stage, version, updated) VALUES (%s,%s,%s,%s) ON CONFLICT (doc_id, stage) "
        'DO UPDATE SET "version" = EXCLUDED."version", "updated" = EXCLUDED."updated"')
    assert to_postgres("INSERT OR IGNORE INTO topic_assignments(doc_id, idx) VALUES (?,?)").endswith(
        "ON CONFLICT DO NOTHING")
    with pytest.raises(RuntimeError, match="CONFLICT_KEYS"):
        to_postgres("INSERT OR REPLACE INTO nowhere(a) VALUES (?)")


def test_an_unreachable_server_is_named_with_what_to_do():
    with pytest.raises(StoreError) as err:
        open_store("postgresql://ann:s3cret@127.0.0.1:1/lit")
    msg = str(err.value)
    assert "127.0.0.1:1" in msg and "database lit" in msg and "Start the server" in msg
    assert "s3cret" not in msg and err.value.code.startswith("E2")


# -- on a server ---------------------------------------------------------------
def _doc(tmp_path, name, body, lang):
    f = tmp_path / name
    f.write_text(body)
    doc = extract_document(f)
    doc.passages = [dataclasses.replace(p, lang=lang) for p in doc.passages]
    doc.metadata.language = lang
    return doc


def _save(st, doc, corpus="/c"):
    st.save_document(doc, FileRow(path=doc.path, corpus=corpus, doc_id=doc.doc_id, size=1, mtime_ns=1,
                                  status="ok"), {"extract": "1"})


def test_wrong_credentials_name_the_fix(pg_server):
    from urllib.parse import urlsplit

    parts = urlsplit(pg_server)
    with pytest.raises(StoreError, match="database no_such_db_here") as err:
        open_store(f"postgresql://{parts.netloc}/no_such_db_here")
    assert "createdb" in str(err.value)


def test_text_search_uses_each_passages_language(pg_url, tmp_path):
    with open_store(pg_url) as st:
        _save(st, _doc(tmp_path, "fr.md", "# Titre\n\nLa coopération décentralisée des collectivités.", "fr"))
        _save(st, _doc(tmp_path, "en.md", "# Title\n\nCities were cooperating across borders.", "en"))
        _save(st, _doc(tmp_path, "sw.md", "# Kichwa\n\nUshirikiano wa miji na Ushirikiano.", "sw"))
        configs = dict(st.db.execute("SELECT lang, ts_config FROM passages WHERE kind = 'body'").fetchall())
        assert configs == {"fr": "dclit_french", "en": "dclit_english", "sw": "dclit_simple"}

        def docs(node):
            return sorted(os.path.basename(r.path) for r in st.search_passages(node)[1])

        assert docs(QText("collectivité")) == ["fr.md"]  # French stemming
        assert docs(QText("cooperation")) == ["en.md", "fr.md"]  # accents never matter; English stems too
        assert docs(QText("decentralisee")) == ["fr.md"]
        assert docs(QText("ushirikiano")) == ["sw.md"]  # unknown language: words as they are
        assert docs(QText("cooperation decentralisee")) == ["fr.md"]  # a phrase
        assert docs(QText("decentralisee cooperation")) == []  # …in its order
        assert docs(QText("collectiv", prefix=True)) == ["fr.md"]
        assert docs(QAnd((QText("cooperation"), QNot(QText("borders"))))) == ["fr.md"]
        assert docs(QOr((QText("borders"), QText("miji")))) == ["en.md", "sw.md"]


def test_ranking_is_deterministic_and_highlights_match_the_text(pg_url, tmp_path):
    body = "# T\n\n" + "\n\n".join(["Twinning of towns."] * 3 + ["Twinning twinning, town twinning!"])
    with open_store(pg_url) as st:
        _save(st, _doc(tmp_path, "a.md", body, "en"))
        total, rows = st.search_passages(QText("twinning"))
        assert total == 4 and rows[0].text == "Twinning twinning, town twinning!"
        assert [r.idx for r in rows[1:]] == sorted(r.idx for r in rows[1:])  # ties by passage
        marked = st.highlight_passages(QText("twinning"), [rows[0].id], "[", "]")
        assert marked[rows[0].id] == "[Twinning] [twinning], town [twinning]!"


def test_two_writers_on_different_corpora_and_one_per_corpus(pg_url, tmp_path):
    a, b = open_store(pg_url), open_store(pg_url)
    try:
        a.lock()
        b.lock()  # several writers are fine…
        a.start_run("/corpus/one")
        with pytest.raises(StoreLockedError, match="another dclit run is writing /corpus/one"):
            b.start_run("/corpus/one")  # …but one run per corpus
        b.start_run("/corpus/two")
        _save(a, _doc(tmp_path, "x.md", "# X\n\nSame bytes in both corpora.", "en"), "/corpus/one")
        _save(b, _doc(tmp_path, "x.md", "# X\n\nSame bytes in both corpora.", "en"), "/corpus/two")
        with pytest.raises(StoreLockedError, match="another dclit run .* repairs need the store"):
            a.delete_orphans()  # b is writing
    finally:
        a.close()
        b.close()
    with open_store(pg_url) as st:
        st.lock()
        assert st.delete_orphans() == {}  # alone now
        assert len(st.doc_ids()) == 1


def _open_and_version(url: str) -> int:
    with open_store(url) as st:
        return st.schema_version()


def test_processes_migrating_one_fresh_schema_at_once_all_succeed(pg_url):
    with ProcessPoolExecutor(4) as pool:
        assert list(pool.map(_open_and_version, [pg_url] * 4)) == [SCHEMA_VERSION] * 4


def test_a_readonly_store_refuses_writes_and_a_missing_one_is_named(pg_url, tmp_path):
    with pytest.raises(StoreError, match=r"no store at postgresql://.*schema=s_"):
        open_store(pg_url, readonly=True)
    open_store(pg_url).close()
    with open_store(pg_url, readonly=True) as st:
        with pytest.raises(Exception, match="read-only transaction"):
            _save(st, _doc(tmp_path, "a.md", "# A\n\nText.", "en"))


def _run(corpus, url):
    return subprocess.Popen([sys.executable, "-m", "dclit", "run", str(corpus), "--store", url, "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)


@pytest.mark.slow
def test_two_dclit_runs_on_different_corpora_into_one_database(pg_url, tmp_path):
    for name in ("one", "two"):
        corpus = tmp_path / name
        corpus.mkdir()
        for i in range(3):
            (corpus / f"{name}{i}.md").write_text(f"# {name} {i}\n\nDecentralised cooperation, report {name} {i}.")
    procs = [_run(tmp_path / "one", pg_url), _run(tmp_path / "two", pg_url)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with open_store(pg_url, readonly=True) as st:
        assert len(st.doc_ids()) == 6
        assert st.search_passages(QText("cooperation"))[0] == 6


def test_check_finds_a_stale_index_and_missing_pages_and_repair_fixes_them(pg_url, tmp_path):
    from dclit.check import check_store

    with open_store(pg_url) as st:
        for name in ("a.md", "b.md"):
            _save(st, _doc(tmp_path, name, f"# {name}\n\nTwinning of towns, {name}.", "en"))
    assert check_store(pg_url).ok
    with open_store(pg_url) as st:
        st.db.execute("ALTER TABLE passages DISABLE TRIGGER passages_tsv")  # damage, as SQL can
        st.db.execute("UPDATE passages SET tsv = NULL WHERE id = (SELECT MIN(id) FROM passages)")
        st.db.execute("ALTER TABLE passages ENABLE TRIGGER passages_tsv")
        st.db.execute("DELETE FROM pages WHERE doc_id = (SELECT doc_id FROM documents ORDER BY path LIMIT 1)")
    report = check_store(pg_url)
    assert sorted(p.kind for p in report.problems) == ["fts", "pages"], report.describe()
    fixed = check_store(pg_url, repair=True)
    assert fixed.ok and fixed.documents == 1, fixed.describe()
