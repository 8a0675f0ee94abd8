"""TAG_VERSION 3 rules; each sentence is from the corpus (test2, now dev: UCLG GOLD I conclusion es,
GCM guide objective 19 fr; or from dev documents named in annotations/notes)."""
from dclit.records import Document, Metadata, Page, Passage
from dclit.tag.references import FLAG, in_cited_entry
from tests.tag.test_tagger import found


def concepts(tagger, text, lang="en"):
    return [c for c, _ in found(tagger, text, lang)]


def test_skills_transfer_is_not_devolution(tagger):
    text = ("Nouer des partenariats entre les autorités et les communautés locales, le secteur privé, les "
            "diasporas, les associations municipales et les organisations de migrants afin de favoriser le "
            "transfert de compétences et de connaissances entre les pays d’origine et les pays de destination.")
    assert "devolution" not in concepts(tagger, text, "fr")


def test_transfer_of_competences_to_local_governments_is_devolution(tagger):
    text = "Le transfert de compétences de l’État aux collectivités territoriales reste inachevé."
    assert "devolution" in concepts(tagger, text, "fr")


def test_spanish_fiscal_vocabulary_is_fiscal_decentralisation(tagger):
    text = ("Aunque más del 70% de sus recursos provienen de impuestos compartidos y de transferencias "
            "presupuestarias, los gobiernos locales se están apropiando progresivamente de las competencias "
            "transferidas.")
    got = found(tagger, text, "es")
    assert ("fiscal_decentralisation", "impuestos compartidos") in got
    assert ("fiscal_decentralisation", "transferencias presupuestarias") in got
    assert ("devolution", "competencias transferidas") in got


def test_coordinated_adjectives_make_one_mention(tagger):
    text = ("Pero en estos dos últimos la descentralización presupuestaria o fiscal no significa "
            "necesariamente autonomía local.")
    got = found(tagger, text, "es")
    assert ("fiscal_decentralisation", "descentralización presupuestaria o fiscal") in got


def test_crowdfunding_is_not_participation(tagger):
    text = ("Étudier la meilleure façon d’utiliser une plateforme de financement participatif pour promouvoir "
            "l’utilisation efficace des fonds des migrants.")
    assert "civil_society_participation" not in concepts(tagger, text, "fr")


def test_bare_autonomy_counts_only_for_local_governments(tagger):
    local = "Sin embargo, se prevén reformas para dar más autonomía a los gobiernos locales."
    assert ("local_self_government", "autonomía") in found(tagger, local, "es")
    assert "local_self_government" not in concepts(tagger, "The regional autonomy of Catalonia grew.")
    assert "local_self_government" not in concepts(tagger, "Women's autonomy in the household matters.")


def test_office_title_is_not_local_governance(tagger):
    text = "Las autoridades locales deben rendir cuentas al ministro de la administración local."
    assert "local_governance" not in concepts(tagger, text, "es")


def test_decentralised_authority_is_an_actor(tagger):
    text = "Il est créé une collectivité décentralisée dénommée la commune."
    assert "decentralisation" not in concepts(tagger, text, "fr")


def _doc(text: str, lang: str, kind: str = "body") -> Document:
    p = Passage(doc_id="d", index=0, page=1, start=0, end=len(text), text=text, kind=kind, lang=lang)
    return Document(doc_id="d", path="", text=text, pages=[Page(1, 0, len(text))], passages=[p],
                    metadata=Metadata(language=lang))


def test_titles_in_a_cited_entry_are_flagged(tagger):
    text = ("Ver la ficha país sobre Tanzania. Bert Hofman, Kai Kayser (2006), Decentralization, democratic "
            "transition and local governance in Indonesia, pp.83-124 en: Pranab Bardhan, Dilip Mookherjee "
            "(eds), Decentralization and local governance in developing countries. Cambridge (Mass.), MIT Press.")
    mentions = [m for m in tagger.tag(_doc(text, "en")) if m.concept == "decentralisation"]
    assert len(mentions) == 2 and all(m.flag == FLAG for m in mentions)


def test_narrative_citation_is_not_a_reference(tagger):
    text = "Smith (2006), for instance, argues that decentralization deepened local democracy."
    mentions = tagger.tag(_doc(text, "en"))
    assert [m.flag for m in mentions if m.concept == "decentralisation"] == [None]
    assert not in_cited_entry(text, 0, text.index("decentralization"))


def test_mentions_in_a_references_passage_are_flagged(tagger):
    text = "World Bank. Decentralization and Local Democracy in the World. Washington, 2008."
    mentions = tagger.tag(_doc(text, "en", kind="references"))
    assert mentions and all(m.flag == FLAG for m in mentions)


def test_coordinated_heads_in_english_stay_two_mentions(tagger):
    got = found(tagger, "City links and twinnings are old.")
    assert ("town_linking", "City links") in got and ("twinning", "twinnings") in got


def test_coordinated_adjectives_across_sibling_concepts(tagger):
    text = "En la India las descentralizaciones administrativas y fiscales andan detrás de las reformas políticas."
    got = found(tagger, text, "es")
    assert got[0] == ("administrative_decentralisation", "descentralizaciones administrativas y fiscales")
