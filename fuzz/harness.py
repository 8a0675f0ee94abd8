"""Fuzzing dclit's ingest paths: seeds made from the sample corpus, format-aware mutations,
and the oracle ("a crash is any exception but a DclitError from extract_document, or a hang").

Used by the bounded Hypothesis tests (tests/hardening/test_fuzz.py) and the long runner
(fuzz/run.py). Seeds are built at run time from corpus/ (first pages of the real PDFs, the
Markdown texts, and DOCX/HTML written from those texts), so nothing new is shipped.
"""
from __future__ import annotations

import io
import random
import re
import signal
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FORMATS = ("pdf", "docx", "html", "text", "markdown")
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "text": ".txt", "markdown": ".md"}
MAX_INPUT = 1_000_000  # mutants are cut here: the fuzzers look for bad structure; sheer size is tested apart
MAX_SEED_BYTES = 12_000  # text seeds are cut to this many bytes so one input takes milliseconds

INTERESTING_NUMBERS = [b"0", b"-1", b"1", b"2147483647", b"-2147483648", b"4294967296", b"99999999999",
                       b"1e308", b"-0", b"3.4e38", b"NaN", b"00000000000000000001"]
PDF_TOKENS = [b"[", b"]", b"<<", b">>", b"(", b")", b"/Type /Pages", b"/Kids [", b"/Count 1000000",
              b"/Length 0", b"stream\n", b"endstream", b"obj", b"endobj", b"1 0 R", b"/Parent 1 0 R",
              b"BT", b"ET", b"Tj", b"TJ", b"/F1 0 Tf", b"q", b"Q", b"1e308 0 0 1e308 0 0 cm", b"\\", b"%%EOF",
              b"xref", b"trailer", b"/Filter /FlateDecode", b"/Rotate 91", b"/MediaBox [0 0 0 0]"]
XML_TOKENS = [b"<w:p>", b"</w:p>", b"<w:r>", b"<w:t>", b"</w:t>", b"<w:tbl>", b"<w:tr>", b"<w:tc>", b"&amp;",
              b"&#0;", b"&#xD800;", b"<![CDATA[x]]>", b"<!-- -->", b"<w:pStyle w:val=\"Heading1\"/>", b"\xff\xfe",
              b"<w:t xml:space=\"preserve\">  </w:t>"]
HTML_TOKENS = [b"<p>", b"</p>", b"<table>", b"<tr>", b"<td>", b"</td>", b"<li>", b"<h1>", b"</h1>", b"<script>",
               b"</script>", b"<!--", b"-->", b"<meta name=author content=\"x\">", b"<title>", b"</title>",
               b"<div>" * 50, b"&nbsp;", b"&#xFFFF;", b"<![CDATA[", b"<svg>", b"<br>", b"\x00", b"<html lang=\"\">"]
TEXT_TOKENS = [b"\f", b"\r", b"\n\n", b"# ", b"| a | b |\n|---|---|\n", b"[[title:", b"]]", b"**", b"__", b"*",
               b"`", b"[x](", b"![", b"<", b">", b"\xc3", b"\xef\xbb\xbf", b"\t", b"\x00", b"- ", b"1. "]


class Hang(BaseException):  # not an Exception: no `except Exception` in dclit may swallow it
    """Raised by the alarm when one input runs past its time limit."""


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # ok | rejected (a DclitError) | crash | hang
    detail: str = ""  # exception line or traceback for crashes
    seconds: float = 0.0


# -- seeds ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def seeds() -> dict[str, list[bytes]]:
    texts = [p.read_bytes()[:MAX_SEED_BYTES] for p in sorted((CORPUS / "text").glob("*.md"))]
    return {"pdf": _pdf_seeds(), "docx": [_docx_from(t) for t in texts[:3]],
            "html": [_html_from(t) for t in texts], "text": texts, "markdown": texts}


def _pdf_seeds() -> list[bytes]:
    """The first page of each sample-corpus PDF, re-saved as a one-page PDF by PDFium."""
    import pypdfium2 as pdfium

    out = []
    for path in sorted(CORPUS.rglob("*.pdf")):
        src = pdfium.PdfDocument(str(path))
        try:
            new = pdfium.PdfDocument.new()
            new.import_pages(src, [0])
            buf = io.BytesIO()
            new.save(buf)
            new.close()
            out.append(buf.getvalue())
        finally:
            src.close()
    return out


def _paragraphs(text: bytes) -> list[str]:
    s = text.decode("utf-8", "replace")
    return [p.strip() for p in s.split("\n\n") if p.strip()][:40]


