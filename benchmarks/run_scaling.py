"""Full `dclit run` scaling: documents/s and peak memory from ×1 to ×10 the corpus, local
workers against a Dask LocalCluster, SQLite against PostgreSQL, plus an unchanged re-run and
adding one document.

    .venv/bin/python benchmarks/run_scaling.py [--corpus ../shared/corpus] [--scales 1,2,5,10]
        [--modes local,dask] [--backends sqlite,postgresql] [--pg URL] [--stages all|extract]
        [--workers 2] [--work /tmp/dclit-scaling]

``--backends postgresql`` writes to a schema of the server at ``--pg`` (default: one started
by ``scripts/pg.sh start``, stopped at the end); the server's own memory (every ``postgres``
process, PSS) is sampled too and reported in its own column, since it is not a descendant
of the run.

The corpus is replicated ×k into WORK/corpus-xK: copy j of every file gets a short
suffix appended after its content (PDF: a comment after %%EOF; text: trailing
whitespace), so every copy has new bytes, a new hash, and is processed afresh, while
its text stays the same. Each run starts with an empty SQLite store and is a separate
`dclit` process (the same code path as the CLI); its peak memory is the largest sum
of the proportional set size (PSS: a shared page split between the processes sharing it)
of that process and all its descendants (local workers, or the
Dask scheduler, nannies, workers and their children), sampled every 0.2 s.

``--stages extract`` runs extraction only (the tag and biblio stages switched off), for
machines where ×10 with every stage takes too long; the report says which was used.
At the largest scale it also times an unchanged re-run (nothing to do: hashing and the
store look-ups only) and adding one new document. Ratios are against ×1 of the same
mode, measured in the same invocation: a time ratio equal to the scale means linear.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TEXT_SUFFIXES = {".md", ".txt", ".html", ".htm"}


@dataclass
class Measure:
    mode: str  # executor/backend, e.g. local/sqlite, dask/sqlite, local/postgresql
    scale: int
    kind: str  # fresh | unchanged | add-1
    docs: int
    processed: int
    failed: int
    pages: int
    seconds: float
    peak_mb: float
    server_mb: float = 0.0  # PostgreSQL server processes (PSS), for the postgresql backend

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0


# -- corpus replication --------------------------------------------------------
def suffix_bytes(path: Path, copy: int) -> bytes:
    if path.suffix.lower() == ".pdf":
        return f"\n%dclit-bench-copy-{copy}\n".encode()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return b"\n" + b" " * copy + b"\n"
    return b""  # other formats are copied as they are (same bytes: stored once)


def replicate(corpus: Path, target: Path, scale: int) -> int:
    """WORK/corpus-xK holding ``scale`` copies of ``corpus``; returns its number of files."""
    stamp = target / ".complete"
    if stamp.exists():
        return int(stamp.read_text())
    if target.exists():
        shutil.rmtree(target)
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file() and not p.name.startswith(".")]
    n = 0
    for copy in range(scale):
        for src in files:
            rel = src.relative_to(corpus)
            dst = target / f"copy{copy:02d}" / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            data = src.read_bytes()
            dst.write_bytes(data + (suffix_bytes(src, copy) if copy else b""))
            n += 1
    stamp.write_text(str(n))
    return n


# -- one run in a child process, its memory sampled ----------------------------------
def child_main(argv: list[str]) -> None:
    """In the child: one pipeline run, its summary as JSON on the last line of stdout."""
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("store")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dask", default=None)
    ap.add_argument("--stages", default="all")
    args = ap.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.ERROR)
    from dclit import pipeline, stages
    from dclit.store import open_store

    if args.stages == "extract":
        stages.document_stages = lambda: {}
        pipeline.document_stages = stages.document_stages
    options = pipeline.RunOptions(workers=args.workers, dask=args.dask, timeout=600)
    with open_store(args.store) as st:
        s = pipeline.run(args.corpus, st, options)
    print(json.dumps({"seen": s.seen, "processed": s.processed, "failed": s.failed, "pages": s.pages,
                      "seconds": s.seconds}))


def tree_memory(proc) -> int:
    """Proportional set size (PSS) summed over ``proc`` and its descendants: forked workers
    share the parent's pages, which a sum of RSS would count once per process."""
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += getattr(p.memory_full_info(), "pss", 0) or p.memory_info().rss
        except psutil.Error:
            pass
    return total


def server_memory() -> int:
    """PSS of every PostgreSQL server process on this machine (0 when none runs)."""
    import psutil

    total = 0
    for p in psutil.process_iter(["name"]):
        if (p.info.get("name") or "").startswith("postgres"):
            try:
                total += getattr(p.memory_full_info(), "pss", 0)
            except psutil.Error:
                pass
    return total


def run_once(corpus: Path, store: str, *, mode: str, scale: int, kind: str, workers: int,
             stages: str) -> Measure:
    import psutil

    cmd = [sys.executable, __file__, "--child", str(corpus), str(store), "--workers", str(workers),
           "--stages", stages] + (["--dask", "local"] if mode.startswith("dask") else [])
    pg = mode.endswith("postgresql")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, server = [0], [0]
    ps = psutil.Process(proc.pid)

    def sample() -> None:
        while proc.poll() is None:
            try:
                peak[0] = max(peak[0], tree_memory(ps))
                if pg:
                    server[0] = max(server[0], server_memory())
            except psutil.Error:
                pass
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"run failed ({' '.join(cmd)}):\n{err[-3000:]}")
    s = json.loads(out.strip().splitlines()[-1])
    return Measure(mode=mode, scale=scale, kind=kind, docs=s["seen"], processed=s["processed"], failed=s["failed"],
                   pages=s["pages"], seconds=wall, peak_mb=peak[0] / 2**20, server_mb=server[0] / 2**20)


