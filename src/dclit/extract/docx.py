"""DOCX via python-docx, after checking the ZIP is not a decompression bomb."""
from __future__ import annotations

import zipfile
from pathlib import Path

from dclit.errors import CorruptError, TooLargeError
from dclit.records import Block, PageInfo, RawDocument, Table

MAX_UNPACKED = 300 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # unpacked / packed size of any member


def check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            total = 0
            for item in zf.infolist():
                total += item.file_size
                if item.compress_size and item.file_size / item.compress_size > MAX_RATIO and item.file_size > 10 * 2**20:
                    raise TooLargeError(f"member {item.filename} unpacks {item.file_size / item.compress_size:.0f}x "
                                        "(a decompression bomb?).", path=str(path), stage="extract",
                                        hint="Open and re-save it in a word processor, or remove it.")
            if total > MAX_UNPACKED:
                raise TooLargeError(f"unpacks to {total / 2**20:.0f} MiB, over the {MAX_UNPACKED / 2**20:.0f} MiB limit.",
                                    path=str(path), stage="extract", hint="Remove embedded media or split the file.")
    except zipfile.BadZipFile as e:
        raise CorruptError(f"broken DOCX container ({e}).", path=str(path), stage="extract",
                           hint="Open and re-save it in a word processor.") from None


def extract_docx(path: Path) -> RawDocument:
    check_zip(path)
    import docx  # python-docx

    try:
        d = docx.Document(str(path))
    except Exception as e:  # python-docx raises several unrelated types for broken files
        raise CorruptError(f"cannot be read as DOCX ({type(e).__name__}: {e}).", path=str(path), stage="extract",
                           hint="Open and re-save it in a word processor.") from None
    try:
        return _read(d)
    except (AttributeError, KeyError, ValueError, TypeError, IndexError) as e:
        # python-docx trusts the XML schema: a damaged part surfaces as one of these (found by fuzzing)
        raise CorruptError(f"damaged DOCX content ({type(e).__name__}: {e}).", path=str(path), stage="extract",
                           hint="Open and re-save it in a word processor.") from None


def _read(d) -> RawDocument:
    import docx

    blocks: list[Block] = []
    tables: list[Table] = []
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = docx.text.paragraph.Paragraph(child, d)
            text = para.text.strip()
            if not text:
                continue
            style = (para.style.name if para.style is not None else "") or ""
            kind = "heading" if style.lower().startswith(("heading", "title")) else (
                "list" if "list" in style.lower() else "body")
            blocks.append(Block(page=1, text=text, kind=kind))
        elif tag == "tbl":
            table = docx.table.Table(child, d)
            rows = tuple(tuple(c.text.strip() for c in row.cells) for row in table.rows)
            rows = tuple(r for r in rows if any(r))
            if rows:
                tables.append(Table(page=1, index=len(tables), rows=rows))
                blocks.append(Block(page=1, text="\n".join(" | ".join(r) for r in rows), kind="table"))
    try:
        cp = d.core_properties
        info = {k: str(v) for k, v in {"title": cp.title, "author": cp.author, "subject": cp.subject,
                                       "keywords": cp.keywords, "creation_date": cp.created}.items() if v}
    except (AttributeError, KeyError, ValueError, TypeError):
        info = {}  # damaged docProps/core.xml: the text is still good
    return RawDocument(blocks=blocks, pages=[PageInfo(number=1)], tables=tables, info=info, engine="docx")
