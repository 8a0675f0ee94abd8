"""Helpers of the topic tests: small stores built from the sample corpus's text files."""
import shutil
from pathlib import Path

SAMPLE_TEXT = Path(__file__).resolve().parents[2] / "corpus" / "text"
# the sample text files but the long Global Compact (its passages are long, and embedding is the slow part)
ALL_DOCS = sorted(p.name for p in SAMPLE_TEXT.glob("*.md") if not p.name.startswith("un_gcm"))
# two UNDP documents are held back for the incremental test
LATER = ("undp_acclabs_blog_decentralisation_as_a_catalyst_how_undp_namibia_s_accelerator_lab.md",
         "undp_acclabs_sdg_localisation_in_municipality_of_oecusse.md")


def make_corpus(folder: Path, names) -> Path:
    """``names`` under folder/text/, with the sample corpus's metadata sidecar (years, languages)."""
    (folder / "text").mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE_TEXT.parent / "metadata.csv", folder / "metadata.csv")
    for name in names:
        shutil.copy(SAMPLE_TEXT / name, folder / "text" / name)
    return folder


def settings(tmp: Path):
    from dclit.topics import TopicSettings

    return TopicSettings(min_cluster_size=5, n_neighbors=10, model_dir=str(tmp / "models"))


def build_store(path: Path, corpus: Path):
    from dclit import pipeline
    from dclit.store import open_store

    st = open_store(path)
    summary = pipeline.run(corpus, st, pipeline.RunOptions(workers=1))
    assert summary.failed == 0, summary.failures
    return st


def copy_cache(src, dst) -> int:
    """Seed ``dst``'s embedding cache with ``src``'s vectors of the passages ``dst`` holds (keeps tests fast)."""
    rows = src.db.execute("SELECT DISTINCT model FROM embeddings").fetchall()
    hashes = [r[0] for r in dst.db.execute("SELECT hash FROM passages")]
    n = 0
    for (model,) in rows:
        vectors = src.cached_embeddings(hashes, model)
        dst.save_embeddings(vectors, model)
        n += len(vectors)
    return n


def assignments(st) -> dict:
    return {(a.doc_id, a.idx): (a.topic, a.prob, a.how) for a in st.topic_assignments()}
