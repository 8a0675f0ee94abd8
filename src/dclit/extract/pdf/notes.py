"""Footnotes: small-type blocks at the foot of a column that start with a note mark.

Each note becomes its own paragraph whose ``note`` is the mark ("3"), so a passage
can be linked back to the superscript call in the body text.
"""
from __future__ import annotations

import dataclasses
import re
from statistics import median

from dclit.extract.pdf.model import Line, Unit

_MARK = re.compile(r"^(\d{1,3}|[*†‡§]{1,3})(?:[.)]?\s+|(?=[A-ZÀ-Ý«“\"(]))(.*)$", re.S)


def unit_size(u: Unit) -> float:
    return median(ln.size for ln in u.lines)


def mark_of(line: Line) -> tuple[str, str] | None:
    """(mark, text after it) when ``line`` opens a note."""
    first = line.words[0]
    if len(line.words) > 1 and first.size < 0.85 * line.size and \
            re.fullmatch(r"[\d*†‡§]{1,3}", first.text):
        return first.text, line.text[len(first.text):].strip()
    m = _MARK.match(line.text.strip())
    if m and m.group(2):
        return m.group(1), m.group(2)
    return None


def footnote_units(units: list[Unit], body_size: float, height: float) -> set[int]:
    """id() of the text units that hold footnotes."""
    found: set[int] = set()
    texts = [u for u in units if u.kind == "text"]
    for u in sorted(texts, key=lambda u: u.top):
        if u.top < 0.45 * height or unit_size(u) > 0.92 * body_size:
            continue
        if mark_of(u.lines[0]) is None:
            above = any(id(o) in found and -2 <= u.top - o.bottom <= 3 * unit_size(u)
                        and min(o.x1, u.x1) > max(o.x0, u.x0) for o in texts)
            if above:
                found.add(id(u))
            continue
        below = any(o.top >= u.bottom - 1 and min(o.x1, u.x1) > max(o.x0, u.x0)
                    and unit_size(o) > 0.95 * body_size for o in texts)
        if not below:
            found.add(id(u))
    return found


def split_notes(lines: list[Line]) -> list[tuple[str | None, list[Line]]]:
    """Cut a footnote block at each line that opens a note (marks counting up)."""
    notes: list[tuple[str | None, list[Line]]] = []
    last: int | None = None
    for ln in lines:
        m = mark_of(ln)
        opens = False
        if m:
            mark, rest = m
            small = ln.words[0].size < 0.85 * ln.size
            opens = not notes or small or not mark.isdigit() or last is None or \
                int(mark) == last + 1
        if opens:
            notes.append((mark, [dataclasses.replace(ln, text=rest)]))
            last = int(mark) if mark.isdigit() else last
        elif notes:
            notes[-1][1].append(ln)
        else:
            notes.append((None, [ln]))
    return notes
