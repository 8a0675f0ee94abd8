"""TAG_VERSION 14 rules, written after reading the first blind score of test11 (which is therefore no
longer blind; test12 was annotated and adjudicated before these rules were scored on it). One sentence
each from the corpus: UCLG GOLD I conclusion en, GOLD I Latin America fr, GOLD II executive summary
en/fr/es."""
from tests.tag.test_tagger import found


def test_local_taxes_and_revenue_autonomy_are_fiscal_decentralisation(tagger):
    text = ("Some explicit attempts to enhance tax autonomy have been made. Property taxation challenges: the "
            "property tax is the most commonly recommended local government tax. Local sales taxes are used "
            "in a few countries, and Brazil and Chile use explicit equalization schemes.")
    assert found(tagger, text) == [("fiscal_decentralisation", "tax autonomy"),
                                   ("fiscal_decentralisation", "Property taxation"),
                                   ("fiscal_decentralisation", "property tax"),
                                   ("fiscal_decentralisation", "local government tax"),
                                   ("fiscal_decentralisation", "Local sales taxes"),
                                   ("fiscal_decentralisation", "equalization")]
    text = "De nombreux aspects essentiels de ce dispositif de coparticipation fiscale entre le gouvernement central."
    assert found(tagger, text, "fr") == [("fiscal_decentralisation", "coparticipation fiscale")]


def test_a_transfer_keeps_its_coordinated_sources(tagger):
    text = "faire appel aux transferts nationaux ou des gouvernements intermédiaires pour les collectivités locales."
    assert found(tagger, text, "fr") == [
        ("fiscal_decentralisation", "transferts nationaux ou des gouvernements intermédiaires")]
    text = ("Independientemente de la fiscalidad local, las transferencias federales y provinciales y de los "
            "estados seguirán siendo una fuente importante.")
    assert ("fiscal_decentralisation", "transferencias federales y provinciales y de los estados") in found(
        tagger, text, "es")


def test_a_sentence_about_a_report_is_not_its_title(tagger):
    text = "This Second GOLD Report focuses on local government finance worldwide."
    assert found(tagger, text) == [("municipal_finance", "local government finance")]
    assert found(tagger, "the Second Global Report on Decentralization and Local Democracy") == []


def test_participation_takes_its_cue_from_the_passage_and_private_participation_is_not_civic(tagger):
    text = ("Modes of participation by local citizens vary. Crook and Manor (1998) suggest that the impact of "
            "participation depends on pre-existing conditions.")
    assert found(tagger, text) == [("civil_society_participation", "participation by local citizens"),
                                   ("civil_society_participation", "participation")]
    assert found(tagger, "Crook and Manor (1998) suggest that the impact of participation depends on it.") == []
    text = "A World Bank report shows that private participation in infrastructure represented a small amount."
    assert found(tagger, text) == []


def test_monitoring_coordinated_with_other_gerunds_is_the_activity(tagger):
    text = "Citizens take part in planning, implementing and monitoring local government activities."
    assert ("monitoring_evaluation", "monitoring") not in found(tagger, text)
    assert ("monitoring_evaluation", "monitoring") in found(tagger, "The monitoring of local plans is weak.")
