"""Running the terminology stage over files (until the store serves documents)."""
from __future__ import annotations

import logging
from pathlib import Path

from dclit.errors import ConfigError, DclitError
from dclit.records import Document
from dclit.tag.evaluate import Report, evaluate, load_gold, merge_documents, reanchor
from dclit.tag.registry import Registry

log = logging.getLogger(__name__)

SUFFIXES = {".pdf", ".md", ".txt", ".html", ".htm", ".docx"}


def read_corpus(folder: Path) -> list[Document]:
    """Every readable document under ``folder`` (sorted by path); unreadable ones are logged."""
    from dclit.extract import extract_document
    docs = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in SUFFIXES):
        try:
            docs.append(extract_document(path))
        except DclitError as exc:
            log.warning("skipped: %s", exc)
    return docs


def provisional_pdf_text(path: Path) -> str:
    """pdfium page texts, whitespace collapsed, joined by a blank line: the text PDF gold
    spans were anchored on before the PDF extractor existed."""
    import re

    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    pages = [re.sub(r"\s+", " ", p.get_textpage().get_text_range()).strip() for p in pdf]
    return "\n\n".join(p for p in pages if p)


def evaluate_folder(gold_dir: Path, corpus: Path, registry: Registry, *, split: str = "test",
                    level: str = "top", match: str = "exact") -> tuple[Report, dict[str, str]]:
    """Extract and tag each annotated document of ``split``; score against its gold.

    Gold spans are re-anchored when the document's clean text changed since
    annotation; spans that cannot be found again are dropped with a warning.
    """
    from dclit.extract import extract_document
    from dclit.tag.tagger import Tagger
    docs, spans = load_gold(gold_dir)
    chosen = merge_documents(d for d in docs if split == "all" or d.split == split)
    if not chosen:
        raise ConfigError(f"no annotated documents in split {split!r}", path=str(gold_dir))
    tagger = Tagger(registry)
    gold, predicted, langs, covered, texts = {}, {}, {}, {}, {}
    for d in chosen:
        path = Path(corpus) / d.path
        if not path.exists():
            raise ConfigError(f"annotated document not found: {d.path}", path=str(corpus),
                              hint="Pass the corpus root the annotations were made on with --corpus.")
        try:
            doc = extract_document(path)
        except (DclitError, ImportError) as exc:
            if d.anchored != "pdfium-provisional":
                log.warning("%s: cannot be extracted (%s); left out of the evaluation", d.document, exc)
                continue
            log.warning("%s: extractor unavailable (%s); using the provisional pdfium text", d.document, exc)
            from dclit.tag.tagger import document_from_text
            doc = document_from_text(provisional_pdf_text(path), d.lang, doc_id=d.sha256)
        if doc.doc_id != d.sha256:
            log.warning("%s: file changed since annotation (hash differs); spans are re-anchored", d.document)
        placed = []
        for s in (s for s in spans if s.document == d.document):
            moved = reanchor(s, doc.text)
            if moved is None:
                log.warning("%s: gold span %r (%s) not found in the text; dropped", d.document, s.text, s.concept)
            else:
                placed.append(moved)
        gold[d.document], predicted[d.document] = placed, tagger.tag(doc)
        langs[d.document], covered[d.document], texts[d.document] = d.lang, d.covered, doc.text
    return evaluate(gold, predicted, langs, registry, level=level, match=match, covered=covered), texts
