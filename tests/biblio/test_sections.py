"""Reference sections and entry splitting, on the seed paper's run-on bibliography."""
from dclit.biblio.sections import author_year_starts, clean_raw, find_sections, split_entries

from .conftest import make_doc


def _entries(doc):
    starts = [p.start for p in doc.passages]
    out = []
    for s in find_sections(doc):
        out += [clean_raw(doc.text[a:b]) for a, b in split_entries(doc.text, s.start, s.end, starts)]
    return out


def test_seed_reference_section_found_after_inline_heading(seed_doc):
    secs = find_sections(seed_doc)
    assert len(secs) == 1
    assert seed_doc.text[secs[0].start:].lstrip().startswith("Ackerman, J. (2004)")
    assert "References" in secs[0].heading


def test_seed_run_on_bibliography_split_into_entries(seed_doc):
    entries = _entries(seed_doc)
    # counted by hand: 51 entries (two of them hold a second, lost entry: Mazzucato/Sassen 1998,
    # Sassen/Pries 2001 — "in X (year)" is kept inside its entry)
    assert len(entries) == 51
    assert entries[0].startswith("Ackerman, J. (2004).") and entries[0].endswith("pp. 447-463.")
    assert entries[-1].startswith("Vincent, R. & A. Byrne (2006)")
    assert entries[-1].endswith("pp 385-400.")  # trailing page number "18" dropped
    starts = [e.split("(")[0].strip() for e in entries]
    for who in ("Green, L. C. Game & S. Delay", "Drew R.", "UN-HABITAT", "Chambers", "ECDPM and ACE Europe",
                "Ewijk, E. van", "Baud, I.S.A. and Post, J.", "Scheffer", "Vertovec, S.", "Vincent, R. & A. Byrne"):
        assert who in starts, who


def test_stray_page_numbers_and_page_breaks_removed(seed_doc):
    entries = _entries(seed_doc)
    fowler = next(e for e in entries if e.startswith("Fowler, A.F. (2000)"))
    assert fowler.endswith("IDS Bulletin Vol 31 No 3 2000.")  # not "… 2000. 29"
    sassen = next(e for e in entries if e.startswith("Sassen, S. (2001)"))
    assert "twenty-first century, Routledge, London" in sassen  # joined across page 17/18
    assert "17" not in sassen.split("century")[1]
    vermeulen = next(e for e in entries if e.startswith("Vermeulen"))
    assert vermeulen.endswith("Spinhuis, 2000, pp. 153-177.")  # a bare year is not a new entry


def test_name_walk_stops_at_places_months_and_in():
    text = ("pp. 403-423, Ashgate, Aldershot Drew R. (2003). Learning. Vol 22, number 2, March "
            "Vertovec, S. (2001) Transnationalism. Processes (Chapter 10) in Pries, L. (2001). New spaces")
    starts = [text[s:s + 8] for s in author_year_starts(text)]
    assert starts == ["Drew R. ", "Vertovec"]


def test_headings_in_other_languages_and_numeric_lists():
    for heading in ("Bibliografía", "Références bibliographiques", "Literaturverzeichnis", "Bibliografia",
                    "Literatuur"):
        doc = make_doc([("body", "Texto del informe (García, 2010)."), ("heading", heading),
                        ("body", "García, J. (2010). La cooperación descentralizada. Madrid: Catarata."),
                        ("body", "Pérez, A. (2012). Ciudades y redes. Barcelona: Icaria.")])
        assert len(_entries(doc)) == 2, heading
    doc = make_doc([("heading", "References"),
                    ("body", "[1] A. Smith, Title one, J. X 1 (2001) 1-2. [2] B. Jones, Title two, J. Y 2 "
                             "(2002) 3-4. [3] C. Brown, Title three, Press, 2003.")])
    assert [e[:3] for e in _entries(doc)] == ["[1]", "[2]", "[3]"]


def test_section_ends_at_annex_heading():
    doc = make_doc([("heading", "References"), ("body", "Smith, J. (2001). A title. London: Zed."),
                    ("heading", "Annex 1"), ("body", "Table of projects 2001 2002 Brazil, Chile")])
    assert len(_entries(doc)) == 1


