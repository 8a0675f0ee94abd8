"""Metadata sidecars: metadata.csv, CSL-JSON and BibTeX (Zotero exports)."""
import json

import pytest

from dclit.errors import ConfigError
from dclit.extract.sidecar import apply_sidecar, load_sidecars
from dclit.records import Metadata


def test_bibtex_export_matches_by_file_field(tmp_path):
    (tmp_path / "zotero.bib").write_text(
        "@report{uclg2008,\n  title = {{Decentralization} and Local Democracy in the World},\n"
        "  author = {Hafteck, Pierre and {United Cities and Local Governments}},\n  year = {2008},\n"
        "  institution = {UCLG},\n  file = {Full Text:files/12/gold1.pdf:application/pdf}\n}\n")
    cars = load_sidecars(tmp_path)
    rec = cars.find("reports/gold1.pdf")
    assert rec is not None
    meta = apply_sidecar(Metadata(title="guess"), rec)
    assert meta.title == "Decentralization and Local Democracy in the World"
    assert meta.authors == ("Hafteck, Pierre", "United Cities and Local Governments")
    assert (meta.year, meta.organisation, meta.doc_type) == (2008, "UCLG", "report")
    assert meta.provenance["year"] == "sidecar:zotero.bib"


def test_csl_json_matches_by_title(tmp_path):
    (tmp_path / "library.json").write_text(json.dumps([{
        "id": "x", "type": "article-journal", "title": "Decentralized Cooperation: A New Role?",
        "author": [{"family": "van Ewijk", "given": "Edith"}], "issued": {"date-parts": [[2013]]}}]))
    rec = load_sidecars(tmp_path).find("paper.pdf", title="Decentralized cooperation - a new role")
    meta = apply_sidecar(Metadata(), rec)
    assert meta.authors == ("van Ewijk, Edith",) and meta.year == 2013 and meta.doc_type == "article-journal"


def test_metadata_csv_without_a_key_column_is_explained(tmp_path):
    (tmp_path / "metadata.csv").write_text("name,year\nx.pdf,2001\n")
    with pytest.raises(ConfigError, match="needs a 'file' \\(or 'path'\\) column"):
        load_sidecars(tmp_path)


def test_broken_csl_json_names_the_file(tmp_path):
    (tmp_path / "lib.json").write_text("[{broken")
    with pytest.raises(ConfigError, match="lib.json: not valid JSON"):
        load_sidecars(tmp_path)
