"""Runs on a Dask cluster give the same store as local runs, keep failures per document,
stay incremental, and enforce the per-document time limit."""
import shutil
from pathlib import Path

import pytest

from dclit import pipeline
from dclit.pipeline import RunOptions
from dclit.store import open_store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TEXT = ROOT / "corpus" / "text"


def _corpus(tmp_path, fixtures):
    c = tmp_path / "corpus"
    c.mkdir()
    for src in sorted(SAMPLE_TEXT.glob("*.md"))[:3]:
        shutil.copy(src, c / src.name)
    shutil.copy(fixtures / "pdf" / "pdfminer_jo.pdf", c / "jo.pdf")
    (c / "zero.pdf").touch()
    shutil.copy(fixtures / "bad" / "truncated_download.pdf", c / "truncated.pdf")
    shutil.copy(fixtures / "bad" / "encrypted_rc4_40.pdf", c / "encrypted.pdf")
    return c


def _snapshot(st):
    docs = {d.doc_id: (d.path, d.title, d.language, d.page_count, d.n_words, d.n_passages,
                       tuple(sorted(d.stages.items())))
            for d in st.documents()}
    passages = st.db.execute("SELECT doc_id, idx, page, kind, text FROM passages ORDER BY doc_id, idx").fetchall()
    mentions = st.db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    failed = {(f.path, f.code) for f in st.files() if f.status == "failed"}
    return docs, passages, mentions, failed


def test_dask_run_matches_a_local_run_and_is_incremental(tmp_path, fixtures, dask_scheduler):
    c = _corpus(tmp_path, fixtures)
    with open_store(tmp_path / "local.db") as st:
        local = pipeline.run(c, st, RunOptions(workers=2))
        expected = _snapshot(st)
    with open_store(tmp_path / "dask.db") as st:
        first = pipeline.run(c, st, RunOptions(workers=2, dask=dask_scheduler))
        got = _snapshot(st)
        assert (first.processed, first.failed) == (local.processed, local.failed) == (4, 3)
        assert sorted(first.failures) == sorted(local.failures)
        assert got == expected
        assert got[2] > 0 and len(got[1]) > 10  # the tag stage ran, passages were stored
        again = pipeline.run(c, st, RunOptions(workers=2, dask=dask_scheduler))
        assert (again.processed, again.skipped, again.failed) == (0, 7, 0)
        assert len(again.carried_failures) == 3
        (c / "new.md").write_text("# Twinning\n\nDecentralised cooperation between Lyon and Ouagadougou.\n")
        added = pipeline.run(c, st, RunOptions(workers=2, dask=dask_scheduler))
        assert (added.processed, added.skipped) == (1, 7)
        assert len(st.doc_ids()) == 5


