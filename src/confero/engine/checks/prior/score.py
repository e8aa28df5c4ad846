"""The precise similarity of a submission and a candidate paper: title, abstract and authors.

* title similarity: the larger of the Jaccard similarity of the two titles' word sets and
  difflib's ratio of the normalised titles (robust to reordering and to small edits);
* abstract similarity (when both have one of at least 20 words): the mean of two containments (the
  share of the shorter text's items found in the other): of content words (robust to reordering and
  to dropped sentences) and of word 3-grams (copied passages);
* author overlap: shared normalised author names over the shorter author list (None if either list
  is empty).

``score`` is ``0.3 * title + 0.7 * abstract`` when both abstracts exist, else the title similarity,
plus ``0.1 * author overlap``, capped at 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ...affinity.text import tokenize
from ...names import fold, normalize_name

_WORDS = re.compile(r"[a-z0-9]+")
TITLE_WEIGHT = 0.3
AUTHOR_BONUS = 0.1


@dataclass(frozen=True)
class Similarity:
    score: float
    title: float
    abstract: float | None
    authors: float | None

    def to_dict(self) -> dict:
        return {
            "score": round(self.score, 4),
            "title": round(self.title, 4),
            "abstract": None if self.abstract is None else round(self.abstract, 4),
            "authors": None if self.authors is None else round(self.authors, 4),
        }


def _words(text: str) -> list[str]:
    return _WORDS.findall(fold(text).lower())


def title_similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    jac = len(set(wa) & set(wb)) / len(set(wa) | set(wb))
    ratio = SequenceMatcher(None, " ".join(wa), " ".join(wb), autojunk=False).ratio()
    return max(jac, ratio)


def _containment(a: set, b: set) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def abstract_similarity(a: str, b: str) -> float | None:
    wa, wb = _words(a), _words(b)
    if len(wa) < 20 or len(wb) < 20:
        return None
    words = _containment(set(tokenize(a)), set(tokenize(b)))
    ga = {tuple(wa[i : i + 3]) for i in range(len(wa) - 2)}
    gb = {tuple(wb[i : i + 3]) for i in range(len(wb) - 2)}
    return (words + _containment(ga, gb)) / 2


def author_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float | None:
    ka = {k for k in (normalize_name(x) for x in a) if k}
    kb = {k for k in (normalize_name(x) for x in b) if k}
    if not ka or not kb:
        return None
    return len(ka & kb) / min(len(ka), len(kb))


def similarity(
    title_a: str,
    abstract_a: str,
    authors_a: tuple[str, ...],
    title_b: str,
    abstract_b: str,
    authors_b: tuple[str, ...],
) -> Similarity:
    t = title_similarity(title_a, title_b)
    ab = abstract_similarity(abstract_a, abstract_b)
    au = author_overlap(authors_a, authors_b)
    score = t if ab is None else TITLE_WEIGHT * t + (1 - TITLE_WEIGHT) * ab
    if au is not None:
        score = min(1.0, score + AUTHOR_BONUS * au)
    return Similarity(score, t, ab, au)
