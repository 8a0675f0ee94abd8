"""How a concept is named across the corpus: which labels, by whom, in which language, when.

``compute_usage`` reads the tag stage's mentions (a concept counts its narrower
concepts; mentions the tagger flagged as another sense are counted apart) and
returns pandas DataFrames; ``plot_usage`` draws them; ``describe_usage`` prints them.

Collocates: words within ``window`` words of a mention (same passage), scored by
Dunning's log-likelihood G² against the rest of the tagged corpus; only words
seen more often near the concept than expected, and not stop words.
Dispersion across documents (the parts): Gries' DP (0 = spread evenly in
proportion to document length, 1 = all in one place), its normalised form
(Lijffijt & Gries 2012), and Juilland's D on per-document relative frequencies
(1 = even, 0 = concentrated).
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dclit.errors import QueryError

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_STOP_LANGS = ("en", "fr", "es", "it", "de", "pt", "nl")


@dataclass(frozen=True, slots=True)
class Dispersion:
    parts: int  # documents (tagged, with words)
    range: int  # documents with at least one mention
    juilland_d: float | None
    gries_dp: float | None
    gries_dp_norm: float | None


@dataclass
class UsageReport:
    concept: str
    label: str
    ids: tuple[str, ...]  # the concept and its narrower concepts
    mentions: int  # not counting flagged ones
    flagged: int  # found but marked as another sense (e.g. the EU Twinning instrument)
    corpus_documents: int
    corpus_words: int
    labels: object  # DataFrame: concept, label, lang, mentions, documents, first, last
    documents: object  # DataFrame: doc_id, path, title, organisation, year, language, mentions, per_10k, labels
    organisations: object  # DataFrame: organisation, documents, using, mentions, per_10k
    languages: object  # DataFrame: lang, labels, mentions, documents
    years: object  # DataFrame: year, documents, using, words, mentions, per_10k
    year_labels: object  # DataFrame: year x label, mention counts
    collocates: object  # DataFrame: word, near, corpus, expected, g2
    dispersion: Dispersion
    window: int = 5

    def to_json(self, top: int = 15) -> dict:
        def rows(df, n=None):
            df = df if n is None else df.head(n)
            return df.astype(object).where(df.notna(), None).to_dict(orient="records")

        return {"concept": self.concept, "label": self.label, "concepts": list(self.ids),
                "mentions": self.mentions, "flagged": self.flagged,
                "corpus_documents": self.corpus_documents, "corpus_words": self.corpus_words,
                "dispersion": {k: getattr(self.dispersion, k) for k in Dispersion.__slots__},
                "labels": rows(self.labels), "languages": rows(self.languages), "years": rows(self.years),
                "organisations": rows(self.organisations, top), "documents": rows(self.documents, top),
                "collocates": rows(self.collocates, top)}


def compute_usage(store, concept: str, *, registry=None, window: int = 5, min_freq: int = 3) -> UsageReport:
    """Usage of ``concept`` (id or any label) in the store's tagged documents."""
    import pandas as pd

    from dclit.search import find_concept

    if registry is None:
        from dclit.tag import load_registry

        registry = load_registry()
    c = find_concept(registry, concept)
    ids = (c.id, *registry.descendants(c.id))
    if not store.has_mentions():
        raise QueryError("the store has no tagged documents, so there is no usage to show.",
                         hint="Run `dclit run CORPUS` (the tag stage) first.")
    cols = ["doc_id", "concept", "label", "lang", "text", "start", "end", "page", "passage", "flag", "path",
            "title", "organisation", "year", "language", "doc_type", "n_words"]
    m_all = pd.DataFrame(store.concept_mention_rows(ids), columns=cols)
    m_all["year"] = m_all["year"].astype("Int64")
    m = m_all[m_all["flag"].isna()]
    docs = pd.DataFrame(store.document_sizes(), columns=["doc_id", "path", "title", "organisation", "year",
                                                         "language", "doc_type", "n_words"])
    docs["year"] = docs["year"].astype("Int64")
    near, corpus = _collocate_counts(store, m, window)
    return UsageReport(
        concept=c.id, label=c.label("en"), ids=ids, mentions=len(m), flagged=len(m_all) - len(m),
        corpus_documents=len(docs), corpus_words=int(docs["n_words"].sum()) if len(docs) else 0,
        labels=_labels(m), documents=_documents(m, docs), organisations=_organisations(m, docs),
        languages=_languages(m), years=_years(m, docs), year_labels=_year_labels(m, docs),
        collocates=collocates(near, corpus, min_freq=min_freq), dispersion=dispersion(m, docs), window=window)


