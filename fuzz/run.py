"""The long fuzz run: mutated corpus documents through extract_document, one forked child per
input (so a segfault or a C-level hang is caught too), for --seconds.

    .venv/bin/python fuzz/run.py --seconds 600 [--formats pdf,docx,html,text,markdown]
        [--engine pdfium|pdfplumber|both] [--limit 10] [--seed 1] [--out fuzz/findings]

Prints one line per new finding and a summary (inputs per format, outcomes, inputs/s).
Each distinct crash or hang is saved as <out>/<format>_<sha>.<ext> with a .txt beside it;
turn each into a regression fixture under tests/fixtures/fuzz/ with a test.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import FORMATS, SUFFIX, Outcome, mutate, run_one, seeds  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        print(f"fuzz: unknown format(s) {bad}; choose from {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    _warm()
    pool = seeds()
    rng = random.Random(args.seed)
    out = Path(args.out)
    stats: Counter = Counter()
    signatures: set[str] = set()
    started = time.monotonic()
    i = 0
    while time.monotonic() - started < args.seconds:
        fmt = formats[i % len(formats)]
        engine = ("pdfium", "pdfplumber")[i // len(formats) % 2] if args.engine == "both" else args.engine
        data = mutate(fmt, rng.choice(pool[fmt]), rng)
        outcome = _forked(fmt, data, engine, args.limit)
        stats[fmt, outcome.kind] += 1
        if outcome.kind in ("crash", "hang"):
            sig = _signature(fmt, outcome)
            if sig not in signatures:
                signatures.add(sig)
                saved = _save(out, fmt, engine, data, outcome)
                print(f"NEW {outcome.kind} [{fmt}/{engine}] {outcome.detail.splitlines()[0][:160]} -> {saved}",
                      flush=True)
        i += 1
    elapsed = time.monotonic() - started
    _summary(stats, elapsed, len(signatures))
    return 1 if signatures else 0


def _parse(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=600.0, help="How long to fuzz (default 600).")
    p.add_argument("--formats", default=",".join(FORMATS), help="Comma-separated ingest paths to fuzz.")
    p.add_argument("--engine", choices=["pdfium", "pdfplumber", "both"], default="both", help="PDF engine.")
    p.add_argument("--limit", type=float, default=10.0, help="Seconds one input may take before it is a hang.")
    p.add_argument("--seed", type=int, default=1, help="Random seed (same seed, same inputs).")
    p.add_argument("--out", default=str(Path(__file__).resolve().parent / "findings"),
                   help="Folder for crashing and hanging inputs.")
    return p.parse_args(argv)


def _warm() -> None:
    """Load what every input needs once, so forked children start warm."""
    from dclit.extract.language import _detector

    _detector()
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401


def _forked(fmt: str, data: bytes, engine: str, limit: float) -> Outcome:
    with tempfile.NamedTemporaryFile(suffix=".outcome") as box:
        pid = os.fork()
        if pid == 0:  # child: the outcome goes to a file (a pipe would block on a long message)
            try:
                outcome = run_one(fmt, data, engine=engine, limit=limit)
                outcome = Outcome(outcome.kind, outcome.detail[:20_000], outcome.seconds)
                with open(box.name, "wb") as fh:
                    pickle.dump(outcome, fh)
            finally:
                os._exit(0)
        deadline = time.monotonic() + limit + 5
        status = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.002)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return Outcome("hang", f"killed after {limit + 5:.0f} s (stuck outside Python)", limit + 5)
        payload = Path(box.name).read_bytes()
    if payload:
        return pickle.loads(payload)
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"
    return Outcome("crash", f"the process died ({how})", 0.0)


def _signature(fmt: str, outcome: Outcome) -> str:
    """Same exception type at the same innermost dclit line = the same bug."""
    lines = outcome.detail.splitlines()
    where = [ln.strip() for ln in lines if 'File "' in ln and "/dclit/" in ln]
    return f"{fmt}|{outcome.kind}|{lines[0].split(':')[0] if lines else ''}|{where[-1] if where else ''}"


def _save(out: Path, fmt: str, engine: str, data: bytes, outcome: Outcome) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()[:12]
    path = out / f"{fmt}_{sha}{SUFFIX[fmt]}"
    path.write_bytes(data)
    path.with_suffix(path.suffix + ".txt").write_text(
        f"format: {fmt}\nengine: {engine}\nkind: {outcome.kind}\nseconds: {outcome.seconds:.2f}\n\n{outcome.detail}\n")
    return path


def _summary(stats: Counter, elapsed: float, findings: int) -> None:
    total = sum(stats.values())
    print(f"fuzz: {total} inputs in {elapsed:.0f} s ({total / max(elapsed, 1e-9):.1f}/s); "
          f"{findings} distinct crash/hang signatures")
    for fmt in FORMATS:
        row = {k: stats[fmt, k] for k in ("ok", "rejected", "crash", "hang") if stats[fmt, k]}
        if row:
            print(f"  {fmt:9} " + "  ".join(f"{k} {v}" for k, v in row.items()))


if __name__ == "__main__":
    sys.exit(main())
