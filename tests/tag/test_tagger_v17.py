"""TAG_VERSION 17 rules, written after reading the first blind score of test14 (which is therefore no
longer blind; test15 was chosen and annotated before these rules were scored on it). One sentence
each from the corpus: UCLG GOLD I summary en, GOLD I Europe fr, GOLD I Latin America fr, GOLD I
conclusion es, GOLD II executive summary en/es/fr."""
from tests.tag.test_tagger import found


def test_own_revenues_after_a_possessive_count_unless_generated(tagger):
    # test11 and test14 mark "their own revenues"; test5 left out "unable to generate their own revenues"
    text = ("In these countries local governments have considerable discretion in raising their own revenues, "
            "are not closely supervised by territorial representatives.")
    assert found(tagger, text) == [("fiscal_decentralisation", "own revenues")]


def test_spanish_equalisation_borrowing_and_performance_based_transfers(tagger):
    text = "Varios países han introducido algunos componentes redistributivos o de igualación en sus sistemas de transferencias."
    assert ("fiscal_decentralisation", "igualación") in found(tagger, text, "es")
    assert found(tagger, "La gestión basada en normas y fórmulas claras con fines de igualación.", "es") == []
    text = "En este contexto, el endeudamiento, que implica una cierta equidad inter-generacional, es una fuente."
    assert found(tagger, text, "es") == [("municipal_finance", "endeudamiento")]
    assert found(tagger, "Las políticas para reducir el endeudamiento público.", "es") == []
    text = "Las transferencias basadas en resultados condicionan las transferencias de recursos."
    assert found(tagger, text, "es")[0] == ("fiscal_decentralisation", "transferencias basadas en resultados")
    text = "de cooperación y, en cierta medida, de coparticipación política. Los gobiernos locales acceden"
    assert found(tagger, text, "es") == []


def test_transfers_keep_further_sources_and_kinds(tagger):
    text = "Local governments are highly dependent on transfers from other spheres of government to fund service delivery."
    assert ("fiscal_decentralisation", "transfers from other spheres of government") in found(tagger, text)
    text = ("En muchos países existen subvenciones condicionadas o para fines específicos, en especial para "
            "inversiones de los gobiernos locales.")
    assert ("fiscal_decentralisation", "subvenciones condicionadas o para fines específicos") in found(tagger, text, "es")
    text = "Ces vingt dernières années, les transferts généraux effectués vers les municipalités au Canada ont baissé."
    assert found(tagger, text, "fr") == [("fiscal_decentralisation", "transferts généraux")]
    text = "50 % des communes de moins de 50.000 habitants dépendent des transferts du gouvernement à hauteur de 80 %."
    assert found(tagger, text, "fr") == [("fiscal_decentralisation", "transferts du gouvernement")]


def test_french_local_tax_receipts_and_a_share_of_tax_proceeds(tagger):
    text = ("Dans la plupart des Etats européens, les recettes fiscales des collectivités locales sont en fait, pour la "
            "plus grande part, une participation au produit d’impôts partagés.")
    assert found(tagger, text, "fr") == [("fiscal_decentralisation", "recettes fiscales des collectivités locales"),
                                         ("fiscal_decentralisation", "impôts partagés")]
