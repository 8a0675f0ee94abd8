"""Usage of a concept: labels, organisations, years, collocates (G²), dispersion (D, DP), plots."""
import math

import pytest

from dclit.errors import QueryError
from dclit.usage import compute_usage, dispersion_of, log_likelihood, plot_usage

A, B = "a" * 64, "b" * 64


def test_log_likelihood_matches_scipy():
    from scipy.stats import chi2_contingency

    for table in ([[10, 90], [10, 890]], [[3, 40], [7, 12000]], [[1, 5], [0, 30]]):
        ours = log_likelihood(table[0][0], table[0][1], table[1][0], table[1][1])
        ref = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert ours == pytest.approx(ref, rel=1e-9)


def test_dispersion_even_and_concentrated():
    even = dispersion_of([10, 20, 30], [100, 200, 300])  # proportional to size
    assert even.gries_dp == pytest.approx(0) and even.juilland_d == pytest.approx(1)
    one = dispersion_of([12, 0], [100, 100])
    assert one.gries_dp == pytest.approx(0.5) and one.gries_dp_norm == pytest.approx(1)
    assert one.juilland_d == pytest.approx(0) and one.range == 1
    # Gries (2008) style check: DP = 0.5 * sum |v - s|
    d = dispersion_of([1, 2, 3, 4, 0], [10, 10, 10, 10, 10])
    assert d.gries_dp == pytest.approx(0.5 * sum(abs(v - 0.2) for v in (0.1, 0.2, 0.3, 0.4, 0)), abs=1e-4)
    rel = [0.1, 0.2, 0.3, 0.4, 0.0]
    mean = sum(rel) / 5
    sd = math.sqrt(sum((r - mean) ** 2 for r in rel) / 5)
    assert d.juilland_d == pytest.approx(1 - (sd / mean) / 2, abs=1e-4)
    assert dispersion_of([0, 0], [5, 5]).gries_dp is None


def test_usage_of_twinning(ro_store, registry):
    r = compute_usage(ro_store, "twinning", registry=registry, min_freq=1)
    assert r.mentions == 5 and r.flagged == 1  # the EU Twinning instrument is counted apart
    labels = {(x.label, x.lang): x.mentions for x in r.labels.itertuples()}
    assert labels == {("twinning", "en"): 2, ("twinning agreement", "en"): 1, ("sister cities", "en"): 1,
                      ("jumelage", "fr"): 1}
    assert dict(zip(r.languages["lang"], r.languages["mentions"])) == {"en": 4, "fr": 1}
    orgs = dict(zip(r.organisations["organisation"], r.organisations["mentions"]))
    assert orgs == {"UCLG": 2 + 1, "Cités Unies France": 1, "Evil <Org>": 1}
    years = dict(zip(r.years["year"], r.years["mentions"]))
    assert years == {2015: 3, 2020: 1, 2021: 1}  # the untagged 2010 note is not counted
    assert r.corpus_documents == 3 and r.dispersion.range == 3
    assert set(r.documents["doc_id"]) == {A, B, "d" * 64}
    words = set(r.collocates["word"])
    assert {"porto", "signed"} <= words  # next to "twinning agreement" and nowhere else
    assert "lyon" not in words  # as frequent away from the concept as near it: not attracted
    assert not {"the", "of", "la", "et"} & set(r.collocates["word"])


def test_usage_counts_narrower_concepts_and_accepts_labels(ro_store, registry):
    r = compute_usage(ro_store, "coopération décentralisée", registry=registry)
    assert r.concept == "decentralised_cooperation" and "twinning" in r.ids
    assert r.mentions == 3 + 5  # own mentions + twinning's


def test_plots_are_written(ro_store, registry, tmp_path):
    r = compute_usage(ro_store, "twinning", registry=registry)
    plot_usage(r, tmp_path / "u.png")
    plot_usage(r, tmp_path / "u.svg")
    assert (tmp_path / "u.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "u.svg").read_text()
    assert "<svg" in svg and "Evil &lt;Org&gt;" in svg


def test_usage_without_tag_stage_says_what_to_do(tmp_path, registry):
    from dclit.store import open_store

    open_store(tmp_path / "empty.db").close()
    with open_store(tmp_path / "empty.db", readonly=True) as st, pytest.raises(QueryError, match="dclit run"):
        compute_usage(st, "twinning", registry=registry)
