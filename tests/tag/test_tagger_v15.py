"""TAG_VERSION 15 rules, written after reading the first blind score of test12 (which is therefore no
longer blind; test13 was annotated and adjudicated before these rules were scored on it). One sentence
each from the corpus: UCLG GOLD I summary en/fr/es, GOLD I Africa en/fr, GOLD II executive summary
es/fr."""
from tests.tag.test_tagger import found


def test_a_plural_label_word_matches_its_singular_where_lemmas_differ(tagger):
    # the lemma table keys "impuesto" as the participle of "imponer", "impuestos" as "impuesto",
    # and "la" / "las" apart
    text = "El impuesto a la propiedad y los ingresos por servicios por sí solos no bastan."
    assert found(tagger, text, "es") == [("fiscal_decentralisation", "impuesto a la propiedad")]
    text = "Si la finalidad es reforzar la capacidad de gestión de los gobiernos locales."
    assert found(tagger, text, "es") == [("capacity_development", "reforzar la capacidad de gestión")]


def test_reforms_and_adjectives_of_decentralisation(tagger):
    assert found(tagger, "l’adoption des réformes de la décentralisation a pu apparaître", "fr") == [
        ("decentralisation", "réformes de la décentralisation")]
    assert found(tagger, "local governments seek further decentralizing reforms in anglophone countries") == [
        ("decentralisation", "decentralizing reforms")]
    assert found(tagger, "El segundo ciclo descentralizador se inicia a mediados de la década.", "es") == [
        ("decentralisation", "descentralizador")]


def test_local_borrowing_counts_but_not_borrowing_capacity(tagger):
    text = "Promouvoir l’emprunt pour les gouvernements locaux. L’emprunt est l’un des piliers du financement local."
    assert ("municipal_finance", "emprunt") in found(tagger, text, "fr")
    assert found(tagger, "La limitation du droit à l'emprunt entrave la capacité des collectivités locales.",
                 "fr") == []


def test_one_metropolitan_government_is_a_body_and_tax_assessment_is_not_evaluation(tagger):
    text = "Un argument académique veut qu’un gouvernement métropolitain unique soit la réponse."
    assert ("metropolitan_governance", "gouvernement métropolitain") not in found(tagger, text, "fr")
    text = "les capacités des administrations locales en matière d’évaluation et de recouvrement des recettes fiscales"
    assert ("monitoring_evaluation", "évaluation") not in found(tagger, text, "fr")
    text = "es probable que haya transferencias de costes de prestación de servicios entre municipios"
    assert found(tagger, text, "es") == []
