"""The PDF extractor: a word source, then one layout pipeline for every engine.

source (PDFium words | pdfplumber words | Tesseract words) -> tables cut out ->
lines -> page furniture across pages -> column blocks -> reading order ->
paragraphs, headings, captions, lists, footnotes -> hyphens resolved over the
document -> dclit.records.Block.
"""
from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from pathlib import Path
from statistics import median

from dclit.errors import DclitError, ConfigError, CorruptError, EmptyError, NoTextError
from dclit.extract.pdf import furniture, hyphen, layout, notes, toc
from dclit.extract.pdf.lines import build_lines
from dclit.extract.pdf.model import HYPHEN_MARK, Line, PageData, Para, Unit
from dclit.extract.pdf.vertical import TTB
from dclit.records import Block, PageInfo, RawDocument, Table

log = logging.getLogger(__name__)
ENGINES = ("pdfium", "pdfplumber")
NO_TEXT_HINT = "Run with --ocr (needs tesseract) or remove the file."
_SENTENCE_END = tuple('.!?:;"”»)')
VERTICAL_WARN = 5  # fewer vertical words left out of a page (axis labels) go unmentioned

TableHits = dict[int, list[tuple[tuple[float, float, float, float], Table]]]


def extract_pdf(path: Path, *, engine: str = "pdfium", password: str | None = None,
                ocr: bool = False, ocr_langs: str = "eng+fra+spa+ita+deu",
                tables: bool = True) -> RawDocument:
    """Clean paragraphs, pages, tables and metadata of the PDF at ``path``."""
    path = Path(path)
    if engine not in ENGINES:
        raise ConfigError(f"The 'engine' parameter of extract_pdf must be one of {ENGINES}. "
                          f"Got {engine!r} instead.")
    _precheck(path)
    if engine == "pdfium":
        pages, info, hits = _read_pdfium(path, password, ocr, ocr_langs, tables)
    else:
        pages, info, hits = _read_plumber(path, password, ocr, ocr_langs, tables)
    if not pages:
        raise EmptyError("the PDF has no pages.", path=str(path), hint="Remove the file.")
    warnings = page_warnings(path, pages)
    if all(p.image_only and not p.ocr for p in pages):
        raise NoTextError("no page has a text layer (scanned?).", path=str(path),
                          page=None, hint=NO_TEXT_HINT)
    doc = build_document(pages, hits)
    doc.info, doc.engine = info, engine
    doc.warnings = warnings + doc.warnings
    return doc


def page_warnings(path: Path, pages: list[PageData]) -> list[str]:
    """What the reader of the text should know about single pages."""
    out = []
    for p in pages:
        where = f"{path}: page {p.number}"
        if p.image_only and not p.ocr:
            out.append(f"{where}: no text layer (scanned?); run with --ocr to read it.")
        if p.turned:
            way = "top to bottom, lines right to left" if p.turned == TTB else \
                "bottom to top, lines left to right"
            left = f" ({p.vertical} horizontal words left out)" if p.vertical else ""
            out.append(f"{where}: the text runs vertically; read {way}{left}.")
        elif p.vertical >= VERTICAL_WARN:
            out.append(f"{where}: {p.vertical} words written vertically (sideways labels?) "
                       f"were left out.")
    return out


def _precheck(path: Path) -> None:
    try:
        head = path.open("rb").read(1024)
    except FileNotFoundError:
        raise CorruptError("file not found.", path=str(path), hint="Check the path.") from None
    if not head:
        raise EmptyError("the file is empty (0 bytes).", path=str(path),
                         hint="Re-download the file or remove it.")
    if b"%PDF" not in head:
        raise CorruptError("not a PDF (no %PDF header).", path=str(path),
                           hint="Check the file type; re-download or re-export it, or remove it.")


