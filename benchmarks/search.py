"""Search latency on a corpus scaled to >= 100,000 passages, against a linear regex scan.

    .venv/bin/python benchmarks/search.py --source STORE [--passages 100000] [--runs 30]
        [--pg postgresql://…]   # the replicated store in a PostgreSQL schema instead of SQLite

STORE is a store built by `dclit run` on a real corpus (e.g. ../shared/corpus). Its
documents, passages, mentions and theme profiles are replicated (new doc ids, same text)
into /tmp/dclit-bench/search-<N>.db until it holds at least N passages; that store is
built once and reused while the source store is unchanged.

Each query runs through ``dclit.search.search`` (count + top 20 ranked by bm25 + KWIC
spans), timed ``--runs`` times after two warm-up runs. The baseline, in the same run,
is what one would write without an index: a case-insensitive Python regex over every
passage held in memory (loading them is not counted), collecting the matching passages.
Ratios are baseline / search (higher = search faster).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from dclit.search import search
from dclit.store import FileRow, open_store
from dclit.tag import load_registry

QUERIES = [("word", "cooperation"), ("phrase", '"local government"'),
           ("concept", "concept:decentralised_cooperation")]


def fingerprint(path: Path) -> str:
    st = path.stat()
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def clear(target: str) -> None:
    """Remove the replicated store: its SQLite files, or its PostgreSQL schema."""
    if target.startswith("postgresql://"):
        import psycopg

        url, schema = target.split("?schema=")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        return
    for p in Path(target).parent.glob(Path(target).name + "*"):
        p.unlink()


def build_scaled(source: Path, target: str, passages: int) -> None:
    """Replicate the source store's documents into ``target`` until it has ``passages`` passages."""
    src = open_store(source, readonly=True)
    docs = [src.load_document(d) for d in src.doc_ids()]
    tags = {d.doc_id: (src.mentions(d.doc_id), src.profiles(d.doc_id) + src.profiles(d.doc_id, passages=True))
            for d in docs}
    src.close()
    per_copy = sum(len(d.passages) for d in docs)
    if per_copy == 0:
        sys.exit(f"{source} has no passages")
    copies = -(-passages // per_copy)
    clear(target)
    out = open_store(target)
    t0 = time.perf_counter()
    for k in range(copies):
        for doc in docs:
            new_id = hashlib.sha256(f"{doc.doc_id}:{k}".encode()).hexdigest()
            copy = replace(doc, doc_id=new_id, path=f"copy{k:03d}/{doc.path}",
                           passages=[replace(p, doc_id=new_id) for p in doc.passages])
            mentions, profiles = tags[doc.doc_id]
            result = ([replace(m, doc_id=new_id) for m in mentions], [replace(p, doc_id=new_id) for p in profiles])
            row = FileRow(path=copy.path, corpus="bench", doc_id=new_id, size=0, mtime_ns=0, status="ok")
            out.save_document(copy, row, {"extract": "bench", "tag": "bench"},
                              extra=lambda s, c=copy, r=result: s.save_tag(c, r))
    if out.backend == "sqlite":
        out.db.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
    else:
        out.db.execute("ANALYZE")
    out.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('bench_source', ?)", (fingerprint(source),))
    out.close()
    print(f"built {target}: {copies} copies x {per_copy} passages in {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)


def baseline_pattern(kind: str, query: str, registry) -> re.Pattern:
    if kind == "concept":
        cid = query.split(":", 1)[1]
        ids = [cid, *registry.descendants(cid)]
        labels = {x for c in ids for lang in registry[c].languages() for x in registry[c].labels(lang)}
        body = "|".join(r"\s+".join(map(re.escape, x.split())) for x in sorted(labels, key=len, reverse=True))
        return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)
    words = query.strip('"').split()
    return re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)


def timed(fn, runs: int, warmup: int = 2) -> tuple[list[float], object]:
    for _ in range(warmup):
        out = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(1000 * (time.perf_counter() - t0))
    return times, out


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", type=Path, required=True, help="a store built by `dclit run` on a real corpus")
    ap.add_argument("--passages", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--baseline-runs", type=int, default=3)
    ap.add_argument("--target", default=None)
    ap.add_argument("--pg", default=None, help="PostgreSQL server URL: replicate into schema search_N there")
    args = ap.parse_args()
    if args.pg:
        target = args.target or f"{args.pg}?schema=search_{args.passages}"
    else:
        target = args.target or f"/tmp/dclit-bench/search-{args.passages}.db"
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    current = None
    try:
        with open_store(target, readonly=True) as st:
            current = st.db.execute("SELECT value FROM meta WHERE key='bench_source'").fetchone()
    except Exception:  # noqa: BLE001  (no store there yet)
        pass
    if not current or current[0] != fingerprint(args.source):
        build_scaled(args.source, target, args.passages)
    registry = load_registry()
    st = open_store(target, readonly=True)
    status = st.status()
    texts = [r[0] for r in st.db.execute("SELECT text FROM passages")]  # the baseline's corpus, in memory
    print(f"store {status.location} ({st.backend}): {status.documents} documents, {status.passages:,} passages, {status.words:,} words")
    print(f"{'query':<8} {'text':<36} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8} | {'scan hits':>9} "
          f"{'scan p50':>9} {'scan p95':>9} | {'x p50':>6} {'x p95':>6}")
    for kind, query in QUERIES:
        t_search, res = timed(lambda: search(st, query, registry=registry, limit=20), args.runs)
        pat = baseline_pattern(kind, query, registry)
        t_scan, found = timed(lambda: [t for t in texts if pat.search(t)], args.baseline_runs, warmup=0)
        s50, s95, b50, b95 = pct(t_search, 50), pct(t_search, 95), pct(t_scan, 50), pct(t_scan, 95)
        print(f"{kind:<8} {query:<36} {res.total:>7,} {s50:>8.1f} {s95:>8.1f} | {len(found):>9,} "
              f"{b50:>9.0f} {b95:>9.0f} | {b50 / s50:>6.0f} {b95 / s95:>6.0f}")
        if kind == "concept":
            verdict = "met" if s95 < 100 else "NOT met"
            print(f"goal p95 < 100 ms for a concept query at {status.passages:,} passages: {verdict} "
                  f"({s95:.1f} ms)")
    st.close()


if __name__ == "__main__":
    main()
