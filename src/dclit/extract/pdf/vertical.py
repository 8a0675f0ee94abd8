"""Text written vertically: CJK vertical writing, tables and captions turned sideways.

A word whose letters run down the page ("ttb": CJK columns, Latin text turned a quarter
clockwise) or up it ("btt": Latin text turned a quarter anticlockwise) cannot join the
horizontal lines of the page. When such words carry most of a page's letters, the page
is turned so that they read left to right, and the usual layout runs on the turned page:
for "ttb" the columns are read right to left, top to bottom; for "btt" left to right,
bottom to top. On a page that is mostly horizontal the few vertical words (axis labels,
a sideways caption) are left out and counted, so the caller can say so.
"""
from __future__ import annotations

from dataclasses import dataclass

from dclit.extract.pdf.model import Word

TTB, BTT = 1, -1
MIN_TURN = 20  # letters: a lone sideways document symbol beside upright text turns nothing


@dataclass(slots=True)
class Oriented:
    words: list[Word]
    width: float
    height: float
    turned: int = 0  # TTB or BTT when the page was turned to read its vertical text
    dropped: int = 0  # words left out because they run across the page's direction


def direction(first: tuple[float, float, float, float], last: tuple[float, float, float, float],
              n: int) -> int:
    """TTB / BTT / 0 from the display boxes (x0, top, x1, bottom) of a word's first and last
    characters."""
    if n < 2:
        return 0
    dx = (last[0] + last[2] - first[0] - first[2]) / 2
    dy = (last[1] + last[3] - first[1] - first[3]) / 2
    if abs(dy) <= 2 * abs(dx) or abs(dy) < 0.3 * max(first[3] - first[1], first[2] - first[0]):
        return 0
    return TTB if dy > 0 else BTT


def orient(words: list[Word], width: float, height: float) -> Oriented:
    """Turn the page when most of its letters run vertically; else drop vertical words."""
    letters = {0: 0, TTB: 0, BTT: 0}
    for w in words:
        if w.vertical or len(w.text) > 1:
            letters[w.vertical] += len(w.text)
    way = TTB if letters[TTB] >= letters[BTT] else BTT
    # a page whose only text runs vertically is turned however little text it has
    if letters[way] <= letters[0] or (letters[way] < MIN_TURN and letters[0] > 0):
        kept = [w for w in words if not w.vertical]
        return Oriented(kept, width, height, 0, len(words) - len(kept))
    out = []
    for w in words:
        if w.vertical == way or (not w.vertical and len(w.text) <= 2):
            out.append(turn(w, way, width, height))
    return Oriented(out, height, width, way, len(words) - len(out))


def turn(w: Word, way: int, width: float, height: float) -> Word:
    """``w`` in the frame of the page turned so that ``way`` reads left to right."""
    if way == TTB:
        x0, x1, top, bottom = w.top, w.bottom, width - w.x1, width - w.x0
    else:
        x0, x1, top, bottom = height - w.bottom, height - w.top, w.x0, w.x1
    return Word(w.text, x0, x1, top, bottom, w.size, w.bold)


def turn_box(box: tuple[float, float, float, float], way: int, width: float,
             height: float) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = box
    w = turn(Word("", x0, x1, top, bottom, 0.0), way, width, height)
    return w.x0, w.top, w.x1, w.bottom


def turn_edges(edges: list[dict], way: int, width: float, height: float) -> list[dict]:
    """Ruling edges (pdfplumber's dicts, display coordinates) on the turned page."""
    out = []
    for e in edges:
        x0, top, x1, bottom = turn_box((e["x0"], e["top"], e["x1"], e["bottom"]), way, width,
                                       height)
        h = e["orientation"] == "v"  # a vertical rule becomes a horizontal one
        out.append({**e, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                    "width": x1 - x0, "height": bottom - top, "orientation": "h" if h else "v"})
    return out
