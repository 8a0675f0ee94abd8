"""Interactive HTML views of the topics: topic map, keyword bar chart, topics over time.

Each file carries plotly.js inline, so it opens without a network connection.
"""
from __future__ import annotations

import logging
from pathlib import Path

from dclit.topics import model as tm
from dclit.topics.embed import load_embedder
from dclit.topics.settings import TopicSettings
from dclit.topics.stage import topics as list_topics
from dclit.topics.stage import topics_over_time

log = logging.getLogger(__name__)

MAP, BARCHART, OVER_TIME = "topics_map.html", "topics_barchart.html", "topics_over_time.html"


def _write(fig, path: Path) -> Path:
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    return path


def load_labelled_model(store):
    """The saved BERTopic model with dclit's labels set as its custom labels."""
    current = store.topic_model()
    if current is None:
        return None
    settings = TopicSettings.from_json(current.settings)
    model = tm.load(Path(current.path), load_embedder(settings))
    labels = {t.topic: f"{t.topic}: {t.label}"[:60] for t in list_topics(store)}
    model.set_topic_labels({t: labels.get(t, str(t)) for t in model.get_topics()})
    return model


def over_time_frame(store):
    """topics_over_time as the DataFrame BERTopic plots (Topic, Words, Frequency, Timestamp)."""
    import pandas as pd

    words = {t.topic: ", ".join(w for w, _ in t.keywords[:5]) for t in list_topics(store)}
    rows = [(topic, words.get(topic, ""), n, year) for topic, years in topics_over_time(store).items()
            for year, n in years.items()]
    return pd.DataFrame(rows, columns=["Topic", "Words", "Frequency", "Timestamp"])


def write_visualisations(store, outputs: Path) -> list[Path]:
    """Write the three views into ``outputs``; a view that cannot be drawn (too few topics
    or years) is skipped with a warning. Returns the files written."""
    model = load_labelled_model(store)
    if model is None:
        return []
    outputs.mkdir(parents=True, exist_ok=True)
    n_topics = len([t for t in model.get_topics() if t != -1])
    written = [_write(model.visualize_barchart(top_n_topics=n_topics, n_words=8, custom_labels=True,
                                               title="dclit topics: c-TF-IDF keywords"), outputs / BARCHART)]
    if n_topics >= 3:
        written.append(_write(model.visualize_topics(custom_labels=True, title="dclit topic map"), outputs / MAP))
    else:
        log.warning("topics: topic map needs at least 3 topics (have %d); not written", n_topics)
    frame = over_time_frame(store)
    if frame["Timestamp"].nunique() >= 2:
        fig = model.visualize_topics_over_time(frame, custom_labels=True, title="dclit topics over time "
                                               "(passages per document year)")
        written.append(_write(fig, outputs / OVER_TIME))
    else:
        log.warning("topics: topics over time needs documents from at least 2 years; not written")
    return written
