"""Ground-truth PDFs for the PDF extractor: known texts laid out by reportlab.

Shared by ``tests/extract`` (as a pytest fixture) and ``benchmarks/extraction.py``.
Each layout puts a real text (``tests/fixtures/texts``) into one, two or three
justified columns with a full-width title, a full-width figure between the columns,
running headers, footers / page numbers / printer slug lines, superscript footnote
marks with their footnotes, headings and forced line-end hyphenation (typeset breaks
inside words, and breaks after the real hyphen of compounds such as "decision-making").

``generate(spec, path)`` writes the PDF and returns a ``Truth`` saying what a perfect
extractor returns; ``score(truth, text)`` compares an extraction with it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "tests" / "fixtures" / "texts"

PAGE_W, PAGE_H = 595.0, 842.0
MARGIN_X, TOP, BOTTOM = 56.0, 770.0, 70.0
GUTTER = 18.0

FOOTNOTES = [
    "See the explanatory report adopted by the Committee of Ministers, paragraphs 12 to 15.",
    "The term covers municipalities, provinces and regions, whatever their name in national law.",
    "Compare the practice of city-to-city partnerships between North-South local authorities.",
    "Figures are taken from the national statistical offices and may not be fully comparable.",
    "This wording follows the French version of the text, which is equally authentic.",
    "Reports of the monitoring committee are published on the website of the Congress.",
]


@dataclass(frozen=True)
class Spec:
    name: str
    text: str  # file name in tests/fixtures/texts
    columns: int
    header: str  # running header text (page number is added on the outer side)
    footer: str  # "page" -> "Page N", "number" -> bare N, "slug" -> printer slug + N
    first_label: int = 1  # printed number of the first page
    font_size: float = 10.0
    max_pages: int = 6
    figure: bool = True
    title: str = ""
    spaces: bool = True  # False: words placed one by one without space characters (pdfTeX)


SPECS = [
    Spec("one-column", "coe_charter_local_self_government_en.txt", 1,
         "Reader on local self-government, ETS 122", "number", first_label=11,
         font_size=11.0, figure=False, title="European Charter of Local Self-Government",
         spaces=False),
    Spec("two-column", "coe_outline_convention_transfrontier_en.txt", 2,
         "Madrid Convention 1980: study edition", "page",
         title="European Outline Convention on Transfrontier Co-operation"),
    Spec("three-column", "un_gcm_objectives_en.txt", 3,
         "Global Compact for Migration: Objectives and Actions", "slug", first_label=20,
         font_size=9.0, title="Global Compact for Safe, Orderly and Regular Migration"),
    Spec("two-column-fr", "undp_liptako_gourma_fr.txt", 2,
         "Gouvernance et décentralisation au Sahel", "number", first_label=3,
         title="Gouvernance et décentralisation dans le Liptako-Gourma"),
]


@dataclass
class Truth:
    spec: Spec
    pages: int = 0
    blocks: list[tuple[int, str, str]] = field(default_factory=list)  # (page, kind, text)
    furniture: list[str] = field(default_factory=list)  # strings that must not leak
    labels: list[str] = field(default_factory=list)  # printed label per page
    splits: list[tuple[str, str]] = field(default_factory=list)  # typeset hyphenations
    compounds: list[tuple[str, str]] = field(default_factory=list)  # breaks after a real hyphen

    @property
    def text(self) -> str:
        return "\n\n".join(t for _, _, t in self.blocks)


@dataclass
class _Frame:
    x: float
    top: float
    bottom: float
    width: float


@dataclass
class _Item:  # a heading or paragraph, as tokens ("word", mark-or-None)
    kind: str
    words: list[tuple[str, str | None]]


def read_items(name: str) -> tuple[list[_Item], list[str]]:
    """Paragraphs and headings of a fixture text; every third paragraph gets a footnote mark."""
    items: list[_Item] = []
    notes: list[str] = []
    paragraphs = 0
    for chunk in (TEXTS / name).read_text(encoding="utf-8").split("\n\n"):
        chunk = " ".join(chunk.split())
        if not chunk:
            continue
        if chunk.startswith("# "):
            items.append(_Item("heading", [(w, None) for w in chunk[2:].split()]))
            continue
        words: list[tuple[str, str | None]] = [(w, None) for w in chunk.split()]
        paragraphs += 1
        if paragraphs % 3 == 1 and len(words) > 14:
            i = next((j for j in range(10, len(words)) if words[j][0][-1] in ",.;"), 10)
            notes.append(FOOTNOTES[len(notes) % len(FOOTNOTES)])
            words[i] = (words[i][0], str(len(notes)))
        items.append(_Item("body", words))
    return items, notes


class _Writer:
    """Lays items into frames page after page, recording the truth as it goes."""

    def __init__(self, spec: Spec, path: Path):
        from reportlab.pdfgen import canvas

        self.spec = spec
        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
        self.c.setTitle(spec.title or spec.name)
        self.c.setAuthor("dclit ground truth")
        self.truth = Truth(spec)
        self.size = spec.font_size
        self.lead = spec.font_size * 1.3
        self.page = 0
        self.frames: list[_Frame] = []
        self.y = 0.0
        self.page_notes: list[tuple[str, str]] = []
        self.current: list[str] = []  # words of the block being written
        self.kind = "body"
        self.cut: set[int] = set()  # indexes of blocks a page break cut short

    # -- pages -----------------------------------------------------------------
    def new_page(self) -> None:
        if self.page:
            self._finish_page()
        self.page += 1
        self.truth.pages = self.page
        label = str(self.spec.first_label + self.page - 1)
        self.truth.labels.append(label)
        self._furniture(label)
        top = TOP
        if self.page == 1 and self.spec.title:
            self.c.setFont("Helvetica-Bold", 16)
            self.c.drawString(MARGIN_X, top - 18, self.spec.title)
            self.truth.blocks.append((1, "heading", self.spec.title))
            top -= 44
        bottom = BOTTOM + 70  # room for footnotes
        self.frames = []
        if self.spec.figure and self.page == 2:
            mid = (top + bottom) / 2
            self._frames(top, mid + 70)
            self.figure_at = (mid + 62, mid - 50)
            self._frames(mid - 72, bottom)
        else:
            self._frames(top, bottom)
        self.frame = self.frames.pop(0)
        self.y = self.frame.top - self.size

    def _frames(self, top: float, bottom: float) -> None:
        n = self.spec.columns
        width = (PAGE_W - 2 * MARGIN_X - (n - 1) * GUTTER) / n
        for i in range(n):
            self.frames.append(_Frame(MARGIN_X + i * (width + GUTTER), top, bottom, width))

    def _furniture(self, label: str) -> None:
        spec, c = self.spec, self.c
        c.setFont("Helvetica-Oblique", 8)
        if self.page % 2:
            c.drawRightString(PAGE_W - MARGIN_X, 800, f"{spec.header}   {label}")
        else:
            c.drawString(MARGIN_X, 800, f"{label}   {spec.header}")
        self.truth.furniture.append(spec.header)
        c.setFont("Helvetica", 8)
        if spec.footer == "page":
            c.drawCentredString(PAGE_W / 2, 40, f"Page {label}")
            self.truth.furniture.append(f"Page {label}")
        elif spec.footer == "number":
            c.drawCentredString(PAGE_W / 2, 40, label)
        else:
            slug = f"02 PC GCM USAblue 24/9/08 09:41 Pagina {self.page}"
            c.setFont("Helvetica", 6)
            c.drawString(20, 16, slug)
            self.truth.furniture.append(slug)
            c.setFont("Helvetica", 8)
            c.drawRightString(PAGE_W - MARGIN_X, 40, label)

    def _finish_page(self) -> None:
        if self.current:
            self.cut.add(len(self.truth.blocks))  # this block goes on on the next page
        self._flush()
        if self.page_notes:
            c = self.c
            c.setLineWidth(0.5)
            c.line(MARGIN_X, BOTTOM + 62, MARGIN_X + 120, BOTTOM + 62)
            y = BOTTOM + 52
            for mark, text in self.page_notes:
                c.setFont("Times-Roman", 5.5)
                c.drawString(MARGIN_X, y + 3, mark)
                c.setFont("Times-Roman", 8)
                c.drawString(MARGIN_X + 6, y, text)
                self.truth.blocks.append((self.page, "footnote", text))
                y -= 10
            self.page_notes = []
        self.c.showPage()

    # -- text --------------------------------------------------------------------
    def _flush(self) -> None:
        if self.current:
            self.truth.blocks.append((self.page, self.kind, " ".join(self.current)))
        self.current = []

    def next_line(self) -> None:
        self.y -= self.lead
        if self.y < self.frame.bottom:
            if not self.frames:
                self.new_page()
                return
            self.frame = self.frames.pop(0)
            self.y = self.frame.top - self.size
            if self.spec.figure and self.page == 2 and hasattr(self, "figure_at") \
                    and self.frame.top < PAGE_H / 2 and self.frame.x == MARGIN_X:
                self._draw_figure()

    def _draw_figure(self) -> None:
        top, bottom = self.figure_at
        c = self.c
        c.setFillGray(0.85)
        c.rect(MARGIN_X, bottom, PAGE_W - 2 * MARGIN_X, top - bottom - 12, fill=1, stroke=0)
        c.setFillGray(0)
        caption = "Figure 1. Territorial authorities taking part in the survey, by region"
        c.setFont("Helvetica", 8)
        c.drawString(MARGIN_X, bottom - 12, caption)
        self._flush()
        self.truth.blocks.append((self.page, "caption", caption))

    def write(self, item: _Item, notes: list[str]) -> None:
        heading = item.kind == "heading"
        font, size = ("Helvetica-Bold", self.size + 2) if heading else ("Times-Roman", self.size)
        self._flush()
        self.kind = item.kind
        if heading:
            self.y -= self.lead * 0.6
            if self.y < self.frame.bottom + 3 * self.lead:  # no orphan headings
                self.y = self.frame.bottom - 1
                self.next_line()
        elif self.spec.columns == 1:
            self.y -= self.lead * 0.5  # paragraph spacing in one column, indent elsewhere
        words = list(item.words)
        indent = 0.0 if heading or self.spec.columns == 1 else 12.0
        tail = False  # the line starts with the tail of a split word
        while words:
            line, words, split = self._fill(words, font, size, self.frame.width - indent)
            self._draw(line, font, size, indent, last=not words or heading)
            for i, (tok, mark) in enumerate(line):
                if i == 0 and tail:
                    continue
                if i == len(line) - 1 and split:
                    tok, mark = split
                self.current.append(tok + (mark or ""))
                if mark:
                    self.page_notes.append((mark, notes[int(mark) - 1]))
            tail = split is not None
            indent = 0.0
            self.next_line()
        if heading:
            self.y -= self.lead * 0.2

    def _fill(self, words, font, size, width):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        def w(tok):
            return stringWidth(tok[0], font, size) + (stringWidth(tok[1], "Times-Roman", size * 0.6)
                                                    if tok[1] else 0)
        line: list[tuple[str, str | None]] = []
        used, space = 0.0, stringWidth(" ", font, size)
        for i, tok in enumerate(words):
            need = w(tok) + (space if line else 0)
            if used + need <= width:
                line.append(tok)
                used += need
                continue
            room = width - used - (space if line else 0)
            head, rest = self._split(tok[0], font, size, room)
            if head:
                return line + [(head, None)], [(rest, tok[1])] + words[i + 1:], tok
            if not line:  # a word wider than the column: let it overflow
                return [tok], words[i + 1:], None
            return line, words[i:], None
        return line, [], None

    def _split(self, word: str, font: str, size: float, room: float) -> tuple[str, str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if "-" in word.strip("-"):
            cut = word.rfind("-", 0, len(word) - 2) + 1
            if cut > 2 and stringWidth(word[:cut], font, size) <= room:
                self.truth.compounds.append((word[:cut - 1], word[cut:].rstrip(".,;:)")))
                return word[:cut], word[cut:]
        core = re.match(r"^[^\W\d_]+", word)
        if not core or len(core.group()) < 7:
            return "", word
        letters = core.group()
        for cut in range(len(letters) - 3, 2, -1):
            if stringWidth(word[:cut] + "-", font, size) <= room:
                self.truth.splits.append((word[:cut], letters[cut:]))
                return word[:cut] + "-", word[cut:]
        return "", word

    def _draw(self, line, font, size, indent, last: bool) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.c
        x = self.frame.x + indent
        natural = sum(stringWidth(t, font, size) + (stringWidth(m, "Times-Roman", size * .6)
                                                   if m else 0) for t, m in line)
        natural += stringWidth(" ", font, size) * (len(line) - 1)
        extra = 0.0 if last or len(line) < 2 else \
            (self.frame.width - indent - natural) / (len(line) - 1)
        if not self.spec.spaces:  # every word placed on its own, no space characters
            for tok, mark in line:
                c.setFont(font, size)
                c.drawString(x, self.y, tok)
                x += stringWidth(tok, font, size)
                if mark:
                    c.setFont("Times-Roman", size * 0.6)
                    c.drawString(x, self.y + size * 0.4, mark)
                    x += stringWidth(mark, "Times-Roman", size * 0.6)
                x += stringWidth(" ", font, size) + extra
            return
        t = c.beginText(x, self.y)  # one text line with real spaces, justified by Tw
        t.setWordSpace(extra)
        for i, (tok, mark) in enumerate(line):
            t.setFont(font, size)
            t.textOut(tok)
            if mark:
                t.setFont("Times-Roman", size * 0.6)
                t.setRise(size * 0.4)
                t.textOut(mark)
                t.setRise(0)
            if i < len(line) - 1:
                t.setFont(font, size)
                t.textOut(" ")
        t.setWordSpace(0)  # Tw outlives the text object: reset it for what comes next
        c.drawText(t)

    def close(self) -> Truth:
        self._finish_page()
        self.c.save()
        self.truth.blocks = join_continued(self.truth.blocks, self.cut)
        return self.truth


_SENTENCE_END = tuple('.!?:;"”»)')


def join_continued(blocks: list[tuple[int, str, str]], cut: set[int]) -> list[tuple[int, str, str]]:
    """A paragraph a page break cut in the middle of a sentence, whose second part starts
    in lower case, is one block on the page where it starts (its footnotes after it)."""
    out = list(blocks)
    for i in sorted(cut, reverse=True):
        page, kind, text = out[i]
        j = next((k for k in range(i + 1, len(out)) if out[k][1] != "footnote"), None)
        if kind != "body" or j is None or out[j][1] != "body" or out[j][0] != page + 1:
            continue
        nxt = out[j][2]
        if text.rstrip().endswith(_SENTENCE_END) or not nxt[:1].islower():
            continue
        out[i] = (page, kind, f"{text} {nxt}")
        del out[j]
    return out


def generate(spec: Spec, path: Path) -> Truth:
    """Write the PDF for ``spec`` at ``path`` and return what a perfect extractor gives."""
    items, notes = read_items(spec.text)
    writer = _Writer(spec, path)
    writer.new_page()
    for item in items:
        if writer.page > spec.max_pages:
            break
        writer.write(item, notes)
    return writer.close()


def generate_all(folder: Path) -> list[tuple[Path, Truth]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for spec in SPECS:
        path = folder / f"{spec.name}.pdf"
        out.append((path, generate(spec, path)))
    return out


# -- scoring -------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    accuracy: float  # 1 - word edit distance / truth words
    leaks: int  # running headers / footers / page numbers found in the text
    split: int  # typeset hyphenations left unjoined ("exam- ple", "exam ple", "exam-ple")
    lost_hyphens: int  # real hyphens dropped at a line break ("decisionmaking")


def words(text: str) -> list[str]:
    return text.split()


def score(truth: Truth, text: str) -> Score:
    from rapidfuzz.distance import Levenshtein

    import unicodedata

    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    ref, hyp = words(truth.text), words(text)
    accuracy = 1 - Levenshtein.distance(ref, hyp) / max(len(ref), 1)
    flat = " ".join(hyp)
    gold = " ".join(ref)

    def excess(pattern: str) -> int:  # occurrences beyond those the truth has
        return max(0, len(re.findall(pattern, flat)) - len(re.findall(pattern, gold)))

    leaks = sum(excess(re.escape(f)) for f in set(truth.furniture))
    leaks += _number_leaks(truth, hyp)
    split = sum(excess(rf"(?<!\w){re.escape(a)}(?:-\s*|\s+){re.escape(b)}")
                for a, b in set(truth.splits))
    lost = sum(excess(rf"(?<!\w){re.escape(a)}\s?{re.escape(b)}(?!\w)")
               for a, b in set(truth.compounds))
    return Score(round(accuracy, 4), leaks, split, lost)


def _number_leaks(truth: Truth, hyp: list[str]) -> int:
    """Page numbers standing alone in the text more often than the truth has them."""
    from collections import Counter

    ref = Counter(w for w in words(truth.text) if w.isdigit())
    got = Counter(w for w in hyp if w.isdigit())
    return sum(max(0, got[label] - ref[label]) for label in set(truth.labels))
