"""Linking citations to entries: misspelt names, diacritics, strict years, suffixes."""
from dataclasses import replace

from dclit.biblio.linker import link, report
from dclit.records import Citation, Reference


def ref(i, names, year, suffix="", title="T"):
    csl = {"author": [{"family": n} if " " not in n or n.islower() else {"literal": n} for n in names],
           "issued": {"date-parts": [[year]]}, "title": title}
    if suffix:
        csl["year-suffix"] = suffix
    return Reference("d", i, 0, 1, 1, "raw", csl)


def cite(authors, year, i=0):
    return Citation("d", i, 0, 1, 1, "x", tuple(authors), year)


REFS = [ref(0, ["Askvik"], 1999), ref(1, ["Bontebal"], 2005), ref(2, ["Hafteck"], 2003),
        ref(3, ["Baud", "Post"], 2002, "b"), ref(4, ["Baud"], 2002), ref(5, ["Mazzucato"], 2004),
        ref(6, ["Jones", "Blunt"], 1999), ref(7, ["Jones"], 2001), ref(8, ["Müller"], 2010),
        ref(9, ["UN-HABITAT"], 2007), ref(10, ["De Villiers"], 2006), ref(11, ["Helmsing"], 2001)]


def linked(authors, year):
    c = link([cite(authors, year)], REFS)[0]
    return c.reference, c.note


def test_exact_and_misspelt_names():
    assert linked(["Hafteck"], "2003") == (2, None)
    assert linked(["Avskik"], "1999")[0] == 0  # transposed letters
    assert linked(["Bontenbal"], "2005") == (1, "name spelt 'Bontebal' in entry")
    assert linked(["Muller"], "2010")[0] == 8  # diacritics ignored
    assert linked(["de Villiers"], "2006")[0] == 10  # particle and case ignored
    assert linked(["UN Habitat"], "2007")[0] == 9  # organisation, punctuation ignored


def test_years_are_strict():
    r, note = linked(["Mazzucato"], "2001")
    assert r is None and note == "year mismatch: entry 5 (Mazzucato) has 2004"
    assert linked(["Hafteck"], "2004")[0] is None
    assert linked(["Nobody"], "2003") == (None, None)
    # the seed paper cites "Wilson and Johnson 2007" for "Johnson H & G. Wilson (2006)"
    assert linked(["Blunt", "Jones"], "2003") == (None, "year mismatch: entry 6 (Jones) has 1999; "
                                                        "authors in another order")
    assert linked(["Blunt", "Smith"], "2003") == (None, None)


def test_suffixes_and_coauthors_choose_the_entry():
    assert linked(["Baud", "Post"], "2002b")[0] == 3
    assert linked(["Baud"], "2002")[0] == 4  # exact suffix preferred
    assert linked(["Jones", "Blunt"], "1999")[0] == 6
    assert linked(["Jones"], "2001")[0] == 7


def test_list_of_names_falls_back_to_the_last_one():
    r, note = linked(["RAWOO", "UN Habitat", "Helmsing"], "2001")
    assert r == 11 and "matched on Helmsing" in note


def test_report_lists_unresolved_and_uncited():
    cs = link([cite(["Hafteck"], "2003", 0), cite(["Nobody"], "2003", 1)], REFS)
    rep = report(cs, REFS)
    assert rep["linked"] == 1 and len(rep["unresolved"]) == 1
    assert 2 not in rep["uncited"] and 0 in rep["uncited"]


def test_seed_paper_links(seed_doc):
    from dclit import biblio

    refs = biblio.find_references(seed_doc)
    cs = biblio.link(biblio.find_citations(seed_doc, refs), refs)
    by_text = {}
    for c in cs:
        by_text.setdefault(c.text, c)
    first = lambda c: (refs[c.reference].csl.get("author") or [{}])[0].get("family")  # noqa: E731
    assert first(by_text["Avskik, 1999"]) == "Askvik"
    assert first(by_text["Bontenbal 2005"]) == "Bontebal"
    assert first(by_text["Green Game&Delay 2005"]) == "Green"
    assert by_text["Mazzucato, 2001"].reference is None
    assert "year mismatch" in by_text["Mazzucato, 2001"].note
    assert by_text["Hafteck, 2003"].reference is not None


