"""HTML: one block per paragraph-level element; scripts, styles and navigation dropped."""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from dclit.errors import TooLargeError

from dclit.extract.formats import read_text
from dclit.records import Block, PageInfo, RawDocument, Table

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"]
_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "table", "dd", "dt", "figcaption"]
_BLOCK_SET = frozenset(_BLOCKS)


# BeautifulSoup spends ~30 us on each element: 1,000,000 of them (a 5 MB page, found by fuzzing)
# took minutes. Real pages have a few thousand; more than this is refused before parsing.
MAX_ELEMENTS = 100_000
_TAG_START = re.compile(r"<[A-Za-z]")


def extract_html(path: Path) -> RawDocument:
    source = read_text(path)
    n = sum(1 for _ in _TAG_START.finditer(source))
    if n > MAX_ELEMENTS:
        raise TooLargeError(f"the HTML page has {n:,} elements, over the {MAX_ELEMENTS:,} limit.", path=str(path),
                            stage="extract", hint="Save the page as PDF or plain text, or split it.")
    soup = BeautifulSoup(source, "lxml")
    info = _meta(soup)
    for tag in soup(_DROP):
        tag.decompose()
    blocks: list[Block] = []
    tables: list[Table] = []
    root = soup.body or soup
    for el in _outer_blocks(root):
        if el.name == "table":
            rows = tuple(tuple(c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"]))
                         for tr in el.find_all("tr"))
            rows = tuple(r for r in rows if any(r))
            if rows:
                tables.append(Table(page=1, index=len(tables), rows=rows))
                blocks.append(Block(page=1, text="\n".join(" | ".join(r) for r in rows), kind="table"))
            continue
        text = el.get_text(" ", strip=True)
        if not text:
            continue
        kind = "heading" if el.name[0] == "h" and el.name[1:].isdigit() else (
            "list" if el.name == "li" else "caption" if el.name == "figcaption" else "body")
        blocks.append(Block(page=1, text=text, kind=kind))
    if not blocks:  # text straight in <body> without paragraph elements
        text = root.get_text("\n", strip=True)
        blocks = [Block(page=1, text=t) for t in text.split("\n\n") if t.strip()]
    return RawDocument(blocks=blocks, pages=[PageInfo(number=1)], tables=tables, info=info, engine="html")


def _outer_blocks(root):
    """Block elements not inside another block (a nested one's text belongs to the outer), in
    document order. One walk of the tree: asking each block for a block parent took ~0.5 ms per
    element (20,000 <p> took 14 s; found by fuzzing). Iterative, so deep nesting cannot overflow."""
    stack = [iter(root.children)]
    while stack:
        for child in stack[-1]:
            name = getattr(child, "name", None)
            if name is None:  # text, comments
                continue
            if name in _BLOCK_SET:
                yield child
            else:
                stack.append(iter(child.children))
            break
        else:
            stack.pop()


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    info: dict[str, str] = {}
    if soup.title and soup.title.string:
        info["title"] = soup.title.string.strip()
    names = {"author": "author", "dc.creator": "author", "citation_author": "author",
             "dc.date": "creation_date", "citation_date": "creation_date", "citation_publication_date": "creation_date",
             "dc.title": "title", "citation_title": "title", "og:title": "title", "keywords": "keywords",
             "description": "subject"}
    for m in soup.find_all("meta"):
        key = (m.get("name") or m.get("property") or "").lower()
        if key in names and m.get("content"):
            info.setdefault(names[key], m["content"].strip())
    lang = (soup.html.get("lang") if soup.html else None) or ""
    if lang:
        info["language"] = lang.split("-")[0].lower()
    return info
