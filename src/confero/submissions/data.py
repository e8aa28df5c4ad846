"""What an author enters for a submission, and its validation (no database writes here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from .models import ArtifactLink


@dataclass
class AuthorData:
    name: str
    email: str
    affiliation: str = ""


@dataclass
class SubmissionData:
    title: str
    abstract: str
    category: object  # workshops.SubmissionCategory
    primary_topic: object  # workshops.Topic
    secondary_topic: object | None = None
    authors: list[AuthorData] = field(default_factory=list)
    artifacts: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, url, description)
    conflicts: list[tuple[object, str]] = field(default_factory=list)  # (User, reason)
    previously_published: bool = False
    policies_agreed: bool = False


MAX_AUTHORS = 50
MAX_ABSTRACT = 5000
_url = URLValidator(schemes=["http", "https"])


def clean(
    workshop, data: SubmissionData, *, editor=None, editor_is_organizer: bool = False
) -> SubmissionData:
    """Return a normalised copy of ``data`` or raise ValidationError keyed by field. ``editor`` (the
    user saving) must be among the authors unless they are an organizer of the workshop."""
    from confero.people.models import Role

    errors: dict[str, list[str]] = {}

    def err(key: str, msg: str) -> None:
        errors.setdefault(key, []).append(msg)

    title = " ".join((data.title or "").split())
    if not title:
        err("title", "Enter a title.")
    elif len(title) > 300:
        err("title", f"The title is {len(title)} characters; at most 300 are allowed.")
    abstract = (data.abstract or "").strip().replace("\r\n", "\n")
    if not abstract:
        err("abstract", "Enter an abstract.")
    elif len(abstract) > MAX_ABSTRACT:
        err("abstract", f"The abstract is {len(abstract)} characters; at most {MAX_ABSTRACT} are allowed.")
    if data.category is None or data.category.workshop_id != workshop.pk:
        err("category", "Choose one of this workshop's submission categories.")
    if data.primary_topic is None or data.primary_topic.workshop_id != workshop.pk:
        err("primary_topic", "Choose a primary topic of this workshop.")
    if data.secondary_topic is not None:
        if data.secondary_topic.workshop_id != workshop.pk:
            err("secondary_topic", "Choose a topic of this workshop.")
        elif data.primary_topic is not None and data.secondary_topic.pk == data.primary_topic.pk:
            err("secondary_topic", "The secondary topic must differ from the primary topic.")

    authors = _clean_authors(data.authors, err)
    if (
        editor is not None
        and not editor_is_organizer
        and authors
        and editor.email.lower() not in {a.email for a in authors}
    ):
        err(
            "authors",
            f"Add yourself ({editor.email}) to the authors: the person submitting must be one "
            "of the authors.",
        )

    artifacts = []
    seen_urls = set()
    for i, (kind, url, desc) in enumerate(data.artifacts, start=1):
        kind, url, desc = (kind or "").strip().lower(), (url or "").strip(), (desc or "").strip()
        if kind not in ArtifactLink.Kind.values:
            err("artifacts", f"Link {i}: the kind must be one of {', '.join(ArtifactLink.Kind.values)}.")
            continue
        try:
            _url(url)
        except ValidationError:
            err("artifacts", f"Link {i}: {url!r} is not a valid http(s) URL.")
            continue
        if url in seen_urls:
            err("artifacts", f"Link {i}: {url} is listed twice.")
            continue
        seen_urls.add(url)
        artifacts.append((kind, url, desc[:200]))

    allowed = set(
        Role.objects.filter(workshop=workshop, kind__in=[Role.Kind.PC, Role.Kind.ORGANIZER]).values_list(
            "user_id", flat=True
        )
    )
    conflicts, seen_people = [], set()
    for person, reason in data.conflicts:
        reason = " ".join((reason or "").split())
        if person is None or person.pk not in allowed:
            err("conflicts", f"{person} is not a PC member or organizer of this workshop.")
        elif person.pk in seen_people:
            continue
        elif not reason:
            err("conflicts", f"Give a reason for the conflict with {person}.")
        elif len(reason) > 200:
            err("conflicts", f"The reason for {person} is too long (at most 200 characters).")
        else:
            seen_people.add(person.pk)
            conflicts.append((person, reason))

    if not data.policies_agreed:
        err("policies_agreed", "You must confirm that the work follows the workshop's policies.")
    if data.previously_published not in (True, False):
        err("previously_published", "Answer whether the work was previously published in an archival venue.")
    if errors:
        raise ValidationError(errors)
    return SubmissionData(
        title=title,
        abstract=abstract,
        category=data.category,
        primary_topic=data.primary_topic,
        secondary_topic=data.secondary_topic,
        authors=authors,
        artifacts=artifacts,
        conflicts=conflicts,
        previously_published=bool(data.previously_published),
        policies_agreed=True,
    )


def _clean_authors(items: list[AuthorData], err) -> list[AuthorData]:
    if not items:
        err("authors", "Add at least one author.")
        return []
    if len(items) > MAX_AUTHORS:
        err("authors", f"At most {MAX_AUTHORS} authors are allowed.")
    out, seen = [], set()
    for i, a in enumerate(items, start=1):
        name, email = " ".join((a.name or "").split()), (a.email or "").strip().lower()
        affiliation = " ".join((a.affiliation or "").split())
        if not name:
            err("authors", f"Author {i}: enter the name.")
        try:
            validate_email(email)
        except ValidationError:
            err("authors", f"Author {i}: {email or '(empty)'} is not a valid e-mail address.")
            continue
        if email in seen:
            err("authors", f"Author {i}: {email} is listed twice.")
            continue
        if len(name) > 200 or len(affiliation) > 200:
            err("authors", f"Author {i}: name and affiliation may have at most 200 characters each.")
        seen.add(email)
        out.append(AuthorData(name=name, email=email, affiliation=affiliation))
    return out