# Real bibliography passages (UCLG GOLD I executive summary, English, pp. 70-71) as the
# PDF layer breaks them: an entry wrapped into one-word passages, a "and" line, ditto
# dashes, names-then-year starts after an entry with no final full stop, the heading
# repeated on the next page.
GOLD_BIB = [
    ("heading", "BIBLIOGRAPHY"),
    ("body", "Hickey, Sam and Giles Mohan 2005 “Relocating Participation within a Radical Politics of "
             "Development” Development and Change 36 (2): 237–262."),
    ("body", "InterAmerican Development Bank, 2002. Making Decentralization work in Latin America and the "
             "Caribbean. A background paper for the subnational development strategy. Sustainable "
             "Development Department,"),
    ("body", "Inter-American"), ("body", "Development"), ("body", "Bank. Washington, DC: IDB."),
    ("body", "—1996 “Frame of Reference for IDB Action in Programs for Modernization of the State and "
             "Strengthening of Civil Society. GN-1883-5. Washington, DC: IDB"),
    ("body", "Johnson, Craig, Deshingkar, Priya Start, Daniel 2005 “Grounding the State: Devolution and "
             "Development in India's Panchayats” Journal of Development Studies 41 (6): 937 – 970."),
    ("body", "and"),
    ("body", "Nelson C. Arthur and Kathryn A. Foster. 1999 “Metropolitan Governance Structure and Income "
             "Growth” Journal of Urban Affairs, 21 (3): 309-324"),
    ("heading", "BIBLIOGRAPHY"),
    ("body", "Wescott, Clay 2005 Fiscal Devolution in East Asia. Asian Development Bank - Regional and "
             "Sustainable Development Department. Manila: ADB"),
    ("body", "Wescott, Clay and Doug Porter 2002 “Fiscal Decentralization and Citizen Participation in "
             "East Asia.”"),
    ("body", "World Bank, 2003."),
    ("body", "Making Services Work for Poor People. World Development Report 2004. London: World Bank and "
             "Oxford University press"),
    ("body", "World Bank 1997 World Development Report 1997: The State in a Changing World. Oxford: Oxford "
             "University Press. 354 pages."),
    ("list", "— 2003 “Decentralization and Local Governance in Africa.” Special Issue. Public Administration "
             "and Development 23 (4): 7 – 16."),
    ("body", "Government of Bolivia 2006 Strategy of Fiscal Decentralizaton. Framework for Action."),
]


def test_broken_entries_ditto_dashes_and_name_year_starts():
    entries = _entries(make_doc(GOLD_BIB))
    heads = [e[:22] for e in entries]
    assert heads == ["Hickey, Sam and Giles ", "InterAmerican Developm", "—1996 “Frame of Refere",
                     "Johnson, Craig, Deshin", "Nelson C. Arthur and K", "Wescott, Clay 2005 Fis",
                     "Wescott, Clay and Doug", "World Bank, 2003. Maki", "World Bank 1997 World ",
                     "— 2003 “Decentralizati", "Government of Bolivia "]
    assert entries[1].endswith("Inter-American Development Bank. Washington, DC: IDB.")
    assert entries[3].endswith("Journal of Development Studies 41 (6): 937 – 970.")  # not "… 970. and"


def test_ditto_entries_take_the_authors_before_them():
    from dclit.biblio import find_references

    refs = find_references(make_doc(GOLD_BIB))
    by_year = {(r.raw[:5], r.csl["issued"]["date-parts"][0][0]): r.csl for r in refs}
    assert by_year[("—1996", 1996)]["author"] == refs[1].csl["author"]
    assert by_year[("— 200", 2003)]["author"] == [{"literal": "World Bank"}]
    assert by_year[("Gover", 2006)]["author"] == [{"literal": "Government of Bolivia"}]


# Footnotes of UCLG GOLD I (summary, French; Latin America chapter, French) that cite several works.
GRET = ("A propos des budgets locaux, voir : Licha, I. (ed.) (2004), “Citizens in charge”, Washington, "
        "Inter-American Development Bank. Pour des analyses plus approfondies des pratiques : Marion Gret "
        "(2002), « De l’expérience de démocratie participative de Porto Alegre », thèse de doctorat, "
        "IHEAL-Université Paris III.")