def _docx_from(text: bytes) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "Seed document"
    d.core_properties.author = "dclit fuzz"
    for para in _paragraphs(text):
        if para.startswith("#"):
            d.add_heading(para.lstrip("# "), level=2)
        else:
            d.add_paragraph(para)
    t = d.add_table(rows=2, cols=2)
    for i, cell in enumerate(t._cells):
        cell.text = f"cell {i}"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _html_from(text: bytes) -> bytes:
    from html import escape

    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Seed</title>'
             '<meta name="author" content="dclit fuzz"><style>p{}</style></head><body><nav>menu</nav>']
    for para in _paragraphs(text):
        tag = "h2" if para.startswith("#") else "p"
        parts.append(f"<{tag}>{escape(para.lstrip('# '))}</{tag}>")
    parts.append("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
                 "<ul><li>one</li><li>two</li></ul><script>var x = 1;</script></body></html>")
    return "".join(parts).encode()


# -- mutations --------------------------------------------------------------------------

def mutate(fmt: str, data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """``data`` changed by 1..8 format-aware mutations (for DOCX, mostly inside the XML)."""
    if fmt == "docx" and rng.random() < 0.8:
        return _mutate_docx(data, rng)
    tokens = {"pdf": PDF_TOKENS, "html": HTML_TOKENS}.get(fmt, TEXT_TOKENS)
    for _ in range(rounds or rng.randint(1, 8)):
        data = _mutate_once(data, rng, tokens, numbers=(fmt == "pdf"))[:MAX_INPUT]
    return data


def _mutate_docx(data: bytes, rng: random.Random) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {i.filename: zf.read(i) for i in zf.infolist()}
    except zipfile.BadZipFile:
        return _mutate_once(data, rng, XML_TOKENS, numbers=False)
    xml_names = [n for n in members if n.endswith((".xml", ".rels"))]
    name = "word/document.xml" if rng.random() < 0.7 and "word/document.xml" in members else rng.choice(xml_names)
    for _ in range(rng.randint(1, 6)):
        members[name] = _mutate_once(members[name], rng, XML_TOKENS, numbers=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, content in members.items():
            zf.writestr(n, content)
    return buf.getvalue()


_NUMBER = re.compile(rb"-?\d+(\.\d+)?")


def _mutate_once(data: bytes, rng: random.Random, tokens: list[bytes], *, numbers: bool) -> bytes:
    n = len(data)
    pos = rng.randrange(n + 1)
    op = rng.randrange(10 if numbers else 9)
    if op == 0 and n:  # flip bits
        b = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            b[rng.randrange(n)] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == 1:  # insert a token
        return data[:pos] + rng.choice(tokens) + data[pos:]
    if op == 2:  # insert random bytes
        return data[:pos] + rng.randbytes(rng.randint(1, 64)) + data[pos:]
    if op == 3 and n:  # delete a chunk
        return data[:pos] + data[pos + rng.randint(1, max(1, n // 8)):]
    if op == 4 and n:  # duplicate a chunk
        chunk = data[pos:pos + rng.randint(1, 4096)]
        return data[:pos] + chunk * rng.randint(2, 8) + data[pos:]
    if op == 5 and n:  # repeat a short snippet many times (long lines, deep nesting, slow regexes)
        snippet = data[pos:pos + rng.randint(1, 8)] or rng.choice(tokens)
        return data[:pos] + snippet * rng.choice([500, 5000, 50_000]) + data[pos:]
    if op == 6:  # truncate
        return data[:pos]
    if op == 7:  # nest a token very deep
        tok = rng.choice(tokens)
        return data[:pos] + tok * rng.choice([100, 1000, 20_000]) + data[pos:]
    if op == 8 and n:  # overwrite with a token
        tok = rng.choice(tokens)
        return data[:pos] + tok + data[pos + len(tok):]
    if op == 9:  # replace a number with an interesting one
        found = list(_NUMBER.finditer(data))
        if found:
            m = rng.choice(found)
            return data[:m.start()] + rng.choice(INTERESTING_NUMBERS) + data[m.end():]
    return data + rng.choice(tokens)


# -- the oracle -------------------------------------------------------------------------

def run_one(fmt: str, data: bytes, *, engine: str = "pdfium", limit: float = 10.0,
            workdir: Path | None = None) -> Outcome:
    """Extract ``data`` as a file of format ``fmt``; classify what happened."""
    from dclit.errors import DclitError
    from dclit.extract import ExtractOptions, extract_document

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / ("input" + SUFFIX[fmt])
        path.write_bytes(data)
        started = time.perf_counter()
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            extract_document(path, ExtractOptions(engine=engine))
            kind, detail = "ok", ""
        except Hang:
            kind, detail = "hang", f"still running after {limit:.0f} s"
        except DclitError as e:
            kind, detail = "rejected", str(e)
        except Exception as e:  # noqa: BLE001 - this is what the fuzzer is looking for
            kind, detail = "crash", f"{type(e).__name__}: {e}\n{traceback.format_exc()}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return Outcome(kind, detail, time.perf_counter() - started)


def _alarm(_signum, _frame):
    raise Hang()
