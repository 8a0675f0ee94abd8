"""A small store for the tables tests, built by the real pipeline from four text files,
plus a hostile document (formula, LaTeX and markup characters) and a topic model written
through the store's own API (no torch needed)."""
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = (ROOT / "tests" / "fixtures" / "texts" / "coe_charter_local_self_government_en.txt",
         ROOT / "tests" / "fixtures" / "texts" / "undp_liptako_gourma_fr.txt")
# A short paper written for these tests: author-year citations and a bibliography.
PAPER = """Twinning and city-to-city cooperation in Europe

Decentralised cooperation is defined as the international action of local and regional governments \
(Hafteck, 2003). Twinning arrangements between towns spread after 1945 (Zelinsky, 1991), and city-to-city \
cooperation became a development modality in the 1990s (Bontebal, 2009). Hafteck (2003) argues that \
decentralised cooperation needs reciprocity, and later studies agree (Bontebal, 2009; Smith, 2012).

The cornerstone of decentralised cooperation is the transfer of knowledge between peers, which makes \
decentralised cooperation a form of peer learning rather than aid (Zelinsky, 1991).

References

Bontebal, M. (2009). Cities as Partners: The Challenge to Strengthen Urban Governance through North-South City \
Partnerships. Delft: Eburon.

Hafteck, P. (2003). An introduction to decentralized cooperation: definitions, origins and conceptual mapping. \
Public Administration and Development, 23(4), 333-345.

Zelinsky, W. (1991). The twinning of the world: sister cities in geographic and historical perspective. Annals \
of the Association of American Geographers, 81(1), 1-31.
"""
HOSTILE = """=HYPERLINK("http://evil.example","click") & <b>bold</b> 100% {x}_#

-2+3 Decentralisation refers to the transfer of authority & responsibility from central to local government, \
it is 100% about {power}_# and <script>alert(1)</script>.

@SUM(A1) Decentralisation is discussed again here, and decentralisation once more, because subsidiarity matters.

Subsidiarity means that decisions are taken as closely as possible to the citizen; decentralisation follows.
"""


def _fake_topics(st):
    from dclit.topics.records import AssignmentRow, TopicModelRow, TopicRow

    docs = st.documents()
    model = TopicModelRow("m1", "2000-01-01T00:00:00Z", "models/m1", {"seed": 1}, "fp", 0, 1.0)
    first = docs[0]
    topics = [TopicRow("m1", -1, 1, "outliers", [["misc", 0.1]], [], []),
              TopicRow("m1", 0, 2, "local self-government", [["local", 0.5], ["authorities", 0.4]],
                       [["local_self_government", 2]], [[first.doc_id, 0, 0.9]]),
              TopicRow("m1", 1, 2, "decentralisation", [["decentralisation", 0.6]], [["decentralisation", 2]],
                       [[docs[1].doc_id, 0, 0.8]])]
    assignments = []
    for i, d in enumerate(docs):
        for idx in range(min(d.n_passages, 3)):
            assignments.append(AssignmentRow(d.doc_id, idx, (i + idx) % 3 - 1, 0.5, "m1", "fit"))
    st.save_topic_model(model, topics, assignments)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    from dclit import pipeline
    from dclit.store import open_store

    tmp = tmp_path_factory.mktemp("tables")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for f in FILES:
        shutil.copy(f, corpus / f.name)
    (corpus / "hostile_note.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "twinning_paper.txt").write_text(PAPER, encoding="utf-8")
    st = open_store(tmp / "store.db")
    summary = pipeline.run(corpus, st, pipeline.RunOptions(workers=1))
    assert summary.failed == 0, summary.failures
    _fake_topics(st)
    st.close()
    return tmp / "store.db"


@pytest.fixture
def store(store_path):
    from dclit.store import open_store

    st = open_store(store_path, readonly=True)
    yield st
    st.close()


@pytest.fixture(scope="session")
def registry():
    from dclit.tag import load_registry

    return load_registry()


@pytest.fixture
def data(store, registry):
    from dclit.tables import load_corpus

    return load_corpus(store, registry=registry)