def _works(text):
    from dclit.biblio.sections import split_footnote

    return [text[a:b] for a, b in split_footnote(text, 0, len(text))]


def test_a_footnote_citing_two_works_gives_two_entries():
    assert _works(GRET) == [
        "Licha, I. (ed.) (2004), “Citizens in charge”, Washington, Inter-American Development Bank.",
        "Marion Gret (2002), « De l’expérience de démocratie participative de Porto Alegre », thèse de "
        "doctorat, IHEAL-Université Paris III."]
    assert _works("Diego Valadés et José Maria Serna, 2000 ; Miguel Carbonell, 2004 ; Hector Fix et "
                  "Salvador Valencia, 2005.") == [
        "Diego Valadés et José Maria Serna, 2000", "Miguel Carbonell, 2004", "Hector Fix et Salvador Valencia, 2005."]
    assert _works("Iván Finot, 2001, et Eduardo Wiesner, 2003.") == ["Iván Finot, 2001", "Eduardo Wiesner, 2003."]
    assert _works("J.M. Buchanan / G. Tullock (1962), « The calculus of consent », University of Michigan "
                  "Press ; H. Wolman (1990), « Decentralization », p. 29-42")[1].startswith("H. Wolman (1990)")


def test_containers_and_sources_quoted_through_stay_inside_their_work():
    for one in ("H. Wolman (1990), « Decentralization : What it is and why we should care », p. 29-42, dans : "
                "R.J. Bennett (ed.) (1990), « Decentralization, local governments and markets », Oxford, Clarendon.",
                "Juan Ponce, « Le logement et l’infrastructure basique en Equateur 1990-2001 », SIISE. Cité par "
                "F. Carrión (2006), « Le Processus de décentralisation en Equateur ».",
                "Roy W. Bahl, Johannes F. Linn (1992), « Urban public finance in developing countries », World "
                "Bank, Washington DC, pp. 69 et suiv. et pp. 479-480."):
        assert _works(one) == [one]


def test_each_work_of_a_footnote_is_a_reference_its_citation_links_to():
    from dclit.biblio import find_citations, find_references, link

    doc = make_doc([("body", "La participation reste inégale16 selon les villes."), ("footnote:16", "16 " + GRET)])
    refs = find_references(doc)
    assert [(r.source, r.raw[:12]) for r in refs] == [("footnote", "Licha, I. (e"), ("footnote", "Marion Gret ")]
    cites = link(find_citations(doc, refs), refs)
    assert {c.text: c.reference for c in cites if c.kind == "narrative"} == {
        "Licha, I. (ed.) (2004)": 0, "Marion Gret (2002)": 1}


def _paged_doc(parts):
    """A Document from (page, kind, text) passages."""
    from dclit.records import Document, Metadata, Page, Passage

    text, passages, pages = "", [], {}
    for i, (page, kind, body) in enumerate(parts):
        if text:
            text += "\n\n"
        start = len(text)
        text += body
        passages.append(Passage("d1", i, page, start, len(text), body, kind=kind))
        lo, _ = pages.get(page, (start, 0))
        pages[page] = (lo, len(text))
    return Document("d1", "mem", text, [Page(n, a, b) for n, (a, b) in sorted(pages.items())], passages, Metadata())


def test_running_headers_are_not_glued_to_entries():
    # UCLG GOLD I executive summary (English), pp. 72-74: a print slug heads every page
    slug = "01 PCB ang 17/10/07 14:05 Página {}"
    doc = _paged_doc([
        (70, "body", slug.format(72)), (70, "heading", "BIBLIOGRAPHY"),
        (70, "body", "Oates, Wallace 1972 Fiscal Federalism. New York: Harcourt Brace Jovanovich."),
        (71, "body", slug.format(73)),
        (71, "body", "Peterson, George 1997 “Learning by Doing: Decentralization and Policy in Latin America "
                     "and the Caribbean.” Discussion Series. Washington, DC: World Bank."),
        (72, "body", slug.format(74)), (72, "heading", "BIBLIOGRAPHY"),
        (72, "body", "Rodden, Jonathan, Gunnar Eskeland, Jennie Litvack 2003 Fiscal Decentralization and the "
                     "Challenge of Hard Budget Constraints. Cambridge, MA: MIT Press. 476 p."),
    ])
    from dclit.biblio import find_references
    from dclit.biblio.sections import furniture

    assert [doc.text[a:b] for a, b in furniture(doc)] == [slug.format(n) for n in (72, 73, 74)]
    raws = [r.raw for r in find_references(doc)]
    assert [r[:8] for r in raws] == ["Oates, W", "Peterson", "Rodden, "]
    assert not any("Página" in r for r in raws)
    assert raws[1].endswith("Washington, DC: World Bank.")


