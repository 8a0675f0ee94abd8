"""Extraction: any supported file -> one ``Document`` (clean text, pages, passages, metadata).

The format is decided from the file's bytes, not its name; each format has one
module returning a ``RawDocument``; ``assemble`` makes the clean text and offsets.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from dclit.errors import EmptyError, TooLargeError
from dclit.extract.assemble import assemble
from dclit.extract.formats import sniff
from dclit.extract.language import detect_languages
from dclit.extract.metadata import infer_metadata
from dclit.records import Document, RawDocument

log = logging.getLogger(__name__)

# Bump when the extracted text, pages, passages or inferred metadata change for the same input.
EXTRACT_VERSION = "6"


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    engine: str = "pdfium"  # or "pdfplumber"
    password: str | None = None
    ocr: bool = False
    max_bytes: int = 500 * 1024 * 1024  # files larger than this are refused

    def __post_init__(self) -> None:
        if self.engine not in ("pdfium", "pdfplumber"):
            raise ValueError(f"The 'engine' option must be 'pdfium' or 'pdfplumber'. Got {self.engine!r} instead.")

    def fingerprint(self) -> str:
        return f"{EXTRACT_VERSION}:{self.engine}:{int(self.ocr)}"


def hash_file(path: Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of the file's bytes (hex); a document's identity."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def extract_document(path: Path, options: ExtractOptions | None = None, *,
                     content_hash: str | None = None) -> Document:
    """Read one file into a Document. Raises ``InputError`` subclasses for bad input."""
    options = options or ExtractOptions()
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyError("file is empty (0 bytes).", path=str(path), stage="extract",
                         hint="Remove it or replace it with the real document.")
    if size > options.max_bytes:
        raise TooLargeError(f"file is {size / 2**20:.0f} MiB, over the {options.max_bytes / 2**20:.0f} MiB limit.",
                            path=str(path), stage="extract",
                            hint="Split the file, or raise the limit with --max-mb.")
    doc_id = content_hash or hash_file(path)
    fmt, warnings = sniff(path)
    raw = _read(fmt, path, options)
    raw.warnings[:0] = warnings
    text, pages, passages = assemble(doc_id, raw)
    if not text.strip():
        from dclit.errors import NoTextError
        raise NoTextError("no text could be extracted.", path=str(path), stage="extract",
                          hint="If it is a scan, run with --ocr; otherwise check the file opens.")
    passages, doc_lang = detect_languages(passages)
    meta = infer_metadata(path, raw, text, passages, doc_lang, doc_id, fmt)
    return Document(doc_id=doc_id, path=str(path), text=text, pages=pages, passages=passages,
                    metadata=meta, tables=raw.tables, warnings=raw.warnings,
                    engine=raw.engine or fmt)


def _read(fmt: str, path: Path, options: ExtractOptions) -> RawDocument:
    if fmt == "pdf":
        from dclit.extract.pdf import extract_pdf
        return extract_pdf(path, engine=options.engine, password=options.password, ocr=options.ocr)
    if fmt == "docx":
        from dclit.extract.docx import extract_docx
        return extract_docx(path)
    if fmt == "html":
        from dclit.extract.html import extract_html
        return extract_html(path)
    from dclit.extract.text import extract_text
    return extract_text(path, markdown=(fmt == "markdown"))
