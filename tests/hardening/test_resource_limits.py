"""Hostile files through the real pipeline with small limits: each ends as one recorded,
one-line failure (or, where the file is merely odd, a correct document) and the batch goes on."""
import pytest

import hostile as h
from dclit import pipeline
from dclit.extract import ExtractOptions
from dclit.pipeline import RunOptions
from hardkit import make_corpus

pytestmark = pytest.mark.slow


def _failures(store):
    return {f.path: f for f in store.files() if f.status == "failed"}


def _assert_one_line(f):
    assert f.error.startswith(f"[{f.code}] {f.path}: ") and "\n" not in f.error and len(f.error) <= 1000, f.error


def test_hostile_pdfs_docx_and_a_2gb_file_end_as_recorded_failures(tmp_path, store, warm_workers):
    c = make_corpus(tmp_path / "c", 2)
    (c / "tree_100k_pages.pdf").write_bytes(h.page_tree_pdf(100_000))
    (c / "count_claims_1e8_pages.pdf").write_bytes(h.huge_count_pdf())
    (c / "nested.pdf").write_bytes(h.nested_pdf())
    h.zip_bomb_docx(c / "bomb.docx")
    h.wide_zip_bomb_docx(c / "wide_bomb.docx")
    h.sparse_file(c / "giant_2gb.pdf", b"%PDF-1.4\n")
    s = pipeline.run(c, store, RunOptions(workers=2, timeout=10, max_memory_mb=800))
    fails = _failures(store)
    assert set(fails) == {"tree_100k_pages.pdf", "bomb.docx", "wide_bomb.docx", "giant_2gb.pdf"}, s.describe()
    assert fails["tree_100k_pages.pdf"].code == "E107" and "took longer than 10 s" in fails["tree_100k_pages.pdf"].error
    assert fails["bomb.docx"].code == "E105" and "decompression bomb" in fails["bomb.docx"].error
    assert fails["wide_bomb.docx"].code == "E105" and "over the 300 MiB limit" in fails["wide_bomb.docx"].error
    assert fails["giant_2gb.pdf"].code == "E105" and "2048 MiB" in fails["giant_2gb.pdf"].error
    for f in fails.values():
        _assert_one_line(f)
    # the batch went on: the good documents and the merely odd PDFs are stored
    docs = {d.path: d for d in store.documents()}
    assert {"doc_00000.md", "doc_00001.md"} <= set(docs)
    assert docs["count_claims_1e8_pages.pdf"].page_count == 1  # a lying /Count is not believed
    assert docs["nested.pdf"].page_count == 1
    assert s.processed == 4 and s.failed == 4


def test_memory_limit_stops_a_million_character_page_and_a_2gb_text(tmp_path, store, warm_workers):
    c = make_corpus(tmp_path / "c", 1)
    (c / "million_chars.pdf").write_bytes(h.million_chars_pdf())
    h.sparse_file(c / "giant_2gb.txt", b"Twinning between towns. " * 400)
    # the size guard lifted, so only the worker's memory allowance can stop these
    opts = RunOptions(workers=2, timeout=120, max_memory_mb=500,
                      extract=ExtractOptions(engine="pdfplumber", max_bytes=4 * 2**30))
    s = pipeline.run(c, store, opts)
    fails = _failures(store)
    assert set(fails) == {"million_chars.pdf", "giant_2gb.txt"}, s.describe()
    for f in fails.values():
        assert f.code == "E107" and ("memory" in f.error or "worker died" in f.error), f.error
        _assert_one_line(f)
    assert [d.path for d in store.documents()] == ["doc_00000.md"] and s.processed == 1
