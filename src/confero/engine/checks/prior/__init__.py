"""Prior publication and dual submission: corpora, a MinHash/LSH index, precise scores, verdicts."""

from __future__ import annotations

from .check import MIN_SCORE, MIN_TITLE_SCORE, Match, check_prior, find_matches
from .importers import FORMATS, guess_format, read_corpus
from .index import PriorIndex
from .records import CorpusPaper, venue_status
from .score import Similarity, similarity

__all__ = [
    "FORMATS",
    "MIN_SCORE",
    "MIN_TITLE_SCORE",
    "CorpusPaper",
    "Match",
    "PriorIndex",
    "Similarity",
    "check_prior",
    "find_matches",
    "guess_format",
    "read_corpus",
    "similarity",
    "venue_status",
]
