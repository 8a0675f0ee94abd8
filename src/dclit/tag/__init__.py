"""Terminology: the concept registry, the tagger, theme profiles, term discovery, evaluation."""
from __future__ import annotations

from dclit.tag.profiles import compute_profiles
from dclit.tag.registry import Concept, ContextRule, Registry, load_registry
from dclit.tag.tagger import Tagger

TAG_VERSION = "19"

__all__ = ["TAG_VERSION", "Concept", "ContextRule", "Registry", "Tagger", "compute_profiles",
           "load_registry"]
