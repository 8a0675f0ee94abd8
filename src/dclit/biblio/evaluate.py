"""Field-level precision/recall/F1 of a reference parser against labelled strings.

Fields: family names (multiset of normalised family names), year (with suffix),
title and container-title (normalised exact match: case, punctuation and
spacing ignored). Scores are reported overall and by ``style_guess``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Callable, Iterable

from dclit.biblio.data import Example
from dclit.biblio.names import family_names, split_names

FIELDS = ("family", "year", "title", "container")


def norm(text: str | None) -> str:
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_", " ", t)).strip()


def gold_fields(ex: Example) -> dict[str, object]:
    fam: list[str] = []
    for seg in ex.gold.get("authors_raw") or []:
        fam += [norm(f) for f in family_names(split_names(seg)[0])]
    return {"family": Counter(f for f in fam if f), "year": ex.gold.get("year") or "",
            "title": norm(ex.gold.get("title")), "container": norm(ex.gold.get("container"))}


def pred_fields(item: dict) -> dict[str, object]:
    fam = Counter(norm(f) for f in family_names(item.get("author", [])) if norm(f))
    year = ""
    if item.get("issued"):
        year = str(item["issued"]["date-parts"][0][0]) + item.get("year-suffix", "")
    return {"family": fam, "year": year, "title": norm(item.get("title")),
            "container": norm(item.get("container-title"))}


def _count(gold: dict, pred: dict, tally: dict[str, list[int]]) -> None:
    g, p = gold["family"], pred["family"]
    tp = sum((g & p).values())
    tally["family"][0] += tp
    tally["family"][1] += sum(p.values())
    tally["family"][2] += sum(g.values())
    for f in FIELDS[1:]:
        gv, pv = gold[f], pred[f]
        tally[f][0] += int(bool(gv) and gv == pv)
        tally[f][1] += int(bool(pv))
        tally[f][2] += int(bool(gv))


def prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "n": ngold}


def score(examples: Iterable[Example], parse: Callable[[Example], dict]) -> dict[str, dict]:
    """{style: {field: {p, r, f1, n}}} with style "all" for the whole set."""
    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for ex in examples:
        gold, pred = gold_fields(ex), pred_fields(parse(ex))
        for style in ("all", ex.style):
            _count(gold, pred, tallies[style])
    out: dict[str, dict] = {}
    for style, t in sorted(tallies.items()):
        out[style] = {f: prf(*t[f]) for f in FIELDS}
        out[style]["macro_f1"] = round(sum(out[style][f]["f1"] for f in FIELDS) / len(FIELDS), 4)
    return out


def token_scores(examples: Iterable[Example], predicted: dict[str, list[str]]) -> dict[str, dict]:
    """Token-level P/R/F1 per tag ({tag: {p, r, f1, n}}) plus "micro" (= accuracy) and "macro"."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for ex in examples:
        for g, p in zip(ex.labels, predicted[ex.id]):
            tally[g][2] += 1
            tally[p][1] += 1
            if g == p:
                tally[g][0] += 1
    out = {lab: prf(*t) for lab, t in sorted(tally.items())}
    macro = sum(v["f1"] for v in out.values()) / max(len(out), 1)
    tp, n = sum(t[0] for t in tally.values()), sum(t[2] for t in tally.values())
    out["micro"] = prf(tp, n, n)
    out["macro"] = {"f1": round(macro, 4)}
    return out


def format_table(name: str, scores: dict[str, dict]) -> str:
    lines = [f"{name}", f"{'style':<12} {'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}"]
    for style in ("all", "author-year", "numeric", "other"):
        if style not in scores:
            continue
        for f in FIELDS:
            s = scores[style][f]
            lines.append(f"{style:<12} {f:<10} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['n']:6d}")
        lines.append(f"{style:<12} {'macro-F1':<10} {'':>6} {'':>6} {scores[style]['macro_f1']:6.3f}")
    return "\n".join(lines)
