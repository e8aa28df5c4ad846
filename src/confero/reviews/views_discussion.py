"""The discussion part of a paper's page (the reviewer's and the organizer's): the posts the person may
read, and posting or replying. A post that cannot be saved comes back in the form with the reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from confero import permissions
from confero.web.forms import apply_errors

from . import selectors, services
from .forms import CommentForm
from .models import Comment


def handle_post(request, submission):
    """For a POST: (the bound form, the new post or None when it was refused). For a GET: (None, None)."""
    if request.method != "POST":
        return None, None
    user = request.user
    form = CommentForm(
        request.POST, private_allowed=permissions.can(user, "discussion.post_private", submission)
    )
    if not form.is_valid():
        return form, None
    parent = None
    parent_id = form.cleaned_data.get("parent")
    if parent_id:
        parent = Comment.objects.filter(submission=submission, pk=parent_id).first()
        if parent is None:
            form.add_error(None, "the post you reply to does not exist")
            return form, None
    try:
        comment = services.post_comment(
            submission,
            user=user,
            body=form.cleaned_data["body"],
            parent=parent,
            organizers_only=bool(form.cleaned_data.get("organizers_only")),
        )
    except permissions.Denied as exc:
        apply_errors(None, exc, request)  # at the top of the page: the discussion may not be shown at all
        return form, None
    except ValidationError as exc:
        apply_errors(form, exc)
        return form, None
    messages.success(request, "Your post was added; the paper's other participants were told by e-mail.")
    return form, comment


def discussion_context(request, submission, form=None) -> dict:
    user = request.user
    sees = permissions.can(user, "discussion.view", submission)
    posts = selectors.thread(user, submission) if sees else []
    private = permissions.can(user, "discussion.post_private", submission)
    can_post = permissions.can(user, "discussion.post", submission)
    if form is not None and form.data.get("parent"):
        reply_to, top_form = form, CommentForm(private_allowed=private)
    else:
        reply_to, top_form = None, form or CommentForm(private_allowed=private)
    return {
        "discussion_visible": sees,
        "discussion_reason": None if sees else permissions.why_not(user, "discussion.view", submission),
        "posts": posts,
        "post_count": selectors.count_posts(posts),
        "can_post": can_post,
        "post_reason": None if can_post else permissions.why_not(user, "discussion.post", submission),
        "comment_form": top_form,
        "reply_form": reply_to,  # a refused reply, shown again under its post
        "reply_parent": int(form.data["parent"])
        if reply_to is not None and form.data["parent"].isdigit()
        else None,
        "private_allowed": private,
    }
