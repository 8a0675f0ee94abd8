"""Writing the tables: CSV, Markdown, LaTeX, and one XLSX workbook with a sheet per table.

Byte-identical output for the same tables: fixed row/column order (the
``compute_*`` functions), fixed line endings, and for the XLSX a fixed
creation/modification date and fixed timestamps on every zip member.

Safety: a CSV or XLSX cell whose text begins with ``=``, ``+``, ``-``, ``@`` (or
a tab / carriage return) is prefixed with ``'`` so a spreadsheet never runs it
as a formula; LaTeX special characters are escaped; Markdown pipes and angle
brackets are escaped.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

FORMATS = ("csv", "md", "tex", "xlsx")
FIXED_DATE = datetime(2000, 1, 1, 0, 0, 0)
ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
          "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_RX = re.compile("|".join(re.escape(k) for k in _LATEX))
TITLES = {
    "sources": "Sources", "concept_matrix": "Concept matrix (mentions; ● = substantively discussed)",
    "synthesis": "Synthesis matrix (most representative sentence per theme)", "definitions": "Definitions",
    "terminology_years": "Terminology usage by year", "terminology_orgs": "Terminology usage by organisation",
    "cited_works": "Most-cited works", "unresolved_citations": "Unresolved citations per document",
    "topics": "Topics", "theme_cooccurrence": "Theme co-occurrence across passages",
}


def cell_text(value) -> str:
    """A cell as plain text ('' for missing values)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def neutralise(value):
    """Spreadsheet formula injection guard: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def latex_escape(text: str) -> str:
    return _LATEX_RX.sub(lambda m: _LATEX[m.group()], text)


def markdown_escape(text: str) -> str:
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


# -- one table, one format ----------------------------------------------------------
def to_csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([neutralise(str(c)) for c in df.columns])
    for row in df.itertuples(index=False):
        w.writerow([neutralise(cell_text(v)) for v in row])
    return buf.getvalue()


def to_markdown(df: pd.DataFrame, title: str = "") -> str:
    lines = [f"## {markdown_escape(title)}", ""] if title else []
    if df.empty:
        return "\n".join(lines + ["(no rows)", ""])
    lines.append("| " + " | ".join(markdown_escape(str(c)) for c in df.columns) + " |")
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(markdown_escape(cell_text(v)) for v in row) + " |")
    return "\n".join(lines) + "\n"


def to_latex(df: pd.DataFrame, title: str = "", label: str = "") -> str:
    """A ``longtable`` (needs \\usepackage{longtable}); wide text columns get ``p{}`` widths."""
    cols = list(df.columns)
    if not cols:
        return ""
    widths = [max([len(str(c))] + [len(cell_text(v)) for v in df[c]]) for c in cols]
    spec = "".join("p{5cm}" if w > 40 else ("r" if pd.api.types.is_numeric_dtype(df[c]) else "l")
                   for c, w in zip(cols, widths))
    out = [r"\begin{longtable}{" + spec + "}"]
    if title:
        out.append(r"\caption{" + latex_escape(title) + "}" + (r"\label{tab:" + label + "}" if label else "")
                   + r"\\")
    header = " & ".join(r"\textbf{" + latex_escape(str(c)) + "}" for c in cols) + r" \\"
    out += [r"\hline", header, r"\hline", r"\endfirsthead", r"\hline", header, r"\hline", r"\endhead"]
    for row in df.itertuples(index=False):
        out.append(" & ".join(latex_escape(" ".join(cell_text(v).split())) for v in row) + r" \\")
    out += [r"\hline", r"\end{longtable}", ""]
    return "\n".join(out)


# -- the workbook -------------------------------------------------------------------
def to_xlsx(tables: dict[str, pd.DataFrame]) -> bytes:
    """One formatted workbook, a sheet per table, byte-identical for the same tables."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in tables.items():
        _sheet(wb.create_sheet(title=name[:31]), df, TITLES.get(name, name))
    wb.properties.creator = "dclit"
    wb.properties.title = "dclit literature-review tables"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _sheet(ws, df: pd.DataFrame, title: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    groups = df.attrs.get("groups")
    short = df.attrs.get("short", {})
    ws.append([title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    header_row = 2
    if groups:
        col_of = {c: i + 1 for i, c in enumerate(df.columns)}
        ws.append([])
        for theme, cols in groups:
            first, last = col_of[cols[0]], col_of[cols[-1]]
            ws.cell(row=2, column=first, value=neutralise(theme)).font = Font(bold=True)
            ws.cell(row=2, column=first).alignment = Alignment(horizontal="center")
            if last > first:
                ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
        header_row = 3
    ws.append([neutralise(short.get(c, str(c))) for c in df.columns])
    head_fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    mark_fill = PatternFill("solid", fgColor="C9E7C9")
    for row in df.itertuples(index=False):
        ws.append([_xlsx_value(v) for v in row])
    widths = [max([len(str(short.get(c, c)))] + [len(cell_text(v)) for v in df[c]]) for c in df.columns]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6, min(w + 2, 60))
        if w > 60:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if groups:
        for r in ws.iter_rows(min_row=header_row + 1, min_col=2):
            for cell in r:
                if isinstance(cell.value, str) and cell.value.endswith("●"):
                    cell.fill = mark_fill
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    if len(df):
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(df.columns))}{header_row + len(df)}"


def _xlsx_value(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "item"):  # numpy scalar
        v = v.item()
    return neutralise(v) if isinstance(v, str) else v


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed member timestamps and a fixed core.xml modification date."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                payload = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>",
                                 payload)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, payload)
    return out.getvalue()


# -- everything ---------------------------------------------------------------------
def write_tables(tables: dict[str, pd.DataFrame], out: Path, formats=FORMATS) -> list[Path]:
    """Write each table in each of ``formats`` under ``out`` (tables/NAME.csv|md|tex, tables.xlsx)."""
    out = Path(out)
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, df in tables.items():
        title = TITLES.get(name, name)
        texts = {"csv": lambda: "\ufeff" + to_csv(df), "md": lambda: to_markdown(df, title),
                 "tex": lambda: to_latex(df, title, name)}
        for fmt in formats:
            if fmt in texts:
                path = folder / f"{name}.{fmt}"
                path.write_text(texts[fmt](), encoding="utf-8", newline="\n")
                written.append(path)
    if "xlsx" in formats:
        path = out / "tables.xlsx"
        path.write_bytes(to_xlsx(tables))
        written.append(path)
    return written