def _per_10k(mentions, words):
    return (10_000 * mentions / words.where(words > 0)).round(2)


def _labels(m):
    import pandas as pd

    if m.empty:
        return pd.DataFrame(columns=["concept", "label", "lang", "mentions", "documents", "first", "last"])
    g = m.groupby(["concept", "label", "lang"], dropna=False)
    out = g.agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"), first=("year", "min"),
                last=("year", "max")).reset_index()
    return out.sort_values(["mentions", "label"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _documents(m, docs):
    counts = m.groupby("doc_id").agg(mentions=("doc_id", "size"),
                                     labels=("label", lambda s: "; ".join(s.value_counts().index[:3])))
    out = docs.merge(counts, left_on="doc_id", right_index=True, how="inner")
    out["per_10k"] = _per_10k(out["mentions"], out["n_words"])
    out = out.drop(columns=["n_words", "doc_type"])
    return out.sort_values(["mentions", "path"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _organisations(m, docs):
    d = docs.assign(organisation=docs["organisation"].fillna("(unknown)"))
    per_doc = m.groupby("doc_id").size().rename("mentions")
    d = d.merge(per_doc, left_on="doc_id", right_index=True, how="left").fillna({"mentions": 0})
    g = d.groupby("organisation").agg(documents=("doc_id", "size"), using=("mentions", lambda s: int((s > 0).sum())),
                                      mentions=("mentions", "sum"), words=("n_words", "sum")).reset_index()
    g["mentions"] = g["mentions"].astype(int)
    g["per_10k"] = _per_10k(g["mentions"], g["words"])
    g = g[g["using"] > 0].drop(columns=["words"])
    return g.sort_values(["mentions", "organisation"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _languages(m):
    import pandas as pd

    if m.empty:
        return pd.DataFrame(columns=["lang", "labels", "mentions", "documents"])
    g = m.groupby("lang").agg(labels=("label", "nunique"), mentions=("doc_id", "size"),
                              documents=("doc_id", "nunique")).reset_index()
    return g.sort_values(["mentions", "lang"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _years(m, docs):
    d = docs.dropna(subset=["year"]).astype({"year": int})
    per_doc = m.groupby("doc_id").size().rename("mentions")
    d = d.merge(per_doc, left_on="doc_id", right_index=True, how="left").fillna({"mentions": 0})
    g = d.groupby("year").agg(documents=("doc_id", "size"), using=("mentions", lambda s: int((s > 0).sum())),
                              words=("n_words", "sum"), mentions=("mentions", "sum")).reset_index()
    g["mentions"] = g["mentions"].astype(int)
    g["per_10k"] = _per_10k(g["mentions"], g["words"])
    return g.sort_values("year").reset_index(drop=True)


def _year_labels(m, docs, top: int = 8):
    """Mentions per year (every year the corpus has a document) and label (the ``top`` labels)."""
    import pandas as pd

    m = m.dropna(subset=["year"])
    if m.empty:
        return pd.DataFrame()
    keep = m["label"].value_counts().index[:top]
    lab = m["label"].where(m["label"].isin(keep), "(other labels)")
    t = pd.crosstab(m["year"].astype(int), lab)
    order = [x for x in keep if x in t.columns] + [x for x in t.columns if x not in keep]
    years = sorted(set(docs["year"].dropna().astype(int)) | set(t.index))
    return t[order].reindex(years, fill_value=0)


# -- collocates --------------------------------------------------------------
def _stop_words() -> set[str]:
    """spaCy's stop-word lists, read from their files (importing spacy.lang.* would load all of spaCy)."""
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    words: set[str] = set()
    if spec is None or spec.origin is None:
        return words
    for lang in _STOP_LANGS:
        path = Path(spec.origin).parent / "lang" / lang / "stop_words.py"
        try:
            loader = importlib.util.spec_from_file_location(f"_dclit_stop_{lang}", path)
            module = importlib.util.module_from_spec(loader)
            loader.loader.exec_module(module)
            words |= {w.lower() for w in module.STOP_WORDS}
        except (OSError, AttributeError, SyntaxError):  # that language's list is missing: use the others
            log.debug("no spaCy stop words for %s at %s", lang, path)
    return words


def _collocate_counts(store, m, window: int) -> tuple[Counter, Counter]:
    """(counts of words within ``window`` words of a mention, counts of all other words)."""
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for doc_id, passage, start, end in m[["doc_id", "passage", "start", "end"]].itertuples(index=False):
        spans.setdefault((doc_id, int(passage)), []).append((int(start), int(end)))
    near: Counter = Counter()
    rest: Counter = Counter()
    for doc_id, idx, p_start, _lang, text in store.iter_passage_texts():
        tokens = [(t.start() + p_start, t.end() + p_start, t.group().lower()) for t in _WORD.finditer(text)]
        hits = spans.get((doc_id, idx))
        if not hits:
            rest.update(t[2] for t in tokens)
            continue
        node = {i for i, t in enumerate(tokens) if any(s < t[1] and t[0] < e for s, e in hits)}
        close: set[int] = set()
        for s, e in hits:
            inside = [i for i, t in enumerate(tokens) if s < t[1] and t[0] < e]
            if inside:
                close.update(range(max(0, inside[0] - window), inside[0]))
                close.update(range(inside[-1] + 1, min(len(tokens), inside[-1] + 1 + window)))
        close -= node
        for i, t in enumerate(tokens):
            if i in close:
                near[t[2]] += 1
            elif i not in node:
                rest[t[2]] += 1
    return near, rest


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """Dunning's G² of the 2x2 table [[a, b], [c, d]] (a: word near, b: other words near,
    c: word elsewhere, d: other words elsewhere)."""
    n = a + b + c + d
    total = 0.0
    for obs, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        if obs > 0:
            total += obs * math.log(obs * n / (row * col))
    return 2.0 * total


def collocates(near: Counter, rest: Counter, *, min_freq: int = 3):
    """Words attracted to the concept, strongest (G²) first."""
    import pandas as pd

    stop = _stop_words()
    n_near, n_rest = sum(near.values()), sum(rest.values())
    rows = []
    for word, a in near.items():
        if a < min_freq or word in stop or len(word) < 2 or word.isdigit():
            continue
        c = rest.get(word, 0)
        expected = (a + c) * n_near / (n_near + n_rest)
        if a <= expected:
            continue
        rows.append((word, a, a + c, round(expected, 2), round(log_likelihood(a, n_near - a, c, n_rest - c), 2)))
    df = pd.DataFrame(rows, columns=["word", "near", "corpus", "expected", "g2"])
    return df.sort_values(["g2", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)


# -- dispersion --------------------------------------------------------------
def dispersion(m, docs) -> Dispersion:
    """Juilland's D and Gries' DP of the mentions over the documents (parts sized by words)."""
    d = docs[docs["n_words"] > 0]
    counts = m.groupby("doc_id").size()
    freq = [int(counts.get(x, 0)) for x in d["doc_id"]]
    words = [int(x) for x in d["n_words"]]
    return dispersion_of(freq, words)


def dispersion_of(freq: list[int], sizes: list[int]) -> Dispersion:
    n, total, size = len(freq), sum(freq), sum(sizes)
    used = sum(1 for f in freq if f > 0)
    if n == 0 or total == 0:
        return Dispersion(parts=n, range=used, juilland_d=None, gries_dp=None, gries_dp_norm=None)
    s = [x / size for x in sizes]
    v = [f / total for f in freq]
    dp = 0.5 * sum(abs(a - b) for a, b in zip(v, s))
    dp_norm = dp / (1 - min(s)) if n > 1 else None
    d = None
    if n > 1:
        rel = [f / x for f, x in zip(freq, sizes)]
        mean = sum(rel) / n
        sd = math.sqrt(sum((r - mean) ** 2 for r in rel) / n)
        d = max(0.0, min(1.0, 1 - (sd / mean) / math.sqrt(n - 1)))
    return Dispersion(parts=n, range=used, juilland_d=_r(d), gries_dp=_r(dp), gries_dp_norm=_r(dp_norm))


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# -- output ------------------------------------------------------------------
def describe_usage(report: UsageReport, top: int = 15) -> str:
    """The report as text tables."""
    d = report.dispersion
    head = [f"{report.label} ({report.concept}; with {len(report.ids) - 1} narrower concepts)",
            f"{report.mentions} mentions in {d.range} of {report.corpus_documents} tagged documents "
            f"({report.corpus_words:,} words); {report.flagged} more flagged as another sense.",
            f"dispersion over documents: Juilland's D = {_fmt(d.juilland_d)}, Gries' DP = {_fmt(d.gries_dp)} "
            f"(normalised {_fmt(d.gries_dp_norm)}); range {d.range}/{d.parts}."]
    parts = ["\n".join(head)]
    for title, df in (("labels used", report.labels.head(top)), ("languages", report.languages),
                      ("by year", report.years[report.years["documents"] > 0]),
                      ("issuing organisations", report.organisations.head(top)),
                      ("documents", _short_docs(report.documents.head(top))),
                      (f"collocates (±{report.window} words, log-likelihood G²)", report.collocates.head(top))):
        parts.append(f"{title}:\n" + (df.to_string(index=False) if len(df) else "  (none)"))
    return "\n\n".join(parts)


def _short_docs(df):
    from dclit.search import doc_name

    out = df.copy()
    if len(out):
        out["document"] = [doc_name(p, t, 40) for p, t in zip(out["path"], out["title"])]
        out["organisation"] = out["organisation"].fillna("")
        out = out[["document", "organisation", "year", "language", "mentions", "per_10k", "labels"]]
    return out


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def plot_usage(report: UsageReport, path: Path | None = None):
    """Four panels: mentions by year and label, labels, organisations, collocates. Saves to ``path``
    (.png or .svg) when given; returns the matplotlib Figure."""
    fig = _draw(report)
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format=path.suffix.lstrip(".").lower() or "png", dpi=110,
                    metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    return fig


def _draw(report: UsageReport):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(15, 9), layout="constrained")
    axes = fig.subplot_mosaic([["year", "year", "year"], ["labels", "orgs", "coll"]],
                              height_ratios=[1, 1.25])
    a, b, c, d = axes["year"], axes["labels"], axes["orgs"], axes["coll"]
    fig.suptitle(f"Usage of \u201c{report.label}\u201d ({report.concept}): {report.mentions} mentions in "
                 f"{report.dispersion.range} of {report.corpus_documents} documents; Juilland's D "
                 f"{_fmt(report.dispersion.juilland_d)}, Gries' DP {_fmt(report.dispersion.gries_dp)}", fontsize=11)
    yl = report.year_labels
    if len(yl):
        bottom = [0] * len(yl)
        x = [str(y) for y in yl.index]
        for i, col in enumerate(yl.columns):
            a.bar(x, yl[col].tolist(), bottom=bottom, label=col, color=_colour(i))
            bottom = [p + q for p, q in zip(bottom, yl[col].tolist())]
        a.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        a.tick_params(axis="x", labelrotation=90, labelsize=8)
    _titled(a, "Mentions by year and label", bool(len(yl)))
    lab = report.labels.head(12).iloc[::-1]
    b.barh([f"{_cut(r.label, 40)} ({r.lang})" for r in lab.itertuples()], lab["mentions"].tolist(), color="#4c72b0")
    _titled(b, "Labels used (mentions)", bool(len(lab)))
    org = report.organisations.head(10).iloc[::-1]
    c.barh([_cut(o, 40) for o in org["organisation"]], org["mentions"].tolist(), color="#55a868")
    _titled(c, "Issuing organisations (mentions)", bool(len(org)))
    col = report.collocates.head(15).iloc[::-1]
    d.barh(col["word"].tolist(), col["g2"].tolist(), color="#c44e52")
    _titled(d, f"Collocates, \u00b1{report.window} words (G\u00b2)", bool(len(col)))
    for ax in (b, c, d):
        ax.tick_params(axis="y", labelsize=8)
    return fig


def _titled(ax, title: str, has_data: bool) -> None:
    ax.set_title(title, fontsize=10)
    if not has_data:
        ax.text(0.5, 0.5, "no mentions", ha="center", va="center", transform=ax.transAxes, color="grey")
        ax.set_xticks([])
        ax.set_yticks([])


def _colour(i: int) -> str:
    palette = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974")
    return palette[i % len(palette)]


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size - 1] + "\u2026"
