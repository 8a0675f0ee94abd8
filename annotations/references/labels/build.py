"""Build annotations/references/domain.jsonl from the hand-labelled .ann files here.

Run from the repo root:  .venv/bin/python annotations/references/labels/build.py
Each .ann entry is one reference: lines "label|text" (segments in source order),
"=field|value" (override a derived field value; empty value removes it), "!note|text".
raw = the segments joined by single spaces; it must occur verbatim in the document's clean
text (whitespace collapsed), entries in order. Field values are derived from the segments
(outer punctuation/quotes and "In"/"in:"/"dans :", "pp.", "(eds.)" stripped), then overridden.
No parser code is imported: the set is blind.
"""
import json, re, subprocess, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

OUTER = " ,;:.()[]\"'“”«»‘’„"
def strip(t): return t.strip().strip(OUTER).strip()
def ws(t): return re.sub(r"\s+", " ", t).strip()

def parse_ann(path):
    entries, cur = [], None
    for line in Path(path).read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            cur = None; continue
        if cur is None:
            cur = {"segments": [], "over": {}, "notes": []}; entries.append(cur)
        lab, _, text = line.partition("|")
        if lab.startswith("="): cur["over"][lab[1:]] = text
        elif lab == "!note": cur["notes"].append(text)
        else:
            assert text == text.strip() and text, (path, line)
            cur["segments"].append([lab, text])
    return entries

IN_PREFIX = re.compile(r"^(?:in|en|dans)\b\s*:?\s*|^in:", re.I)
def container_value(t): return strip(IN_PREFIX.sub("", t.strip(), count=1))
def editor_value(t):
    t = IN_PREFIX.sub("", t.strip(), count=1)
    t = re.sub(r"^edited by\s+", "", t, flags=re.I)
    t = re.sub(r"[\s,]*\(?\b(eds?|editors?|coord|dir|comp)\b\.?\)?[\s.,:;]*$", "", t, flags=re.I)
    return strip(t)
def pages_value(t): return strip(re.sub(r"^\s*(pp?\.?|p\.|págs?\.?)\s*", "", t.strip(), flags=re.I))
ROMAN = r"[IVXLC]+"
def vol_issue(t):
    t = t.strip()
    m = re.match(rf"^(?:Vol(?:ume)?\.?\s*)?(\d+|{ROMAN})\s*(?:\((\w[\w\-–]*)\)|[,:]?\s*(?:No\.?|Number|n°|number)?\s*:?\s*(\d[\d\-–]*)\b)?", t, re.I)
    if not m: return strip(t), None
    return m.group(1), m.group(2) or m.group(3)

def year_of(segs):
    for lab, t in segs:
        if lab == "date":
            m = re.search(r"(1[5-9]\d\d|20\d\d)([a-z]?)(?![\d])", t)
            if m: return m.group(1) + m.group(2)
    return None

def fields(e):
    segs, out = e["segments"], {}
    first = lambda lab: next((t for l, t in segs if l == lab), None)
    out["authors_raw"] = [t for l, t in segs if l == "author"] or None
    out["year"] = year_of(segs)
    out["title"] = strip(first("title")) if first("title") else None
    c = first("container-title") or first("journal")
    out["container"] = container_value(c) if c else None
    out["publisher"] = strip(first("publisher")) if first("publisher") else None
    out["place"] = strip(IN_PREFIX.sub("", first("location"))) if first("location") else None
    v = first("volume")
    if v:
        out["volume"], out["issue"] = vol_issue(v)
    p = first("pages")
    out["pages"] = pages_value(p) if p else None
    eds = [editor_value(t) for l, t in segs if l == "editor"]
    out["editors"] = [x for x in eds if x] or None
    for lab, key in (("edition", "edition"), ("genre", "genre"), ("collection-title", "collection"), ("url", "url"), ("doi", "doi")):
        if first(lab): out[key] = strip(first(lab)) if lab not in ("url", "doi") else first(lab).rstrip(".")
    labs = {l for l, _ in segs}
    if "journal" in labs: typ = "article"
    elif "container-title" in labs and re.match(r"(?i)paper (presented|delivered|prepared)", c or ""): typ = "paper-conference"
    elif "container-title" in labs: typ = "chapter"
    elif "genre" in labs and re.search(r"(?i)paper|report", first("genre")): typ = "report"
    else: typ = "book"
    out["type"] = typ
    for k, v in e["over"].items():
        if k in ("authors_raw", "editors"): out[k] = [x for x in v.split(" || ")] if v else None
        else: out[k] = v or None
    return {k: v for k, v in out.items() if v}

def load_families(path):
    fam, doc = {}, None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.endswith((".txt", ".pdf")): doc, n = line, 0; continue
        n += 1
        fam[f"domain:{doc}:{n}"] = [] if line == "-" else [x.strip() for x in line.split(";")]
    return fam

def clean_text(path):
    """The document's clean text: the file itself, or `dclit extract` of a PDF."""
    p = (REPO / path).resolve()
    if p.suffix == ".txt":
        return p.read_text(encoding="utf-8")
    return subprocess.run([str(REPO / ".venv/bin/dclit"), "extract", str(p)], check=True,
                          capture_output=True, text=True).stdout

def main(spec_path=HERE / "spec.json", out_path=HERE.parent / "domain.jsonl"):
    spec = json.loads(Path(spec_path).read_text())
    fams = load_families(Path(spec_path).with_name("families.txt"))
    rows, problems = [], []
    for doc in spec:
        src = ws(clean_text(doc["path"]))
        entries = parse_ann(Path(spec_path).with_name(doc["ann"]))
        pos, prev_end = src.find(doc["start"]), None
        assert pos >= 0, doc["start"]
        for n, e in enumerate(entries, 1):
            raw = " ".join(t for _, t in e["segments"])
            i = src.find(raw, pos)
            if i < 0:
                problems.append(f"{doc['document']}:{n} raw not found in source: {raw[:90]}")
                continue
            gap = src[pos:i].strip()
            if gap and n > 1:
                problems.append(f"{doc['document']}:{n} text left out before entry: {gap[:70]!r}...{gap[-40:]!r}")
            pos = i + len(raw)
            assert re.sub(r"\s", "", "".join(t for _, t in e["segments"])) == re.sub(r"\s", "", raw)
            row = {"source": "dclit-domain", "id": f"domain:{doc['document']}:{n}", "document": doc["document"],
                   "raw": raw}
            row.update(fields(e))
            row["author_families"] = fams.pop(row["id"])
            if bool(row["author_families"]) != bool(row.get("authors_raw")) and "—" not in str(row.get("authors_raw")):
                problems.append(f"{row['id']}: families vs authors_raw mismatch")
            row["style_guess"] = e["over"].get("style_guess") or doc["style"]
            row["segments"] = e["segments"]
            row["language"], row["context"] = doc["language"], doc["context"]
            if e["notes"]: row["note"] = "; ".join(e["notes"])
            rows.append(row)
        tail = src[pos:pos + 120]
        print(f"{doc['document']}: {len(entries)} entries; after last: {tail!r}")
    assert not fams, fams
    for p in problems: print("check:", p)
    with open(out_path, "w", encoding="utf-8") as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(rows), "rows written to", out_path)

if __name__ == "__main__":
    main(*sys.argv[1:3])
