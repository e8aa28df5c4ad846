"""What the checks need to know besides the PDF: authors, form links, policies, topics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..records import Author

if TYPE_CHECKING:  # only for annotations; the index is optional and heavy to import
    from .prior.index import PriorIndex

ANONYMITY_POLICIES = ("double-blind", "single-blind", "open")


@dataclass(frozen=True)
class Topic:
    """A CFP topic: ``key`` (stable id), ``title`` and a description of its scope."""

    key: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class FormLink:
    """A link the authors entered in the submission form; ``kind`` as in the form (code, data,
    checkpoint, other) or empty."""

    url: str
    kind: str = ""
    description: str = ""


@dataclass
class CheckContext:
    """Everything a check may use besides the PDF. Every field is optional; a check that lacks what it
    needs says so in its result instead of passing.

    * ``authors``: the submission's authors (name, e-mail, affiliation) for the anonymity check.
    * ``form_links``: artifact links entered in the form.
    * ``anonymity``: "double-blind" (default), "single-blind" or "open"; the anonymity check and the
      de-anonymising-link findings only apply to double-blind reviewing.
    * ``topics`` / ``chosen_topic``: the CFP topics and the topic key the authors chose (scope check).
    * ``title`` / ``abstract``: from the form; when empty the scope and prior checks read them from the PDF.
    * ``max_pages``: the page limit of the main text (pages check), None for no limit.
    * ``format``: a preset name ("iclr", "neurips", "icml", "acl", "generic") or a ``FormatSpec``.
    * ``check_links`` (network!), ``link_timeout``: whether and how the artifact check visits links.
    * ``scope_model``: the affinity model for the scope check ("default", "tfidf", ...).
    * ``prior_index``: a ``PriorIndex`` of other submissions and imported corpora (prior check).
    * ``submission_id``: this submission's id in ``prior_index`` (so it does not match itself).
    * ``parse_max_pages``: only the first pages are read (protection against huge files).
    """

    authors: tuple[Author, ...] = ()
    form_links: tuple[FormLink, ...] = ()
    anonymity: str = "double-blind"
    topics: tuple[Topic, ...] = ()
    chosen_topic: str = ""
    title: str = ""
    abstract: str = ""
    max_pages: int | None = None
    format: Any = "generic"
    check_links: bool = False
    link_timeout: float = 10.0
    scope_model: str = "default"
    prior_index: PriorIndex | None = None
    submission_id: str = ""
    parse_max_pages: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.anonymity not in ANONYMITY_POLICIES:
            raise InputError(
                f"must be one of {', '.join(ANONYMITY_POLICIES)}, not {self.anonymity!r}", field="anonymity"
            )
        self.authors = tuple(self.authors)
        self.form_links = tuple(FormLink(link) if isinstance(link, str) else link for link in self.form_links)
        self.topics = tuple(self.topics)

    @property
    def double_blind(self) -> bool:
        return self.anonymity == "double-blind"


_AUTHOR = re.compile(r"^(?P<name>[^<>()]*?)\s*(?:<(?P<email>[^<>\s]+)>)?\s*(?:\((?P<aff>[^()]*)\))?$")


def parse_authors(text: str, field_name: str = "--authors") -> tuple[Author, ...]:
    """Parse ``"Jane Doe <jane@uni.edu> (Uni of X); Bo Li <bo@y.org>"``: authors separated by ``;``,
    each a name, an optional ``<e-mail>`` and an optional ``(affiliation)``."""
    out = []
    for i, part in enumerate(p.strip() for p in text.split(";")):
        if not part:
            continue
        m = _AUTHOR.match(part)
        if not m or not (m.group("name") or m.group("email")):
            raise InputError(
                f"author {i + 1} ({part!r}) is not 'Name <e-mail> (Affiliation)'", field=field_name
            )
        email = (m.group("email") or "").strip()
        if email and "@" not in email:
            raise InputError(f"author {i + 1}: {email!r} is not an e-mail address", field=field_name)
        out.append(
            Author(name=m.group("name").strip(), email=email, affiliation=(m.group("aff") or "").strip())
        )
    return tuple(out)
