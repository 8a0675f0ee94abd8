"""The linking benchmark's gold file parses, and its scorer counts what it says it counts."""
import importlib.util
import sys
from pathlib import Path

import pytest

from dclit.records import Citation, Reference

from .conftest import make_doc

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("linking_bench", ROOT / "benchmarks" / "linking.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_gold_file_parses(bench):
    docs = bench.load_gold((ROOT / "tests" / "fixtures" / "biblio" / "linking_gold.txt").read_text("utf-8"))
    assert [Path(d.path).stem for d in docs] == ["uclg_gold1_00_summary_en", "uclg_gold1_05_europe_fr",
                                                  "uclg_gold1_00_summary_fr", "uclg_gold1_10_conclusion_es",
                                                  "uclg_gold1_11_postface_en"]
    en = docs[0]
    assert en.pages == (44, 71) and len(en.cites) == 40
    assert sum(c.entry is not None for c in en.cites) == 34
    assert all(len(c.snippet) <= 60 and (c.entry is None or len(c.entry) <= 40) for d in docs for c in d.cites)
    assert sum(c.false for c in docs[1].cites) == 7


def test_scorer_counts_detection_and_links(bench):
    text = ("As shown (Smith, 2001; Jones 2003; Brown 1999) and du PIB (2003).\n\n"
            "Smith, J. 2001 A title. London: Zed.\n\nJones, K. 2003 Another. Paris: Seuil.")
    doc = make_doc([("body", text)])
    gold = bench.load_gold("# doc: x.pdf\nSmith, 2001 | Smith, J. 2001\nJones 2003 | Jones, K. 2003\n"
                           "Brown 1999 | -\n! du PIB (2003)\n")[0]
    s_pos = text.index("Smith, J.")
    refs = [Reference("d1", 0, s_pos, s_pos + 36, 1, "Smith", {}),
            Reference("d1", 1, s_pos + 38, len(text), 1, "Jones", {})]

    def c(i, snippet, ref):
        a = text.index(snippet)
        return Citation("d1", i, a, a + len(snippet), 1, snippet, (), "2001", reference=ref)

    cites = [c(0, "Smith, 2001", 0), c(1, "Jones 2003", 0), c(2, "du PIB (2003)", 1)]
    s = bench.score_document(doc, gold, cites, refs)
    # two of three detections are citations; Smith linked right, Jones to the wrong entry, the
    # false citation linked: 1 right link of 3, 1 of the 2 gold citations that have an entry
    assert (s.detected, s.matched, s.gold, s.linkable, s.links, s.right) == (3, 2, 3, 2, 3, 1)
    assert any("missed citation 'Brown 1999'" in e for e in s.errors)
    with pytest.raises(ValueError, match="not in x.pdf"):
        bench.score_document(doc, bench.load_gold("# doc: x.pdf\nNobody 2000 | -\n")[0], cites, refs)
