"""Lines -> blocks -> reading order -> paragraphs, on one page.

Blocks ("units") are lines stacked in one column with a steady pitch and the same
font. Reading order is a recursive XY cut over the units: a vertical gutter splits
a region into columns (left to right), otherwise horizontal gaps split it into
bands (top to bottom). Two consecutive bands that share a gutter are one column
flow whose paragraph gaps happen to line up, and are merged back, unless something
full-width (a title, a figure, a table) stands between them, which then is its own band.
"""
from __future__ import annotations

import re
from statistics import median

from dclit.extract.pdf.model import HYPHEN_MARK, Line, Para, Unit

BULLET = re.compile(r"^([•▪◦●■□➢►‣·\-–—*]|\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}[.)])\s")
CAPTION = re.compile(r"^(Figure|Fig\.|Table|Tableau|Tabla|Tabella|Tabelle|Graph|Graphique|Gráfico|"
                     r"Chart|Box|Encadré|Recuadro|Map|Carte|Mapa|Abbildung)\s+[\dIVXivx]+[.:]?", re.I)
_END = tuple('.:!?"”»)')
LABEL_WORDS = 6  # a bold line ending with ":" of at most this many words is a label
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def build_units(lines: list[Line], tol: float = 0.06) -> list[Unit]:
    """Stack lines into column blocks; ``tol``: relative font-size difference allowed."""
    units: list[Unit] = []
    active: list[Unit] = []
    for f in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        best, best_pitch = None, 0.0
        keep = []
        for u in active:
            last = u.lines[-1]
            if f.top - last.bottom > 3 * max(last.size, f.size):
                continue  # too far above: closed
            keep.append(u)
            pitch = f.bottom - last.bottom
            if _joins(u, last, f, pitch, tol) and (best is None or pitch < best_pitch):
                best, best_pitch = u, pitch
        active = keep
        if best is None:
            best = Unit([f], f.x0, f.x1, f.top, f.bottom)
            units.append(best)
            active.append(best)
        else:
            best.add(f)
    return units


def _joins(u: Unit, last: Line, f: Line, pitch: float, tol: float) -> bool:
    size = max(last.size, f.size)
    if f.row == last.row or pitch <= 0.5 * min(last.size, f.size) or pitch > 2.0 * size:
        return False
    if abs(f.size - last.size) > tol * size or f.bold != last.bold:
        return False
    if min(f.x1, u.x1) - max(f.x0, u.x0) <= 0:
        return False
    aligned = abs(f.x0 - u.x0) <= 3 * size or abs(f.x1 - u.x1) <= size or \
        abs((f.x0 + f.x1) - (u.x0 + u.x1)) <= 2 * size
    if not aligned:
        return False
    for s in f.siblings:  # the block must not reach into another column of f's row
        if min(s.x1, u.x1) - max(s.x0, u.x0) > 0:
            return False
    for s in last.siblings:
        if min(s.x1, f.x1) - max(s.x0, f.x0) > 0:
            return False
    return True


def reading_order(units: list[Unit], min_gap: float, columns_first: bool = False) -> list[Unit]:
    """``columns_first``: cut at gutters before bands (the tiers of a turned CJK page)."""
    gap = max(min_gap, 4.0)
    if columns_first:
        cols = _split_x(units, gap)
        if len(cols) > 1:
            return [u for c in cols for u in reading_order(c, min_gap, True)]
    return _cut(units, gap)


def _cut(units: list[Unit], gap: float) -> list[Unit]:
    """Bands first (full-width things separate flows), then columns inside a band."""
    if len(units) <= 1:
        return units
    bands = _merge_bands(_split_y(units), gap)
    if len(bands) > 1:
        return [u for b in bands for u in _cut(b, gap)]
    cols = _split_x(units, gap)
    if len(cols) > 1:
        return [u for c in cols for u in _cut(c, gap)]
    return sorted(units, key=lambda u: (u.top, u.x0))


def _split_x(units: list[Unit], gap: float) -> list[list[Unit]]:
    groups: list[list[Unit]] = []
    right = None
    for u in sorted(units, key=lambda u: u.x0):
        if right is None or u.x0 - right >= gap:
            groups.append([u])
            right = u.x1
        else:
            groups[-1].append(u)
            right = max(right, u.x1)
    return groups


def _gutters(units: list[Unit], gap: float) -> list[tuple[float, float]]:
    out, right = [], None
    for u in sorted(units, key=lambda u: u.x0):
        if right is not None and u.x0 - right >= gap:
            out.append((right, u.x0))
        right = u.x1 if right is None else max(right, u.x1)
    return out


