"""The committed CRF model on held-out references (rows with sha1(id) % 10 == 0, never trained on).

Strings quoted from AnyStyle's parser data (BSD-2-Clause, (c) Sylvester Keil); see models/README.md.
Overall held-out scores are in models/refparser.json and benchmarks/references.py.
"""
import pytest

from dclit.biblio import parse_reference
from dclit.biblio.data import held_out
from dclit.biblio.evaluate import norm

HELD_OUT = [
    ("anystyle:gold:19", "30 Basso, D. M., Beattie, M. S. & Bresnahan, J. C. A sensitive and reliable locomotor "
     "rating scale for open field testing in rats. Journal of neurotrauma 12, 1-21 (1995).",
     ["Basso", "Beattie", "Bresnahan"], 1995, "A sensitive and reliable locomotor rating scale for open field "
     "testing in rats", "Journal of neurotrauma"),
    ("anystyle:gold:44", "Py, J., & Somat, A. (1991). Normativité, conformité et clairvoyance : leurs effets sur le "
     "jugement évaluatif dans un contexte scolaire. In J. -L. Beauvois, R. -V. Joule & J. -M. Monteil (Eds.), "
     "Perspectives cognitives et conduites sociales (Vol. 3, pp. 27-55). Cousset: Delval.",
     ["Py", "Somat"], 1991, "Normativité, conformité et clairvoyance : leurs effets sur le jugement évaluatif "
     "dans un contexte scolaire", "Perspectives cognitives et conduites sociales"),
    ("anystyle:gold:91", "139. Siemering, K.R., et al., Mutations that suppress the thermosensitivity of green "
     "fluorescent protein. Curr Biol, 1996. 6(12): p. 1653-63.",
     ["Siemering"], 1996, "Mutations that suppress the thermosensitivity of green fluorescent protein", "Curr Biol"),
    ("anystyle:gold:109", "Harrison R.M., Stedman J. and Derwent D. (2008). Atmospheric Science Perspectives "
     "Special Series New Directions: Why are PM10 concentrations in Europe not falling? Atmospheric Environment, "
     "42: 603- 606.",
     ["Harrison", "Stedman", "Derwent"], 2008, "Atmospheric Science Perspectives Special Series New Directions: "
     "Why are PM10 concentrations in Europe not falling?", "Atmospheric Environment"),
]


@pytest.mark.parametrize("row_id, raw, families, year, title, container", HELD_OUT)
def test_held_out_reference_fields(row_id, raw, families, year, title, container):
    assert held_out(row_id)
    item = parse_reference(raw)
    assert [a.get("family") for a in item["author"]] == families
    assert item["issued"] == {"date-parts": [[year]]}
    assert norm(item["title"]) == norm(title)
    assert norm(item["container-title"]) == norm(container)


def test_seed_paper_style_reference_to_csl():
    item = parse_reference("Hafteck, P. (2003). An Introduction to Decentralized Cooperation: Definitions, Origins "
                           "and Conceptual Mapping. Public Administration and Development 23(4): 333-345.")
    assert item["author"] == [{"family": "Hafteck", "given": "P."}]
    assert (item["volume"], item["issue"], item["page"]) == ("23", "4", "333-345")
    assert item["container-title"] == "Public Administration and Development"
    assert item["type"] == "article-journal"
    eds = parse_reference("Baud, I.S.A. and Post, J. (eds.) (2002b). Re-aligning Actors in an urbanizing world, "
                          "Ashgate Publishers, Aldershot.")
    assert [e["family"] for e in eds["editor"]] == ["Baud", "Post"] and eds["year-suffix"] == "b"


def test_missing_model_names_the_make_target(tmp_path):
    from dclit.biblio.crf import parse
    from dclit.errors import MissingExtraError

    with pytest.raises(MissingExtraError, match="make train-refs"):
        parse("Smith, J. (2001). Title.", model=tmp_path / "none.crfsuite")
