"""Hyphen decisions, furniture, footnote marks, reading order on hand-made lines."""
from __future__ import annotations

from collections import Counter

import pytest

from dclit.extract.pdf import furniture, hyphen, layout
from dclit.extract.pdf.lines import build_lines
from dclit.extract.pdf.model import HYPHEN_MARK, Word


@pytest.mark.parametrize("left,right,join", [
    ("con", "sidering", True), ("develop", "ment", True), ("sponsors", "hips", True),
    ("décentra", "lisation", True), ("l'ap", "proche", True),
    ("decision", "making", False), ("city-to", "city", False), ("North", "South", False),
    ("long", "term", False), ("Liptako", "Gourma", False), ("2015", "2030", False),
])
def test_hyphen_decisions(left, right, join):
    assert hyphen.decide(left, right) is join


def test_document_usage_overrules_the_word_list():
    assert hyphen.decide("co", "operation") is True
    assert hyphen.decide("co", "operation", Counter({"co-operation": 3})) is False
    texts = [f"transfrontier co{HYPHEN_MARK}operation", "co-operation and co-operation"]
    assert hyphen.resolve(texts)[0] == "transfrontier co-operation"


def _words(y: float, x: float, text: str, size: float = 10.0) -> list[Word]:
    out = []
    for t in text.split():
        w = 5.0 * len(t)
        out.append(Word(t, x, x + w, y, y + size * 1.2, size))
        x += w + 3
    return out


def test_two_columns_with_a_full_width_title_read_in_order():
    words = _words(40, 50, "A TITLE THAT SPANS THE WHOLE PAGE WIDTH NICELY", 16)
    for i in range(6):
        y = 80 + 13 * i
        words += _words(y, 50, f"left{i} aa bb cc dd ee ff gg")
        words += _words(y, 300, f"right{i} aa bb cc dd ee ff gg")
    lines = build_lines(words)
    units = layout.build_units(lines)
    order = [ln.text.split()[0] for u in layout.reading_order(units, 8) for ln in u.lines]
    assert order == ["A"] + [f"left{i}" for i in range(6)] + [f"right{i}" for i in range(6)]


def test_wide_gap_in_one_justified_line_is_not_a_gutter():
    words = []
    for i in range(5):
        words += _words(80 + 13 * i, 50, "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk")
    gap_line = _words(80 + 13 * 5, 50, "aaa bbb ccc ddd eee")
    gap_line += _words(80 + 13 * 5, 50 + 18 * 5 - 3 + 20, "fff ggg hhh")  # a 2 em gap
    lines = build_lines(words + gap_line)
    assert len(lines) == 6


def _spaced(y: float, x: float, text: str, space: float, size: float = 9.0) -> list[Word]:
    out = []
    for t in text.split():
        w = 5.0 * len(t)
        out.append(Word(t, x, x + w, y, y + size * 1.2, size))
        x += w + space
    return out


def test_justified_lines_stretched_wide_stay_whole_beside_a_column():
    """UCLG GOLD I conclusion (es) p. 9: a bold paragraph justified with ~0.9 em spaces beside
    a column of normal text came out as the headings "los" | "gobiernos locales ejerzan" | "esas"."""
    words = []
    rows = [("temas de administración local se di-", "los gobiernos locales ejerzan esas", 8.3),
            ("ferencian. Los resultados de la", "competencias de manera exclusiva, al", 8.4),
            ("comparación se resumen en el", "contrario, a menudo se trata de com-", 8.2),
            ("siguiente cuadro. Se indican las", "petencias compartidas y otras más", 8.5)]
    for i, (left, right, space) in enumerate(rows):
        y = 100 + 11 * i
        words += _spaced(y, 136.6, left, 2.5)
        words += _spaced(y, 344.4, right, space)
    lines = build_lines(words)
    assert sorted(ln.text for ln in lines if ln.words[0].x0 > 300) == sorted(r for _, r, _ in rows)
    assert len(lines) == 8


def test_superscript_mark_joins_its_word():
    words = _words(100, 50, "local authorities, and more")
    mark = Word("3", words[1].x1 + 0.2, words[1].x1 + 3.2, 97, 104, 6.0)
    lines = build_lines(words + [mark])
    assert [ln.text for ln in lines] == ["local authorities,3 and more"]


def test_running_header_and_page_number_found_across_pages():
    pages = []
    for n in range(1, 5):
        words = _words(20, 50, f"GOLD Report Africa {n + 10}", 8)
        for i in range(10):
            words += _words(100 + 13 * i, 50, f"body text line {i} of page {n}")
        words += _words(800, 290, str(n + 10), 8)
        pages.append((n, 842.0, build_lines(words)))
    found = furniture.detect(pages)
    assert [f.label for f in found] == ["11", "12", "13", "14"]
    assert found[0].header == "GOLD Report Africa 11" and found[0].footer == "11"
    assert all(len(f.remove) == 2 for f in found)


def test_a_running_header_in_two_stacked_lines_is_removed_whole():
    """UCLG country profiles: "UNITED CITIES AND LOCAL GOVERNMENTS" 1 pt above "COUNTY PROFILE:
    FRANCE" on every page; only the lower line stood apart from the text, so the upper one was
    glued into the paragraph running over the page break."""
    pages = []
    for n in range(1, 5):
        words = _words(70.2, 343, "UNITED CITIES AND LOCAL GOVERNMENTS", 7.8)
        words += _words(80.3, 402, "COUNTY PROFILE: FRANCE", 7.8)
        for i in range(10):
            words += _words(106 + 13 * i, 50, f"body text line {i} of page {n}")
        pages.append((n, 842.0, build_lines(words)))
    found = furniture.detect(pages)
    assert [f.header for f in found] == ["UNITED CITIES AND LOCAL GOVERNMENTS | COUNTY PROFILE: FRANCE"] * 4
    assert all(len(f.remove) == 2 for f in found)


def test_a_memory_error_wrapped_by_pdfplumber_is_still_a_memory_error():
    """pdfplumber's Page.layout raises PdfminerException(e) for any error of pdfminer, MemoryError
    included: under a worker's memory allowance that must stay a memory limit (E107), not a
    damaged page (E102). Seen once in CI on the million-character page."""
    from pdfplumber.utils.exceptions import PdfminerException

    from dclit.extract.pdf.engine import _limit_inside

    try:
        try:
            raise MemoryError()
        except Exception as inner:
            raise PdfminerException(inner)
    except PdfminerException as wrapped:
        assert isinstance(_limit_inside(wrapped), MemoryError)
    assert _limit_inside(PdfminerException(ValueError("bad xref"))) is None
