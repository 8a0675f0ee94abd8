"""The store (either backend): round trips, atomic saves, FTS in step, schema versions, writer lock."""
import pytest

from dclit.errors import StoreError, StoreLockedError
from dclit.extract import extract_document
from dclit.store import FileRow, open_store
from dclit.store.schema import SCHEMA_VERSION
from dclit.store.search_sql import QText


def _doc(tmp_path, name="a.md", body="# Twinning\n\nCities twin across borders.\n\nSubsidiarity first."):
    f = tmp_path / name
    f.write_text(body)
    return extract_document(f)


def _row(doc, path="a.md"):
    return FileRow(path=path, corpus="/c", doc_id=doc.doc_id, size=1, mtime_ns=1, status="ok")


def test_round_trip_keeps_text_pages_passages_metadata(store, tmp_path):
    doc = _doc(tmp_path)
    store.save_document(doc, _row(doc), {"extract": "1"})
    back = store.load_document(doc.doc_id)
    assert back.text == doc.text
    assert back.passages == doc.passages
    assert back.pages == doc.pages
    assert back.metadata == doc.metadata
    assert store.stage_versions(doc.doc_id) == {"extract": "1"}


def test_fts_index_follows_inserts_and_deletes(store, tmp_path):
    doc = _doc(tmp_path)
    store.save_document(doc, _row(doc), {"extract": "1"})
    def hits():
        return store.search_passages(QText("subsidiarity"))[0]

    assert hits() == 1
    store.save_document(doc, _row(doc), {"extract": "1"})  # re-saving does not double
    assert hits() == 1
    store.mark_removed(["a.md"])
    assert hits() == 0
    assert store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 0


def test_a_failing_save_leaves_nothing_half_written(store, tmp_path):
    doc = _doc(tmp_path)

    def boom(_):
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        store.save_document(doc, _row(doc), {"extract": "1"}, extra=boom)
    assert store.doc_ids() == []
    assert store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 0
    assert store.files() == []


def test_schema_version_is_recorded_and_checked(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as st:
        assert st.schema_version() == SCHEMA_VERSION
        assert st.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        st.db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    with pytest.raises(StoreError, match="schema version 999, newer than this dclit"):
        open_store(path)


def test_readonly_open_of_a_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match=r"no store at .*Run `dclit run CORPUS` first"):
        open_store(tmp_path / "nope.db", readonly=True)


@pytest.mark.sqlite_only("one writer per SQLite file; PostgreSQL takes one run per corpus (test_store_pg.py)")
def test_second_writer_is_refused_clearly(tmp_path):
    a = open_store(tmp_path / "s.db")
    b = open_store(tmp_path / "s.db")
    a.lock()
    with pytest.raises(StoreLockedError, match=r"another dclit run \(pid \d+\) is writing"):
        b.lock()
    a.unlock()
    b.lock()  # free again
    b.close()
    a.close()


def test_status_counts(store, tmp_path):
    doc = _doc(tmp_path)
    store.save_document(doc, _row(doc), {"extract": "1"})
    store.record_file(FileRow(path="bad.pdf", corpus="/c", doc_id=None, size=0, mtime_ns=0, status="failed",
                              stage="extract", code="E103", error="[E103] bad.pdf: extract: file is empty"))
    s = store.status()
    assert (s.documents, s.passages, s.pages) == (1, len(doc.passages), 1)
    assert [f.path for f in s.failures] == ["bad.pdf"]
