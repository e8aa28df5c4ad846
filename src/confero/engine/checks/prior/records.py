"""Papers to compare submissions with, and what their venue means for prior publication.

``status`` of a paper:

* ``preprint``: arXiv/CoRR/bioRxiv..., an OpenReview submission under review, withdrawn or rejected:
  a preprint exists, which workshops usually allow;
* ``workshop``: presented at a workshop; whether that counts depends on whether it was archival;
* ``archival``: published at a conference or in a journal (flagged under a novelty policy such as
  OS-FMs': "no work previously published at ICLR or another machine-learning venue");
* ``submission``: another submission in this installation (a possible dual submission);
* ``unknown``: no venue given.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

STATUSES = ("preprint", "workshop", "archival", "submission", "unknown")

_PREPRINT = re.compile(
    r"\b(?:arxiv|corr|biorxiv|medrxiv|chemrxiv|techrxiv|psyarxiv|ssrn|preprints?|research square|"
    r"submitted to|under review|withdrawn|rejected|desk[ _-]rejected|(?:conference|blind|workshop)[ _]submission|"
    r"submission)\b",
    re.IGNORECASE,
)
_WORKSHOP = re.compile(r"\bworkshops?\b|\bwksh?p\b|\bWS\b", re.IGNORECASE)


def venue_status(venue: str, source: str = "") -> str:
    """The status (see module doc) of a paper published at ``venue`` according to ``source``."""
    if source == "submission":
        return "submission"
    venue = (venue or "").strip()
    if not venue:
        return "preprint" if source == "arxiv" else "unknown"
    if _PREPRINT.search(venue):
        return "preprint"
    if _WORKSHOP.search(venue):
        return "workshop"
    return "archival"


@dataclass(frozen=True)
class CorpusPaper:
    """A paper of an imported corpus or a submission of the installation."""

    id: str
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    venue: str = ""
    year: int | None = None
    url: str = ""
    source: str = "jsonl"  # jsonl, arxiv, dblp, openreview, submission
    status: str = ""  # computed from venue and source when empty
    workshop: str = ""  # for submissions: the workshop it was submitted to

    def __post_init__(self) -> None:
        if not self.status:
            object.__setattr__(self, "status", venue_status(self.venue, self.source))
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["authors"] = list(self.authors)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> CorpusPaper:
        return cls(**{**d, "authors": tuple(d.get("authors") or ())})
