"""Benchmark of the PDF extractor: accuracy on ground truth, speed on real documents.

    python benchmarks/extraction.py [--quick] [PDF ...]

1. Accuracy: ground-truth PDFs (benchmarks/groundtruth.py: one, two and three columns,
   headers, footers, page numbers, footnotes, hyphenation) extracted by dclit (both
   engines), by pdfplumber's plain ``extract_text()`` and by poppler's ``pdftotext``;
   word accuracy = 1 - word edit distance / words, header/footer leaks, hyphenations
   left split, real hyphens lost.
2. Speed: pages per second on the same real files for every tool, in the same run,
   as ratios to pdfplumber's ``extract_text()``. dclit's figure includes everything
   (layout, furniture, footnotes, hyphens, table finder); the word lists are loaded
   once before timing (about a second per process).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import groundtruth  # noqa: E402

from dclit.extract.assemble import assemble  # noqa: E402
from dclit.extract.pdf import extract_pdf  # noqa: E402

ROUNDS = 2
CORPUS = HERE.parent.parent / "shared" / "corpus" / "policy"
SPEED_FILES = ["uclg_gold1_02_africa_en.pdf", "uclg_gold1_01_introduction_fr.pdf",
               "un_E_2025_44_cepa_24th_session_report.pdf", "pwyf_ati2016_donor_profile_bmz_giz_de.pdf",
               "gcm_guide_english_23_international_cooperation.pdf"]


def dclit_text(path: Path, engine: str = "pdfium") -> str:
    return assemble("bench", extract_pdf(path, engine=engine))[0]


def plumber_text(path: Path) -> str:
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            out.append(page.extract_text() or "")
            page.close()
    return "\n".join(out)


def pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    for page in pdf:
        tp = page.get_textpage()
        out.append(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return "\n".join(out)


def pdftotext_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


TOOLS = {
    "dclit": dclit_text,
    "dclit --engine pdfplumber": lambda p: dclit_text(p, "pdfplumber"),
    "pdfplumber extract_text": plumber_text,
    "pdftotext": pdftotext_text,
}


def accuracy_table(folder: Path) -> None:
    tools = {k: v for k, v in TOOLS.items() if k != "pdftotext" or shutil.which("pdftotext")}
    print("\n## Ground truth: word accuracy / header-footer leaks / split words / lost hyphens\n")
    print("| layout | pages | words | " + " | ".join(tools) + " |")
    print("|---|---|---|" + "---|" * len(tools))
    agree = []
    for path, truth in groundtruth.generate_all(folder):
        cells = []
        texts = {}
        for name, fn in tools.items():
            texts[name] = fn(path)
            s = groundtruth.score(truth, texts[name])
            cells.append(f"{s.accuracy:.4f} / {s.leaks} / {s.split} / {s.lost_hyphens}")
        print(f"| {truth.spec.name} | {truth.pages} | {len(truth.text.split())} | "
              + " | ".join(cells) + " |")
        from rapidfuzz.distance import Levenshtein
        a, b = texts["dclit"].split(), texts["dclit --engine pdfplumber"].split()
        agree.append((truth.spec.name, 1 - Levenshtein.distance(a, b) / max(len(a), 1)))
    print("\nAgreement of the two dclit engines (1 - word edit distance / words): "
          + ", ".join(f"{n} {v:.4f}" for n, v in agree))


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    n = len(pdf)
    pdf.close()
    return n


def speed_table(files: list[Path]) -> None:
    tools = dict(TOOLS)
    tools["pypdfium2 get_text_range"] = pdfium_text
    if not shutil.which("pdftotext"):
        del tools["pdftotext"]
    pages = sum(page_count(f) for f in files)
    print(f"\n## Speed on {len(files)} files, {pages} pages (same run)\n")
    dclit_text(files[0])  # warm up: word lists and imports, once per process
    best: dict[str, float] = {}
    for _ in range(ROUNDS):  # best of rounds, tools interleaved: the machine may be shared
        for name, fn in tools.items():
            t = time.perf_counter()
            for f in files:
                fn(f)
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - t)
    rates = {name: pages / t for name, t in best.items()}
    base = rates["pdfplumber extract_text"]
    print("| tool | pages/s | × pdfplumber extract_text |")
    print("|---|---|---|")
    for name, rate in rates.items():
        print(f"| {name} | {rate:.1f} | {rate / base:.1f}× |")


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    with tempfile.TemporaryDirectory(prefix="dclit-gt-") as tmp:
        accuracy_table(Path(tmp))
        if not files:
            files = [CORPUS / f for f in SPEED_FILES if (CORPUS / f).exists()]
            if quick:
                files = files[:1]
        if not files:
            files = sorted(Path(tmp).glob("*.pdf"))
        speed_table(files)


if __name__ == "__main__":
    main(sys.argv[1:])
