"""Helpers of the hardening tests: small English corpora, CLI calls, store copies."""
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = [ROOT / "corpus" / "text" / name for name in (
    "undp_acclabs_sdg_localisation_in_municipality_of_oecusse.md",
    "un_gcm_objectives_and_actions_long_en.md",
    "undp_acclabs_blog_decentralisation_as_a_catalyst_how_undp_namibia_s_accelerator_lab.md")]
# `dclit check` is registered by importing its module; this works before and after dclit.cli imports it.
DCLIT = [sys.executable, "-c", "import sys, dclit.cli.check; from dclit.cli import main; sys.exit(main())"]


def english_paragraphs() -> list[str]:
    out = []
    for src in SOURCES:
        out += [p.strip() for p in src.read_text().split("\n\n") if len(p.strip()) > 80 and not p.startswith("#")]
    return out


def make_corpus(folder: Path, n: int, paras: int = 4, start: int = 0) -> Path:
    """``n`` small English Markdown documents, each distinct (its own title and closing line)."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = english_paragraphs()
    for i in range(start, start + n):
        body = [pool[(i * paras + k) % len(pool)] for k in range(paras)]
        (folder / f"doc_{i:05d}.md").write_text(f"# Note {i} on decentralised cooperation\n\n"
                                                 + "\n\n".join(body) + f"\n\nRecord number {i}.\n")
    return folder


def dclit(*args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*DCLIT, *[str(a) for a in args]], capture_output=True, text=True, timeout=timeout, **kw)


def copy_store(src: Path, dst: Path) -> Path:
    """A closed store (WAL checkpointed) copied file by file."""
    for p in src.parent.glob(src.name + "*"):
        if not p.name.endswith(".lock"):
            shutil.copy(p, dst.parent / p.name.replace(src.name, dst.name, 1))
    return dst