def fresh_store(work: Path, name: str, pg_url: str | None = None) -> str:
    """An empty store: a SQLite file under ``work``, or a dropped-and-recreated PostgreSQL schema."""
    name = name.replace("/", "-").replace("-", "_") if pg_url else name.replace("/", "-")
    if pg_url:
        import psycopg

        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        return f"{pg_url}{'&' if '?' in pg_url else '?'}schema={name}"
    store = work / f"{name}.db"
    for p in work.glob(f"{name}.db*"):
        p.unlink()
    return str(store)


def add_one(corpus: Path, target: Path) -> Path:
    """A new document: the first text file of the corpus with a suffix no copy has."""
    from dclit.pipeline import ALWAYS_IGNORED

    src = next(p for p in sorted(corpus.rglob("*")) if p.suffix in TEXT_SUFFIXES and p.name[0] != "."
               and p.name not in ALWAYS_IGNORED)
    dst = target / "added" / src.name
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes() + b"\n" + b"\t" * 7 + b"\n")
    return dst


# -- report ---------------------------------------------------------------------
def machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
            f"load average at start {load:.1f}")


def report(measures: list[Measure], stages: str) -> None:
    print(f"\n## dclit run scaling ({'extraction only' if stages == 'extract' else 'all stages'})\n")
    print("| executor/store | corpus | run | files | processed | failed | pages | s | docs/s | peak MiB "
          "| × time vs ×1 | × docs/s vs ×1 | × memory vs ×1 | PG server MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    base = {m.mode: m for m in measures if m.scale == min(x.scale for x in measures) and m.kind == "fresh"}
    for m in measures:
        b = base[m.mode]
        rate = f"{m.docs_per_s:.2f}" if m.kind == "fresh" else "–"
        rel_rate = f"{m.docs_per_s / b.docs_per_s:.2f}" if m.kind == "fresh" and b.docs_per_s else "–"
        print(f"| {m.mode} | ×{m.scale} | {m.kind} | {m.docs} | {m.processed} | {m.failed} | {m.pages} "
              f"| {m.seconds:.1f} | {rate} | {m.peak_mb:.0f} | {m.seconds / b.seconds:.2f} | {rel_rate} "
              f"| {m.peak_mb / b.peak_mb:.2f} | {f'{m.server_mb:.0f}' if m.server_mb else '–'} |")
    if "local/sqlite" in base and len(base) > 1:
        print("\nAgainst local workers + SQLite at the same scale (time, memory; > 1 means slower/larger; "
              "PostgreSQL memory includes its server):")
        for scale in sorted({m.scale for m in measures}):
            row = {m.mode: m for m in measures if m.scale == scale and m.kind == "fresh"}
            ref = row.get("local/sqlite")
            if ref is None:
                continue
            parts = [f"{mo} {m.seconds / ref.seconds:.2f}, {(m.peak_mb + m.server_mb) / ref.peak_mb:.2f}"
                     for mo, m in sorted(row.items()) if mo != "local/sqlite"]
            print(f"  ×{scale}: " + "; ".join(parts))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--scales", default="1,2,5,10")
    ap.add_argument("--modes", default="local,dask", help="local, dask, or EXECUTOR/BACKEND combinations")
    ap.add_argument("--backends", default="sqlite")
    ap.add_argument("--pg", default=None, help="PostgreSQL URL (default: start one with scripts/pg.sh)")
    ap.add_argument("--stages", choices=["all", "extract"], default="all")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/dclit-scaling"))
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}: pass --corpus DIR")
    scales = sorted(int(x) for x in args.scales.split(","))
    modes = [m if "/" in m else f"{m}/{b}" for b in args.backends.split(",") if b
             for m in args.modes.split(",") if m]  # "local/postgresql" names one combination
    modes = list(dict.fromkeys(modes))
    args.work.mkdir(parents=True, exist_ok=True)
    pg_url, started_pg = args.pg, False
    if any(m.endswith("postgresql") for m in modes) and not pg_url:
        pg_url = subprocess.run([str(ROOT / "scripts" / "pg.sh"), "start"], check=True, text=True,
                                capture_output=True).stdout.strip()
        started_pg = True
    print(f"machine: {machine()}")
    print(f"corpus {args.corpus}, scales {scales}, modes {modes}, stages {args.stages}, {args.workers} workers")
    try:
        measures = run_all(args, scales, modes, pg_url)
    finally:
        if started_pg:
            subprocess.run([str(ROOT / "scripts" / "pg.sh"), "stop"], check=False)
    report(measures, args.stages)


def run_all(args, scales: list[int], modes: list[str], pg_url: str | None) -> list[Measure]:
    measures = []
    for scale in scales:
        corpus = args.work / f"corpus-x{scale}"
        replicate(args.corpus, corpus, scale)
        for mode in modes:
            store = fresh_store(args.work, f"{mode}-x{scale}-{args.stages}",
                                pg_url if mode.endswith("postgresql") else None)
            kw = dict(mode=mode, scale=scale, workers=args.workers, stages=args.stages)
            measures.append(run_once(corpus, store, kind="fresh", **kw))
            print(f"  {mode} ×{scale}: {measures[-1].seconds:.1f} s, {measures[-1].peak_mb:.0f} MiB", flush=True)
            if scale == scales[-1]:
                measures.append(run_once(corpus, store, kind="unchanged", **kw))
                added = add_one(args.corpus, corpus)
                try:
                    measures.append(run_once(corpus, store, kind="add-1", **kw))
                finally:
                    added.unlink()
                    added.parent.rmdir()
    return measures


if __name__ == "__main__":
    main(sys.argv[1:])
