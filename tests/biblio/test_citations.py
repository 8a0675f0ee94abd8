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


# Real sentences from the corpus (UCLG GOLD I, Latin America chapter, French) that
# produced false citations: a country followed by a law's year, a president's term.
BRESIL = ("30. La Loi de responsabilité fiscale au Brésil (2000), le « Système de feu rouge » "
          "en Colombie, la loi nº 358 de 1997")
VARGAS = ("Les principales tentatives de renforcement de l’Etat central au détriment des états "
          "fédéraux ont lieu pendant la présidence de Getulio Vargas (1937-1945) et les "
          "gouvernements militaires (1964-1985).")


def test_places_and_periods_are_not_citations():
    assert cites(BRESIL) == []
    assert cites(VARGAS) == []
    assert cites("Growth in Latin America (1990-2005) and in West Africa (2003) slowed.") == []
    # kept aside with the reason, for the bibliography check in find_citations
    assert [(f.authors, f.weak) for f in find_in_text(BRESIL + " " + VARGAS, keep_weak=True)] == [
        (("Brésil",), "place"), (("de Getulio Vargas",), "period")]


def test_organisation_and_surname_authors_still_cited():
    text = ("UN-HABITAT (2007) estimates that a third live in slums (UNDP, 2000); Jordan (2003) "
            "and Costa (2010) disagree, as does the World Bank (2009), cf. Hewitt (1999-2000).")
    assert [(g[1], g[2], g[4]) for g in cites(text)] == [
        (("UN-HABITAT",), "2007", "narrative"), (("UNDP",), "2000", "parenthetical"),
        (("Jordan",), "2003", "narrative"), (("Costa",), "2010", "narrative"),
        (("World Bank",), "2009", "narrative"), (("Hewitt",), "1999", "narrative")]


def test_place_as_author_kept_when_the_bibliography_lists_it():
    from dclit.biblio import find_citations
    from dclit.records import Reference

    doc = make_doc([("body", BRESIL), ("body", VARGAS)])
    law = Reference("d1", 0, 0, 1, 1, "Brésil (2000). Lei de Responsabilidade Fiscal.",
                    {"author": [{"literal": "Brésil"}], "issued": {"date-parts": [[2000]]}})
    other = Reference("d1", 0, 0, 1, 1, "Smith, J. (2000). T.",
                      {"author": [{"family": "Smith"}], "issued": {"date-parts": [[2000]]}})
    assert [c.text for c in find_citations(doc)] == []
    assert [c.text for c in find_citations(doc, [other])] == []
    assert [c.text for c in find_citations(doc, [law])] == ["Brésil (2000)"]


def test_place_in_a_footnote_reference_is_not_cited_by_its_own_footnote():
    from dclit.biblio import find_citations, find_references

    note = BRESIL.split(", la loi")[0]  # "30. La Loi de responsabilité fiscale au Brésil (2000), le « … »"
    doc = make_doc([("body", "La responsabilité fiscale a progressé."), ("footnote:30", note)])
    refs = find_references(doc)
    assert [r.source for r in refs] == ["footnote"]  # the footnote has a year: kept as a reference
    assert [c.text for c in find_citations(doc, refs) if c.kind != "footnote"] == []
