"""Program-committee coverage per topic, and people from the literature to invite where it is short.

Coverage: each PC member counts for their closest topics (``topics_per_member``, by the affinity of
their publications to the topic descriptions), with their load split evenly between them. A topic needs
``expected submissions x reviewers per paper`` reviews; coverage is capacity / need.

Candidates for a topic: the library's authors ranked by the mean of their best ``evidence`` paper scores
for the topic (so one very close paper and several close ones both count), excluding the PC (by
normalised name or e-mail). Pure Python + numpy: the web app passes plain values in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..names import normalize_name


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    emails: tuple[str, ...]
    max_load: int
    topic_scores: tuple[float, ...]  # affinity to each topic (same order as the topics); () if no profile


@dataclass
class TopicCoverage:
    index: int
    expected_submissions: float
    reviews_needed: float
    capacity: float
    members: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.capacity / self.reviews_needed if self.reviews_needed > 0 else float("inf")

    @property
    def short(self) -> bool:
        return self.capacity < self.reviews_needed


def coverage(
    n_topics: int,
    members: Sequence[Member],
    expected: Sequence[float],
    reviewers_per_paper: int,
    topics_per_member: int = 2,
) -> list[TopicCoverage]:
    out = [
        TopicCoverage(t, float(expected[t]), float(expected[t]) * reviewers_per_paper, 0.0)
        for t in range(n_topics)
    ]
    for m in members:
        if not m.topic_scores or not any(m.topic_scores):
            continue
        scores = np.asarray(m.topic_scores, dtype=float)
        k = max(1, min(topics_per_member, n_topics))
        best = np.argsort(-scores, kind="stable")[:k]
        best = [int(t) for t in best if scores[t] > 0]
        for t in best:
            out[t].capacity += m.max_load / len(best)
            out[t].members.append(m.id)
    return out


@dataclass
class Candidate:
    name: str
    email: str
    score: float
    papers: list[tuple[int, float]]  # (paper index, score), best first


def candidates_for_topic(
    scores: np.ndarray,
    paper_authors: Sequence[Sequence[tuple[str, str]]],
    exclude_names: set[str],
    exclude_emails: set[str],
    limit: int = 10,
    evidence: int = 3,
    min_score: float = 0.0,
) -> list[Candidate]:
    """People of ``paper_authors`` (per paper: ``(name, email)`` pairs) closest to one topic, whose
    paper scores are ``scores``. ``exclude_names`` are normalised names (:func:`normalize_name`)."""
    people: dict[str, dict] = {}
    excluded_emails = {e.lower() for e in exclude_emails if e}
    for p, authors in enumerate(paper_authors):
        for name, email in authors:
            key = normalize_name(name)
            if not key or key in exclude_names or (email and email.lower() in excluded_emails):
                continue
            person = people.setdefault(key, {"name": name, "email": "", "papers": []})
            person["email"] = person["email"] or (email or "").lower()
            person["papers"].append(p)
    out = []
    for person in people.values():
        ranked = sorted(((p, float(scores[p])) for p in set(person["papers"])), key=lambda x: (-x[1], x[0]))
        top = ranked[:evidence]
        value = sum(s for _, s in top) / evidence
        if top and top[0][1] > min_score:
            out.append(Candidate(person["name"], person["email"], value, top))
    out.sort(key=lambda c: (-c.score, c.name))
    return out[:limit]
