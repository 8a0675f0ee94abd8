"""Ruled tables on the PDFium engine, with pdfplumber's table-finding algorithm.

Opening a page in pdfplumber costs about a quarter of a second, so the PDFium engine
does not: it reads the ruling lines and rectangle sides of the page's path objects
through PDFium, and hands them to pdfplumber's own edge functions (merge_edges,
edges_to_intersections, intersections_to_cells, cells_to_tables) — the "lines"
strategy of ``page.find_tables()``. Cell text comes from the PDFium words.
"""
from __future__ import annotations

import ctypes
import logging

from dclit.extract.pdf.model import Word
from dclit.records import Table

log = logging.getLogger(__name__)
MAX_SEGMENTS = 4000  # maps and charts: no table finder on those
SNAP = 3.0


def path_edges(raw, page, transform) -> list[dict]:
    """Horizontal and vertical edges drawn by the page's path objects (display coords)."""
    handle = page.raw
    edges: list[dict] = []
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    budget = MAX_SEGMENTS
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        n = raw.FPDFPath_CountSegments(obj)
        budget -= n
        if budget < 0:
            return []
        if not raw.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        points: list[tuple[float, float]] = []
        start = None
        for k in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            x0, top, _, _ = transform.box(px, py, px, py)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO or not points:
                points = [(x0, top)]
                start = (x0, top)
            else:
                _edge(edges, points[-1], (x0, top))
                points.append((x0, top))
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _edge(edges, (x0, top), start)
    return edges


def _edge(edges: list[dict], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 1 and abs(x1 - x0) >= 3:
        lo, hi = sorted((x0, x1))
        edges.append({"x0": lo, "x1": hi, "top": y0, "bottom": y0, "width": hi - lo,
                      "height": 0, "orientation": "h", "object_type": "line"})
    elif abs(x1 - x0) < 1 and abs(y1 - y0) >= 3:
        lo, hi = sorted((y0, y1))
        edges.append({"x0": x0, "x1": x0, "top": lo, "bottom": hi, "width": 0,
                      "height": hi - lo, "orientation": "v", "object_type": "line"})


def find_tables(edges: list[dict], words: list[Word], number: int
                ) -> list[tuple[tuple[float, float, float, float], Table]]:
    """Tables of at least 2x2 cells, with 4 filled cells or more: (bbox, Table)."""
    if len(edges) < 4:
        return []
    from pdfplumber.table import (cells_to_tables, edges_to_intersections,
                                  intersections_to_cells, merge_edges)

    merged = merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    merged = [e for e in merged if (e["width"] if e["orientation"] == "h" else e["height"]) >= 3]
    cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
    out = []
    for group in cells_to_tables(cells):
        rows = _rows(group, words)
        if len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue
        if sum(1 for r in rows for c in r if c) < 4:
            continue
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        out.append((bbox, Table(page=number, index=len(out), rows=tuple(rows))))
    return out


def _rows(cells, words: list[Word]) -> list[tuple[str, ...]]:
    by_top: dict[float, list] = {}
    for c in cells:
        by_top.setdefault(round(c[1]), []).append(c)
    rows = []
    for top in sorted(by_top):
        row = []
        for box in sorted(by_top[top]):
            row.append(cell_text(box, words))
        if any(row):
            rows.append(tuple(row))
    return rows


def cell_text(box: tuple[float, float, float, float], words: list[Word]) -> str:
    """The words whose centre lies in ``box`` (x0, top, x1, bottom), line by line."""
    x0, t, x1, b = box
    inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and t <= (w.top + w.bottom) / 2 <= b]
    inside.sort(key=lambda w: (round(w.bottom), w.x0))
    return " ".join(w.text for w in inside)
