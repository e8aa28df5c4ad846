"""A paper's discussion: threaded posts in Markdown by its reviewers and organizers.

Reviewers appear as "Reviewer B" (their assignment label), organizers as "Organizer"; the label is fixed
when the post is written. Organizers may post for organizers only; a reply to such a post stays among
organizers. Each post is mailed to the paper's other participants who may read it — its reviewers, its
manager, and organizers who took part — never to anyone in conflict, and without naming anybody.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from confero import permissions
from confero.audit.services import record
from confero.mail.services import queue_template
from confero.matching.models import Assignment

from ..models import Comment

MAX_BODY = 20_000


def label_of(user, submission) -> str:
    """How ``user`` appears in the discussion of ``submission``."""
    label = (
        Assignment.objects.filter(submission=submission, reviewer=user)
        .values_list("label", flat=True)
        .first()
    )
    return f"Reviewer {label}" if label else "Organizer"


def post_comment(
    submission, *, user, body: str, parent: Comment | None = None, organizers_only=False, now=None
):
    permissions.require(user, "discussion.post", submission, now=now)
    if organizers_only:
        permissions.require(user, "discussion.post_private", submission, now=now)
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": "write something before posting"})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": f"at most {MAX_BODY:,} characters (this post has {len(body):,})"})
    audience = Comment.Audience.ORGANIZERS if organizers_only else Comment.Audience.REVIEWERS
    if parent is not None:
        if parent.submission_id != submission.pk or not permissions.can(
            user, "comment.view", parent, now=now
        ):
            raise ValidationError({"parent": "the post you reply to does not exist"})
        if parent.audience == Comment.Audience.ORGANIZERS:
            audience = Comment.Audience.ORGANIZERS  # a reply to a confidential post stays confidential
    with transaction.atomic():
        comment = Comment.objects.create(
            submission=submission,
            author=user,
            parent=parent,
            body=body,
            audience=audience,
            author_label=label_of(user, submission),
        )
        record(
            "discussion.posted",
            actor=user,
            workshop=submission.workshop,
            obj=comment,
            summary=f"#{submission.number}: {comment.author_label} posted"
            + (" (organizers only)" if audience == Comment.Audience.ORGANIZERS else "")
            + (f" in reply to post {parent.pk}" if parent else ""),
            number=submission.number,
            audience=audience,
        )
        notify_participants(comment)
    return comment


def notify_participants(comment: Comment) -> list[str]:
    """Mail the post to the paper's other participants who may read it; returns the addresses."""
    from confero.people.models import User

    submission = comment.submission
    ids = set(Assignment.objects.filter(submission=submission).values_list("reviewer_id", flat=True))
    ids |= set(Comment.objects.filter(submission=submission).values_list("author_id", flat=True))
    if submission.manager_id:
        ids.add(submission.manager_id)
    ids.discard(comment.author_id)
    sent = []
    parent_label = comment.parent.author_label if comment.parent_id else ""
    for person in User.objects.filter(pk__in=ids, is_active=True).order_by("pk"):
        if not permissions.can(person, "comment.view", comment):
            continue  # conflicted, not (or no longer) assigned, not yet allowed to see the discussion
        oversees = permissions.can(person, "assignment.view", submission)
        page = "reviews:manage_paper" if oversees else "reviews:paper"
        queue_template(
            person.email,
            "reviews/mail/discussion_post.txt",
            {
                "workshop": submission.workshop,
                "submission": submission,
                "comment": comment,
                "parent_label": parent_label,
                "path": reverse(page, args=[submission.workshop.slug, submission.number])
                + f"#post-{comment.pk}",
            },
            kind="discussion_post",
            workshop=submission.workshop,
        )
        sent.append(person.email)
    return sent
