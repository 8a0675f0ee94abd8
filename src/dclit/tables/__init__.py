"""Literature-review tables, their files (CSV, Markdown, LaTeX, XLSX), the HTML report and a REFI-QDA export.

``load_corpus(store, TableOptions(...))`` reads the store once; ``compute_*`` turn that
into DataFrames; ``write_tables`` and ``write_report`` write them; ``write_qdpx``
exports the corpus and its concept mentions for NVivo, MAXQDA, ATLAS.ti or QualCoder.
"""
from __future__ import annotations

from dclit.tables.compute import (compute_all, compute_cited_works, compute_concept_matrix, compute_definitions,
                                  compute_sources, compute_synthesis, compute_terminology,
                                  compute_theme_cooccurrence, compute_topics, compute_unresolved_citations)
from dclit.tables.data import CorpusData, TableOptions, load_corpus

__all__ = ["CorpusData", "TableOptions", "compute_all", "compute_cited_works", "compute_concept_matrix",
           "compute_definitions", "compute_sources", "compute_synthesis", "compute_terminology",
           "compute_theme_cooccurrence", "compute_topics", "compute_unresolved_citations", "load_corpus"]
