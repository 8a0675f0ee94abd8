"""Titles from layout: the GCM guides set their title in capitals as body text, then list
"Associated actions" as bold items "a. …", "b. …" that layout takes for headings."""
from pathlib import Path

from dclit.extract.metadata import _title, _words
from dclit.records import Passage

TITLE = "PROMOVER TRANSFERENCIAS DE REMESAS MÁS RÁPIDAS, SEGURAS Y ECONÓMICAS"
ITEMS = ["a. Elaborar una hoja de ruta para reducir los costos de transacción de las remesas",
         "b. Promover y apoyar la celebración del Día Internacional de las Remesas Familiares"]


def _passages(first_kind: str) -> list[Passage]:
    texts = [(TITLE, first_kind), ("ACCIONES CONEXAS", "heading")] + [(t, "heading") for t in ITEMS]
    out, pos = [], 0
    for i, (text, kind) in enumerate(texts):
        out.append(Passage("d", i, 1, pos, pos + len(text), text, kind))
        pos += len(text) + 2
    return out


def _words_of(passages):
    return set(_words(" ".join(p.text for p in passages)))


def test_caps_title_set_as_body_wins_over_list_items():
    ps = _passages("body")
    assert _title({}, ps, Path("x.pdf"), _words_of(ps)) == (TITLE, "first-heading")


def test_list_items_are_never_a_title_nor_joined_to_one():
    ps = _passages("body")[2:]  # no title line: the items alone
    assert _title({}, ps, Path("x.pdf"), _words_of(ps)) == ("x", "file-name")


def test_a_mixed_case_first_line_is_not_taken_for_a_display_title():
    ps = _passages("body")
    ps[0] = Passage("d", 0, 1, 0, 20, "United Nations report", "body")
    ps.insert(1, Passage("d", 1, 1, 22, 60, "Report of the High-level Committee", "heading"))
    assert _title({}, ps, Path("x.pdf"), _words_of(ps))[0] == "Report of the High-level Committee"
