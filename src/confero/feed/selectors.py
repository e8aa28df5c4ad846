"""Read-only queries of the library: the reading list by topic, one topic's ranking, publication state."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from .models import Authorship, FeedSettings, LibraryPaper, TopicScore


def is_published(workshop) -> bool:
    """The reading list is public (asked by the permission table; cached on the workshop object)."""
    cached = workshop.__dict__.get("_feed_published")
    if cached is None:
        cached = FeedSettings.objects.filter(workshop=workshop, published=True).exists()
        workshop.__dict__["_feed_published"] = cached
    return cached


def forget(workshop) -> None:
    workshop.__dict__.pop("_feed_published", None)


def _with_authors(qs):
    return qs.prefetch_related(
        Prefetch(
            "paper__authorships", queryset=Authorship.objects.select_related("author").order_by("position")
        )
    )


def search_filter(q: str, prefix: str = "paper__") -> Q:
    cond = Q()
    for word in (q or "").split()[:8]:
        cond &= (
            Q(**{f"{prefix}title__icontains": word})
            | Q(**{f"{prefix}abstract__icontains": word})
            | Q(**{f"{prefix}authors__name__icontains": word})
        )
    return cond


@dataclass
class TopicList:
    topic: object
    rows: list  # TopicScore rows (with .paper), pinned first then by rank


def reading_list(workshop, q: str = "", topic_key: str = "", per_topic: int | None = None) -> list[TopicList]:
    """The public list: per topic, its pinned papers and its ``per_topic`` closest ones, hidden excluded;
    ``q`` keeps papers whose title, abstract or an author contains every word."""
    from .services import settings_of

    per_topic = per_topic or settings_of(workshop).per_topic
    topics = list(workshop.topics.all())
    if topic_key:
        topics = [t for t in topics if t.key == topic_key]
    rows = (
        TopicScore.objects.filter(topic__in=topics, paper__workshop=workshop, paper__hidden=False)
        .filter(Q(rank__lte=per_topic) | Q(paper__pinned=True))
        .filter(search_filter(q))
        .select_related("paper")
        .order_by("topic__order", "topic_id", "-paper__pinned", "rank")
        .distinct()
    )
    by_topic: dict[int, list] = {t.pk: [] for t in topics}
    for row in _with_authors(rows):
        by_topic[row.topic_id].append(row)
    return [TopicList(t, by_topic[t.pk]) for t in topics]


def topic_ranking(workshop, topic, q: str = "", limit: int = 100):
    """An organizer's view of one topic: every paper (hidden ones too) by score."""
    rows = (
        TopicScore.objects.filter(topic=topic, paper__workshop=workshop)
        .filter(search_filter(q))
        .select_related("paper")
        .order_by("-paper__pinned", "rank")
        .distinct()
    )
    return list(_with_authors(rows)[:limit])


def unranked_count(workshop) -> int:
    return LibraryPaper.objects.filter(workshop=workshop, scores__isnull=True).count()
