"""The tables computed from a small store built by the real pipeline."""
import pandas as pd
import pytest

from dclit.errors import ConfigError
from dclit.tables import TableOptions, compute_all, load_corpus
from dclit.tables.compute import MARK, compute_concept_matrix, is_substantive


def _doc(data, needle):
    return next(d for d in data.docs if needle in d.path)


def test_every_table_is_a_dataframe_in_a_fixed_order(data, store, registry):
    first = compute_all(data)
    again = compute_all(load_corpus(store, registry=registry))
    assert list(first) == ["sources", "concept_matrix", "synthesis", "definitions", "terminology_years",
                           "terminology_orgs", "cited_works", "unresolved_citations", "topics", "theme_cooccurrence"]
    for name, df in first.items():
        assert isinstance(df, pd.DataFrame), name
        pd.testing.assert_frame_equal(df, again[name], check_dtype=True)


def test_sources_row_per_document_with_counts(data):
    df = compute_all(data)["sources"]
    assert len(df) == len(data.docs) == 4
    paper = df[df["document"].str.startswith("Twinning and city-to-city")].iloc[0]
    assert paper["references"] == 3
    assert paper["citations"] >= 6 and paper["linked citations"] >= 5
    assert "decentralised cooperation" in paper["top themes (per 10k words)"]
    assert paper["top topics"].startswith("T")


def test_concept_matrix_marks_substantive_discussion(data):
    df = compute_concept_matrix(data)
    row = df[df["document"].str.startswith("Twinning and city-to-city")].iloc[0]
    col = "decentralised cooperation / decentralised cooperation"
    assert row[col].endswith(MARK)  # 5 mentions over 2 passages in 146 words
    assert int(row[col].split()[0]) >= 4
    groups = dict(df.attrs["groups"])
    assert col in groups["decentralised cooperation"]
    # a single passing mention is counted but not marked
    assert any(v and not v.endswith(MARK) for v in df.drop(columns="document").to_numpy().ravel())


def test_substantive_rule_thresholds():
    assert is_substantive(3, 2, 600)
    assert not is_substantive(3, 1, 600)  # all in one passage
    assert not is_substantive(2, 2, 600)  # too few
    assert not is_substantive(3, 2, 50000)  # 0.6 per 10k words in a long report: passing


def test_synthesis_quotes_carry_a_page_and_the_theme(data):
    df = compute_all(data)["synthesis"]
    cell = df[df["document"].str.startswith("Twinning")].iloc[0]["decentralised cooperation"]
    assert cell.startswith("“") and cell.endswith("(p. 1)")
    assert "city-to-city cooperation" in cell or "ecentralised cooperation" in cell
    fr = df[df["document"] == _doc(data, "liptako").name].iloc[0]["decentralisation"]
    assert "décentralisation" in fr.lower()


def test_definitions_found_and_false_genus_refused(data):
    df = compute_all(data)["definitions"]
    defs = set(zip(df["concept"], df["pattern"]))
    assert ("decentralised cooperation", "defined as") in defs
    assert ("local self-government", "means") in defs  # "Local self-government denotes the right…"
    assert not df["definition"].str.startswith("The cornerstone").any()  # X is not the subject there


def test_terminology_by_year_and_organisation(data):
    tables = compute_all(data)
    years, orgs = tables["terminology_years"], tables["terminology_orgs"]
    fr = years[(years["label"] == "décentralisation") & (years["language"] == "fr")]
    assert fr["mentions"].sum() >= 3
    assert years["mentions"].sum() == orgs["mentions"].sum() == len(data.mentions)


def test_citations_tables(data):
    tables = compute_all(data)
    works = tables["cited_works"]
    assert {"hafteck2003introduction", "zelinsky1991twinning"} <= set(works["work"])
    assert (works["citing documents"] >= 1).all()
    unresolved = tables["unresolved_citations"]
    row = unresolved.iloc[0]
    assert row["unresolved"] >= 1 and "Smith" in row["examples"]  # Smith (2012) is not in the bibliography


def test_topics_and_cooccurrence(data):
    tables = compute_all(data)
    topics = tables["topics"]
    assert list(topics["topic"]) == [-1, 0, 1]
    assert topics.loc[topics["topic"] == 0, "representative passage"].iloc[0].startswith("“")
    co = tables["theme_cooccurrence"].set_index("theme")
    assert (co.values == co.values.T).all()
    assert co.loc["decentralisation", "decentralisation"] >= co.loc["decentralisation", "subsidiarity"] >= 1


def test_filters_docs_lang_theme(store, registry):
    fr = load_corpus(store, TableOptions(langs=("fr",)), registry=registry)
    assert [d.language for d in fr.docs] == ["fr"]
    theme = load_corpus(store, TableOptions(theme="decentralised_cooperation"), registry=registry)
    assert {m.concept for m in theme.mentions} <= {"decentralised_cooperation",
                                                   *registry.descendants("decentralised_cooperation")}
    assert compute_all(theme)["synthesis"].columns.tolist() == ["document", "decentralised cooperation"]
    one = load_corpus(store, TableOptions(docs=("*hostile*",)), registry=registry)
    assert len(one.docs) == 1
    with pytest.raises(ConfigError, match="selects no document"):
        load_corpus(store, TableOptions(docs=("nothing-like-this",)), registry=registry)
    with pytest.raises(ConfigError, match="--theme"):
        load_corpus(store, TableOptions(theme="no_such_theme"), registry=registry)