def _split_y(units: list[Unit]) -> list[list[Unit]]:
    bands: list[list[Unit]] = []
    bottom = None
    for u in sorted(units, key=lambda u: u.top):
        if bottom is None or u.top >= bottom - 1.0:
            bands.append([u])
            bottom = u.bottom
        else:
            bands[-1].append(u)
            bottom = max(bottom, u.bottom)
    return bands


def _merge_bands(bands: list[list[Unit]], gap: float) -> list[list[Unit]]:
    out = [bands[0]]
    prev_g = _gutters(bands[0], gap)
    for band in bands[1:]:
        g = _gutters(band, gap)
        text = all(u.kind == "text" for u in band) and all(u.kind == "text" for u in out[-1])
        if text and prev_g and g and any(min(a1, b1) - max(a0, b0) >= gap
                                         for a0, a1 in prev_g for b0, b1 in g):
            out[-1] = out[-1] + band
            prev_g = _gutters(out[-1], gap)
        else:
            out.append(band)
            prev_g = g
    return out


def split_paragraphs(unit: Unit) -> list[list[Line]]:
    lines = unit.lines
    pitches = [b.bottom - a.bottom for a, b in zip(lines, lines[1:])]
    typical = median(pitches) if len(pitches) >= 2 else 0.0
    out = [[lines[0]]]
    for prev, cur, pitch in zip(lines, lines[1:], pitches):
        size = cur.size
        end = prev.text.rstrip()[-1:]
        if typical and pitch > 1.3 * typical:
            brk = True
        elif cur.x0 > unit.x0 + 0.8 * size and prev.x0 <= unit.x0 + 0.5 * size \
                and end in _END:
            brk = True
        elif cur.x0 > unit.x0 + 0.8 * size and prev.x0 <= unit.x0 + 0.5 * size \
                and prev.x1 < unit.x1 - 2 * size:
            brk = True
        elif prev.x1 < unit.x1 - 2.5 * size and end in _END and end:
            brk = True
        elif BULLET.match(cur.text) and not BULLET.match(prev.text + " "):
            brk = True
        else:
            brk = bool(BULLET.match(cur.text)) and cur.x0 <= prev.x0 + 0.5 * size
        if brk:
            out.append([cur])
        else:
            out[-1].append(cur)
    return out


def join_lines(lines: list[Line]) -> tuple[str, bool]:
    """Text of a paragraph, line-end hyphens marked for later; and whether it ends on one."""
    parts: list[str] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        last = i == len(lines) - 1
        if text.endswith("\u00ad") and not last:
            parts.append(text[:-1])
        elif _hyphen_end(text) and not last:
            parts.append(text[:-1] + HYPHEN_MARK)
        elif text.endswith("-") and len(text) > 1 and not text[-2].isspace() and not last:
            parts.append(text)  # "2015-" + "2030": a hyphen after a digit is kept, no space
        elif not last and _CJK.match(text[-1:]) and _CJK.match(lines[i + 1].text.strip()[:1]):
            parts.append(text)  # Chinese and Japanese put no space between lines
        else:
            parts.append(text + ("" if last else " "))
    text = "".join(parts)
    return text, _hyphen_end(text)


def _hyphen_end(text: str) -> bool:
    return len(text) > 2 and text[-1] == "-" and text[-2].isalpha()


def classify(paras: list[Para], body_size: float, body_bold: bool, height: float) -> None:
    """Set kind of each paragraph of one page: heading, caption, list, footnote or body."""
    for p in paras:
        if p.kind != "body":
            continue
        text = p.text
        n = len(p.lines)
        if CAPTION.match(text) and n <= 4:
            p.kind = "caption"
        elif n <= 5 and len(text) < 250 and any(c.isalpha() for c in text) and (
                p.size >= 1.15 * body_size or
                (p.bold and not body_bold and p.size >= 0.95 * body_size
                 and not text.rstrip().endswith((".", ","))) or
                (p.size >= 1.05 * body_size and text.isupper() and len(text) > 3)):
            p.kind = "heading"
        elif BULLET.match(text):
            p.kind = "list"
    _labels(paras)


def _labels(paras: list[Para]) -> None:
    """A short label ending with a colon ("Source:", "Goal 3:") opens the paragraph after
    it instead of standing as a heading; a longer lead-in ending with one is body text."""
    i = 0
    while i < len(paras):
        p = paras[i]
        text = p.text.rstrip()
        if p.kind not in ("heading", "body") or not text.endswith(":"):
            i += 1
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        if len(text.split()) <= LABEL_WORDS and nxt is not None and \
                nxt.kind in ("body", "list", "heading"):
            nxt.text = f"{text} {nxt.text}"
            nxt.lines = p.lines + nxt.lines
            del paras[i]
            continue
        p.kind = "body"
        i += 1


def page_min_gap(lines: list[Line]) -> float:
    return 0.8 * median(ln.size for ln in lines) if lines else 8.0
