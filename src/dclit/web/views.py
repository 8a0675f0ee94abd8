"""The pages of `dclit serve` (a Flask blueprint). Read-only; all text escaped by Jinja2."""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, g, render_template, request, send_file

from dclit.errors import DclitError, QueryError

log = logging.getLogger(__name__)

bp = Blueprint("dclit", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

PAGE_SIZE = 25
WINDOW = 12  # passages shown each side of the one opened in the document view


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of passage text, marked (``css``) or not; rendered escaped."""

    text: str
    css: str = ""
    title: str = ""


def _store():
    if "store" not in g:
        from dclit.store import open_store

        g.store = open_store(current_app.config["DCLIT_STORE"], readonly=True)
    return g.store


def _registry():
    return current_app.config["DCLIT_REGISTRY"]


def _form() -> dict:
    a = request.args
    return {"q": a.get("q", "").strip(), "concept": a.get("concept", "").strip(), "lang": a.get("lang", ""),
            "year_from": a.get("year_from", type=int), "year_to": a.get("year_to", type=int),
            "doc_type": a.get("type", ""), "doc": a.get("doc", ""), "theme": a.get("theme", ""),
            "match": a.get("match", "auto") if a.get("match") in ("auto", "mentions", "labels") else "auto",
            "page": max(1, a.get("page", 1, type=int))}


def _filters(form: dict):
    from dclit.store.search_sql import SearchFilters

    return SearchFilters(langs=(form["lang"],) if form["lang"] else (), year_from=form["year_from"],
                         year_to=form["year_to"], doc_types=(form["doc_type"],) if form["doc_type"] else (),
                         doc_ids=(form["doc"],) if form["doc"] else (), theme=form["theme"] or None)


@bp.route("/")
def search_page():
    from dclit.search import kwic_lines, search

    form = _form()
    result, lines, error = None, [], None
    if form["q"] or form["concept"]:
        try:
            result = search(_store(), form["q"], concept=form["concept"] or None, registry=_registry(),
                            filters=_filters(form), limit=PAGE_SIZE, offset=(form["page"] - 1) * PAGE_SIZE,
                            source=form["match"])
            lines = kwic_lines(result, 60)
        except QueryError as exc:
            error = exc
    return render_template("search.html", form=form, result=result, lines=lines, error=error,
                           facets=_store().search_facets(), concepts=_concept_choices(),
                           pager=_pager(form["page"], result.total if result else 0))


def _pager(page: int, total: int) -> dict:
    from flask import url_for

    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    args = {k: v for k, v in request.args.items() if k != "page" and v}

    def link(n: int) -> str:
        return url_for("dclit.search_page", **args, page=n)

    return {"pages": pages, "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None}


def _concept_choices() -> list[tuple[str, str]]:
    reg = _registry()
    out = []

    def walk(cid: str, depth: int, seen: tuple) -> None:
        if cid in seen or cid not in reg:
            return
        out.append((cid, "\u2003" * depth + reg[cid].label("en")))
        for n in sorted(reg[cid].narrower):
            walk(n, depth + 1, seen + (cid,))

    for top in reg.top_concepts():
        walk(top.id, 0, ())
    return out


@bp.route("/concepts")
def concepts_page():
    reg = _registry()
    own = _store().mention_counts()
    counts = {c.id: (own.get(c.id, (0, 0))[0],
                     sum(own.get(x, (0, 0))[0] for x in (c.id, *reg.descendants(c.id)))) for c in reg}
    return render_template("concepts.html", tops=reg.top_concepts(), reg=reg, counts=counts)


@bp.route("/usage/<concept>")
def usage_page(concept: str):
    try:
        report = _usage(concept)
    except QueryError as exc:
        return render_template("message.html", title="Usage", error=exc), 404
    return render_template("usage.html", r=report, top=20)


@bp.route("/usage/<concept>/chart.png")
def usage_chart(concept: str):
    from dclit.usage import plot_usage

    try:
        report = _usage(concept)
    except QueryError:
        abort(404)
    buf = io.BytesIO()
    plot_usage(report).savefig(buf, format="png", dpi=90)
    buf.seek(0)
    return send_file(buf, mimetype="image/png", max_age=0)


def _usage(concept: str):
    """compute_usage, cached per concept while the store file is unchanged."""
    import os

    from dclit.usage import compute_usage

    cache, lock = current_app.extensions["dclit_usage_cache"]
    path = current_app.config["DCLIT_STORE"]
    stamp = tuple(os.stat(p).st_mtime_ns for p in (path, path + "-wal") if os.path.exists(p))
    key = (concept, stamp)
    with lock:
        if key in cache:
            return cache[key]
    report = compute_usage(_store(), concept, registry=_registry())
    with lock:
        if len(cache) > 32:
            cache.clear()
        cache[key] = report
    return report


@bp.route("/doc/<doc_id>")
def document_page(doc_id: str):
    st = _store()
    if not st.has_document(doc_id):
        abort(404)
    n = st.passage_count(doc_id)
    focus = min(max(0, request.args.get("p", 0, type=int)), max(0, n - 1))
    first, last = max(0, focus - WINDOW), min(n - 1, focus + WINDOW)
    passages = st.doc_passages(doc_id, first, last)
    pages = st.doc_pages(doc_id)
    mentions = st.passage_mentions(doc_id, first, last)
    q = request.args.get("q", "").strip()
    hits = _query_spans(st, q, doc_id, passages)
    wanted = _wanted_concepts(q, request.args.get("concept", "").strip())
    rows = []
    for p in passages:
        own = [m for m in mentions if m.passage == p.idx]
        rows.append({"p": p, "page_label": _label(pages, p.page),
                     "segments": segments(p.text, _marks(p, own, hits.get(p.id, ()), wanted)),
                     "mentions": own})
    meta = passages[0] if passages else None
    return render_template("document.html", doc_id=doc_id, meta=meta, rows=rows, focus=focus, first=first,
                           last=last, n=n, q=q, concept=request.args.get("concept", ""), window=WINDOW,
                           n_pages=len(pages))


def _wanted_concepts(q: str, concept: str) -> set[str]:
    """Concepts of the search the reader came from (and their narrower ones)."""
    from dclit.search import build_query
    from dclit.store.search_sql import QConcept, positive_leaves

    try:
        node = build_query(q, concept=concept or None, registry=_registry()) if (q or concept) else None
    except DclitError:
        return set()
    return {c for leaf in positive_leaves(node) if isinstance(leaf, QConcept) for c in leaf.ids} if node else set()


def _query_spans(st, q: str, doc_id: str, passages) -> dict[int, list[tuple[int, int]]]:
    """Matches of the search the reader came from, in the passages shown."""
    if not q:
        return {}
    from dclit.search import build_query, highlight_spans
    from dclit.store.search_sql import QOr, positive_leaves

    try:
        node = build_query(q, registry=_registry())
    except DclitError:
        return {}
    words = positive_leaves(node, concepts=False)
    return highlight_spans(st, QOr(tuple(words)), passages) if words else {}


def _marks(p, mentions, hits, wanted=frozenset()) -> list[tuple[int, int, str, str]]:
    reg = _registry()
    out = [(s, e, "hit", "search match") for s, e in hits]
    for m in mentions:
        s, e = m.start - p.start, m.end - p.start
        if 0 <= s < e <= len(p.text):
            name = reg[m.concept].label("en") if m.concept in reg else m.concept
            title = f"{name} ({m.concept}) \u2014 label \u201c{m.label}\u201d ({m.lang})"
            if m.flag:
                title += f"; flagged: {m.flag}"
            css = "mention flagged" if m.flag else ("mention hit" if m.concept in wanted else "mention")
            out.append((s, e, css, title))
    return out


def segments(text: str, marks) -> list[Segment]:
    """``text`` cut into plain and marked segments (overlapping marks: the earlier/longer wins)."""
    out, pos = [], 0
    for s, e, css, title in sorted(marks, key=lambda x: (x[0], -(x[1] - x[0]))):
        if s < pos:
            continue
        if s > pos:
            out.append(Segment(text[pos:s]))
        out.append(Segment(text[s:e], css, title))
        pos = e
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _label(pages, number: int) -> str:
    for p in pages:
        if p.number == number:
            return p.label or str(number)
    return str(number)


@bp.app_template_filter("cells")
def cells(df) -> list[list[str]]:
    """A DataFrame's rows as display strings (missing values blank)."""
    import pandas as pd

    return [["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in row]
            for row in df.itertuples(index=False)]


@bp.app_errorhandler(404)
def not_found(_exc):
    return render_template("message.html", title="Not found",
                           error=DclitError("there is nothing at this address.",
                                            hint="Go back to the search page.")), 404
