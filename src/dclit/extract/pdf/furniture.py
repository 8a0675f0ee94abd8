"""Running headers, footers, printer slug lines and page numbers, found across pages.

A line is page furniture when it sits in the top or bottom band of the page, stands
apart from the text below / above it, and either repeats on other pages at the same
height (digits ignored, so "Page 3" and "Page 4" repeat) or is a bare page number.
The printed page label comes from bare page numbers first, then from a number at the
edge of a repeated header whose offset to the physical page is steady.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dclit.extract.pdf.model import Line

ZONE = 0.1  # share of the page height searched at the top and at the bottom
_DIGITS = re.compile(r"\d+")
_NUMBER = re.compile(
    r"^(?:page|p\.|pag\.?|pagina|página|seite|s\.)?\s*[-–—|]?\s*(\d{1,4}|[ivxlc]{1,7})\s*[-–—|]?"
    r"(?:\s*(?:of|/|de|sur|von|di)\s*\d{1,4})?$", re.I)
_EDGE = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")


@dataclass
class PageFurniture:
    remove: set[int] = field(default_factory=set)  # id() of the lines to drop
    header: str | None = None
    footer: str | None = None
    label: str | None = None


def _signature(text: str) -> str:
    """Digits as "#", page numbers at either end dropped (odd and even pages agree)."""
    text = text.strip()
    stripped = re.sub(r"^\d{1,4}\s+", "", text)
    text = stripped if stripped != text else re.sub(r"\s+\d{1,4}$", "", text)
    return " ".join(_DIGITS.sub("#", text.lower()).split())


def _candidates(lines: list[Line], height: float) -> list[tuple[str, Line]]:
    """(zone, line) for lines in the outer bands that stand apart from the text."""
    rows = sorted({ln.row for ln in lines})
    if not rows:
        return []
    out = []
    by_row: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        by_row[ln.row].append(ln)
    ordered = [by_row[r] for r in rows]
    for zone, seq in (("top", ordered), ("bottom", ordered[::-1])):
        found: list[tuple[str, Line]] = []
        apart = False  # the row towards the middle is furniture that stands apart from the text
        for k in range(min(4, len(seq)) - 1, -1, -1):  # from the inside out: stacked lines
            row_found = []
            for ln in seq[k]:
                edge = ln.top if zone == "top" else height - ln.bottom
                if edge > ZONE * height:
                    continue
                gap = _gap(ln, seq[k + 1:], zone)
                # a line close to the next one is still furniture when that one is: a header in
                # two stacked lines ("UNITED CITIES AND LOCAL GOVERNMENTS" / "COUNTY PROFILE: FRANCE")
                if gap is not None and gap < 0.6 * (ln.bottom - ln.top) and not (apart and gap >= -1):
                    continue
                row_found.append((zone, ln))
            apart = bool(row_found)
            found = row_found + found
        out += found
    return out


def _gap(ln: Line, inner_rows: list[list[Line]], zone: str) -> float | None:
    """Distance from ``ln`` to the next row towards the middle of the page; rows lying
    within ``ln``'s height (a slug line printed across a big running title) are passed over."""
    for inner in inner_rows:
        top, bottom = min(o.top for o in inner), max(o.bottom for o in inner)
        if top >= ln.top - 1 and bottom <= ln.bottom + 1:
            continue
        return top - ln.bottom if zone == "top" else ln.top - bottom
    return None


def detect(pages: list[tuple[int, float, list[Line]]]) -> list[PageFurniture]:
    """``pages``: (page number, page height, lines). One PageFurniture per page, same order."""
    cands = [_candidates(lines, h) for _, h, lines in pages]
    groups: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for i, found in enumerate(cands):
        for zone, ln in found:
            groups[(zone, _signature(ln.text))].append((i, ln.top))
    n = len(pages)
    repeated = set()
    for key, hits in groups.items():
        pages_hit = {i for i, _ in hits}
        if len(pages_hit) >= 2 and (len(pages_hit) >= 0.25 * n or len(pages_hit) >= 4):
            tops = sorted(t for _, t in hits)
            mid = tops[len(tops) // 2]
            if sum(abs(t - mid) < 6 for t in tops) >= 2:
                repeated.add(key)
    result = [PageFurniture() for _ in pages]
    edge_values: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for i, found in enumerate(cands):
        number, _, _ = pages[i]
        parts: dict[str, list[str]] = {"top": [], "bottom": []}
        for zone, ln in found:
            text = ln.text.strip()
            key = (zone, _signature(text))
            m = _NUMBER.match(text)
            if m:
                result[i].label = result[i].label or m.group(1)
            elif key not in repeated:
                continue
            else:
                e = _EDGE.search(text)
                if e:
                    edge_values[key].append((i, int(e.group(1) or e.group(2))))
            result[i].remove.add(id(ln))
            parts[zone].append(text)
        result[i].header = " | ".join(parts["top"]) or None
        result[i].footer = " | ".join(parts["bottom"]) or None
    _labels_from_edges(result, pages, edge_values)
    return result


def _labels_from_edges(result: list[PageFurniture], pages, edge_values) -> None:
    """Pages without a bare number take it from a repeated header with a steady offset."""
    best = None
    for key, vals in edge_values.items():
        offsets = Counter(v - pages[i][0] for i, v in vals)
        off, hits = offsets.most_common(1)[0]
        if hits >= 2 and hits >= 0.6 * len(vals) and (best is None or hits > best[1]):
            best = (key, hits, off)
    if best is None:
        return
    key, _, off = best
    for i, v in edge_values[key]:
        if result[i].label is None and v - pages[i][0] == off:
            result[i].label = str(v)