def test_a_footnote_left_among_body_passages_is_still_a_reference():
    # UCLG GOLD I conclusion (Spanish), p. 13: footnote 7 extracted as a body passage
    note = ("Patricia Clarke Annez (2006), “Urban infrastructure finance from private operators: what have we "
            "learned from recent experience?”, World Bank Policy Research Working Paper 4045.")
    prose = ("Hewitt (1998), Bontenbal (2005) and Hafteck (2003) all show that twinning grew, as "
             "Hafteck (2003), in his “Introduction”, puts it.")
    from dclit.biblio import find_citations, find_references, link
    from dclit.biblio.sections import reference_opening

    assert reference_opening(note, 0, len(note)) == 0
    assert reference_opening(prose, 0, len(prose)) is None
    doc = make_doc([("body", "La participación electoral se estabilizó."), ("body", note), ("body", prose)])
    refs = find_references(doc)
    assert [(r.source, r.raw[:21]) for r in refs] == [("footnote", "Patricia Clarke Annez")]
    cites = link(find_citations(doc, refs), refs)
    assert [(c.text, c.reference) for c in cites][:2] == [("Patricia Clarke Annez (2006)", 0), ("Hewitt (1998)", None)]


def test_a_reference_broken_between_name_and_year():
    # UCLG GOLD I postface (English), pp. 4 and 6: the PDF layer breaks "Name" | "(Year), Title …"
    from dclit.biblio import find_citations, find_references, link

    doc = make_doc([("body", "Even within these boundaries, the notion is still likely to be understood."),
                    ("body", "See amongst basic texts on the subject: Tiebout, C.M."),
                    ("body", "(1956), “A pure theory of local expenditure”, Journal of Political Economy, vol.64, p.416."),
                    ("list", "13. Eisenmann, Ch."),
                    ("body", "(1982), Cours de droit administratif, Paris, LGDJ, tome 1 p.278 (cours de 1966-1967).")])
    refs = find_references(doc)
    assert [r.raw[:22] for r in refs] == ["Tiebout, C.M. (1956), ", "Eisenmann, Ch. (1982),"]
    cites = [c for c in link(find_citations(doc, refs), refs) if c.kind == "narrative"]
    assert [(c.authors[0], c.year, c.reference) for c in cites] == [("Tiebout", "1956", 0), ("Eisenmann", "1982", 1)]


def test_footnotes_citing_un_symbols_see_and_prose_remarks():
    """UN E/2025/44 (CEPA report) footnotes cite documents by symbol after "See"; a PWYF 2013
    (CC BY) footnote is a remark with a date, not a cited work."""
    doc = make_doc([("body", "The Committee discussed the theme.1 Its report2 and a remark3 follow."),
                    ("footnote:1", "1 See E/C.16/2025/2."),
                    ("footnote:2", "2 See E/C.16/2025/5, sect. V."),
                    ("footnote:3", "3 La Croatie n’est pas comprise dans cette analyse car la collecte de données "
                                   "avait démarré avant que la Croatie ne devienne membre de l’UE le 1er juillet 2013.")])
    from dclit.biblio import find_references

    refs = find_references(doc)
    assert [(r.raw, r.csl.get("number"), r.csl.get("issued")) for r in refs] == [
        ("E/C.16/2025/2.", "E/C.16/2025/2", {"date-parts": [[2025]]}),
        ("E/C.16/2025/5, sect. V.", "E/C.16/2025/5", {"date-parts": [[2025]]})]
    assert all(not r.csl.get("author") for r in refs)
