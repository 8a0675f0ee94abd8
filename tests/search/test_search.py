"""Search: query language, concept expansion (mentions vs labels), filters, KWIC, safety."""
import csv
import io
import re

import pytest

from dclit.errors import QueryError
from dclit.search import build_query, format_kwic, kwic_csv, kwic_lines, parse_query, search
from dclit.store.search_sql import QAnd, QConcept, QNot, QOr, QText, SearchFilters, fts_expression

A, B, C, D = ("a" * 64, "b" * 64, "c" * 64, "d" * 64)


def _where(result):
    return {(h.doc_id, h.passage) for h in result.hits}


def test_word_search_ignores_case_and_accents_and_ranks_with_bm25(ro_store):
    r = search(ro_store, "cooperation")
    assert _where(r) == {(A, 0), (A, 1), (B, 0)}  # "coopération" matches too
    assert r.total == 3
    scores = [h.score for h in r.hits]
    assert scores == sorted(scores) and all(s < 0 for s in scores)  # bm25: lower is better
    assert r.hits[0].passage == 0  # the short heading is the densest match


def test_phrase_query_needs_the_words_in_order(ro_store):
    assert _where(search(ro_store, '"sister cities"')) == {(A, 1)}
    assert search(ro_store, '"cities sister"').total == 0


def test_boolean_and_prefix_queries(ro_store):
    stemmed = {(C, 0)} if ro_store.backend == "postgresql" else set()  # PostgreSQL stems: "twin city" holds twin
    assert _where(search(ro_store, "twinning NOT EU")) == {(A, 2), (D, 0)} | stemmed
    assert _where(search(ro_store, "jumelage OR \"sister cities\"")) == {(A, 1), (B, 0)}
    assert _where(search(ro_store, "Lyon AND (budget OR agreement)")) == {(A, 2), (A, 4)}
    assert (A, 2) in _where(search(ro_store, "twin*")) and (C, 0) in _where(search(ro_store, "twin*"))


def test_concept_query_uses_mentions_where_tagged_and_labels_elsewhere(ro_store, registry):
    r = search(ro_store, "concept:twinning", registry=registry)
    # A.2: "twinnings" (inflected) found by the tagger; A.3 "EU Twinning" flagged, so left out;
    # B.0: French "jumelage"; C: never tagged, found by its label "twin city".
    assert _where(r) == {(A, 1), (A, 2), (B, 0), (C, 0), (D, 0)}
    kws = {line.keyword for line in kwic_lines(r)}
    assert {"twinnings", "twinning agreement", "jumelage", "sister cities", "twin city"} <= kws
    concept_lines = [x for x in kwic_lines(r) if x.doc_id == A]
    assert all(x.concept == "twinning" for x in concept_lines)


def test_concept_sources_labels_and_mentions_differ_as_documented(ro_store, registry):
    labels = _where(search(ro_store, "concept:twinning", registry=registry, source="labels"))
    mentions = _where(search(ro_store, "concept:twinning", registry=registry, source="mentions"))
    assert (A, 3) in labels and (A, 3) not in mentions  # the EU Twinning false friend
    assert (C, 0) in labels and (C, 0) not in mentions  # untagged document
    assert (A, 2) in mentions


def test_concept_includes_narrower_concepts_in_every_language(ro_store, registry):
    node = build_query("concept:decentralised_cooperation", registry=registry)
    assert "twinning" in node.ids and "jumelage" in node.labels and "coopération décentralisée" in node.labels
    r = search(ro_store, "", concept="decentralised_cooperation", registry=registry)
    assert {(A, 0), (A, 1), (A, 2), (B, 0)} <= _where(r)


def test_concept_may_be_named_by_any_label_and_combined_with_words(ro_store, registry):
    assert build_query("concept:jumelage", registry=registry).name == "twinning"
    assert build_query('concept:"sister city"', registry=registry).name == "twinning"
    r = search(ro_store, "Lyon", concept="twinning", registry=registry)
    assert _where(r) == {(A, 2)}
    assert {x.keyword for x in kwic_lines(r)} == {"Lyon", "twinning agreement", "twinnings"}


