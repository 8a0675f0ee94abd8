"""Linking citations to entries: misspelt names, diacritics, strict years, suffixes."""
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
