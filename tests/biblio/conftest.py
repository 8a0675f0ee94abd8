from pathlib import Path

import pytest

from dclit.records import Document, Metadata, Page, Passage

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_paper.txt"


def make_doc(parts: list[tuple[str, str]], doc_id: str = "d1") -> Document:
    """A Document from (kind, text) passages joined by blank lines."""
    text, passages, pos = "", [], 0
    for i, (kind, body) in enumerate(parts):
        if text:
            text += "\n\n"
            pos += 2
        note = None
        if kind.startswith("footnote:"):
            kind, note = "footnote", kind.split(":")[1]
        passages.append(Passage(doc_id, i, 1, pos, pos + len(body), body, kind=kind, note=note))
        text += body
        pos += len(body)
    return Document(doc_id, "mem", text, [Page(1, 0, len(text))], passages, Metadata())


@pytest.fixture(scope="session")
def seed_doc():
    from dclit.extract import extract_document

    return extract_document(SEED)
