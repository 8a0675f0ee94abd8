"""OCR of image-only pages with Tesseract (the Debian ``tesseract-ocr`` packages).

The page is rendered by PDFium at 300 dpi and Tesseract's TSV output is read back
as words with boxes, in points, so the same layout engine orders them. Each word
takes the top and bottom of its Tesseract line, so words with and without
descenders sit on one baseline.
"""
from __future__ import annotations

import csv
import io
import logging
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from dclit.errors import MissingExtraError
from dclit.extract.pdf.model import Word

log = logging.getLogger(__name__)
DPI = 300
INSTALL = ("Install it with: apt-get install -y tesseract-ocr tesseract-ocr-fra "
           "tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-deu")


def tesseract() -> str:
    exe = shutil.which("tesseract")
    if not exe:
        raise MissingExtraError("OCR needs the tesseract program, which is not installed.",
                                stage="ocr", hint=INSTALL)
    return exe


def available_langs(langs: str) -> str:
    """``langs`` restricted to the language packs Tesseract has (eng at least)."""
    out = subprocess.run([tesseract(), "--list-langs"], capture_output=True, text=True,
                         timeout=30).stdout.split()
    keep = [lang for lang in langs.split("+") if lang in out]
    if len(keep) < len(langs.split("+")):
        log.warning("tesseract lacks languages %s", set(langs.split("+")) - set(keep))
    return "+".join(keep) or "eng"


def ocr_page(page, langs: str, timeout: int = 300) -> tuple[list[Word], float, float]:
    """Words of a pypdfium2 page read by Tesseract, and the page size they refer to
    (width and height swap when the scan had to be turned upright)."""
    scale = DPI / 72
    bitmap = page.render(scale=scale, rotation=0, grayscale=True)
    image = bitmap.to_pil()
    with tempfile.TemporaryDirectory(prefix="dclit-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        turn = _orientation(png, timeout)
        if turn:
            image = image.rotate(-turn, expand=True)
            image.save(png)
        proc = subprocess.run([tesseract(), str(png), "stdout", "-l", langs, "--psm", "3", "tsv"],
                              capture_output=True, text=True, timeout=timeout)
    bitmap.close()
    width, height = image.width / scale, image.height / scale
    if proc.returncode != 0:
        log.warning("tesseract failed: %s", proc.stderr.strip()[:200])
        return [], width, height
    return parse_tsv(proc.stdout, scale), width, height


def _orientation(png: Path, timeout: int) -> int:
    """Degrees to turn the image clockwise to make its text upright (Tesseract OSD)."""
    proc = subprocess.run([tesseract(), str(png), "stdout", "--psm", "0"], capture_output=True,
                          text=True, timeout=timeout)
    m = re.search(r"Rotate:\s*(\d+)", proc.stdout)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", proc.stdout)
    if not m or (conf and float(conf.group(1)) < 1.0):
        return 0
    return int(m.group(1)) % 360


def parse_tsv(tsv: str, scale: float) -> list[Word]:
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    lines: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r.get("level") == "5" and (r.get("text") or "").strip() and float(r["conf"]) >= 0:
            lines[(r["page_num"], r["block_num"], r["par_num"], r["line_num"])].append(r)
    words = []
    for items in lines.values():
        top = min(int(r["top"]) for r in items) / scale
        bottom = max(int(r["top"]) + int(r["height"]) for r in items) / scale
        size = max((bottom - top) * 0.85, 4.0)
        for r in items:
            x0 = int(r["left"]) / scale
            words.append(Word(r["text"].strip(), x0, x0 + int(r["width"]) / scale, top, bottom,
                              round(size, 1), False))
    return words