def _read_pdfium(path, password, ocr, langs, tables):
    from dclit.extract.pdf import pdfium

    pages: list[PageData] = []
    with pdfium.open_document(path, password) as pdf:
        info = pdfium.read_info(pdf)
        if ocr:
            from dclit.extract.pdf.ocr import available_langs
            langs = available_langs(langs)
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                data = pdfium.read_page(pdf, page, i, tables)
                if data.image_only and ocr:
                    from dclit.extract.pdf.ocr import ocr_page
                    data.words, data.width, data.height = ocr_page(page, langs)
                    data.ocr = True
            finally:
                page.close()
            pages.append(data)
    return pages, info, {p.number: p.tables for p in pages if p.tables}


def _read_plumber(path, password, ocr, langs, tables):
    from dclit.extract.pdf.pdfium import open_document, read_info
    from dclit.extract.pdf.plumber import find_tables, open_plumber, read_page

    pages: list[PageData] = []
    hits: TableHits = {}
    with open_document(path, password):  # same errors as the PDFium engine (password, corrupt)
        pass
    try:
        with open_plumber(path, password) as pdf:
            for i, page in enumerate(pdf.pages):
                try:
                    data = read_page(page, i + 1)
                    # the table finder sees the page as pdfplumber does, not turned
                    found = find_tables(page, i + 1, data.words) if tables and not data.turned else []
                finally:
                    page.close()
                if found:
                    hits[i + 1] = found
                pages.append(data)
    except (DclitError, MemoryError, RecursionError):
        raise  # the worker reports these as the limits they are
    except Exception as e:  # pdfminer raises many unrelated types on damaged content
        limit = _limit_inside(e)
        if limit is not None:  # pdfplumber wraps a MemoryError as PdfminerException(MemoryError())
            raise limit from None
        raise CorruptError(f"pdfplumber cannot read this page ({type(e).__name__}: {str(e)[:160]}).",
                           path=str(path), page=len(pages) + 1,
                           hint="Use the default engine (--engine pdfium), or re-export the file.") from None
    with open_document(path, password) as doc:  # metadata, labels and OCR through PDFium
        info = read_info(doc)
        for data in pages:
            try:
                data.pdf_label = doc.get_page_label(data.number - 1) or None
            except Exception:  # pragma: no cover
                pass
            if data.image_only and ocr:
                from dclit.extract.pdf.ocr import available_langs, ocr_page
                page = doc[data.number - 1]
                try:
                    data.words, data.width, data.height = ocr_page(page, available_langs(langs))
                    data.ocr = True
                finally:
                    page.close()
    return pages, info, hits


def _limit_inside(e: BaseException) -> BaseException | None:
    """A MemoryError or RecursionError that a library wrapped in its own exception type."""
    seen = 0
    while e is not None and seen < 5:
        if isinstance(e, (MemoryError, RecursionError)):
            return e
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else None
        e, seen = inner or e.__cause__ or e.__context__, seen + 1
    return None


# -- layout over the whole document -----------------------------------------------------

def build_document(pages: list[PageData], hits: TableHits) -> RawDocument:
    page_lines = []
    for p in pages:
        found = hits.get(p.number, [])
        words = p.words
        if found:
            words = [w for w in words if not any(_inside(w, box) for box, _ in found)]
        page_lines.append(build_lines(words))
    furn = furniture.detect([(p.number, p.height, ls) for p, ls in zip(pages, page_lines)])
    kept = [[ln for ln in ls if id(ln) not in f.remove] for ls, f in zip(page_lines, furn)]
    body_size, body_bold = _body_font(kept)
    paras: list[Para] = []
    infos: list[PageInfo] = []
    tables: list[Table] = []
    for p, lines, f in zip(pages, kept, furn):
        found = hits.get(p.number, [])
        tables.extend(t for _, t in found)
        paras.extend(_page_paras(p, lines, found, body_size, body_bold))
        infos.append(PageInfo(number=p.number, label=f.label or p.pdf_label, header=f.header,
                              footer=f.footer, image_only=p.image_only, ocr=p.ocr))
    blocks = _finish(paras)
    return RawDocument(blocks=blocks, pages=infos, tables=tables)


