"""BibTeX escaping, CSL-JSON and RIS output."""
import json

import bibtexparser

from dclit.biblio.export import bibtex_escape, export

ITEM = {"id": "smith2001costs", "type": "article-journal", "title": "Costs & benefits: 50% of {aid} #1_a ~x^2 $5",
        "author": [{"family": "Smith", "given": "J."}, {"literal": "UN-HABITAT"},
                   {"family": "de Wit", "given": "Joop"}],
        "container-title": "Journal of R&D", "volume": "3", "issue": "2", "page": "10–20",
        "issued": {"date-parts": [[2001]]}, "year-suffix": "b", "DOI": "10.1000/x_y"}


def test_bibtex_escape_every_special_character():
    assert bibtex_escape(r"a & b % c $ d # e _ f { g } h ~ i ^ j \ k") == (
        r"a \& b \% c \$ d \# e \_ f \{ g \} h \textasciitilde{} i \textasciicircum{} j \textbackslash{} k")
    assert bibtex_escape("Café São Paulo") == "Café São Paulo"


def test_bibtex_entry_round_trips_through_a_parser():
    text = export([ITEM], "bibtex")
    assert r"Costs \& benefits: 50\% of \{aid\} \#1\_a" in text
    db = bibtexparser.loads(text)
    e = db.entries[0]
    assert e["ID"] == "smith2001costs" and e["ENTRYTYPE"] == "article"
    assert e["author"] == "Smith, J. and {UN-HABITAT} and {de Wit}, Joop"
    assert e["pages"] == "10--20" and e["year"] == "2001" and e["journal"] == r"Journal of R\&D"
    assert e["doi"] == "10.1000/x_y"


def test_csljson_and_ris():
    assert json.loads(export([ITEM], "csljson"))[0]["id"] == "smith2001costs"
    ris = export([ITEM], "ris").splitlines()
    assert ris[0] == "TY  - JOUR" and "AU  - UN-HABITAT" in ris and "AU  - de Wit, Joop" in ris
    assert "SP  - 10" in ris and "EP  - 20" in ris and ris[-1] == "ER  - "
