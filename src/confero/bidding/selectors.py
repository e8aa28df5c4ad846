"""What a PC member sees on the bidding page: the papers they may bid on, closest to their own
publications first, with their bids — and the counter against the minimum asked."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from confero import permissions

from . import affinity
from .models import Bid
from .services import min_bids

SHOW = {"all": "All papers", "todo": "Papers without my bid", "bid": "Papers I bid on"}


@dataclass
class Row:
    submission: object
    bid: int | None
    affinity: float | None
    relative: float  # affinity / the member's best affinity, 0..1 (for the meter)
    authors: list[str] | None  # None: hidden from this member (double-blind), or not asked yet (for_page)


@dataclass
class Counter:
    done: int
    asked: int

    @property
    def reached(self) -> bool:
        return self.done >= self.asked

    @property
    def remaining(self) -> int:
        return max(0, self.asked - self.done)


@dataclass
class Expertise:
    """How the list is sorted, in words for the page."""

    matrix: object  # the AffinityMatrix used, or None
    column: bool  # the member is in it
    has_publications: bool
    computing: bool


def counter(user, workshop) -> Counter:
    done = Bid.objects.filter(workshop=workshop, reviewer=user, submission__status="submitted").count()
    return Counter(done, min_bids(workshop))


def expertise(user, workshop) -> tuple[Expertise, dict[int, float]]:
    from confero.committee.models import Publication

    running = affinity.refresh(workshop)
    matrix = affinity.latest(workshop)
    column = affinity.load(matrix).column(user.pk) if matrix is not None else None
    info = Expertise(
        matrix=matrix,
        column=column is not None,
        has_publications=Publication.objects.filter(user=user).exists(),
        computing=running is not None,
    )
    return info, column or {}


def rows(user, workshop, *, q: str = "", show: str = "all") -> tuple[list[Row], Expertise]:
    """Every paper ``user`` may bid on matching the search ``q`` and filter ``show``, best match first."""
    from confero.submissions.models import Submission

    subs = Submission.objects.filter(workshop=workshop, status=Submission.Status.SUBMITTED).only(
        "pk", "workshop_id", "number", "title", "status", "manager_id"
    )
    q = q.strip()
    if q:
        text = Q(title__icontains=q) | Q(abstract__icontains=q)
        digits = q.lstrip("#")
        subs = subs.filter(text | Q(number=int(digits)) if digits.isdigit() else text)
    subs = list(subs)
    for sub in subs:
        sub.workshop = workshop  # one workshop object: permission facts and phase are read once
    subs = permissions.allowed(user, "bid.place", subs)
    bids = dict(Bid.objects.filter(workshop=workshop, reviewer=user).values_list("submission_id", "value"))
    if show == "todo":
        subs = [s for s in subs if s.pk not in bids]
    elif show == "bid":
        subs = [s for s in subs if s.pk in bids]
    info, column = expertise(user, workshop)
    best = max((v for v in column.values() if v > 0), default=0.0)
    out = [
        Row(
            submission=s,
            bid=bids.get(s.pk),
            affinity=column.get(s.pk),
            relative=max(0.0, column.get(s.pk, 0.0)) / best if best else 0.0,
            authors=None,
        )
        for s in subs
    ]
    out.sort(key=lambda r: (-(r.affinity if r.affinity is not None else float("-inf")), r.submission.number))
    return out, info


def for_page(user, rows: list[Row]) -> list[Row]:
    """Complete one page of rows: the whole submissions (abstract, topic) and the author names where
    ``user`` may see them (``submission.view_authors``: never in a double-blind workshop unless the phase
    allows it)."""
    from confero.submissions.models import Submission, SubmissionAuthor

    full = Submission.objects.select_related("primary_topic").in_bulk([r.submission.pk for r in rows])
    for row in rows:
        workshop = row.submission.workshop
        row.submission = full[row.submission.pk]
        row.submission.workshop = workshop
    allowed = [
        r.submission.pk for r in rows if permissions.can(user, "submission.view_authors", r.submission)
    ]
    names: dict[int, list[str]] = {pk: [] for pk in allowed}
    for sub_id, name in SubmissionAuthor.objects.filter(submission__in=allowed).values_list(
        "submission_id", "name"
    ):
        names[sub_id].append(name)
    for row in rows:
        row.authors = names.get(row.submission.pk)
    return rows


def declared(user, workshop) -> list:
    """Papers ``user`` declared a conflict with (from the bidding page or elsewhere)."""
    from confero.conflicts.models import Conflict

    return list(
        Conflict.objects.filter(
            workshop=workshop, person=user, origin=Conflict.Origin.REVIEWER, status=Conflict.Status.CONFIRMED
        )
        .select_related("submission")
        .order_by("submission__number")
    )


def member_progress(actor, workshop) -> tuple[list[dict], int]:
    """For organizers: each PC member's number of bids and declared conflicts, over the papers
    ``actor`` may see the bids of (``bid.view``); and how many papers are left out for ``actor``."""
    from confero.conflicts.models import Conflict
    from confero.people.models import User
    from confero.submissions.models import Submission

    subs = list(
        Submission.objects.filter(workshop=workshop).only("pk", "workshop_id", "status", "manager_id")
    )
    for sub in subs:
        sub.workshop = workshop
    visible = [s.pk for s in permissions.allowed(actor, "bid.view", subs)]
    members = User.objects.filter(roles__workshop=workshop, roles__kind="pc").order_by("name", "email")
    bids = dict(
        Bid.objects.filter(workshop=workshop, submission_id__in=visible)
        .values("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )
    conflicts = dict(
        Conflict.objects.filter(workshop=workshop, origin=Conflict.Origin.REVIEWER, submission_id__in=visible)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    asked = min_bids(workshop)
    return [
        {
            "user": m,
            "bids": bids.get(m.pk, 0),
            "conflicts": conflicts.get(m.pk, 0),
            "reached": bids.get(m.pk, 0) >= asked,
        }
        for m in members
    ], len(subs) - len(visible)
