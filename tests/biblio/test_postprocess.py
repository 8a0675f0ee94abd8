"""Label post-processing and the evaluation's matchers, on real labelled reference strings.

Strings quoted from AnyStyle's parser data (BSD-2-Clause, (c) Sylvester Keil) and GROBID's
citation data (CC BY 4.0); see models/README.md.
"""
from dclit.biblio.crf import lone_container_title, postprocess, to_csl
from dclit.biblio.data import Example
from dclit.biblio.evaluate import score, strict_text
from dclit.biblio.features import tokenize


def _labels(raw: str, spans: list[tuple[str, str]]) -> tuple[list, list[str]]:
    """Tokens of ``raw`` and the label of the span (by text) each token starts in."""
    tokens = tokenize(raw)
    bounds, pos = [], 0
    for lab, text in spans:
        i = raw.index(text, pos)
        bounds.append((i, i + len(text), lab))
        pos = i + len(text)
    return tokens, [next(lab for a, b, lab in bounds if a <= t.start < b) for t in tokens]


BULTMANN = ("Bultmann, Rudolph. New Testament and Theology and Other Basic Writings. Edited and translated by "
            "Schubert M. Ogden. Philadelphia: Fortress, 1984.")


def test_a_lone_container_before_publisher_is_the_books_title():
    tokens, labels = _labels(BULTMANN, [
        ("author", "Bultmann, Rudolph."), ("container", "New Testament and Theology and Other Basic Writings."),
        ("editor", "Edited and translated by Schubert M. Ogden."), ("place", "Philadelphia:"),
        ("publisher", "Fortress,"), ("date", "1984.")])
    item = to_csl(BULTMANN, tokens, lone_container_title(BULTMANN, tokens, labels))
    assert item["title"] == "New Testament and Theology and Other Basic Writings"
    assert "container-title" not in item


def test_journals_and_chapters_keep_their_container():
    raw = "J. EWING, G. K. HUGUES, E. RITCHIE et W. C. TAYLOR. Nature (London), 169, 618 (1952)."
    tokens, labels = _labels(raw, [("author", "J. EWING, G. K. HUGUES, E. RITCHIE et W. C. TAYLOR."),
                                   ("container", "Nature"), ("place", "(London),"), ("volume", "169,"),
                                   ("pages", "618"), ("date", "(1952).")])
    assert lone_container_title(raw, tokens, labels) == labels  # volume and pages follow: a journal
    raw = ("Py, J., & Somat, A. (1991). Normativité, conformité et clairvoyance : leurs effets sur le jugement "
           "évaluatif dans un contexte scolaire. In J. -L. Beauvois, R. -V. Joule & J. -M. Monteil (Eds.), "
           "Perspectives cognitives et conduites sociales (Vol. 3, pp. 27-55). Cousset: Delval.")
    # had the tagger missed the chapter title, "In …" still marks the book as a container
    tokens, labels = _labels(raw, [("author", "Py, J., & Somat, A."), ("date", "(1991)."),
                                   ("note", raw[raw.index("Normativité"):raw.index(" In J.")]),
                                   ("container", raw[raw.index("In J."):raw.index(" Cousset")]),
                                   ("place", "Cousset:"), ("publisher", "Delval.")])
    assert lone_container_title(raw, tokens, labels) == labels


def test_strict_and_soft_matchers():
    ex = Example("x", "raw", "numeric", [], [], {"authors_raw": ["Müller, K."], "year": "2001",
                                                  "title": "Über Städte", "container": "J. Urban Aff."})
    item = {"author": [{"family": "Muller"}], "issued": {"date-parts": [[2001]]}, "title": "über städte.",
            "container-title": "J Urban Aff"}
    s = score([ex], lambda e: item, matchers=("strict", "soft", "lev", "ro"))
    assert [s["strict"]["all"][f]["f1"] for f in ("family", "year", "title", "container")] == [0, 1, 0, 0]
    assert [s["soft"]["all"][f]["f1"] for f in ("family", "year", "title", "container")] == [1, 1, 1, 1]
    assert strict_text(" “Über  Städte.” ") == "Über Städte"


def test_slashes_split_title_and_container():
    raw = "eLISA, the first gravitational wave observatory in space // eLISA consortium. Retrived 12 November 2013.."
    tokens, labels = _labels(raw, [("title", raw[:raw.index(" Retrived")]), ("date", raw[raw.index("Retrived"):])])
    item = to_csl(raw, tokens, postprocess(raw, tokens, labels))
    assert (item["title"], item["container-title"]) == ("eLISA, the first gravitational wave observatory in "
                                                         "space", "eLISA consortium")


def test_a_year_closing_the_title_is_the_date():
    raw = ("Tokutaka, H., Fujimura, K., Ohkita, M. Cluster Analysis using Spherical SOM 2006 Journal of "
           "Biomedical Fuzzy Systems Association 8 29--39 in Japanese")
    tokens, labels = _labels(raw, [("author", "Tokutaka, H., Fujimura, K., Ohkita, M."),
                                   ("title", "Cluster Analysis using Spherical SOM 2006"),
                                   ("container", "Journal of Biomedical Fuzzy Systems Association"),
                                   ("volume", "8"), ("pages", "29--39"), ("note", "in Japanese")])
    item = to_csl(raw, tokens, postprocess(raw, tokens, labels))
    assert item["title"] == "Cluster Analysis using Spherical SOM" and item["issued"] == {"date-parts": [[2006]]}
    dated = ["date" if t.text == "Japanese" else lab for t, lab in zip(tokens, labels)]
    assert postprocess(raw, tokens, dated) == dated  # a date elsewhere: the title keeps its number
