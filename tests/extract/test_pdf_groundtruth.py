"""The PDF extractor against PDFs whose text is known (benchmarks/groundtruth.py)."""
from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

import groundtruth
from dclit.extract.assemble import assemble

LAYOUTS = [s.name for s in groundtruth.SPECS]
ENGINES = ["pdfium", "pdfplumber"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", LAYOUTS)
def test_text_matches_truth(name, engine, groundtruth_pdfs, extracted):
    _, truth = groundtruth_pdfs[name]
    text, _, _ = assemble("t", extracted(name, engine))
    score = groundtruth.score(truth, text)
    assert score.accuracy >= 0.98, score
    assert score.leaks == 0, score
    assert score.split == 0, score
    assert score.lost_hyphens == 0, score


def test_generator_makes_the_hard_cases(groundtruth_pdfs):
    """The benchmark would prove nothing without hyphenations, compounds and footnotes."""
    truths = [t for _, t in groundtruth_pdfs.values()]
    assert sum(len(t.splits) for t in truths) >= 50
    assert sum(len(t.compounds) for t in truths) >= 5
    assert sum(k == "footnote" for t in truths for _, k, _ in t.blocks) >= 10
    assert {t.spec.columns for t in truths} == {1, 2, 3}


def test_score_counts_what_goes_wrong(groundtruth_pdfs):
    _, truth = groundtruth_pdfs["two-column"]
    a, b = truth.splits[0]
    bad = truth.text.replace(a + b, f"{a}- {b}", 1) + "\n" + truth.furniture[0]
    s = groundtruth.score(truth, bad)
    assert s.split >= 1 and s.leaks >= 1 and s.accuracy < 1


@pytest.mark.parametrize("name", LAYOUTS)
def test_both_engines_agree(name, extracted):
    a = assemble("t", extracted(name, "pdfium"))[0].split()
    b = assemble("t", extracted(name, "pdfplumber"))[0].split()
    assert 1 - Levenshtein.distance(a, b) / len(a) >= 0.98


@pytest.mark.parametrize("name", LAYOUTS)
def test_page_labels_and_furniture(name, groundtruth_pdfs, extracted):
    _, truth = groundtruth_pdfs[name]
    raw = extracted(name)
    assert [p.label for p in raw.pages] == truth.labels
    assert all(p.header and truth.spec.header in p.header for p in raw.pages)


@pytest.mark.parametrize("name", LAYOUTS)
def test_footnotes_are_their_own_blocks(name, groundtruth_pdfs, extracted):
    _, truth = groundtruth_pdfs[name]
    raw = extracted(name)
    want = [(p, t) for p, k, t in truth.blocks if k == "footnote"]
    got = [(b.page, b.text) for b in raw.blocks if b.kind == "footnote"]
    assert got == want
    notes = [b.note for b in raw.blocks if b.kind == "footnote"]
    assert notes == [str(i) for i in range(1, len(notes) + 1)]
    body = " ".join(b.text for b in raw.blocks if b.kind != "footnote")
    for _, text in want:
        assert text not in body


def test_headings_give_sections(groundtruth_pdfs, extracted):
    _, truth = groundtruth_pdfs["one-column"]
    raw = extracted("one-column")
    headings = [b.text for b in raw.blocks if b.kind == "heading"]
    assert headings == [t for _, k, t in truth.blocks if k == "heading"]
    art4 = next(b for b in raw.blocks if b.text.startswith("Public responsibilities shall"))
    assert art4.section == "Article 4. Scope of local self-government"


def test_caption_and_metadata(extracted):
    raw = extracted("two-column")
    assert any(b.kind == "caption" and b.text.startswith("Figure 1.") for b in raw.blocks)
    assert raw.info["title"] == groundtruth.SPECS[1].title
    assert raw.info["author"] == "dclit ground truth"
    assert raw.engine == "pdfium"


def test_blocks_are_single_spaced(extracted):
    for name in LAYOUTS:
        for b in extracted(name).blocks:
            assert "\n" not in b.text and "  " not in b.text and "\ue000" not in b.text
