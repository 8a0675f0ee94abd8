"""Words -> lines: baselines across the page, cut at column gutters.

A row is every word on one baseline across the whole page. A row is cut where two
words are far apart, but only where the neighbouring rows agree that the gap is a
gutter (they are empty there too): a wide gap in one justified line is not a column.
Superscript marks (footnote calls) join the line they sit on.
"""
from __future__ import annotations

import re
from statistics import median

from dclit.extract.pdf.model import Line, Word

_MARK = re.compile(r"[\d*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|[a-z]")


def build_lines(words: list[Word]) -> list[Line]:
    """Lines in page order (top to bottom, then left to right)."""
    if not words:
        return []
    size = median(w.size for w in words) or 10.0
    normal, marks = [], []
    for i, w in enumerate(words):
        if w.size < 0.75 * size and _MARK.fullmatch(w.text) and not _in_text(words, i):
            marks.append(w)
        else:
            normal.append(w)
    rows = _rows(normal)
    _attach_marks(rows, marks)
    gaps = [_candidate_gaps(row) for row in rows]
    lines: list[Line] = []
    for i, row in enumerate(rows):
        pieces = _split(rows, gaps, i)
        made = [_make_line(piece, i) for piece in pieces]
        for line in made:
            line.siblings = [o for o in made if o is not line]
        lines.extend(made)
    return lines


def _in_text(words: list[Word], i: int) -> bool:
    """A small number among words of its own size and baseline is text, not a mark."""
    w = words[i]
    for j in (i - 1, i + 1):
        if 0 <= j < len(words):
            o = words[j]
            if abs(o.size - w.size) <= 0.1 * w.size and abs(o.bottom - w.bottom) < 1.0:
                return True
    return False


def _rows(words: list[Word]) -> list[list[Word]]:
    """Group words by baseline: a word joins the row whose anchor it is level with."""
    words = sorted(words, key=lambda w: (w.bottom, w.x0))
    rows: list[list[Word]] = []
    anchors: list[tuple[float, float]] = []  # (bottom, height) of each open row
    for w in words:
        h = max(w.bottom - w.top, 0.1)
        placed = False
        for j in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            bottom, height = anchors[j]
            if abs(w.bottom - bottom) <= 0.3 * min(h, height) + 0.5:
                rows[j].append(w)
                placed = True
                break
            if w.bottom - bottom > height:
                break
        if not placed:
            rows.append([w])
            anchors.append((w.bottom, h))
    for row in rows:
        row.sort(key=lambda w: w.x0)
    rows.sort(key=lambda r: min(w.top for w in r))
    return rows


def _attach_marks(rows: list[list[Word]], marks: list[Word]) -> None:
    for m in marks:
        best, best_d = None, 0.0
        mid = (m.top + m.bottom) / 2
        for row in rows:
            top, bottom = min(w.top for w in row), max(w.bottom for w in row)
            if top - 1 <= mid <= bottom + 1 or top - 1 <= m.bottom <= bottom + 1:
                d = min(abs(m.x0 - w.x1) if m.x0 >= w.x1 else abs(w.x0 - m.x1) for w in row)
                if best is None or d < best_d:
                    best, best_d = row, d
        if best is not None and best_d < 3 * max(w.size for w in best):
            best.append(m)
            best.sort(key=lambda w: w.x0)
        else:
            rows.append([m])
    rows.sort(key=lambda r: min(w.top for w in r))


def _candidate_gaps(row: list[Word]) -> list[tuple[float, float]]:
    out = []
    for a, b in zip(row, row[1:]):
        if b.x0 - a.x1 > 0.9 * max(a.size, b.size):
            out.append((a.x1, b.x0))
    return out


