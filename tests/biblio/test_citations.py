"""Every citation shape the seed paper uses, plus narrative, numeric and footnote marks."""
import pytest

from dclit.biblio.citations import find_in_text

from .conftest import make_doc


def cites(text):
    return [(text[f.start:f.end], f.authors, f.year, f.locator, f.kind, f.secondary) for f in find_in_text(text)]


@pytest.mark.parametrize("text, expected", [
    ("as shown (Hafteck, 2003).", [("Hafteck, 2003", ("Hafteck",), "2003", None, "parenthetical", False)]),
    ("Hafteck (2003) proposed", [("Hafteck (2003)", ("Hafteck",), "2003", None, "narrative", False)]),
    ("Smith et al. (2004: 12) argue", [("Smith et al. (2004: 12)", ("Smith",), "2004", "12", "narrative", False)]),
    ("(Work, 2002: 6)", [("Work, 2002: 6", ("Work",), "2002", "6", "parenthetical", False)]),
    ("(Schep et al, 1995, UNDP, 2000)", [("Schep et al, 1995", ("Schep",), "1995", None, "parenthetical", False),
                                          ("UNDP, 2000", ("UNDP",), "2000", None, "parenthetical", False)]),
    ("(Baud & de Wit 2008, Pierre and Peters 2000)",
     [("Baud & de Wit 2008", ("Baud", "de Wit"), "2008", None, "parenthetical", False),
      ("Pierre and Peters 2000", ("Pierre", "Peters"), "2000", None, "parenthetical", False)]),
    ("(Shuman 1994, quoted in Van Tongeren 1997)",
     [("Shuman 1994", ("Shuman",), "1994", None, "parenthetical", False),
      ("Van Tongeren 1997", ("Van Tongeren",), "1997", None, "parenthetical", True)]),
    ("(Baud, I. 2002b; Pries, 2001: 13-14)",
     [("Baud, I. 2002b", ("Baud", "I"), "2002b", None, "parenthetical", False),
      ("Pries, 2001: 13-14", ("Pries",), "2001", "13-14", "parenthetical", False)]),
    ("(see also Bontenbal 2005)", [("Bontenbal 2005", ("Bontenbal",), "2005", None, "parenthetical", False)]),
    ("(UN Population Report 2007)", [("UN Population Report 2007", ("UN Population Report",), "2007", None,
                                      "parenthetical", False)]),
])
def test_author_year_shapes(text, expected):
    assert cites(text) == expected


def test_year_lists_inherit_the_author():
    got = cites("(Hewitt 1998, 1999, 2000, 2002, 2007) and (Hewitt 1999/2000)")
    assert [(g[1], g[2]) for g in got] == [(("Hewitt",), y) for y in
                                            ("1998", "1999", "2000", "2002", "2007", "1999", "2000")]


def test_semicolons_colons_and_cited_in_groups():
    text = "(Baud and de Wit, 2008: Pierre 2000, Pierre & Peters 2000, Baud, 2004; UNDP, 2003; Helmsing, 2000)"
    assert [(g[1][0], g[2]) for g in cites(text)] == [
        ("Baud", "2008"), ("Pierre", "2000"), ("Pierre", "2000"), ("Baud", "2004"), ("UNDP", "2003"),
        ("Helmsing", "2000")]
    got = find_in_text("(Giddens 1990, Albrow 1996, Urry 2000 cited in Pries, 2001: 13-14)")
    assert [f.secondary for f in got] == [False, False, False, True]
    assert all(f.note == "cited through Pries 2001" for f in got[:3])


def test_not_citations():
    assert cites("(from 2000 onwards) (15-17 February 2008) (see table 1) in 2030") == []


def test_unopened_parenthesis_at_page_break():
    assert cites("in coordinating processes. Peters, 2000). Next")[0][:3] == ("Peters, 2000", ("Peters",), "2000")


def test_numeric_and_footnote_marks():
    got = find_in_text("as shown [3, 5-7] and [12].")
    assert [(f.kind, f.note) for f in got] == [("numeric", "3, 5-7"), ("numeric", "12")]
    from dclit.biblio import find_citations
    doc = make_doc([("body", "Twinning grew in the 1990s.3 Other text."),
                    ("footnote:3", "3 Hafteck, P. (2003). An Introduction. Public Administration.")])
    marks = [c for c in find_citations(doc) if c.kind == "footnote"]
    assert [(m.text, doc.text[m.start:m.end]) for m in marks] == [("3", "3")]


def test_seed_paper_citations(seed_doc):
    from dclit.biblio import find_citations

    got = find_citations(seed_doc)
    texts = [c.text for c in got]
    # checked by hand against the text: 64 author–year citations outside the bibliography
    assert len(got) == 64
    for t in ("Shuman 1994", "Van Tongeren 1997", "Tjandradewi et al. 2006", "Green Game&Delay 2005",
              "Work, 2002: 6", "Robinson, Hewitt, Harris, 2000", "Basch, Glick Schiller and Szanton-Blanc, 1994"):
        assert t in texts
    assert all(seed_doc.text[c.start:c.end] == c.text for c in got)
