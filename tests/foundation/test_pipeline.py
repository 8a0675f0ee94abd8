"""Batch runs: incremental, failure-isolated, resumable."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dclit import pipeline
from dclit.errors import InputError, StoreError
from dclit.extract import extract_document
from dclit.pipeline import RunOptions
from dclit.store import open_store
from dclit.store.check_sql import STORE_ERRORS

SAMPLE_TEXT = Path(__file__).resolve().parents[2] / "corpus" / "text"


def _corpus(tmp_path, n=3):
    c = tmp_path / "corpus"
    c.mkdir()
    for i, src in enumerate(sorted(SAMPLE_TEXT.glob("*.md"))[:n]):
        shutil.copy(src, c / src.name)
    return c


def _opts(**kw):
    kw.setdefault("workers", 1)
    return RunOptions(**kw)


def test_second_run_on_an_unchanged_corpus_does_nothing(tmp_path, store):
    c = _corpus(tmp_path)
    first = pipeline.run(c, store, _opts())
    assert (first.processed, first.skipped, first.failed) == (3, 0, 0)
    second = pipeline.run(c, store, _opts())
    assert (second.processed, second.skipped, second.failed) == (0, 3, 0)


def test_changed_added_and_removed_files(tmp_path, store):
    c = _corpus(tmp_path)
    pipeline.run(c, store, _opts())
    files = sorted(c.glob("*.md"))
    files[0].write_text(files[0].read_text() + "\n\nTwinning, added later.\n")
    files[1].unlink()
    (c / "new.txt").write_text("Subsidiarity is a principle of European local government.")
    s = pipeline.run(c, store, _opts())
    assert (s.processed, s.skipped, s.removed) == (2, 1, 1)
    assert len(store.doc_ids()) == 3
    removed = [f.path for f in store.files() if f.status == "removed"]
    assert removed == [files[1].name]


def test_ignored_and_unsupported_files_are_not_documents(tmp_path, store):
    c = _corpus(tmp_path, n=1)
    (c / "SOURCES.md").write_text("credits")
    (c / "notes.xyz").write_text("x")
    (c / ".hidden.md").write_text("x")
    (c / ".dclitignore").write_text("drafts/*\n")
    (c / "drafts").mkdir()
    (c / "drafts" / "d.md").write_text("draft")
    assert [p.name for p in pipeline.scan(c)] == [sorted(SAMPLE_TEXT.glob("*.md"))[0].name]


def _bad_corpus(tmp_path, fixtures):
    c = _corpus(tmp_path, n=2)
    (c / "zero.pdf").touch()
    (c / "image.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    shutil.copy(fixtures / "bad" / "truncated_download.pdf", c / "truncated.pdf")
    shutil.copy(fixtures / "bad" / "encrypted_rc4_40.pdf", c / "encrypted.pdf")
    shutil.copy(fixtures / "bad" / "scanned_image_only.pdf", c / "scanned.pdf")
    with open(c / "enormous.pdf", "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(600 * 2**20)  # sparse
    return c


def test_bad_inputs_are_recorded_and_the_batch_goes_on(tmp_path, store, fixtures):
    c = _bad_corpus(tmp_path, fixtures)
    s = pipeline.run(c, store, _opts(workers=2))
    assert s.processed == 2 and s.failed == 6 and not s.ok
    by_file = {f.path: f for f in store.files() if f.status == "failed"}
    assert set(by_file) == {"zero.pdf", "image.pdf", "truncated.pdf", "encrypted.pdf", "scanned.pdf", "enormous.pdf"}
    assert by_file["zero.pdf"].code == "E103" and "file is empty" in by_file["zero.pdf"].error
    assert by_file["image.pdf"].code == "E104" and "PNG image" in by_file["image.pdf"].error
    assert by_file["truncated.pdf"].code == "E102"
    assert by_file["encrypted.pdf"].code == "E101" and "--password" in by_file["encrypted.pdf"].error
    assert by_file["scanned.pdf"].code == "E106" and "--ocr" in by_file["scanned.pdf"].error
    assert by_file["enormous.pdf"].code == "E105" and "--max-mb" in by_file["enormous.pdf"].error
    for f in by_file.values():  # one line naming the file and the stage
        assert f.error.startswith(f"[{f.code}] ") and f.path in f.error and "extract" in f.error
        assert "\n" not in f.error
    again = pipeline.run(c, store, _opts())  # failures are carried, not retried, unless the file changes
    assert again.processed == 0 and len(again.carried_failures) == 6 and not again.ok


def test_strict_stops_at_the_first_failure(tmp_path, store):
    c = tmp_path / "c"
    c.mkdir()
    (c / "a_empty.txt").touch()
    (c / "b.txt").write_text("Twinning.")
    with pytest.raises(InputError, match="a_empty.txt"):
        pipeline.run(c, store, _opts(strict=True))


@pytest.mark.local_workers
def test_a_worker_over_its_time_limit_is_stopped_and_recorded(tmp_path, store, monkeypatch):
    c = _corpus(tmp_path, n=2)
    import dclit.worker as worker

    real = worker.extract_document

    def slow(path, *a, **kw):
        if Path(path).name == sorted(p.name for p in c.glob("*.md"))[0]:
            time.sleep(120)
        return real(path, *a, **kw)

    monkeypatch.setattr(worker, "extract_document", slow)  # workers are forked: they inherit the patch
    s = pipeline.run(c, store, _opts(timeout=8))
    assert s.processed == 1 and s.failed == 1, s.failures
    assert "took longer than 8 s" in s.failures[0]


def test_sidecar_metadata_overrides_and_records_provenance(tmp_path, store):
    c = _corpus(tmp_path, n=1)
    name = next(c.glob("*.md")).name
    (c / "metadata.csv").write_text(f"file,title,authors,year,doc_type\n{name},My Title,\"Doe, J.;Roe, R.\",1999,report\n")
    pipeline.run(c, store, _opts())
    doc = store.load_document(store.doc_ids()[0])
    assert (doc.metadata.title, doc.metadata.year, doc.metadata.authors) == ("My Title", 1999, ("Doe, J.", "Roe, R."))
    assert doc.metadata.provenance["title"] == "sidecar:metadata.csv"
    (c / "metadata.csv").write_text(f"file,title,year\n{name},Other Title,2001\n")
    s = pipeline.run(c, store, _opts())  # a changed sidecar re-applies
    assert s.processed == 1
    assert store.load_document(store.doc_ids()[0]).metadata.title == "Other Title"


@pytest.mark.slow
def test_kill_9_mid_run_then_resume_loses_and_doubles_nothing(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    sources = sorted(SAMPLE_TEXT.glob("*.md"))
    n = 30
    for i in range(n):
        src = sources[i % len(sources)]
        (c / f"{i:02d}_{src.name}").write_text(src.read_text() + f"\n\nCopy {i}.\n")
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "dclit", "run", str(c), "--store", str(db), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    done = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            with open_store(db, readonly=True) as ro:
                done = len(ro.doc_ids())
        except (StoreError, *STORE_ERRORS):  # not created yet
            done = 0
        if done >= 5:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed; make the corpus bigger"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 5 <= done < n
    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{n} files: " in resumed.stdout and "0 failed" in resumed.stdout
    processed = int(resumed.stdout.split("files: ")[1].split(" processed")[0])
    assert processed <= n - 5  # what was committed before the kill was kept
    with open_store(db) as st:
        assert len(st.doc_ids()) == n
        assert len([f for f in st.files() if f.status == "ok"]) == n
        docs, total = st.document_passage_counts()
        assert st.fts_row_mismatch() == (0, 0) and st.fts_integrity_error() is None  # the full-text index in step
        expected = sum(len(extract_document(p).passages) for p in sorted(c.glob("*.md")))
        assert total == expected


@pytest.mark.local_workers
def test_a_stage_version_bump_reruns_that_stage_on_the_stored_text_only(tmp_path, store, monkeypatch):
    from dataclasses import replace as dc_replace

    import dclit.worker as worker
    from dclit.stages import document_stages

    c = _corpus(tmp_path, n=2)
    pipeline.run(c, store, _opts())
    before = {d: len(store.mentions(d)) for d in store.doc_ids()}
    stages = document_stages()
    monkeypatch.setitem(stages, "tag", dc_replace(stages["tag"], version=stages["tag"].version + "-bumped"))

    def no_extraction(*a, **kw):
        raise AssertionError("extraction must not run again")

    monkeypatch.setattr(worker, "extract_document", no_extraction)  # forked workers inherit it
    s = pipeline.run(c, store, _opts(workers=2))
    assert (s.processed, s.failed) == (2, 0), s.failures
    assert {d: len(store.mentions(d)) for d in store.doc_ids()} == before
    assert all(store.stage_versions(d)["tag"].endswith("-bumped") for d in store.doc_ids())
    assert pipeline.run(c, store, _opts()).processed == 0