def test_a_slow_or_crashing_document_becomes_a_recorded_failure(tmp_path, dask_scheduler):
    import scalekit

    from dclit.execute import dask_results
    from dclit.extract import ExtractOptions
    from dclit.worker import Task

    names = ["a.md", scalekit.SLOW_MARK + "b.md", scalekit.CRASH_MARK + "c.md", "d.md"]
    tasks = []
    for i, name in enumerate(names):
        (tmp_path / name).write_text(f"# Document {i}\n\nTwinning between towns number {i}.\n")
        tasks.append(Task(path=str(tmp_path / name), rel=name, doc_id=f"{i:064d}", options=ExtractOptions(),
                          stages=["extract", "misbehave"]))
    got = list(dask_results(tasks, dask_scheduler, workers=2, timeout=20, max_memory_mb=2048,
                            stages=scalekit.STAGES))
    assert [t.rel for t, _ in got] == names  # in order
    ok, slow, crash, last = (r for _, r in got)
    assert ok.failure is None and ok.outputs["misbehave"] == len(ok.doc.passages) > 0
    assert last.failure is None and last.doc is not None
    assert slow.failure.code == "E107" and "took longer than 20 s" in slow.failure.message
    assert crash.failure.code == "E107" and "exit code 3" in crash.failure.message
    assert slow.doc is None and crash.outputs == {}


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    from dclit.errors import ConfigError
    from dclit.execute import dask_results
    from dclit.extract import ExtractOptions
    from dclit.worker import Task

    pytest.importorskip("distributed")
    task = Task(path=str(tmp_path / "x.md"), rel="x.md", doc_id="0" * 64, options=ExtractOptions(), stages=[])
    with pytest.raises(ConfigError, match="could not reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(dask_results([task], "tcp://127.0.0.1:9", workers=1, timeout=5, max_memory_mb=0))
    with pytest.raises(ConfigError, match="--dask must be"):
        list(dask_results([task], "somewhere", workers=1, timeout=5, max_memory_mb=0))


def test_cli_run_takes_a_scheduler_address(tmp_path, dask_scheduler):
    from click.testing import CliRunner

    from dclit.cli import main

    c = tmp_path / "c"
    c.mkdir()
    (c / "a.md").write_text("# Twinning\n\nDecentralised cooperation between Lyon and Ouagadougou.\n")
    (c / "empty.txt").touch()
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["run", str(c), "--store", db, "--workers", "2", "--scheduler", dask_scheduler])
    assert result.exit_code == 1, result.output  # one file failed
    assert "2 files: 1 processed, 0 unchanged, 1 failed" in result.output
    assert "[E103] empty.txt" in result.output
    again = CliRunner().invoke(main, ["run", str(c), "--store", db, "--dask", dask_scheduler])
    assert "0 processed, 2 unchanged" in again.output


def test_embeddings_are_batched_across_workers_in_order(dask_scheduler):
    import numpy as np
    import scalekit

    from dclit.execute import DaskEmbedder

    texts = [f"passage {i} on twinning " + "abc" * (i % 7) for i in range(50)]
    inner = scalekit.CountingEmbedder()
    dask = DaskEmbedder(inner, dask_scheduler, batch_texts=8)
    assert (dask.name, dask.path) == (inner.name, inner.path)
    assert np.array_equal(dask.encode(texts), inner.encode(texts))
    from distributed import Client

    def names():
        from dclit import execute
        return sorted(execute._EMBEDDERS)

    with Client(dask_scheduler) as client:  # the batches ran on the workers, not here
        assert ["counting:1"] in client.run(names).values()
    from dclit import execute
    assert "counting:1" not in execute._EMBEDDERS


def test_strict_stops_the_dask_run_at_the_first_failure(tmp_path, dask_scheduler):
    from dclit.errors import InputError

    c = tmp_path / "c"
    c.mkdir()
    (c / "a_empty.txt").touch()
    (c / "b.txt").write_text("Twinning.")
    with open_store(tmp_path / "s.db") as st:
        with pytest.raises(InputError, match="a_empty.txt"):
            pipeline.run(c, st, RunOptions(workers=2, strict=True, dask=dask_scheduler))
        s = pipeline.run(c, st, RunOptions(workers=2, dask=dask_scheduler))  # the next run resumes
        assert s.processed == 1 and s.failed == 0 and len(s.carried_failures) == 1


def test_dask_local_starts_its_own_cluster(tmp_path):
    pytest.importorskip("distributed")
    c = tmp_path / "c"
    c.mkdir()
    for i in range(3):
        (c / f"d{i}.md").write_text(f"# Note {i}\n\nSister cities {i} and decentralised cooperation.\n")
    with open_store(tmp_path / "s.db") as st:
        s = pipeline.run(c, st, RunOptions(workers=2, dask="local"))
        assert (s.processed, s.failed) == (3, 0)
        assert len(st.doc_ids()) == 3 and st.status().passages >= 3


def test_workers_running_another_dclit_are_refused(dask_scheduler):
    from dclit import execute
    from dclit.errors import ConfigError

    from distributed import Client

    with Client(dask_scheduler) as client:
        execute.check_versions(client)  # same code here and there
        with pytest.raises(ConfigError, match="2 Dask worker.s. run another dclit"):
            execute.check_versions(client, {**execute.code_versions(), "tag": "a newer tagger"})
