"""Read-only queries over a workshop's submissions (organizer dashboard, exports).

Nothing here changes state. Every function issues a fixed number of queries, whatever the number of
submissions: authors and artifact links are prefetched, topics and the category are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from .models import ArtifactLink, Submission, SubmissionAuthor

#: ``?status=`` values: "" (every submission), "active" (not withdrawn) or "withdrawn".
STATUS_FILTERS = {"": "All", "active": "Active", "withdrawn": "Withdrawn"}

#: ``?sort=`` values -> ordering. A leading "-" reverses. The submission number breaks ties.
SORTS = {
    "number": ("number",),
    "title": (Lower("title"), "number"),
    "status": ("status", "number"),
    "category": ("category__order", "category__id", "number"),
    "topic": ("primary_topic__order", "primary_topic__id", "number"),
    "pages": ("pdf_main_pages", "number"),
    "updated": ("updated_at", "number"),
}
DEFAULT_SORT = "number"

_NUMBER = re.compile(r"^#?(\d{1,9})$")


@dataclass(frozen=True)
class SubmissionFilter:
    """What the dashboard's filter form (and ``confero export``) asks for. Empty fields do not filter."""

    q: str = ""
    topic: str = ""  # topic key; matches the primary or the secondary topic
    category: str = ""  # category key
    status: str = ""  # one of STATUS_FILTERS
    sort: str = DEFAULT_SORT  # one of SORTS, optionally prefixed with "-"

    @classmethod
    def from_query(cls, params) -> SubmissionFilter:
        """Build from request.GET-like data; unknown status or sort values fall back to the default."""
        status = (params.get("status") or "").strip()
        sort = (params.get("sort") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:200],
            topic=(params.get("topic") or "").strip(),
            category=(params.get("category") or "").strip(),
            status=status if status in STATUS_FILTERS else "",
            sort=sort if sort.lstrip("-") in SORTS else DEFAULT_SORT,
        )

    def as_query(self, **overrides) -> dict[str, str]:
        """The non-empty parameters (for links that keep the current filters)."""
        values = {
            "q": self.q,
            "topic": self.topic,
            "category": self.category,
            "status": self.status,
            "sort": "" if self.sort == DEFAULT_SORT else self.sort,
        }
        values.update(overrides)
        return {k: v for k, v in values.items() if v}

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.topic or self.category or self.status)


def base_queryset(workshop) -> QuerySet[Submission]:
    """All of the workshop's submissions with everything a table row or export row needs."""
    return (
        Submission.objects.filter(workshop=workshop)
        .select_related("category", "primary_topic", "secondary_topic")
        .prefetch_related(
            Prefetch("authors", queryset=SubmissionAuthor.objects.order_by("order")),
            Prefetch("artifacts", queryset=ArtifactLink.objects.order_by("id")),
        )
    )


def _case_variants(word: str) -> list[str]:
    """SQLite folds the case of ASCII letters only; for other letters also try lower, title and upper case."""
    if word.isascii():
        return [word]
    return list(dict.fromkeys([word, word.lower(), word.title(), word.upper()]))


def _search(query: str) -> Q:
    """Every whitespace-separated word must match the title, abstract, an author's name, e-mail or
    affiliation, or (for ``12`` or ``#12``) the submission number. Quoted phrases count as one word."""
    words = [w.strip('"') for w in re.findall(r'"[^"]+"|\S+', query)]
    condition = Q()
    for word in filter(None, words):
        match = Q()
        for variant in _case_variants(word):
            by_author = SubmissionAuthor.objects.filter(
                Q(name__icontains=variant) | Q(email__icontains=variant) | Q(affiliation__icontains=variant)
            ).values("submission_id")
            match |= Q(title__icontains=variant) | Q(abstract__icontains=variant) | Q(pk__in=by_author)
        number = _NUMBER.match(word)
        if number:
            match |= Q(number=int(number.group(1)))
        condition &= match
    return condition


def filter_submissions(workshop, filters: SubmissionFilter | None = None) -> QuerySet[Submission]:
    """The workshop's submissions matching ``filters``, in the requested order."""
    filters = filters or SubmissionFilter()
    qs = base_queryset(workshop)
    if filters.q:
        qs = qs.filter(_search(filters.q))
    if filters.topic:
        qs = qs.filter(Q(primary_topic__key=filters.topic) | Q(secondary_topic__key=filters.topic))
    if filters.category:
        qs = qs.filter(category__key=filters.category)
    if filters.status == "active":
        qs = qs.exclude(status=Submission.Status.WITHDRAWN)
    elif filters.status == "withdrawn":
        qs = qs.filter(status=Submission.Status.WITHDRAWN)
    key = filters.sort.lstrip("-")
    ordering = SORTS.get(key, SORTS[DEFAULT_SORT])
    if filters.sort.startswith("-"):
        ordering = tuple(o.desc() if hasattr(o, "desc") else f"-{o}" for o in ordering)
    return qs.order_by(*ordering)


@dataclass
class CountRow:
    key: str
    title: str
    active: int = 0
    withdrawn: int = 0
    secondary: int = 0  # topics only: active submissions naming this topic as secondary
    # (for topics ``active`` counts primary-topic submissions; ``withdrawn`` stays 0)
    percent: float = 0.0  # bar width: share of the largest ``active`` count, 0..100
    extra: dict = field(default_factory=dict)


@dataclass
class SubmissionCounts:
    total: int
    active: int
    withdrawn: int
    by_category: list[CountRow]
    by_topic: list[CountRow]
    over_limit: int  # active submissions whose main text exceeds their category's page limit


def _scale(rows: list[CountRow]) -> list[CountRow]:
    top = max((r.active for r in rows), default=0)
    for r in rows:
        r.percent = round(100.0 * r.active / top, 1) if top else 0.0
    return rows


def submission_counts(workshop) -> SubmissionCounts:
    """Totals, per-category and per-topic counts (five queries, whatever the number of submissions)."""
    withdrawn_q = Q(status=Submission.Status.WITHDRAWN)
    subs = Submission.objects.filter(workshop=workshop)
    totals = subs.aggregate(
        total=Count("id"),
        withdrawn=Count("id", filter=withdrawn_q),
        over_limit=Count("id", filter=~withdrawn_q & Q(pdf_main_pages__gt=F("category__max_pages"))),
    )
    categories = [
        CountRow(
            key=c.key,
            title=c.title,
            active=c.n_active,
            withdrawn=c.n_withdrawn,
            extra={"max_pages": c.max_pages},
        )
        for c in workshop.categories.annotate(
            n_active=Count("submissions", filter=~Q(submissions__status=Submission.Status.WITHDRAWN)),
            n_withdrawn=Count("submissions", filter=Q(submissions__status=Submission.Status.WITHDRAWN)),
        ).order_by("order", "id")
    ]
    active = subs.exclude(withdrawn_q)
    primary = dict(active.values_list("primary_topic").annotate(n=Count("id")).order_by())
    secondary = dict(
        active.filter(secondary_topic__isnull=False)
        .values_list("secondary_topic")
        .annotate(n=Count("id"))
        .order_by()
    )
    topics = [
        CountRow(key=t.key, title=t.title, active=primary.get(t.pk, 0), secondary=secondary.get(t.pk, 0))
        for t in workshop.topics.order_by("order", "id")
    ]
    return SubmissionCounts(
        total=totals["total"],
        active=totals["total"] - totals["withdrawn"],
        withdrawn=totals["withdrawn"],
        by_category=_scale(categories),
        by_topic=_scale(topics),
        over_limit=totals["over_limit"],
    )
