"""Field-level precision/recall/F1 of a reference parser against labelled strings.

Fields: family names (multiset), year (with suffix), title and container-title.
Four matchers, as in GROBID's end-to-end evaluation:

* ``strict``: the same string once outer punctuation and repeated spaces are dropped;
* ``soft`` (the default, and what issue 5's goal is judged on): case, punctuation,
  spacing and diacritics ignored (``norm``);
* ``lev``: normalised Levenshtein similarity of the soft strings >= 0.8;
* ``ro``: Ratcliff/Obershelp similarity (difflib) of the soft strings >= 0.95.

Family names and years are compared exactly under every matcher but ``strict``,
where family names must also keep their case and diacritics. Scores are reported
overall and by ``style_guess``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Callable, Iterable

from dclit.biblio.data import Example
from dclit.biblio.names import family_names, split_names

FIELDS = ("family", "year", "title", "container")
MATCHERS = ("strict", "soft", "lev", "ro")


def strict_text(text: str | None) -> str:
    """The string as written, minus outer punctuation/brackets/quotes and repeated spaces."""
    if not text:
        return ""
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return t.strip(" ,;:.()[]\"'“”«»‘’„")


def norm(text: str | None) -> str:
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", text.lower())
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_", " ", t)).strip()


def gold_fields(ex: Example, strict: bool = False) -> dict[str, object]:
    f = strict_text if strict else norm
    fam: list[str] = []
    for seg in ex.gold.get("authors_raw") or []:
        fam += [f(x) for x in family_names(split_names(seg)[0])]
    return {"family": Counter(x for x in fam if x), "year": ex.gold.get("year") or "",
            "title": f(ex.gold.get("title")), "container": f(ex.gold.get("container"))}


def pred_fields(item: dict, strict: bool = False) -> dict[str, object]:
    f = strict_text if strict else norm
    fam = Counter(f(x) for x in family_names(item.get("author", [])) if f(x))
    year = ""
    if item.get("issued"):
        year = str(item["issued"]["date-parts"][0][0]) + item.get("year-suffix", "")
    return {"family": fam, "year": year, "title": f(item.get("title")),
            "container": f(item.get("container-title"))}


def same(gold: str, pred: str, matcher: str) -> bool:
    """Whether two (already normalised) field strings match under ``matcher``."""
    if not gold or not pred:
        return False
    if gold == pred or matcher in ("strict", "soft"):
        return gold == pred
    if matcher == "lev":
        from rapidfuzz.distance import Levenshtein

        return Levenshtein.normalized_similarity(gold, pred) >= 0.8
    import difflib

    return difflib.SequenceMatcher(None, gold, pred, autojunk=False).ratio() >= 0.95


def _count(gold: dict, pred: dict, tally: dict[str, list[int]], matcher: str = "soft") -> None:
    g, p = gold["family"], pred["family"]
    tp = sum((g & p).values())
    tally["family"][0] += tp
    tally["family"][1] += sum(p.values())
    tally["family"][2] += sum(g.values())
    for f in FIELDS[1:]:
        gv, pv = gold[f], pred[f]
        tally[f][0] += int(same(gv, pv, matcher if f != "year" else "strict"))
        tally[f][1] += int(bool(pv))
        tally[f][2] += int(bool(gv))


def prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "n": ngold}


def score(examples: Iterable[Example], parse: Callable[[Example], dict],
          matchers: tuple[str, ...] = ("soft",)) -> dict[str, dict]:
    """{style: {field: {p, r, f1, n}}} with style "all" for the whole set, under the
    soft matcher; with several ``matchers``, {matcher: that table}."""
    bad = [m for m in matchers if m not in MATCHERS]
    if bad:
        raise ValueError(f"The 'matchers' parameter of score must be among {MATCHERS}. Got {bad} instead.")
    tallies: dict[str, dict] = {m: defaultdict(lambda: defaultdict(lambda: [0, 0, 0])) for m in matchers}
    for ex in examples:
        item = parse(ex)
        loose = (gold_fields(ex), pred_fields(item))
        exact = (gold_fields(ex, strict=True), pred_fields(item, strict=True)) if "strict" in matchers else loose
        for m in matchers:
            gold, pred = exact if m == "strict" else loose
            for style in ("all", ex.style):
                _count(gold, pred, tallies[m][style], m)
    out: dict[str, dict] = {}
    for m in matchers:
        out[m] = {}
        for style, t in sorted(tallies[m].items()):
            out[m][style] = {f: prf(*t[f]) for f in FIELDS}
            out[m][style]["macro_f1"] = round(sum(out[m][style][f]["f1"] for f in FIELDS) / len(FIELDS), 4)
    return out if len(matchers) > 1 else out[matchers[0]]


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


def format_matchers(name: str, scores: dict[str, dict]) -> str:
    """One table for several matchers: soft P/R/F1 and n, then F1 under each other matcher."""
    others = [m for m in MATCHERS if m in scores and m != "soft"]
    head = f"{'style':<12} {'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}  " + " ".join(
        f"{m + '-F1':>9}" for m in others)
    lines = [f"{name} (P/R/F1 soft match; goal judged on soft F1)", head]
    soft = scores["soft"]
    for style in ("all", "author-year", "numeric", "other"):
        if style not in soft:
            continue
        for f in FIELDS:
            s = soft[style][f]
            lines.append(f"{style:<12} {f:<10} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['n']:6d}  "
                         + " ".join(f"{scores[m][style][f]['f1']:9.3f}" for m in others))
    return "\n".join(lines)