def _inside(w, box) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def _body_font(pages: list[list[Line]]) -> tuple[float, bool]:
    sizes: Counter = Counter()
    bold: Counter = Counter()
    for lines in pages:
        for ln in lines:
            key = round(ln.size * 2) / 2
            sizes[key] += len(ln.text)
            if ln.bold:
                bold[key] += len(ln.text)
    if not sizes:
        return 10.0, False
    size = sizes.most_common(1)[0][0]
    return size, bold[size] > 0.5 * sizes[size]


def _page_paras(p: PageData, lines: list[Line], found, body_size: float,
                body_bold: bool) -> list[Para]:
    contents = toc.find_toc(lines)
    if contents is not None:
        taken = {id(ln) for ln in contents.lines}
        lines = [ln for ln in lines if id(ln) not in taken]
    units = layout.build_units(lines, 0.25 if p.ocr else 0.06)
    if contents is not None:
        units.append(contents)
    for box, table in found:
        text = "\n".join(" | ".join(row) for row in table.rows)
        units.append(Unit([], box[0], box[2], box[1], box[3], kind="table", table=table, text=text))
    for box in p.images:
        if not any(min(box[2], u.x1) > max(box[0], u.x0) and min(box[3], u.bottom) > max(box[1], u.top)
                   for u in units):
            units.append(Unit([], box[0], box[2], box[1], box[3], kind="image"))
    ordered = layout.reading_order(units, layout.page_min_gap(lines), columns_first=bool(p.turned))
    notes_ids = notes.footnote_units(ordered, body_size, p.height)
    body: list[Para] = []
    foot: list[Para] = []
    for u in ordered:
        if u.kind in ("table", "toc"):
            body.append(Para(p.number, u.kind, [], u.text))
        elif id(u) in notes_ids:
            for mark, group in notes.split_notes(u.lines):
                text, _ = layout.join_lines(group)
                foot.append(Para(p.number, "footnote", group, text, note=mark))
        elif u.kind == "text":
            for group in layout.split_paragraphs(u):
                text, hy = layout.join_lines(group)
                foot_size = median(ln.size for ln in group)
                body.append(Para(p.number, "body", group, text, hyphen_end=hy, size=foot_size,
                                 bold=all(ln.bold for ln in group)))
    layout.classify(body, body_size, body_bold, p.height)
    return body + foot


def _finish(paras: list[Para]) -> list[Block]:
    """Join paragraphs split by a column or page break, resolve hyphens, set sections."""
    out: list[Para] = []
    prev: Para | None = None  # last body paragraph, if nothing but footnotes came after it
    for p in paras:
        p.text = unicodedata.normalize("NFKC", p.text).replace("\u00ad", "")
        if p.kind == "footnote":
            out.append(p)
            continue
        if prev is not None and p.kind == "body" and p.text[:1].islower():
            if prev.hyphen_end:
                first, _, rest = p.text.partition(" ")
                prev.text = prev.text[:-1] + HYPHEN_MARK + first
                prev.hyphen_end = False
                p.text = rest
            if p.page - prev.page <= 1 and not prev.text.rstrip().endswith(_SENTENCE_END):
                # (a passage has one page: the merged paragraph keeps the page it starts on)
                prev.text = (prev.text + " " + p.text).strip()
                prev.hyphen_end = layout._hyphen_end(prev.text)
                continue
        out.append(p)
        prev = p if p.kind in ("body", "list") else None
    texts = hyphen.resolve([p.text for p in out])
    blocks: list[Block] = []
    section: str | None = None
    for p, text in zip(out, texts):
        text = " ".join(text.split()) if p.kind not in ("table", "toc") else text
        if not text:
            continue
        if p.kind == "heading":
            section = text[:200]
            blocks.append(Block(p.page, text, "heading", None, None))
        else:
            blocks.append(Block(p.page, text, p.kind, section, p.note))
    return blocks
