"""Charts for the report, drawn with matplotlib (Agg) as inline SVG text.

``plot_*`` functions draw what the tables hold; each returns SVG markup (or ""
when there is nothing to draw). SVG output is made deterministic: no date in the
metadata, a fixed hash salt for element ids, text kept as text.
"""
from __future__ import annotations

import io
from collections import Counter, defaultdict

from dclit.tables.data import CorpusData

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "dclit", "svg.fonttype": "none", "font.size": 9,
                         "font.family": "DejaVu Sans"})
    return plt


def _svg(fig) -> str:
    plt = _plt()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": "dclit"})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _short(text: str, size: int = 45) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def plot_theme_heatmap(data: CorpusData) -> str:
    """Documents × themes, mentions per 10,000 words."""
    themes = data.themes()
    counts: Counter = Counter((m.doc_id, data.theme_of(m.concept)) for m in data.mentions)
    themes = [t for t in themes if any(counts[(d.doc_id, t)] for d in data.docs)]
    docs = sorted(data.docs, key=lambda d: (d.year or 9999, d.name, d.doc_id))
    if not themes or not docs:
        return ""
    grid = [[counts[(d.doc_id, t)] * 10000 / d.words if d.words else 0.0 for t in themes] for d in docs]
    plt = _plt()
    fig, ax = plt.subplots(figsize=(1.6 + 0.42 * len(themes), 1.2 + 0.24 * len(docs)))
    im = ax.imshow(grid, aspect="auto", cmap="YlGnBu")
    ax.set_xticks(range(len(themes)), [data.label(t) for t in themes], rotation=45, ha="right")
    ax.set_yticks(range(len(docs)), [_short(d.name) for d in docs])
    fig.colorbar(im, ax=ax, label="mentions per 10,000 words", shrink=0.6)
    ax.set_title("Themes by document")
    return _svg(fig)


def plot_terminology(data: CorpusData, top: int = 8) -> str:
    """Mentions per 10,000 words of the most used labels, by document year."""
    words: Counter = Counter()
    for d in data.docs:
        if d.year is not None:
            words[d.year] += d.words
    per: dict[str, Counter] = defaultdict(Counter)
    for m in data.mentions:
        y = data.doc(m.doc_id).year
        if y is not None:
            per[m.label.lower()][y] += 1
    if len(words) < 2 or not per:
        return ""
    labels = sorted(per, key=lambda k: (-sum(per[k].values()), k))[:top]
    years = sorted(words)
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4))
    for i, lab in enumerate(labels):
        ax.plot(years, [per[lab][y] * 10000 / words[y] for y in years], marker="o", color=PALETTE[i % 10], label=lab)
    ax.set_xlabel("year of document")
    ax.set_ylabel("mentions per 10,000 words")
    ax.set_title("Terminology over time")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _svg(fig)


def plot_topics_over_time(data: CorpusData, top: int = 8) -> str:
    """Share of each year's passages per topic (outliers left out)."""
    years = {d.doc_id: d.year for d in data.docs}
    c: Counter = Counter()
    per_year: Counter = Counter()
    for a in data.assignments:
        y = years.get(a.doc_id)
        if y is not None and a.topic != -1:
            c[(a.topic, y)] += 1
            per_year[y] += 1
    if not per_year:
        return ""
    totals = Counter()
    for (t, _), n in c.items():
        totals[t] += n
    topics = sorted(totals, key=lambda t: (-totals[t], t))[:top]
    labels = {t.topic: t.label for t in data.topics}
    ys = sorted(per_year)
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4))
    bottom = [0.0] * len(ys)
    for i, t in enumerate(topics):
        vals = [c[(t, y)] / per_year[y] for y in ys]
        ax.bar([str(y) for y in ys], vals, bottom=bottom, color=PALETTE[i % 10], label=_short(f"T{t} {labels.get(t, '')}", 40))
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel("share of the year's passages")
    ax.set_title("Topics over time")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return _svg(fig)


def plot_citation_network(data: CorpusData, works_df) -> str:
    """Documents (squares) and the works they cite (dots) that at least two documents cite, else the top 30."""
    import networkx as nx

    if works_df.empty:
        return ""
    name_to_doc = {d.name: d for d in data.docs}
    shared = works_df[works_df["citing documents"] >= 2]
    rows = shared if len(shared) else works_df.head(30)
    g = nx.Graph()
    for r in rows.itertuples(index=False):
        for name in str(r[6]).split("; "):
            if name in name_to_doc:
                g.add_edge(f"D:{name}", f"W:{r[0]}")
    if not g.number_of_edges():
        return ""
    pos = nx.spring_layout(g, seed=7, k=1.2 / max(1, len(g) ** 0.5))
    plt = _plt()
    fig, ax = plt.subplots(figsize=(9, 6))
    docs = sorted(n for n in g if n.startswith("D:"))
    works = sorted(n for n in g if n.startswith("W:"))
    nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.3, edgelist=sorted(g.edges()))
    nx.draw_networkx_nodes(g, pos, nodelist=docs, node_shape="s", node_color="#d62728", node_size=80, ax=ax)
    nx.draw_networkx_nodes(g, pos, nodelist=works, node_color="#1f77b4", node_size=[30 + 25 * g.degree(n)
                                                                                      for n in works], ax=ax)
    nx.draw_networkx_labels(g, pos, labels={n: _short(n[2:], 28) for n in docs + works}, font_size=6, ax=ax)
    ax.set_title("Citation network: documents (red) and the works they cite (blue)")
    ax.axis("off")
    return _svg(fig)
