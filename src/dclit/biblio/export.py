"""Export CSL-JSON items (with ``id``) as BibTeX, CSL-JSON or RIS text."""
from __future__ import annotations

import json
import re

BIBTEX_TYPES = {"article-journal": "article", "chapter": "incollection", "book": "book",
                "report": "techreport", "thesis": "phdthesis", "paper-conference": "inproceedings",
                "webpage": "misc", "document": "misc"}
RIS_TYPES = {"article-journal": "JOUR", "chapter": "CHAP", "book": "BOOK", "report": "RPRT",
             "thesis": "THES", "paper-conference": "CONF", "webpage": "ELEC", "document": "GEN"}
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}


def bibtex_escape(text: str) -> str:
    """Escape BibTeX/LaTeX special characters (UTF-8 letters are kept as they are)."""
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in str(text))


def _bib_name(n: dict) -> str:
    if n.get("literal"):
        return "{" + bibtex_escape(n["literal"]) + "}"  # an organisation: never split
    fam = bibtex_escape(n.get("family", ""))
    if " " in fam:
        fam = "{" + fam + "}"
    given = bibtex_escape(n.get("given", ""))
    return f"{fam}, {given}" if given else fam


def _year(item: dict) -> str:
    try:
        return str(item["issued"]["date-parts"][0][0]) + item.get("year-suffix", "")
    except (KeyError, IndexError, TypeError):
        return ""


def to_bibtex(items: list[dict]) -> str:
    out = []
    for it in items:
        kind = BIBTEX_TYPES.get(it.get("type", ""), "misc")
        fields: list[tuple[str, str]] = []
        for role in ("author", "editor"):
            if it.get(role):
                fields.append((role, " and ".join(_bib_name(n) for n in it[role])))
        if it.get("title"):
            fields.append(("title", "{" + bibtex_escape(it["title"]) + "}"))
        container = it.get("container-title")
        if container:
            fields.append(("journal" if kind == "article" else "booktitle", bibtex_escape(container)))
        for var, name in (("publisher", "institution" if kind == "techreport" else
                           "school" if kind == "phdthesis" else "publisher"),
                          ("publisher-place", "address"), ("volume", "volume"), ("issue", "number"),
                          ("page", "pages"), ("edition", "edition"), ("DOI", "doi"), ("URL", "url"),
                          ("note", "note")):
            if it.get(var):
                value = it[var] if var in ("DOI", "URL") else bibtex_escape(it[var])
                if var == "page":
                    value = re.sub(r"\s*[-–]\s*", "--", value)
                fields.append((name, value))
        if _year(it):
            fields.append(("year", _year(it)[:4]))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        out.append(f"@{kind}{{{it.get('id', 'ref')},\n{body}\n}}\n")
    return "\n".join(out)


def to_csljson(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_ris(items: list[dict]) -> str:
    lines: list[str] = []
    for it in items:
        lines.append(f"TY  - {RIS_TYPES.get(it.get('type', ''), 'GEN')}")
        if it.get("id"):
            lines.append(f"ID  - {it['id']}")
        for role, tag in (("author", "AU"), ("editor", "ED")):
            for n in it.get(role) or []:
                name = n.get("literal") or ", ".join(x for x in (n.get("family"), n.get("given")) if x)
                lines.append(f"{tag}  - {name}")
        if _year(it):
            lines.append(f"PY  - {_year(it)[:4]}")
        for var, tag in (("title", "TI"), ("container-title", "T2"), ("publisher", "PB"),
                         ("publisher-place", "CY"), ("volume", "VL"), ("issue", "IS"),
                         ("edition", "ET"), ("DOI", "DO"), ("URL", "UR")):
            if it.get(var):
                lines.append(f"{tag}  - {it[var]}")
        if it.get("page"):
            sp, _, ep = re.sub(r"[–—]", "-", it["page"]).partition("-")
            lines.append(f"SP  - {sp.strip()}")
            if ep:
                lines.append(f"EP  - {ep.strip()}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def export(items: list[dict], fmt: str) -> str:
    writers = {"bibtex": to_bibtex, "csljson": to_csljson, "ris": to_ris}
    if fmt not in writers:
        raise ValueError(f"The 'format' option must be one of {sorted(writers)}. Got {fmt!r} instead.")
    return writers[fmt](items)