def test_filters(ro_store, registry):
    q = "concept:twinning"
    run = lambda **kw: _where(search(ro_store, q, registry=registry, filters=SearchFilters(**kw)))  # noqa: E731
    assert run(langs=("fr",)) == {(B, 0)}
    assert run(year_from=2014, year_to=2016) == {(A, 1), (A, 2)}
    assert run(year_from=2020) == {(B, 0), (D, 0)}
    assert run(doc_types=("note",)) == {(C, 0)}
    assert run(doc_ids=(B,)) == {(B, 0)}
    assert run(theme="decentralised_cooperation") == {(A, 1), (A, 2), (B, 0), (D, 0)}
    assert run(theme="decentralised_cooperation", theme_passage=True) == {(A, 1), (A, 2), (B, 0), (D, 0)}
    assert _where(search(ro_store, "Lyon", filters=SearchFilters(kinds=("footnote",)))) == {(A, 4)}


def test_hits_carry_printed_page_labels(ro_store):
    r = search(ro_store, "agreement")
    assert [(h.page, h.page_label) for h in r.hits] == [(2, "12")]
    assert [x.page_label for x in kwic_lines(r)] == ["12"]
    assert [x.page_label for x in kwic_lines(search(ro_store, "Funding"))] == ["13"]


def test_paging_and_totals(ro_store, registry):
    first = search(ro_store, "concept:twinning", registry=registry, limit=2)
    rest = search(ro_store, "concept:twinning", registry=registry, limit=10, offset=2)
    assert first.total == rest.total == 5
    assert len(first.hits) == 2 and len(rest.hits) == 3
    assert not _where(first) & _where(rest)
    assert search(ro_store, "concept:twinning", registry=registry, offset=50).total == 5


@pytest.mark.parametrize("query, says", [
    ('"sister city', "double quote is never closed"),
    ("(twinning OR jumelage", "'(' is never closed"),
    ("twinning)", "')' has no opening"),
    ("NOT twinning", "NOT must follow what it excludes"),
    ("twinning OR", "ends where a word was expected"),
    ("AND twinning", "AND needs a word on each side"),
    ("title:twinning", "no field 'title:'"),
    ("&", "no letters or digits"),
    ("twin*ning", "may only end a word"),
    ("   ", "empty"),
    ("concept:", "needs a concept id"),
])
def test_malformed_queries_say_how_to_write_one(query, says, registry):
    with pytest.raises(QueryError, match=re.escape(says)) as err:
        parse_query(query, registry)
    assert err.value.code == "E300"
    assert "exact phrases" in str(err.value) and "concept:twinning" in str(err.value)


def test_unknown_concept_suggests_close_ids(registry):
    with pytest.raises(QueryError, match=r"no concept 'twining'.*Did you mean twinning"):
        build_query("concept:twining", registry=registry)


def test_user_text_never_becomes_fts_or_sql_syntax(ro_store):
    node = parse_query('NEAR "x" OR text "a""b" "Robert\'); DROP TABLE passages;--"')
    assert isinstance(node, QOr)
    with pytest.raises(QueryError, match="no field 'text:'"):
        parse_query("text:*")
    assert fts_expression(QText('a"b')) == '"a""b"'
    for q in ['"Robert\'); DROP TABLE passages;--"', '"passages_fts MATCH *"', 'NEAR NEAR', '"x\'"" OR 1=1"']:
        search(ro_store, q)
    assert ro_store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 9


def test_query_tree_shape():
    node = parse_query('twinning "sister city" NOT EU OR cooperat*')
    assert node == QOr((QAnd((QText("twinning"), QText("sister city"), QNot(QText("EU")))),
                        QText("cooperat", prefix=True)))
    assert fts_expression(node) == '(("twinning" AND "sister city" NOT "EU") OR "cooperat" *)'


def test_kwic_is_aligned_and_exports_csv(ro_store, registry):
    lines = kwic_lines(search(ro_store, "concept:twinning", registry=registry), width=30)
    text = format_kwic(lines, width=30).splitlines()
    starts = {row.index(x.keyword, len(row) - len(x.keyword) - len(x.right) - 40)
              for row, x in zip(text[1:], lines)}
    assert len(starts) == 1  # every keyword begins in the same column
    assert all(len(x.left) <= 30 for x in lines)
    rows = list(csv.DictReader(io.StringIO(kwic_csv(lines))))
    assert len(rows) == len(lines)
    assert rows[0]["keyword"] == lines[0].keyword and rows[0]["page_label"] == lines[0].page_label
    hostile = [r for r in rows if r["doc_id"] == D][0]
    assert hostile["left"].startswith("<script>")


def test_concept_node_is_a_dataclass_of_labels(registry):
    node = build_query("", concept="twinning", registry=registry)
    assert isinstance(node, QConcept) and node.ids == ("twinning",)
    assert "Städtepartnerschaft" in node.labels and "hermanamiento" in node.labels
