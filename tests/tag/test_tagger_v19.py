"""TAG_VERSION 19 labels, written after reading the first blind score of test16 (which is therefore no
longer blind). Sentences from the corpus: UCLG country profiles of Bolivia and Germany (English)."""
from tests.tag.test_tagger import found


def test_hyphenated_own_revenue_and_co_participation_terms(tagger):
    text = "The law gives local government two sources of income: i) Own-revenue resources from property tax."
    assert found(tagger, text)[0] == ("fiscal_decentralisation", "Own-revenue resources")
    text = "Own-revenue generation is extremely limited in most municipalities."
    assert found(tagger, text) == [("fiscal_decentralisation", "Own-revenue generation")]
    text = "ii) Co-participation transfers by which 20% of almost all the centrally collected taxes go to municipalities."
    assert found(tagger, text) == [("fiscal_decentralisation", "Co-participation transfers")]


def test_a_german_shared_tax_label_in_its_common_spelling(tagger):
    text = "Municipalities receive a share of the joint taxes (Gemeinschaftssteuern) levied by the Federation."
    assert ("fiscal_decentralisation", "Gemeinschaftssteuern") in found(tagger, text)
