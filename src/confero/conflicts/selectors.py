"""What the conflict pages show: the organizers' queue (only pairs the viewer may decide) with the evidence
side by side, and a PC member's list of submissions to declare conflicts with (anonymised by the table)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from confero import permissions
from confero.audit.models import AuditEvent
from confero.committee.models import Publication
from confero.people.models import Affiliation, Role, User
from confero.submissions.models import DeclaredConflict, Submission, SubmissionAuthor

from .models import Conflict

STATUS_FILTERS = [
    ("potential", "To review"),
    ("confirmed", "Confirmed"),
    ("dismissed", "Dismissed"),
    ("all", "All"),
]


def decidable_submissions(user, workshop) -> list[int]:
    """Ids of the workshop's submissions whose conflicts ``user`` may see and decide (``conflict.decide``:
    an organizer who is neither an author of the paper nor in conflict with it)."""
    subs = list(
        Submission.objects.filter(workshop=workshop)
        .only("pk", "workshop_id", "manager_id", "status")
        .order_by("pk")
    )
    for sub in subs:
        sub.workshop = workshop  # one workshop object: its phase and the viewer's facts are read once
    return [s.pk for s in permissions.allowed(user, "conflict.decide", subs)]


def queue(
    user, workshop, *, status: str = "potential", kind: str = "", q: str = "", within: list[int] | None = None
) -> QuerySet[Conflict]:
    """The conflicts ``user`` may decide, filtered; never pairs concerning ``user`` themselves. ``within``:
    the result of :func:`decidable_submissions` when the caller has it already."""
    within = decidable_submissions(user, workshop) if within is None else within
    rows = Conflict.objects.filter(workshop=workshop, submission_id__in=within).exclude(person=user)
    if status in {"potential", "confirmed", "dismissed"}:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kinds__icontains=f'"{kind}"')  # the quoted element, on SQLite and PostgreSQL
    if q.strip():
        text = q.strip()
        query = Q(submission__title__icontains=text) | Q(person__name__icontains=text)
        query |= Q(person__email__icontains=text)
        if text.lstrip("#").isdigit():
            query |= Q(submission__number=int(text.lstrip("#")))
        rows = rows.filter(query)
    return rows.select_related("submission", "person", "decided_by").order_by(
        "submission__number", "person__name"
    )


def counts(user, workshop, within: list[int] | None = None) -> dict:
    """How many pairs in each status the viewer may decide, and how many concern them (decided by others)."""
    within = decidable_submissions(user, workshop) if within is None else within
    mine = Conflict.objects.filter(workshop=workshop, submission_id__in=within)
    by_status = dict(
        mine.exclude(person=user).values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    by_status["all"] = sum(by_status.values())
    by_status["own_potential"] = Conflict.objects.filter(
        workshop=workshop, person=user, status=Conflict.Status.POTENTIAL
    ).count()
    return by_status


def kinds_in_use(workshop) -> list[str]:
    kinds = set()
    for row in (
        Conflict.objects.filter(workshop=workshop).order_by().values_list("kinds", flat=True).distinct()
    ):
        kinds.update(row or [])
    return sorted(kinds)


def last_detection(workshop) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(workshop=workshop, action="conflicts.detected")
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass
class Evidence:
    """One queue row: the paper's side and the person's side, with what the engine matched marked."""

    conflict: Conflict
    authors: list[dict]
    affiliations: list[dict]
    publications: list[Publication]
    email: str


def _matches(details: list[dict]) -> tuple[set, set, set]:
    names, values, pub_ids = set(), set(), set()
    for d in details or ():
        for key in ("author", "coauthor"):
            if d.get(key):
                names.add(d[key].casefold())
        for key in ("domain", "institution", "email"):
            if d.get(key):
                values.add(str(d[key]).casefold())
        if d.get("publication_id"):
            pub_ids.add(str(d["publication_id"]))
    return names, values, pub_ids


def _hit(text: str, values: set) -> bool:
    text = (text or "").casefold()
    return bool(text) and any(v and (v in text or text in v) for v in values)


def evidence(conflicts: list[Conflict]) -> list[Evidence]:
    """Side-by-side evidence for a page of conflicts (a few queries for the whole page)."""
    sub_ids = {c.submission_id for c in conflicts}
    person_ids = {c.person_id for c in conflicts}
    authors: dict[int, list] = {}
    for a in SubmissionAuthor.objects.filter(submission_id__in=sub_ids).order_by("submission_id", "order"):
        authors.setdefault(a.submission_id, []).append(a)
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in=person_ids).prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.order_by("-end_year", "institution"))
        )
    }
    wanted = {
        int(d["publication_id"])
        for c in conflicts
        for d in (c.details or ())
        if str(d.get("publication_id", "")).isdigit()
    }
    pubs = {str(p.pk): p for p in Publication.objects.filter(pk__in=wanted)}
    out = []
    for c in conflicts:
        names, values, pub_ids = _matches(c.details)
        person = people.get(c.person_id)
        out.append(
            Evidence(
                conflict=c,
                authors=[
                    {
                        "author": a,
                        "name_hit": a.name.casefold() in names,
                        "email_hit": _hit(a.email.rpartition("@")[2], values) or a.email.casefold() in values,
                        "affiliation_hit": _hit(a.affiliation, values),
                    }
                    for a in authors.get(c.submission_id, [])
                ],
                affiliations=[
                    {"aff": a, "hit": _hit(a.email_domain, values) or _hit(a.institution, values)}
                    for a in (person.affiliations.all() if person else [])
                ],
                publications=[pubs[p] for p in sorted(pub_ids) if p in pubs],
                email=person.email if person else "",
            )
        )
    return out


def people_for_manual(workshop) -> QuerySet[User]:
    """Who an organizer may record a conflict for: the PC and the organizers."""
    return (
        User.objects.filter(roles__workshop=workshop, roles__kind__in=[Role.Kind.PC, Role.Kind.ORGANIZER])
        .distinct()
        .order_by("name", "email")
    )


# --- the PC member's declaration page ----------------------------------------------------------------


@dataclass
class DeclareRow:
    submission: Submission
    authors: list[str] | None  # None: hidden from this person (double-blind)
    declared: Conflict | None  # the member's own declaration
    recorded: bool  # a conflict recorded by others (organizers, Confero, the authors)


def declare_rows(user, workshop, *, q: str = "") -> list[DeclareRow]:
    """The workshop's active submissions the person may declare conflicts with (not their own papers),
    titles only; author names only where ``submission.view_authors`` allows."""
    subs = Submission.objects.filter(workshop=workshop, status=Submission.Status.SUBMITTED)
    if q.strip():
        text = q.strip()
        query = Q(title__icontains=text)
        if text.lstrip("#").isdigit():
            query |= Q(number=int(text.lstrip("#")))
        subs = subs.filter(query)
    subs = list(subs.order_by("number"))
    for sub in subs:
        sub.workshop = workshop  # one workshop object: its phase and the viewer's facts are read once
    subs = permissions.allowed(user, "conflict.declare", subs)
    see_authors = {s.pk for s in permissions.allowed(user, "submission.view_authors", subs)}
    names: dict[int, list[str]] = {}
    if see_authors:
        for sid, name in (
            SubmissionAuthor.objects.filter(submission_id__in=see_authors)
            .order_by("submission_id", "order")
            .values_list("submission_id", "name")
        ):
            names.setdefault(sid, []).append(name)
    own = {c.submission_id: c for c in Conflict.objects.filter(workshop=workshop, person=user)}
    by_authors = set(
        DeclaredConflict.objects.filter(person=user, submission__workshop=workshop).values_list(
            "submission_id", flat=True
        )
    )
    rows = []
    for s in subs:
        row = own.get(s.pk)
        mine = row if row is not None and row.origin == Conflict.Origin.REVIEWER else None
        recorded = s.pk in by_authors or (
            row is not None and mine is None and row.status == Conflict.Status.CONFIRMED
        )
        rows.append(DeclareRow(s, names.get(s.pk) if s.pk in see_authors else None, mine, recorded))
    return rows