def test_acronyms_co_authors_and_organisation_tails():
    # as the UCLG GOLD I summary cites its bibliography
    refs = [ref(0, ["InterAmerican Development Bank"], 2002), ref(1, ["Boadway", "Shah"], 2007),
            ref(2, ["Government of Bolivia"], 2006), ref(3, ["Smith", "Jones"], 2007),
            ref(4, ["Brown", "Jones"], 2007)]
    got = link([cite(["IDB"], "2002"), cite(["(IDB)"], "2002"), cite(["Shah"], "2007"),
                cite(["Bolivia"], "2006"), cite(["Jones"], "2007"), cite(["IDB"], "2003")], refs)
    assert [c.reference for c in got] == [0, 0, 1, 2, None, None]  # Jones: co-author of two entries
    assert got[2].note == "matched on a co-author of entry 1 (Boadway)"


def test_family_name_read_as_given_name():
    # "Nelson C. Arthur and Kathryn A. Foster. 1999": the comma after "Nelson" is missing
    csl = {"author": [{"family": "Arthur", "given": "Nelson C."}, {"family": "Foster", "given": "Kathryn A."}],
           "issued": {"date-parts": [[1999]]}}
    refs = [Reference("d", 0, 0, 1, 1, "raw", csl), ref(1, ["Nelson"], 2003)]
    assert link([cite(["Nelson", "Foster"], "1999")], refs)[0].reference == 0
    assert link([cite(["Nelson"], "2003")], refs)[0].reference == 1


def test_citation_inside_its_own_footnote_reference():
    # UCLG GOLD I summary (French), a footnote that is a reference and names its authors
    raw = ("Roy W. Bahl, Johannes F. Linn (1992), « Urban public finance in developing countries », "
           "World Bank, Washington DC, pp. 69 et suiv. et pp. 479-480.")
    note = Reference("d", 0, 100, 100 + len(raw), 63, raw,
                     {"author": [{"family": "Bahl", "given": "Roy W."}, {"family": "Linn", "given": "Johannes F."}],
                      "issued": {"date-parts": [[1992]]}}, source="footnote")
    inside = Citation("d", 0, 100, 137, 63, raw[:37], ("Roy W. Bahl", "Johannes F. Linn"), "1992",
                      kind="narrative")
    elsewhere = replace(inside, start=10, end=47)
    other_year = replace(inside, year="1993")
    got = link([inside, elsewhere, other_year], [note])
    assert [c.reference for c in got] == [0, None, None]
    assert got[0].note == "the footnote's own reference"


def test_a_place_is_not_the_tail_of_any_long_name():
    # footnote read as a reference with a long "author" (UCLG GOLD I, Latin America, French)
    refs = [ref(0, ["La Loi de responsabilité fiscale au Brésil"], 2000)]
    assert link([cite(["Brésil"], "2000")], refs)[0].reference is None


def test_first_author_read_from_the_entry_text_when_the_parse_lost_it():
    # UCLG GOLD I Europe chapter (French): footnote "Pollitt / Bouckaert (2004), p. 44 et suiv."
    # parsed with Bouckaert alone; cited "(Pollitt / Boukaert, 2004)" and "(Pollitt / Bouckaert, 2004)"
    note = Reference("d", 0, 500, 545, 25, "Pollitt / Bouckaert (2004), p. 44 et suiv.",
                     {"author": [{"family": "Bouckaert"}], "issued": {"date-parts": [[2004]]}}, source="footnote")
    got = link([cite(["Pollitt", "Boukaert"], "2004"), cite(["Pollitt", "Bouckaert"], "2004"),
                cite(["Pollitt"], "2005"), cite(["Politt"], "2004")], [note])
    assert [c.reference for c in got] == [0, 0, None, None]
    assert got[0].note == "'Pollitt' read from the entry's text (parsed as 'Bouckaert')"
