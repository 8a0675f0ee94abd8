"""Decide a file's format from its bytes; the extension only breaks ties."""
from __future__ import annotations

import zipfile
from pathlib import Path

from dclit.errors import CorruptError, UnsupportedFormatError

SUPPORTED_SUFFIXES = {".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx"}
_EXPECTED = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html",
             ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
_MAGIC = [(b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\xd0\xcf\x11\xe0", "an old MS Office file (.doc/.xls)"),
          (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-zip archive"),
          (b"\x7fELF", "an executable")]


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def sniff(path: Path) -> tuple[str, list[str]]:
    """Return (format, warnings). Format is pdf|docx|html|markdown|text."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    suffix = path.suffix.lower()
    fmt = _by_content(path, head)
    if fmt is None:
        for magic, what in _MAGIC:
            if head.startswith(magic):
                raise UnsupportedFormatError(f"file is {what}, not a supported document.", path=str(path),
                                             stage="extract", hint="Convert it to PDF, DOCX, HTML or text, or remove it.")
        if suffix == ".pdf":
            raise CorruptError("not a PDF: no %PDF header in the first 4 KiB.", path=str(path), stage="extract",
                               hint="The download may be broken or an error page; fetch the file again.")
        raise UnsupportedFormatError("cannot tell what kind of document this is (binary data).",
                                     path=str(path), stage="extract",
                                     hint="Supported: PDF, DOCX, HTML, Markdown, plain text.")
    warnings = []
    expected = _EXPECTED.get(suffix)
    if expected and expected != fmt and not (expected in ("text", "markdown") and fmt in ("text", "markdown")):
        warnings.append(f"{path}: extension says {suffix} but the content is {fmt}; read as {fmt}. Rename the file.")
    return fmt, warnings


def _by_content(path: Path, head: bytes) -> str | None:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise CorruptError("broken ZIP container.", path=str(path), stage="extract",
                               hint="The file is damaged; fetch or save it again.") from None
        return None
    text = _decode(head)
    if text is None:
        return None
    low = text.lstrip("\ufeff \t\r\n").lower()
    if low.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in low or (
            path.suffix.lower() in (".html", ".htm", ".xhtml") and "<" in low):
        return "html"
    if path.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    return "text"


def _decode(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:  # a character cut at the 4 KiB boundary
            return head[:e.start].decode("utf-8")
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return None
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return text if printable / max(len(text), 1) > 0.95 else None


def read_text(path: Path) -> str:
    """Whole file as text: UTF-8, else cp1252 (old Windows exports)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
