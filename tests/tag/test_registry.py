import json

import pytest

from dclit.errors import ConfigError
from dclit.tag.registry import Registry, concept_from_json, label_norm, load_registry, read_registry_json
from dclit.tag.skos import export_skos, import_skos

REQUIRED = ["decentralised_cooperation", "decentralisation", "subsidiarity", "capacity_development",
            "politicisation", "migration_development", "organisational_learning",
            "monitoring_evaluation", "urban_governance"]


def test_required_top_concepts_have_narrower(registry):
    tops = {c.id for c in registry.top_concepts()}
    for cid in REQUIRED:
        assert cid in tops
        if cid != "subsidiarity":
            assert registry[cid].narrower, cid
    assert {"twinning", "city_to_city_cooperation", "municipal_international_cooperation"} <= set(
        registry["decentralised_cooperation"].narrower)
    assert {"devolution", "deconcentration", "delegation", "divestment", "fiscal_decentralisation"} <= set(
        registry["decentralisation"].narrower)
    assert {"diaspora", "remittances", "co_development", "transnationalism"} <= set(
        registry["migration_development"].narrower)


def test_registry_is_valid(registry):
    assert registry.validate() == []
    for c in registry:
        assert "en" in c.pref and c.scope


def test_top_concepts_labelled_in_five_languages(registry):
    for c in registry.top_concepts():
        assert {"en", "fr", "es", "it", "de"} <= set(c.pref), c.id


def test_validate_reports_asymmetry_and_collisions():
    a = concept_from_json({"id": "a", "prefLabel": {"en": "twinning"}, "narrower": ["b"]})
    b = concept_from_json({"id": "b", "prefLabel": {"en": "Twinning"}})
    problems = Registry([a, b]).validate()
    assert any("does not list it as broader" in p for p in problems)
    assert any("belongs to both" in p for p in problems)
    b2 = concept_from_json({"id": "b", "prefLabel": {"en": "Twinning"}, "broader": ["a"], "shared": ["Twinning"]})
    assert Registry([a, b2]).validate() == []


def test_label_norm_spelling_variants():
    assert label_norm("Decentralized co-operation") == label_norm("decentralised cooperation")


def test_user_registry_merges(tmp_path):
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"concepts": [
        {"id": "twinning", "altLabel": {"en": ["friendship city"]}},
        {"id": "peace_building", "prefLabel": {"en": "peacebuilding"}, "scope": "x"}]}), encoding="utf-8")
    reg = load_registry([extra])
    assert "friendship city" in reg["twinning"].labels("en")
    assert "town twinning" in reg["twinning"].labels("en")
    assert "peace_building" in reg


def test_bad_registry_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.json"):
        read_registry_json(bad)


@pytest.mark.parametrize("suffix", [".ttl", ".rdf"])
def test_skos_round_trip(registry, tmp_path, suffix):
    path = tmp_path / f"concepts{suffix}"
    export_skos(registry, path)
    back = import_skos(path)
    assert sorted(c.id for c in back) == sorted(c.id for c in registry)
    for c in registry:
        d = back[c.id]
        assert d.pref == c.pref and d.scheme == c.scheme and d.scope == c.scope
        assert {k: set(v) for k, v in d.alt.items()} == {k: set(v) for k, v in c.alt.items()}
        assert {k: set(v) for k, v in d.abbr.items()} == {k: set(v) for k, v in c.abbr.items()}
        assert set(d.broader) == set(c.broader) and set(d.narrower) == set(c.narrower)
        assert d.context == c.context and set(d.gappy) == set(c.gappy)


def test_skos_import_of_foreign_vocabulary(tmp_path):
    ttl = tmp_path / "eurovoc.ttl"
    ttl.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://eurovoc.europa.eu/4060> a skos:Concept ; skos:prefLabel "town twinning"@en, "jumelage"@fr .
<http://eurovoc.europa.eu/100> a skos:Concept ; skos:prefLabel "local government"@en ;
    skos:narrower <http://eurovoc.europa.eu/4060> .
""", encoding="utf-8")
    reg = import_skos(ttl)
    assert reg["c4060"].pref == {"en": "town twinning", "fr": "jumelage"}
    assert reg["c4060"].broader == ("c100",)  # inverse of narrower added
    assert reg.validate() == []
