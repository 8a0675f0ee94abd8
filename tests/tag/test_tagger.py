import pytest

from dclit.tag.tagger import Tagger, document_from_text, tag_text


def found(tagger, text, lang="en", flagged=False):
    doc = document_from_text(text, lang)
    mentions = tagger.tag(doc)
    for m in mentions:
        assert doc.text[m.start:m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
    return [(m.concept, m.text) + ((m.flag,) if flagged else ()) for m in mentions]


def test_inflections_and_plurals(tagger):
    got = found(tagger, "City links and twinnings are old. Sister cities too. Decentralised cooperations.")
    assert ("town_linking", "City links") in got
    assert ("twinning", "twinnings") in got
    assert ("twinning", "Sister cities") in got
    assert ("decentralised_cooperation", "Decentralised cooperations") in got


def test_ise_ize_hyphens_and_co_operation(tagger):
    got = found(tagger, "Decentralized co-operation, decentralisation and decentralization. "
                        "City-to-city cooperation and city to city cooperation. Capacity-building.")
    assert got == [("decentralised_cooperation", "Decentralized co-operation"),
                   ("decentralisation", "decentralisation"), ("decentralisation", "decentralization"),
                   ("city_to_city_cooperation", "City-to-city cooperation"),
                   ("city_to_city_cooperation", "city to city cooperation"),
                   ("capacity_development", "Capacity-building")]


def test_abbreviation_defined_in_text_counts_later_only(tagger):
    text = "A MIC project. Municipal International Cooperation (MIC) grew. MIC and MICs matter."
    got = found(tagger, text)
    assert got.count(("municipal_international_cooperation", "MIC")) == 1  # not before, not the definition
    assert ("municipal_international_cooperation", "MICs") in got
    assert ("municipal_international_cooperation", "Municipal International Cooperation") in got


def test_abbreviation_not_defined_is_not_tagged(tagger):
    assert found(tagger, "MIC countries borrow more.") == []


def test_eu_delegation_is_not_decentralisation(tagger):
    text = ("The EU Delegation in Niger met the mayor. The delegation of the Commission visited Dakar. "
            "A delegation from Mali visited. Delegation of powers to municipalities deepens decentralisation.")
    got = found(tagger, text)
    assert [c for c, t in got if c == "delegation"] == ["delegation"]
    assert ("delegation", "Delegation of powers") in got


def test_linking_as_verb_is_not_the_modality(tagger):
    got = found(tagger, "The road through the city linking the two regions was built. "
                        "The city linked its budget to results. Town linking between Bristol and Beira grew.")
    assert got == [("town_linking", "Town linking")]


def test_twins_and_linked_do_not_match(tagger):
    assert found(tagger, "The twins linked arms.") == []


def test_eu_twinning_instrument_is_flagged(tagger):
    got = found(tagger, "The Twinning project under TAIEX brought Member State administrations to Tunis. "
                        "Town twinning links Lyon and Porto Novo.", flagged=True)
    assert ("twinning", "Twinning", "eu_twinning_instrument") in got
    assert ("twinning", "Town twinning", None) in got


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "Les coopérations décentralisées et les jumelages.", {"decentralised_cooperation", "twinning"}),
    ("es", "Las remesas colectivas y la cooperación descentralizada.", {"remittances", "decentralised_cooperation"}),
    ("it", "La cooperazione decentrata e i gemellaggi.", {"decentralised_cooperation", "twinning"}),
    ("de", "Städtepartnerschaften und Dezentralisierung.", {"twinning", "decentralisation"}),
])
def test_other_languages(tagger, lang, text, expected):
    assert {c for c, _ in found(tagger, text, lang)} == expected


def test_offsets_page_passage_and_order_are_exact(tagger):
    text = "Intro paragraph.\n\nSecond on subsidiarity. Then remittances and diaspora."
    doc = document_from_text(text)
    ms = tagger.tag(doc)
    assert [m.text for m in ms] == ["subsidiarity", "remittances", "diaspora"]
    assert all(m.passage == 1 and m.page == 1 for m in ms)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    assert tagger.tag(doc) == ms  # deterministic


def test_language_without_labels_is_skipped(tagger):
    assert tag_text("decentralizacja i subsydiarność", "pl", tagger) == []
