"""Check 2, prior publication and dual submission: candidates from the index, precise scores, and what
each match means under a novelty policy (published at an archival venue: error; workshop, another
submission or unknown venue: warning; a preprint: info, allowed).

Every match finding is ``identifying``: the matched paper names its authors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core import CheckResult, Finding
from .index import PriorIndex
from .records import CorpusPaper
from .score import Similarity, similarity

CHECK = "prior"
MIN_SCORE = 0.4  # with abstracts on both sides: best F1 in bench/checks_prior.py (seeds 0-2)
MIN_TITLE_SCORE = 0.8  # when either side has no abstract

VERDICTS = {
    "archival": ("published", "error"),
    "workshop": ("workshop-paper", "warning"),
    "submission": ("dual-submission", "warning"),
    "unknown": ("unknown-venue", "warning"),
    "preprint": ("preprint", "info"),
}


@dataclass(frozen=True)
class Match:
    paper: CorpusPaper
    similarity: Similarity

    @property
    def verdict(self) -> str:
        return VERDICTS[self.paper.status][0]

    @property
    def severity(self) -> str:
        return VERDICTS[self.paper.status][1]

    def message(self) -> str:
        p, s = self.paper, self.similarity
        at = f"{p.venue} {p.year or ''}".strip() or "no venue given"
        how = f"similarity {s.score:.2f}"
        return {
            "published": f"Overlaps a paper published at an archival venue ({at}): '{p.title}' ({how}).",
            "workshop-paper": f"Overlaps a workshop paper ({at}): '{p.title}' ({how}); check whether that workshop was archival.",
            "dual-submission": f"Overlaps another submission{(' to ' + p.workshop) if p.workshop else ''}: '{p.title}' ({how}).",
            "unknown-venue": f"Overlaps a paper whose venue is unknown: '{p.title}' ({how}).",
            "preprint": f"A preprint of this work exists ({at}): '{p.title}' ({how}); preprints are allowed.",
        }[self.verdict]

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "severity": self.severity,
            "similarity": self.similarity.to_dict(),
            "paper": self.paper.to_dict(),
        }


def find_matches(
    index: PriorIndex,
    title: str,
    abstract: str = "",
    authors: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_score: float = MIN_SCORE,
    min_title_score: float = MIN_TITLE_SCORE,
) -> list[Match]:
    """Papers of ``index`` that overlap (title, abstract), best first. ``exclude``: ids to leave out
    (the submission itself)."""
    out = []
    for paper, _est in index.candidates(title, abstract, exclude=exclude):
        sim = similarity(title, abstract, tuple(authors), paper.title, paper.abstract, paper.authors)
        ok = sim.score >= min_score if sim.abstract is not None else sim.title >= min_title_score
        if ok:
            out.append(Match(paper, sim))
    out.sort(key=lambda m: -m.similarity.score)
    return out


def check_prior(
    index: PriorIndex | None,
    title: str,
    abstract: str = "",
    authors: Sequence[str] = (),
    submission_id: str = "",
    min_score: float = MIN_SCORE,
    min_title_score: float = MIN_TITLE_SCORE,
) -> CheckResult:
    if index is None:
        return CheckResult.skip(CHECK, "no corpus or other submissions to compare with")
    if not title and not abstract:
        return CheckResult.could_not(CHECK, "no title or abstract to compare")
    exclude = [submission_id] if submission_id else []
    matches = find_matches(index, title, abstract, authors, exclude, min_score, min_title_score)
    findings = [
        Finding(
            CHECK,
            m.verdict,
            m.severity,
            m.message(),
            evidence=f"{m.paper.title}. {m.paper.abstract[:300]}".strip(),
            link=m.paper.url,
            identifying=True,
            data={**m.to_dict(), "submission": {"title": title, "abstract": abstract}},
        )
        for m in matches
    ]
    summary = {"compared_with": len(index), "matches": len(matches), "min_score": min_score}
    return CheckResult.done(CHECK, findings, summary)
