"""Records of the paper feed: a parsed paper, a skipped piece of input, and what one parse produced."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..affinity.text import normalized_title
from ..names import fold

FORMATS = ("jsonl", "arxiv", "oai", "bibtex", "listing")

# New-style (2401.12345, 0704.0001) and old-style (hep-th/9901001, math.GT/0309136) arXiv identifiers.
_ARXIV_NEW = r"(?<!\d)(?<!\d\.)(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])"
_ARXIV_OLD = r"(?<![\w.-])([a-z][a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?!\d)"
_ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*|\.)|^)\s*(?:" + _ARXIV_NEW + "|" + _ARXIV_OLD + ")", re.IGNORECASE
)


def arxiv_id(*values: str) -> str:
    """The arXiv identifier (no version) found in any of ``values``: an id, an ``arXiv:`` reference, an
    arxiv.org URL or a 10.48550/arXiv DOI; "" when there is none."""
    for value in values:
        if not value:
            continue
        m = _ARXIV_IN_TEXT.search(value.strip())
        if m:
            return (m.group(1) or m.group(2)).lower()
    return ""


def title_key(title: str) -> str:
    """Normalised title: case, accents, punctuation and spacing do not matter."""
    return normalized_title(fold(title or ""))


@dataclass(frozen=True)
class FeedAuthor:
    name: str
    email: str = ""


@dataclass(frozen=True)
class FeedPaper:
    """One paper of a listing. ``id`` is the source's id (or a derived one); ``where`` names the input
    position it came from (``file:line``) for reports."""

    id: str
    title: str
    abstract: str = ""
    authors: tuple[FeedAuthor, ...] = ()
    date: str = ""  # ISO date (YYYY-MM-DD) when the source gives a full date
    year: int | None = None
    url: str = ""
    venue: str = ""
    arxiv: str = ""  # arXiv identifier without version
    source: str = ""  # the format it was read from
    where: str = ""

    @property
    def title_key(self) -> str:
        return title_key(self.title)

    @property
    def author_names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.authors)


@dataclass(frozen=True)
class Skip:
    """A piece of input that was not imported, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ParseResult:
    papers: list[FeedPaper] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[Skip] = field(default_factory=list)  # imported, but worth knowing (no abstract…)
    format: str = ""
