"""Plain records the engine works on (read from the interchange formats in ``io``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Publication:
    id: str
    title: str
    abstract: str = ""
    year: int | None = None
    authors: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return f"{self.title}. {self.abstract}".strip() if self.abstract else self.title


@dataclass(frozen=True)
class Affiliation:
    name: str = ""
    domain: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Author:
    name: str = ""
    email: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Submission:
    id: str
    title: str
    abstract: str
    authors: tuple[Author, ...] = ()
    topic: str = ""
    keywords: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return f"{self.title}. {self.abstract}".strip()


@dataclass(frozen=True)
class Reviewer:
    id: str
    publications: tuple[Publication, ...]
    name: str = ""
    emails: tuple[str, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    research_areas: tuple[str, ...] = ()
    max_load: int | None = None


BID_LEVELS = ("very-high", "high", "neutral", "low", "very-low", "conflict")


@dataclass(frozen=True)
class Conflict:
    reviewer_id: str
    paper_id: str
    reason: str
    certain: bool = True
    evidence: dict = field(default_factory=dict, compare=False, hash=False)
