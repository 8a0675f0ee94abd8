"""TAG_VERSION 10 rules, written after reading the first blind score of test8 (which is therefore no
longer blind; test9 was annotated and adjudicated before these rules were scored on it). One sentence
each from the corpus: UCLG GOLD I summary en/fr, GOLD I Africa fr, GOLD I Latin America fr, GOLD II
executive summary en/fr/es, Benin country profile fr."""
from dclit.tag.names import in_proper_name
from tests.tag.test_tagger import found


def test_a_quoted_or_bracketed_foreign_label_names_its_concept(tagger):
    text = ("“The notions of ‘autonomía local’, ‘local self-government’, ‘Selbstverwaltung’ and ‘libre "
            "administration’” have gradually become the norm")
    assert found(tagger, text) == [("local_self_government", "autonomía local"),
                                   ("local_self_government", "local self-government"),
                                   ("local_self_government", "Selbstverwaltung"),
                                   ("local_self_government", "libre administration")]
    mentions = tagger.tag(_doc(text))
    assert [m.lang for m in mentions] == ["es", "en", "de", "fr"]  # who uses which name
    text = ("Au titre de la transparence de la gestion locale et de l’obligation de rendre des comptes "
            "(accountability), les textes consacrent les mécanismes de contrôle des communes.")
    assert ("accountability", "accountability") in found(tagger, text, "fr")
    # a label of several other languages is read as English first ("Monitoring" is also German)
    text = "Les communes ont des systèmes de suivi (monitoring) qui introduisent de nouveaux contrôles."
    assert [m.lang for m in tagger.tag(_doc(text, "fr")) if m.text == "monitoring"] == ["en"]
    # a word that is also a label of the document's language is left to the normal rules
    assert found(tagger, "The municipalities (communes) voted.") == []


def test_an_opening_quote_after_an_elision_does_not_glue_the_word(tagger):
    text = "« La notion d’“autonomie locale”, constate en conclusion le Rapport."
    assert found(tagger, text, "fr") == [("local_self_government", "autonomie locale")]


def test_a_policy_named_by_its_acronym_is_a_name_even_in_lower_case():
    text = "(Source : Document de politique nationale de décentralisation et de déconcentration (PONADEC)- 2010)."
    for word in ("décentralisation", "déconcentration"):
        i = text.index(word)
        assert in_proper_name(text, i, i + len(word))
    text = "La politique de décentralisation (PD) avance."  # the acronym does not start with the head's letter
    i = text.index("décentralisation")
    assert not in_proper_name(text, i, i + len("décentralisation"))


def test_transfers_keep_their_source_and_kind(tagger):
    text = "Les communes reçoivent également des transferts des états (à hauteur de 25 % de l’impôt)."
    assert found(tagger, text, "fr") == [("fiscal_decentralisation", "transferts des états")]
    text = "Les seconds sont des dotations affectées à des fonctions spécifiques des communes."
    assert found(tagger, text, "fr") == [("fiscal_decentralisation", "dotations affectées")]
    text = "Un sistema de subvenciones condicionadas con diferentes objetivos para los municipios."
    assert found(tagger, text, "es") == [("fiscal_decentralisation", "subvenciones condicionadas")]


def test_a_sentence_takes_its_local_finance_cue_from_the_passage(tagger):
    sentence = "Transfers are irregular and unpredictable."
    assert found(tagger, sentence) == []
    passage = sentence + " Local governments cannot plan their spending."
    assert found(tagger, passage) == [("fiscal_decentralisation", "Transfers")]


def test_associations_of_elected_members_or_local_authorities_is_one_span(tagger):
    text = "Las autoridades locales han constituido asociaciones de electos o de gobiernos locales para defenderse."
    assert found(tagger, text, "es") == [("city_networks", "asociaciones de electos o de gobiernos locales")]


def _doc(text: str, lang: str = "en"):
    from dclit.tag.tagger import document_from_text
    return document_from_text(text, lang)


# --- TAG_VERSION 11, from test9's errors (test9 no longer blind; test10 scored after) -----------

def test_a_predicative_participle_is_decentralisation_but_not_before_an_actor(tagger):
    text = "The provision of important services that have been decentralized, such as education and health."
    assert found(tagger, text) == [("decentralisation", "decentralized")]
    assert found(tagger, "These relations are more or less decentralized.") == [("decentralisation", "decentralized")]
    assert found(tagger, "The decentralized authorities collect taxes.") == []


def test_the_political_dimension_of_decentralisation_is_not_politicisation(tagger):
    text = "It is possible that decentralization will take on a political dimension."
    assert found(tagger, text) == [("decentralisation", "decentralization")]
    assert found(tagger, "Aid allocation has a political dimension.") == [("politicisation", "political dimension")]


def test_kinds_of_grants_and_competence_transfers(tagger):
    text = "Les transferts globalisés sont parfois encadrés par la Constitution des communes."
    assert found(tagger, text, "fr") == [("fiscal_decentralisation", "transferts globalisés")]
    text = "Les progrès sont associés aux transferts de nouvelles responsabilités aux collectivités locales."
    assert found(tagger, text, "fr") == []


# --- TAG_VERSION 12, from test10's errors (test10 no longer blind) ------------------------------

def test_own_revenue_and_local_revenue_raising_terms(tagger):
    text = "One of the explicative factors is that own tax revenue and local finance depend on local governments."
    assert ("fiscal_decentralisation", "own tax revenue") in found(tagger, text)
    text = "The federal limitations on sub-national taxation provide substantial constraints on local revenue raising."
    assert found(tagger, text) == [("fiscal_decentralisation", "sub-national taxation"),
                                   ("fiscal_decentralisation", "local revenue raising")]
    # national revenue mobilisation is not about local finance
    text = "Countries should enhance domestic revenue mobilization through digital platforms."
    assert found(tagger, text) == []
