"""HTML: one block per paragraph-level element; scripts, styles and navigation dropped."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from dclit.extract.formats import read_text
from dclit.records import Block, PageInfo, RawDocument, Table

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"]
_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "table", "dd", "dt", "figcaption"]


def extract_html(path: Path) -> RawDocument:
    soup = BeautifulSoup(read_text(path), "lxml")
    info = _meta(soup)
    for tag in soup(_DROP):
        tag.decompose()
    blocks: list[Block] = []
    tables: list[Table] = []
    root = soup.body or soup
    for el in root.find_all(_BLOCKS):
        if el.find_parent(_BLOCKS):  # nested: its text belongs to the outer block
            continue
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
