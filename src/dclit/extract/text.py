"""Plain text and Markdown: paragraphs are separated by blank lines; form feeds
separate pages. Markdown headings become heading blocks; ``[[key:value]]``
lines (used by some exports) become metadata."""
from __future__ import annotations

import re
from pathlib import Path

from dclit.extract.formats import read_text
from dclit.records import Block, PageInfo, RawDocument

# The closing #s are stripped in Python: "(.+?)\s*#*\s*$" took minutes on a line of 100,000 "#"
# followed by a word (each lazy step re-scanned the run; found by fuzzing).
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.+)$")
_KV = re.compile(r"^\[\[([a-z_]+):(.*)\]\]$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
# Every repeat is bounded: unbounded ones made a 90,000-character line of "![" take minutes
# (each start scanned to the end of the line; found by fuzzing, tests/fixtures/fuzz/).
_MD_INLINE = [(re.compile(r"!\[([^\]]{0,500})\]\([^)]{0,2000}\)"), r"\1"),
              (re.compile(r"\[([^\]]{1,500})\]\([^)]{0,2000}\)"), r"\1"),
              (re.compile(r"(\*\*|__)(.{1,500}?)\1"), r"\2"),
              (re.compile(r"(?<![\w*])\*(?!\s)(.{1,500}?)(?<!\s)\*(?![\w*])"), r"\1"),
              (re.compile(r"`([^`]{1,500})`"), r"\1"), (re.compile(r"<[^>\n]{1,200}>"), "")]
MAX_INLINE_LINE = 10_000  # longer lines are not hand-written Markdown: their markup is left as it is


def extract_text(path: Path, *, markdown: bool = False) -> RawDocument:
    content = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    info: dict[str, str] = {}
    blocks: list[Block] = []
    pages = content.split("\f")
    for number, page_text in enumerate(pages, start=1):
        for kind, text in _paragraphs(page_text, markdown, info):
            blocks.append(Block(page=number, text=text, kind=kind))
    return RawDocument(blocks=blocks, pages=[PageInfo(number=n) for n in range(1, len(pages) + 1)],
                       info=info, engine="markdown" if markdown else "text")


def _paragraphs(text: str, markdown: bool, info: dict[str, str]):
    lines: list[str] = []
    table = False

    def flush():
        nonlocal lines, table
        if lines:
            body = "\n".join(lines) if table else " ".join(lines)
            yield ("table" if table else "body"), body
        lines, table = [], False

    for raw in text.split("\n"):
        line = raw.strip()
        if markdown:
            kv = _KV.match(line)
            if kv:
                key, value = kv.group(1), kv.group(2).strip()
                info[key] = f"{info[key]}; {value}" if key in info else value
                continue
            heading = _HEADING.match(line)
            if heading:
                yield from flush()
                yield "heading", _inline(_heading_text(heading.group(2)))
                continue
            if _TABLE_ROW.match(line):
                if lines and not table:
                    yield from flush()
                table = True
                if not _TABLE_RULE.match(line):
                    lines.append(" | ".join(c.strip() for c in line.strip("| ").split("|")))
                continue
            if table:
                yield from flush()
            line = _inline(line.lstrip(">").strip()) if line.startswith(">") else _inline(line)
        if not line:
            yield from flush()
            continue
        lines.append(line)
    yield from flush()


def _heading_text(body: str) -> str:
    r"""A heading's text without its optional closing #s (as the old regex's ``(.+?)\s*#*\s*$``)."""
    return body.rstrip().rstrip("#").rstrip() or body.strip()[:1]


def _inline(text: str) -> str:
    if len(text) > MAX_INLINE_LINE:
        return text.strip()
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text.strip()
