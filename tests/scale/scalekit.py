"""Stages that misbehave on purpose, importable by Dask worker processes (their sys.path
is the parent's, and this folder is put on it before the cluster starts)."""
from __future__ import annotations

import os
import time

from dclit.worker import DocStage

SLOW_MARK = "slow_"
CRASH_MARK = "crash_"


def misbehave(doc):
    """Sleeps on a document whose file name starts with slow_, kills its process on crash_."""
    name = os.path.basename(doc.path or "")
    if name.startswith(SLOW_MARK):
        time.sleep(120)
    if name.startswith(CRASH_MARK):
        os._exit(3)
    return len(doc.passages)


STAGES = {"misbehave": DocStage("misbehave", "1", misbehave)}


class CountingEmbedder:
    """A deterministic stand-in for a sentence model: a text's vector is its letter counts."""

    name = "counting:1"
    path = "counting"

    def encode(self, texts):
        import numpy as np

        out = np.zeros((len(texts), 26), dtype=np.float32)
        for i, t in enumerate(texts):
            for ch in t.lower():
                if "a" <= ch <= "z":
                    out[i, ord(ch) - 97] += 1
        return out
