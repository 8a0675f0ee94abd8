import json

from dclit.records import Mention
from dclit.tag import compute_profiles
from dclit.tag.evaluate import (GoldSpan, evaluate, import_annotations, reanchor,
                                span_with_context)
from dclit.tag.tagger import document_from_text


def test_profiles_roll_up_and_dispersion(tagger, registry):
    doc = document_from_text("Twinning and remittances.\n\nNothing here.\n\nMore twinning.")
    rows = compute_profiles(doc, tagger.tag(doc), registry)
    top = {r.concept: r for r in rows if r.passage is None}
    assert top["twinning"].count == 2 and top["twinning"].own == 2
    assert top["decentralised_cooperation"].count == 2 and top["decentralised_cooperation"].own == 0
    assert top["twinning"].dispersion == round(2 / 3, 4)
    assert top["twinning"].per_10k == round(2 * 10000 / 7, 3)  # 7 words in the text
    assert {(r.passage, r.concept) for r in rows if r.passage is not None and r.concept == "twinning"} == {
        (0, "twinning"), (2, "twinning")}


def _m(s, e, c, flag=None):
    return Mention("d", c, c, "en", "x", s, e, 1, 0, 0, 10, flag)


def test_evaluate_precision_recall_f1(registry):
    gold = {"d": [GoldSpan("d", 0, 5, "twinning", "x"), GoldSpan("d", 10, 15, "diaspora", "x"),
                  GoldSpan("d", 20, 25, "diaspora", "x")]}
    pred = {"d": [_m(0, 5, "twinning"), _m(10, 15, "diaspora"), _m(30, 35, "diaspora"),
                  _m(40, 45, "twinning", flag="eu_twinning_instrument")]}
    rep = evaluate(gold, pred, {"d": "en"}, registry)
    s = rep.scores["en"]["diaspora"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1) and s.precision == 0.5 and s.recall == 0.5
    assert rep.scores["all"]["twinning"].f1 == 1.0  # the flagged mention is not a prediction
    top = evaluate(gold, pred, {"d": "en"}, registry, level="top")
    assert top.scores["all"]["migration_development"].tp == 1
    loose = evaluate(gold, {"d": [_m(1, 4, "twinning")]}, {"d": "en"}, registry, match="overlap")
    assert loose.scores["all"]["twinning"].tp == 1


def test_reanchor_after_text_shift():
    old = "Intro. The twinning of Lyon and the twinning of Porto."
    span = span_with_context("d", old, old.rindex("twinning"), old.rindex("twinning") + 8, "twinning")
    new = "A longer intro here. The twinning of Lyon and the twinning of  Porto."
    moved = reanchor(span, new)
    assert new[moved.start:moved.end] == "twinning" and moved.start == new.rindex("twinning")
    assert reanchor(span, "nothing alike") is None


def test_import_doccano_and_prodigy(tmp_path):
    clean = "Intro.\n\nThe diaspora sends remittances."
    piece = "The diaspora sends remittances."
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": piece, "label": [[4, 12, "DIASPORA"]]}) + "\n" +
                 json.dumps({"text": piece, "spans": [{"start": 19, "end": 30, "label": "remittances"}]}) + "\n",
                 encoding="utf-8")
    spans = import_annotations(f, "doc.md", clean)
    assert [(clean[s.start:s.end], s.concept) for s in spans] == [("diaspora", "diaspora"),
                                                                   ("remittances", "remittances")]


def test_gold_of_another_splits_pages_is_not_a_miss(registry):
    """A document annotated on pages 1-2 (dev) and 5 (test): scoring test covers page 5 only."""
    from dclit.tag.evaluate import GoldDocument, merge_documents
    gold = {"d": [GoldSpan("d", 0, 5, "twinning", "x"), GoldSpan("d", 100, 105, "diaspora", "x")]}
    pred = {"d": [_m(100, 105, "diaspora"), _m(0, 5, "twinning")]}
    rep = evaluate(gold, pred, {"d": "en"}, registry, covered={"d": ((90, 200),)})
    assert rep.scores["all"]["diaspora"].tp == 1
    assert "twinning" not in rep.scores["all"]  # neither a miss nor a false positive
    dev = GoldDocument("d", "p/d.pdf", "h", "en", "dev", ((0, 50),))
    test = GoldDocument("d", "p/d.pdf", "h", "en", "test5", ((90, 200),))
    (both,) = merge_documents([dev, test])
    assert both.covered == ((0, 50), (90, 200)) and both.split == "dev+test5"
    assert merge_documents([dev, GoldDocument("e", "p/e.pdf", "h", "en", "dev", None)])[1].covered is None
