"""TAG_VERSION 18 rules, written after reading the first blind score of test15 (which is therefore no
longer blind). One sentence each from the corpus: UCLG GOLD I summary es, GOLD II executive summary en/es."""
from tests.tag.test_tagger import found


def test_english_transfer_kinds_and_revenue_sharing(tagger):
    text = "Services, when managed by local governments, merit regular and stable national transfers."
    assert found(tagger, text) == [("fiscal_decentralisation", "national transfers")]
    text = "For local governments, traditional conditional or specific transfers are less extensively used in Latin America."
    assert found(tagger, text) == [("fiscal_decentralisation", "conditional or specific transfers")]
    text = "The most common form of transfer to local governments is general revenue sharing, defined on the basis of revenue."
    assert ("fiscal_decentralisation", "general revenue sharing") in found(tagger, text)
    text = "Municipalities fight poverty with direct transfers to families administered by municipalities."
    assert found(tagger, text) == []


def test_spanish_financial_transfers_conditional_subsidies_and_subnational_taxation(tagger):
    text = "Las capacidades de los Estados en materia de transferencias financieras a los gobiernos locales."
    assert found(tagger, text, "es") == [("fiscal_decentralisation", "transferencias financieras")]
    text = "La zanahoria implica a menudo el uso de subsidios condicionados que obligan a los gobiernos locales a gastar."
    assert found(tagger, text, "es") == [("fiscal_decentralisation", "subsidios condicionados")]
    text = "Las restricciones federales sobre la fiscalidad sub-nacional limita substancialmente los ingresos locales."
    assert found(tagger, text, "es") == [("fiscal_decentralisation", "fiscalidad sub-nacional")]
