"""Tables of contents: rows of a title and a page number, right-aligned or after leaders.

A page region is a table of contents when at least four rows end with a page number
that stands apart from its title (dot leaders, or the numbers of the rows line up on
the right), the numbers mostly go up, and such rows make up most of the region. The
rows become one block of kind "toc", one entry a line ("Africa 22"), instead of a run
of one-line "headings" and a column of bare numbers.
"""
from __future__ import annotations

import re
from collections import defaultdict
from statistics import median

from dclit.extract.pdf.model import Line, Unit

_NUMBER = re.compile(r"\d{1,4}|[ivxlcIVXLC]{1,6}")
_LETTER = re.compile(r"[^\W\d_]")
_LEADER = re.compile(r"\s*(?:(?:\.\s?){3,}|…+|_{3,})\s*")
MIN_ENTRIES = 4


def find_toc(lines: list[Line]) -> Unit | None:
    """The table of contents among a page's lines, as a Unit of kind "toc" (its lines are
    the entries' lines), or None."""
    rows: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        rows[ln.row].append(ln)
    entries = []  # (row lines, number word's right edge, number)
    for key in sorted(rows, key=lambda r: min(ln.top for ln in rows[r])):
        row = sorted(rows[key], key=lambda ln: ln.x0)
        number = _entry_number(" ".join(ln.text for ln in row))
        if number is not None:
            entries.append((row, row[-1].words[-1].x1, number))
    if len(entries) < MIN_ENTRIES or not _apart(entries):
        return None
    nums = [int(n) for _, _, n in entries if n.isdigit()]
    rising = sum(b >= a for a, b in zip(nums, nums[1:]))
    if len(nums) >= 2 and rising < 0.8 * (len(nums) - 1):
        return None
    x0 = min(ln.x0 for row, _, _ in entries for ln in row)
    x1 = max(ln.x1 for row, _, _ in entries for ln in row)
    top = min(row[0].top for row, _, _ in entries)
    bottom = max(ln.bottom for row, _, _ in entries for ln in row)
    inside = [ln for ln in lines if ln.top >= top - 1 and ln.bottom <= bottom + 1
              and ln.x0 >= x0 - 1 and ln.x1 <= x1 + 1]
    inside_rows = {ln.row for ln in inside}
    if len(entries) < 0.6 * len(inside_rows):
        return None
    return Unit(inside, x0, x1, top, bottom, kind="toc", text=_text(inside))


def _entry_number(text: str) -> str | None:
    """The page number ending a contents entry ("Africa .... 22" -> "22"), or None."""
    parts = text.rsplit(None, 1)
    if len(parts) != 2 or not _NUMBER.fullmatch(parts[1]):
        return None
    title = _LEADER.sub(" ", parts[0]).rstrip(" .…_")
    return parts[1] if len(title) >= 2 and _LETTER.search(title) else None


def _apart(entries) -> bool:
    """The numbers stand apart from the titles: leaders, or right edges that line up."""
    leaders = sum(1 for row, _, _ in entries if _LEADER.search(" ".join(ln.text for ln in row)))
    if leaders >= 0.6 * len(entries):
        return True
    rights = [r for _, r, _ in entries]
    mid = median(rights)
    size = median(row[-1].size for row, _, _ in entries)
    aligned = sum(1 for r in rights if abs(r - mid) <= 1.5 * size)
    separate = sum(1 for row, _, _ in entries if _separate(row))
    return aligned >= 0.7 * len(entries) and separate >= 0.7 * len(entries)


def _separate(row: list[Line]) -> bool:
    """The number is a piece of its own, or far from the title's last word."""
    if len(row) > 1:
        return True
    words = row[-1].words
    return len(words) > 1 and words[-1].x0 - words[-2].x1 > 1.5 * row[-1].size


def _text(lines: list[Line]) -> str:
    """One entry a line: the row's pieces left to right, leaders dropped."""
    rows: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        rows[ln.row].append(ln)
    out = []
    for key in sorted(rows, key=lambda r: min(ln.top for ln in rows[r])):
        text = " ".join(ln.text for ln in sorted(rows[key], key=lambda ln: ln.x0))
        out.append(" ".join(_LEADER.sub(" ", text).split()))
    return "\n".join(out)
