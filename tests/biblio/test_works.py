"""Corpus-level works: dedup, stable keys, counts, co-citation."""
from dclit.biblio.works import build_works, co_citation
from dclit.records import Citation, Reference


def ref(doc, i, family, year, title, doi=None):
    csl = {"author": [{"family": family}], "issued": {"date-parts": [[year]]}, "title": title}
    if doi:
        csl["DOI"] = doi
    return Reference(doc, i, 0, 1, 1, "raw", csl)


def test_dedup_keys_counts_and_cocitation():
    a = [ref("A", 0, "Hafteck", 2003, "An Introduction to Decentralized Cooperation: Definitions, Origins"),
         ref("A", 1, "Bontenbal", 2005, "Understanding city-to-city cooperation"),
         ref("A", 2, "Smith", 2001, "Aid and cities", doi="10.1/abc")]
    b = [ref("B", 0, "Hafteck", 2003, "An introduction to decentralised cooperation: definitions, origins"),
         ref("B", 1, "Bontebal", 2005, "Understanding city to city cooperation"),
         ref("B", 2, "Smyth", 2001, "Completely other title", doi="10.1/ABC"),
         ref("B", 3, "Hafteck", 2004, "An Introduction to Decentralized Cooperation: Definitions, Origins")]
    cites = [Citation("A", 0, 0, 1, 1, "x", ("Hafteck",), "2003", reference=0),
             Citation("A", 1, 0, 1, 1, "x", ("Hafteck",), "2003", reference=0),
             Citation("B", 0, 0, 1, 1, "x", ("Hafteck",), "2003", reference=0)]
    works = build_works([("B", b, [cites[2]]), ("A", a, cites[:2])])
    keys = [w.key for w in works]
    assert keys == ["bontenbal2005understanding", "hafteck2003introduction", "hafteck2004introduction",
                    "smyth2001completely"]
    h = works[1]
    assert h.citing_docs == {"A", "B"} and h.citations == 3 and sorted(h.members) == [("A", 0), ("B", 0)]
    assert works[3].citing_docs == {"A", "B"}  # same DOI despite the different names and titles
    assert works[2].citing_docs == {"B"}  # another year is another work
    # order of the input does not change keys
    assert [w.key for w in build_works([("A", a, []), ("B", b, [])])] == keys
    pairs = co_citation(works)
    assert pairs[0][2] == 2 and ("bontenbal2005understanding", "hafteck2003introduction", 2) in pairs


def test_key_collisions_get_letters():
    rs = [ref("A", 0, "Baud", 2002, "North-South partnerships"), ref("A", 1, "Baud", 2002, "North and South")]
    assert [w.key for w in build_works([("A", rs, [])])] == ["baud2002northa", "baud2002northb"]
