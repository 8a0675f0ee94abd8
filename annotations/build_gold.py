"""Turn the hand-written notes in annotations/notes/*.txt into gold JSONL.

A note file starts with ``# path: <path under the corpus root>`` and ``# split: dev|test4``;
optional headers restrict the annotated part (``covered``): ``# pages: 3-4`` or
``# pages: 10-11, 42-43`` (extracted pages), ``# from: <text>`` / ``# to: <text>`` (first occurrence of the text, to the end /
from the start), ``# range: <from text> >>> <to text>`` (repeatable). Spans outside the covered part are refused (explicit) or skipped (ALL);
each other line is ``concept | snippet with the [span] in brackets | n`` where the
snippet (without brackets) is looked up in the clean text of the document and
``n`` picks its n-th occurrence (default 1). ``concept | ALL [word]`` marks every
word-bounded occurrence of ``word`` that no other span covers (used only after
reading each of them). Lines starting with ``#`` are comments.

    .venv/bin/python annotations/build_gold.py [CORPUS_ROOT]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from dclit.extract import extract_document
from dclit.tag.evaluate import GoldDocument, span_with_context, write_jsonl

HERE = Path(__file__).resolve().parent


def parse_note(path: Path, text: str, name: str, sha: str, covered=None):
    meta, explicit, every = {}, [], []
    inside = (lambda a, b: True) if covered is None else (
        lambda a, b: any(lo <= a and b <= hi for lo, hi in covered))
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            if ":" in line:
                key, _, value = line[1:].partition(":")
                meta[key.strip()] = value.strip()
            continue
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        concept, snippet = parts[0], parts[1].replace("\\n", "\n")  # "\n" in a snippet is a line break
        nth = int(parts[2]) if len(parts) > 2 else 1
        if snippet.startswith("ALL "):
            every.append((concept, snippet[4:].strip("[]")))
            continue
        pre, rest = snippet.split("[", 1)
        inner, post = rest.split("]", 1)
        plain = pre + inner + post
        pos = -1
        for _ in range(nth):
            pos = text.find(plain, pos + 1)
            if pos < 0:
                raise SystemExit(f"{path.name}:{n}: snippet not found (occurrence {nth}): {plain!r}")
        start = pos + len(pre)
        if not inside(start, start + len(inner)):
            raise SystemExit(f"{path.name}:{n}: span outside the covered part: {inner!r}")
        explicit.append(span_with_context(name, text, start, start + len(inner), concept, sha))
    spans = list(explicit)
    for concept, word in every:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            if inside(m.start(), m.end()) and not any(s.start < m.end() and m.start() < s.end for s in spans):
                spans.append(span_with_context(name, text, m.start(), m.end(), concept, sha))
    return meta, sorted(spans, key=lambda s: (s.start, s.end, s.concept))


def covered_part(meta: dict, doc, text: str, note: Path):
    """The annotated ranges named by the note's ``pages`` / ``from`` / ``to`` headers (None: all)."""
    if "pages" in meta:  # "3-4" or "10-11, 42-43": one covered range per page range
        ranges = []
        for part in meta["pages"].split(","):
            lo, _, hi = part.strip().partition("-")
            pages = [p for p in doc.pages if int(lo) <= p.number <= int(hi or lo)]
            if not pages:
                raise SystemExit(f"{note.name}: no extracted page in {part.strip()!r}")
            ranges.append((pages[0].start, pages[-1].end))
        return tuple(sorted(ranges))
    pairs = [(meta.get("from", ""), meta.get("to", ""))] if "from" in meta or "to" in meta else []
    pairs += [tuple(x.strip() for x in line[len("# range:"):].split(">>>"))
              for line in note.read_text(encoding="utf-8").splitlines() if line.startswith("# range:")]
    ranges = []
    for first, last in pairs:
        start = text.find(first) if first else 0
        end = text.find(last, start) if last else len(text)
        if start < 0 or end < 0:
            raise SystemExit(f"{note.name}: range text not found: {first!r} / {last!r}")
        ranges.append((start, end))
    return tuple(sorted(ranges)) or None


def note_meta(note: Path) -> dict:
    meta = {}
    for line in note.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and ":" in line and line[2:].split(":", 1)[0].isalnum():
            key, _, value = line[2:].partition(":")
            meta[key.strip()] = value.strip()
    return meta


def clean_text(path: Path) -> tuple[str, str, str, str]:
    """(text, sha256, how it was anchored, language). PDFs fall back to a provisional
    pdfium text (pages joined by a blank line, whitespace collapsed) while the
    PDF extractor is not available; evaluation re-anchors those spans."""
    try:
        doc = extract_document(path)
        return doc.text, doc.doc_id, "clean", doc.metadata.language or ""
    except ImportError:
        from dclit.extract import hash_file
        from dclit.tag.files import provisional_pdf_text
        return provisional_pdf_text(path), hash_file(path), "pdfium-provisional", ""



def main(corpus: Path) -> None:
    docs, by_split = [], {"dev": []}
    for note in sorted((HERE / "notes").glob("*.txt")):
        head = note_meta(note)
        rel = head["path"]
        text, sha, anchored, lang = clean_text(corpus / rel)
        covered = None
        if {"pages", "from", "to", "range"} & head.keys():
            covered = covered_part(head, extract_document(corpus / rel), text, note)
        name = Path(rel).name
        meta, spans = parse_note(note, text, name, sha, covered)
        split = meta["split"]
        docs.append(GoldDocument(document=name, path=rel, sha256=sha,
                                 lang=meta.get("lang", lang), split=split, covered=covered,
                                 anchored=anchored))
        by_split.setdefault(split, []).extend(spans)
        print(f"{name}: {len(spans)} spans ({split})")
    write_jsonl(HERE / "documents.jsonl", docs)
    for split, spans in by_split.items():
        write_jsonl(HERE / "gold" / f"{split}.jsonl", spans)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
