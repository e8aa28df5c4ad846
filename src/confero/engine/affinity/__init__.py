"""Reviewer expertise (affinity) for submissions: lexical, neural and fused models.

Public API::

    scores, paper_ids, reviewer_ids = compute_affinity(submissions, reviewers, model="default")
    closest_publications(submission, reviewer, k=3)  # -> [(Publication, similarity), ...]

See docs/affinity.md for the models, pooling, cache and measured quality.
"""

from __future__ import annotations

from .models import MODELS, ModelSpec, get_model
from .pooling import POOLING_HELP, parse_pooling, pool
from .scorer import (
    DEFAULT_POOLING,
    AffinityFallbackWarning,
    AffinityScorer,
    closest_publications,
    compute_affinity,
)

__all__ = [
    "DEFAULT_POOLING",
    "MODELS",
    "POOLING_HELP",
    "AffinityFallbackWarning",
    "AffinityScorer",
    "ModelSpec",
    "closest_publications",
    "compute_affinity",
    "get_model",
    "parse_pooling",
    "pool",
]
