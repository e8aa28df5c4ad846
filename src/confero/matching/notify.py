"""Mails to reviewers about their assignments, through the outbox (sent after the change commits).

A paper is listed by number and title; author names only where the reviewer may see them
(``submission.view_authors``: never in a double-blind workshop before the phase allows it).
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from confero import permissions
from confero.mail.services import queue_template


def review_path(workshop) -> str:
    """Where reviewers find their papers (the reviews pages' list, /<slug>/review/)."""
    try:
        return reverse("reviews:index", args=[workshop.slug])
    except NoReverseMatch:  # the reviews pages are not installed in this build
        return f"/{workshop.slug}/review/"


def _papers(reviewer, workshop, submissions) -> list[dict]:
    permissions.forget(reviewer)
    out = []
    for sub in sorted(submissions, key=lambda s: s.number):
        sub.workshop = workshop
        authors = ""
        if permissions.can(reviewer, "submission.view_authors", sub):
            authors = ", ".join(sub.authors.values_list("name", flat=True))
        out.append({"number": sub.number, "title": sub.title, "authors": authors})
    return out


def assigned(reviewer, workshop, submissions, *, kind: str = "assignment.published") -> None:
    """One mail listing the papers ``reviewer`` was given."""
    queue_template(
        reviewer.email,
        "matching/mail/assigned.txt",
        {
            "reviewer": reviewer,
            "workshop": workshop,
            "papers": _papers(reviewer, workshop, submissions),
            "review_path": review_path(workshop),
            "emergency": kind == "assignment.added",
        },
        kind=kind,
        workshop=workshop,
    )


def removed(reviewer, workshop, submission) -> None:
    queue_template(
        reviewer.email,
        "matching/mail/removed.txt",
        {
            "reviewer": reviewer,
            "workshop": workshop,
            "number": submission.number,
            "review_path": review_path(workshop),
        },
        kind="assignment.removed",
        workshop=workshop,
    )