def _vote(row: list[Word], gaps: list[tuple[float, float]], lo: float, hi: float) -> int:
    """-1 if text of ``row`` crosses the middle of [lo, hi], +1 if it leaves it empty."""
    for a, b in gaps:
        if min(b, hi) - max(a, lo) >= 0.5 * min(b - a, hi - lo):
            return 1
    eps = 0.2 * (hi - lo)
    for w in row:
        if w.x0 < hi - eps and w.x1 > lo + eps:
            return -1
    return 1


def _split(rows: list[list[Word]], gaps: list[list[tuple[float, float]]], i: int) -> list[list[Word]]:
    row = rows[i]
    if not gaps[i]:
        return [row]
    size = max(w.size for w in row)
    cuts = []
    spaces = [(a.x1, b.x0) for a, b in zip(row, row[1:])]
    for lo, hi in gaps[i]:
        if hi - lo > 3 * size:
            cuts.append(hi)
            continue
        local = max(w.size for w in row if w.x1 == lo or w.x0 == hi)
        if _stretched(spaces, lo, hi, local):
            continue  # justified text stretched evenly ("que los   gobiernos   locales"), not a gutter
        votes = [0, 0]
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(rows) and abs(rows[j][0].bottom - row[0].bottom) < 4 * size:
                v = _vote(rows[j], gaps[j], lo, hi)
                if v:
                    votes[v > 0] += 1
        if votes[1] >= 1 and votes[1] >= votes[0]:
            cuts.append(hi)
    pieces: list[list[Word]] = [[]]
    cut_iter = iter(cuts)
    nxt = next(cut_iter, None)
    for w in row:
        if nxt is not None and w.x0 >= nxt:
            pieces.append([])
            nxt = next(cut_iter, None)
        pieces[-1].append(w)
    return [p for p in pieces if p]


def _stretched(spaces: list[tuple[float, float]], lo: float, hi: float, size: float) -> bool:
    """The gap [lo, hi] is a word space of a line justified with wide spaces: under 1.5 em, a
    neighbouring space is about as wide (0.8-1.25x), and the other neighbour, if any, is too
    or is itself a gutter (over 1.6x). A gutter stands out from the spaces on both sides."""
    k = spaces.index((lo, hi))
    width = hi - lo
    near = [b - a for a, b in spaces[max(k - 1, 0):k] + spaces[k + 1:k + 2]]
    similar = [0.8 * width <= w <= 1.25 * width for w in near]
    return (width < 1.5 * size and any(similar)
            and all(ok or w > 1.6 * width for ok, w in zip(similar, near)))


_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _make_line(words: list[Word], row: int) -> Line:
    if sum(1 for w in words if _RTL.search(w.text)) * 2 > len(words):
        words = words[::-1]  # right-to-left script: read the words from the right
    parts: list[str] = []
    prev = None
    letters = bold = 0
    kept = []
    for w in words:
        if prev is not None:
            big = max(w.size, prev.size)
            same = abs(w.size - prev.size) <= 0.1 * big
            if same and w.text == prev.text and abs(w.x0 - prev.x0) < 0.2 * big:
                continue  # the same word printed twice (fake bold, shadow)
            if not (w.size < 0.8 * prev.size and w.x0 - prev.x1 < 0.25 * big):  # a raised mark
                parts.append(" ")
        parts.append(w.text)
        n = len(w.text)
        letters += n
        if w.bold:
            bold += n
        prev = w
        kept.append(w)
    words = kept
    sizes = sorted(w.size for w in words)
    return Line(words=words, x0=min(w.x0 for w in words), x1=max(w.x1 for w in words),
                top=min(w.top for w in words), bottom=max(w.bottom for w in words),
                size=sizes[len(sizes) // 2], bold=bold > 0.6 * letters and _ends_bold(words),
                text="".join(parts),
                row=row)


def _ends_bold(words: list[Word]) -> bool:
    """The line does not go on in regular type after a bold run ("Note: the figures..."):
    such a run is a label inside the paragraph, not a heading line."""
    last = words[-1]
    size = max(w.size for w in words)
    return last.bold or last.size < 0.8 * size or len(last.text) <= 1
