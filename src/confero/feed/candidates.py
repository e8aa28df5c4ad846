"""PC coverage per call topic and people from the library to invite where it is short (the arithmetic is
the engine's, :mod:`confero.engine.feed.candidates`), and invitation drafts made from a suggestion."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from confero import permissions
from confero.audit.services import record
from confero.engine import feed as engine
from confero.engine.names import normalize_name
from confero.engine.records import Publication, Reviewer, Submission

from .models import InvitationDraft, LibraryAuthor, LibraryPaper, TopicScore
from .services import model_name, settings_of


def _members(workshop, topics) -> list[engine.Member]:
    """PC members with their affinity to each topic, from their publications and research keywords."""
    from confero.committee.models import CommitteeMember
    from confero.committee.models import Publication as Pub
    from confero.engine.affinity import compute_affinity
    from confero.people.models import Role

    users = list(
        Role.objects.filter(workshop=workshop, kind=Role.Kind.PC).select_related("user").order_by("user_id")
    )
    users = [r.user for r in users]
    loads = dict(CommitteeMember.objects.filter(workshop=workshop).values_list("user_id", "max_load"))
    pubs: dict[int, list] = {u.pk: [] for u in users}
    for p in Pub.objects.filter(user__in=users).only("id", "user_id", "title", "abstract", "year"):
        pubs[p.user_id].append(Publication(str(p.pk), p.title, p.abstract, p.year))
    reviewers = []
    for u in users:
        extra = (Publication(f"kw-{u.pk}", u.keywords),) if u.keywords.strip() else ()
        reviewers.append(Reviewer(str(u.pk), tuple(pubs[u.pk]) + extra, name=u.name, emails=(u.email,)))
    subs = [Submission(str(t.pk), t.title, t.scope) for t in topics]
    if reviewers and subs and any(r.publications for r in reviewers):
        scores, _, _ = compute_affinity(subs, reviewers, model=model_name())
    else:
        scores = np.zeros((len(subs), len(reviewers)))
    out = []
    for j, (u, r) in enumerate(zip(users, reviewers, strict=True)):
        column = tuple(float(x) for x in scores[:, j]) if r.publications else ()
        out.append(engine.Member(str(u.pk), u.name, (u.email,), loads.get(u.pk, 6), column))
    return out


def expected_per_topic(workshop, topics) -> list[float]:
    """Submissions expected per topic: the organizers' total spread like the library's papers (by their
    closest topic), or, without a total, the submissions received so far by primary topic."""
    from confero.submissions.models import Submission as Paper

    total = settings_of(workshop).expected_submissions
    if not total:
        counts = Counter(
            Paper.objects.filter(workshop=workshop)
            .exclude(status=Paper.Status.WITHDRAWN)
            .values_list("primary_topic_id", flat=True)
        )
        return [float(counts.get(t.pk, 0)) for t in topics]
    best = Counter(_best_topics(workshop))
    n = sum(best.values())
    if not n:
        return [total / max(len(topics), 1)] * len(topics)
    return [total * best.get(t.pk, 0) / n for t in topics]


def _best_topics(workshop) -> list[int]:
    best: dict[int, tuple[float, int]] = {}
    for paper_id, topic_id, score in TopicScore.objects.filter(paper__workshop=workshop).values_list(
        "paper_id", "topic_id", "score"
    ):
        if paper_id not in best or score > best[paper_id][0]:
            best[paper_id] = (score, topic_id)
    return [t for _, t in best.values()]


@dataclass
class TopicReport:
    topic: object
    coverage: engine.TopicCoverage
    candidates: list  # [(Candidate, [(LibraryPaper, score)], LibraryAuthor | None)]


def pc_report(workshop, limit: int = 8) -> list[TopicReport]:
    """Coverage of every topic, least covered first; candidates for the topics that are short."""
    from confero.people.models import Invitation, Role

    topics = list(workshop.topics.all())
    members = _members(workshop, topics)
    cov = engine.coverage(
        len(topics), members, expected_per_topic(workshop, topics), workshop.reviewers_per_paper
    )
    pc_users = Role.objects.filter(
        workshop=workshop, kind__in=[Role.Kind.PC, Role.Kind.ORGANIZER]
    ).select_related("user")
    names = {normalize_name(r.user.name) for r in pc_users} - {""}
    emails = {r.user.email.lower() for r in pc_users}
    invited = Invitation.objects.filter(workshop=workshop, status=Invitation.Status.PENDING)
    emails |= {i.email.lower() for i in invited}
    names |= {normalize_name(i.name) for i in invited if i.name}
    papers = list(LibraryPaper.objects.filter(workshop=workshop, hidden=False).order_by("id"))
    index = {p.pk: i for i, p in enumerate(papers)}
    authors_of: list[list[tuple[str, str]]] = [[] for _ in papers]
    author_rows: dict[str, LibraryAuthor] = {}
    for link in (
        LibraryPaper.authors.through.objects.filter(paper__in=papers)
        .select_related("author")
        .order_by("position")
    ):
        authors_of[index[link.paper_id]].append((link.author.name, link.author.email))
        author_rows[link.author.key] = link.author
    reports = []
    for t, topic in enumerate(topics):
        found = []
        if cov[t].short and papers:
            scores = np.zeros(len(papers))
            for pid, s in TopicScore.objects.filter(topic=topic, paper__in=papers).values_list(
                "paper_id", "score"
            ):
                scores[index[pid]] = s
            for c in engine.candidates_for_topic(scores, authors_of, names, emails, limit=limit):
                evidence = [(papers[i], s) for i, s in c.papers]
                found.append((c, evidence, author_rows.get(normalize_name(c.name)[:200])))
        reports.append(TopicReport(topic, cov[t], found))
    reports.sort(key=lambda r: (r.coverage.coverage, r.topic.order))
    return reports


def create_draft(workshop, author: LibraryAuthor, topic, *, by=None) -> InvitationDraft:
    """One click on a suggestion: a draft invitation with the person's matching papers as evidence."""
    if by is not None:
        permissions.require(by, "feed.manage", workshop)
    if author.workshop_id != workshop.pk or (topic is not None and topic.workshop_id != workshop.pk):
        raise ValidationError("not this workshop's")
    rows = (
        TopicScore.objects.filter(topic=topic, paper__authorships__author=author, paper__hidden=False)
        .select_related("paper")
        .order_by("rank")[:5]
    )
    evidence = [{"title": r.paper.title, "url": r.paper.link, "score": round(r.score, 4)} for r in rows]
    try:
        with transaction.atomic():
            draft = InvitationDraft.objects.create(
                workshop=workshop, author=author, name=author.name, email=author.email, topic=topic,
                evidence=evidence, created_by=by,
            )  # fmt: skip
            record(
                "feed.draft_created",
                actor=by,
                workshop=workshop,
                obj=draft,
                summary=f"invitation draft for {author.name} ({topic})",
            )
    except IntegrityError:
        draft = InvitationDraft.objects.get(workshop=workshop, author=author)
    return draft


def send_draft(draft: InvitationDraft, email: str, *, by=None):
    """Send the drafted invitation (through :func:`confero.people.invitations.invite`) to ``email``."""
    from confero.people.invitations import invite

    if by is not None:
        permissions.require(by, "feed.manage", draft.workshop)
    with transaction.atomic():
        invitation = invite(draft.workshop, email, draft.name, by=by)
        draft.email = invitation.email
        draft.invitation = invitation
        draft.save(update_fields=["email", "invitation"])
    return invitation


def discard_draft(draft: InvitationDraft, *, by=None) -> None:
    if by is not None:
        permissions.require(by, "feed.manage", draft.workshop)
    with transaction.atomic():
        record("feed.draft_discarded", actor=by, workshop=draft.workshop, obj=draft, summary=draft.name)
        draft.delete()
