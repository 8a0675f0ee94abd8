"""Fixes from the dev annotations (TAG_VERSION 2): sentences are from the annotated corpus."""
import pytest

from tests.tag.test_tagger import found


def concepts(tagger, text, lang="en"):
    return [c for c, _ in found(tagger, text, lang)]


def test_gappy_label_allows_one_adjective(tagger):
    text = ("Deux principaux enjeux : 1) le transfert effectif de compétences et de ressources "
            "vers les collectivités territoriales.")
    assert ("devolution", "transfert effectif de compétences") in found(tagger, text, "fr")


def test_gap_is_never_a_stop_word_or_two_words(tagger):
    assert concepts(tagger, "Le transfert de ces compétences.", "fr") == []
    assert concepts(tagger, "La transferencia de un gran número de competencias.", "es") == []


def test_exact_label_beats_gapped_one(tagger):
    got = found(tagger, "Le transfert des compétences aux communes.", "fr")
    assert got == [("devolution", "transfert des compétences")]


def test_administrative_decentralisation_is_not_deconcentration(tagger):
    got = found(tagger, "Administrative decentralization transfers functions; deconcentration moves staff.")
    assert got == [("administrative_decentralisation", "Administrative decentralization"),
                   ("deconcentration", "deconcentration")]


def test_budgetary_decentralisation_is_fiscal(tagger):
    got = found(tagger, "En China, la elevada descentralización presupuestaria sólo es posible.", "es")
    assert got == [("fiscal_decentralisation", "descentralización presupuestaria")]


@pytest.mark.parametrize("text,span", [
    ("What are the enabler of localizing SDGs in Oecusse?", "localizing SDGs"),
    ("The priority program of the region in line with SDG's localization in Oecussi.", "SDG's localization"),
    ("Localization refers to both how national and sub-national governments can support the SDGs.",
     "Localization"),
])
def test_sdg_localisation_variants(tagger, text, span):
    assert ("sdg_localisation", span) in found(tagger, text)


def test_bare_localisation_needs_the_sdgs_nearby(tagger):
    assert concepts(tagger, "Software localization of the app took a month.") == []


@pytest.mark.parametrize("text,concept,span", [
    ("As part of Accelerator Lab learning cycle program priority for 2023.", "organisational_learning",
     "learning cycle"),
    ("We will work with the Diasporic organizations and the Ministry.", "diaspora", "Diasporic organizations"),
    ("The brain drain in Guinea-Bissau is not in vain.", "migration_development", "brain drain"),
    ("Cape Verde's transition into e-governance.", "smart_city", "e-governance"),
    ("Remittances to family or local small-scale NGOs dedicated to social causes.", "civil_society", "NGOs"),
])
def test_reviewer_gaps_english(tagger, text, concept, span):
    assert (concept, span) in found(tagger, text)


def test_reviewer_gaps_spanish(tagger):
    text = ("Mecanismos de subvención de contrapartida, bonos municipales y alianzas con las asociaciones "
            "de oriundos. Comparar el coste de las transferencias de dinero.")
    assert found(tagger, text, "es") == [("municipal_finance", "bonos municipales"),
                                         ("partnership_mutuality", "alianzas"),
                                         ("diaspora", "asociaciones de oriundos"),
                                         ("remittances", "transferencias de dinero")]


def test_inflected_verb_forms_through_lookup_lemmas(tagger):
    assert ("capacity_development", "renforcé les capacités") in found(
        tagger, "Le programme a renforcé les capacités aux niveaux national et local.", "fr")


def test_dutch_labels_plurals_and_lemmas(tagger):
    text = ("Microprojecten en ontwikkelingsactiviteiten in het kader van de gedecentraliseerde samenwerking. "
            "Steun voor initiatieven met betrekking tot capaciteitsopbouw. De technische bijstand moet "
            "vraaggestuurd opereren. Stedenbanden en decentralisatie.")
    assert set(concepts(tagger, text, "nl")) == {"decentralised_cooperation", "capacity_development",
                                                 "technical_assistance", "ownership", "twinning",
                                                 "decentralisation"}


def test_dutch_false_friends(tagger):
    text = ("De middelen van gedecentraliseerde organisaties uit de ACS-staten. Een delegatie bezocht Brussel. "
            "Het ACS-EG-Comité voor samenwerking inzake ontwikkelingsfinanciering stelt richtsnoeren op.")
    assert concepts(tagger, text, "nl") == []
